"""Cross-township questions on generated towns, checked against the generator's ground truth
(which measures each town left out), on both engines."""

from __future__ import annotations

import pytest
from rdflib import URIRef

from dutygraph.catalog import answer, catalog
from dutygraph.engine import ENGINES, Engine
from dutygraph.namespace import DOC
from dutygraph.synthetic import add_towns
from dutygraph.trace import trace_down
from tests.test_scale_queries import copy

ART_5_6 = URIRef(
    "https://w3id.org/dutygraph/eli/cn/reg/2016/first-responsible-person-duties/art_5/item_6"
)


@pytest.fixture(scope="module")
def towns(bundled):
    data = copy(bundled)
    left_out = add_towns(data, 6, drop=0.3, seed=11)
    return data, left_out


@pytest.mark.parametrize("kind", ENGINES)
def test_coverage_across_townships_matches_the_generator(bundled, towns, kind):
    data, left_out = towns
    seed_items = {d.item.code for d in trace_down(bundled, ART_5_6)}
    assert seed_items, "the seed must have items deriving from art. 5 (6)"
    expected = {str(DOC["niuxintuo-2023-25"]): len(seed_items)}
    for slug, dropped in left_out.items():
        expected[str(DOC[slug])] = len(seed_items - dropped)
    assert any(seed_items & dropped for dropped in left_out.values()), "no town differs"
    query = catalog("cq")["coverage-across-townships"]
    result = answer(Engine(data, kind), query, {"provision": str(ART_5_6)})
    got = {str(row[1]): int(row[2]) for row in result.rows}
    assert got == expected
