"""Competency questions: every queries/cq/*.rq has an expected answer (.srj) it must give, on
both engines (Oxigraph, the default, and rdflib).

Data-driven: adding a question is adding two files. Rows are compared as multisets (order is
presentation); literals compare by lexical form, datatype and language, so 24 ≠ "24". One
documented engine difference is normalised: Oxigraph 0.5 stores every integer-derived datatype
(xsd:nonNegativeInteger, xsd:int …) as xsd:integer, keeping the value but not the datatype IRI.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from rdflib import XSD, Dataset, Literal
from rdflib.query import Result

from dutygraph.records.kinds import classify_records
from dutygraph.records.reader import read_records
from dutygraph.resources import resource_dir
from dutygraph.sparql.catalog import answer, catalog
from dutygraph.store.engine import ENGINES, Answer, Engine
from tests.test_scale_queries import copy

QUERIES = catalog("cq")
INTEGER_TYPES = {
    XSD[t]
    for t in [
        "integer",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "long",
        "int",
        "short",
        "byte",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    ]
}


def _key(term) -> str | None:
    if term is None:
        return None
    if isinstance(term, Literal) and term.datatype in INTEGER_TYPES:
        return Literal(int(term), datatype=XSD.integer).n3()
    return term.n3()


def table(variables, rows) -> Counter:
    names = [str(v) for v in variables]
    out: Counter = Counter()
    for row in rows:
        out[tuple(sorted((n, _key(t)) for n, t in zip(names, row, strict=True)))] += 1
    return out


@pytest.fixture(scope="module", params=ENGINES)
def engines(request, bundled) -> dict[str | None, Engine]:
    """One engine per records file a question names (``#+ records: examples/….csv``)."""
    out: dict[str | None, Engine] = {None: Engine(bundled, request.param)}
    for query in QUERIES.values():
        if query.records and query.records not in out:
            out[query.records] = Engine(
                with_records(bundled, resource_dir("data") / query.records), request.param
            )
    return out


def with_records(bundled: Dataset, path: Path) -> Dataset:
    """The bundled dataset plus one records file in its own named graph."""
    batch = read_records(path)
    dataset = copy(bundled)
    target = dataset.graph(batch.batch)
    for triple in classify_records(batch.graph):  # as `dutygraph store --records` keeps them
        target.add(triple)
    return dataset


def test_every_question_has_an_expected_answer():
    folder = resource_dir("queries") / "cq"
    missing = [p.name for p in folder.glob("*.rq") if not p.with_suffix(".srj").exists()]
    assert not missing, f"competency questions without expected results: {missing}"


def test_there_are_at_least_fifteen_analyst_questions():
    assert len(QUERIES) >= 15


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_competency_question(engines, name):
    query = QUERIES[name]
    engine = engines[query.records]
    expected_path: Path = query.path.with_suffix(".srj")
    expected = Result.parse(expected_path.open("rb"), format="json")
    actual: Answer = answer(engine, query, query.example)
    assert sorted(map(str, actual.variables)) == sorted(map(str, expected.vars))
    got = table(actual.variables, actual.rows)
    want = table(expected.vars, [[r.get(v) for v in expected.vars] for r in expected.bindings])
    assert got == want, (
        f"{name} on {engine.kind}: unexpected rows {dict(got - want)}; "
        f"missing rows {dict(want - got)}"
    )


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_parameters_are_projected(name):
    """Oxigraph binds parameters by SEP-0007 substitution, which needs them in the projection."""
    from rdflib.plugins.sparql import prepareQuery

    query = QUERIES[name]
    projected = {str(v) for v in prepareQuery(query.text).algebra["PV"]}
    missing = [p.name for p in query.params if p.name not in projected]
    assert not missing, f"{name}: parameters not in SELECT: {missing}"


def test_header_schema_is_closed(tmp_path):
    """A misspelt header key names the file and line instead of being ignored."""
    from dutygraph.errors import DutyGraphError
    from dutygraph.sparql.catalog import read_query

    rq = tmp_path / "typo.rq"
    rq.write_text("#+ name: typo\n#+ parm: code literal x\nSELECT * WHERE { ?s ?p ?o }\n")
    with pytest.raises(DutyGraphError) as caught:
        read_query(rq)
    assert "parm" in str(caught.value) and "第 2 行" in str(caught.value)


def test_records_header_is_read_by_the_catalog():
    named = [q for q in QUERIES.values() if q.records]
    assert named and all((resource_dir("data") / q.records).is_file() for q in named)
