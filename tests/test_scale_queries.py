"""Every named query on a generated graph of 100 townships (Oxigraph) and 10 (rdflib), so a
query shape that grows with the square of the data (NOT EXISTS with two inner patterns, MINUS:
oxigraph issue 885) fails here instead of in production. Times are generous ceilings for CI
machines, not benchmarks (those are in bench/)."""

from __future__ import annotations

import time

import pytest
from rdflib import Dataset

from dutygraph.sparql.catalog import answer, catalog
from dutygraph.store.engine import Engine
from dutygraph.validation.synthetic import add_towns, town_slug

QUERIES = catalog("cq")
CEILING = {"oxigraph": (100, 3.0), "rdflib": (10, 30.0)}


def copy(dataset: Dataset) -> Dataset:
    out = Dataset(default_union=True)
    for graph in dataset.graphs():
        target = out.graph(graph.identifier)
        for triple in graph:
            target.add(triple)
    return out


@pytest.fixture(scope="module", params=sorted(CEILING))
def towns(request, bundled) -> Engine:
    count, _ = CEILING[request.param]
    data = copy(bundled)
    add_towns(data, count)
    return Engine(data, request.param)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_named_query_stays_fast_at_scale(towns, name):
    count, ceiling = CEILING[towns.kind]
    query = QUERIES[name]
    began = time.perf_counter()
    answer(towns, query, query.example)
    took = time.perf_counter() - began
    assert took < ceiling, f"{name} took {took:.1f} s on {count} towns ({towns.kind})"


def test_towns_are_distinct_and_marked_synthetic(bundled):
    data = copy(bundled)
    add_towns(data, 3)
    engine = Engine(data, "oxigraph")
    result = engine.query(
        "SELECT ?doc ?title WHERE { ?doc a <https://w3id.org/dutygraph/ontology#DutyList> ; "
        "<http://purl.org/dc/terms/title> ?title }"
    )
    titles = {str(doc).rsplit("/", 1)[-1]: str(title) for doc, title in result.rows}
    assert {town_slug(k) for k in (1, 2, 3)} <= set(titles)
    assert all("合成数据" in titles[town_slug(k)] for k in (1, 2, 3))
    assert "合成数据" not in titles["niuxintuo-2023-25"]
