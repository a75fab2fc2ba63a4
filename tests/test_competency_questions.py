"""Competency questions: every queries/cq/*.rq has an expected answer (.srj) it must give.

Data-driven: adding a question is adding two files. Rows are compared as multisets (order is
presentation); literals compare by lexical form, datatype and language, so 24 ≠ "24".
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from rdflib.query import Result

from dutygraph.catalog import catalog, run
from dutygraph.resources import resource_dir

QUERIES = catalog("cq")


def _table(result: Result) -> Counter:
    names = [str(v) for v in result.vars]
    table: Counter = Counter()
    for row in result:
        cells = zip(names, row, strict=True)
        table[
            tuple(sorted((name, None if value is None else value.n3()) for name, value in cells))
        ] += 1
    return table


def test_every_question_has_an_expected_answer():
    folder = resource_dir("queries") / "cq"
    missing = [p.name for p in folder.glob("*.rq") if not p.with_suffix(".srj").exists()]
    assert not missing, f"competency questions without expected results: {missing}"


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_competency_question(bundled, name):
    query = QUERIES[name]
    expected_path: Path = query.path.with_suffix(".srj")
    expected = Result.parse(expected_path.open("rb"), format="json")
    actual = run(bundled, query, query.example)
    assert sorted(map(str, actual.vars)) == sorted(map(str, expected.vars))
    got, want = _table(actual), _table(expected)
    assert got == want, (
        f"{name}: unexpected rows {dict(got - want)}; missing rows {dict(want - got)}"
    )
