"""The linear reading of SHACL-SPARQL solutions keeps what pySHACL's own reading keeps."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef

from dutygraph.validation import sparqlresults

EX = "http://example.org/"


def _graph() -> Graph:
    g = Graph()
    for k in range(30):
        g.add((URIRef(f"{EX}r{k % 10}"), URIRef(f"{EX}p"), Literal(k % 3)))
    return g


QUERIES = [
    # repeated solutions (no DISTINCT): pySHACL keeps each distinct one once, in order
    f"SELECT ?value ?n WHERE {{ ?value <{EX}p> ?n }}",
    f"SELECT ?this ?path ?value WHERE {{ ?this <{EX}p> ?value BIND(<{EX}p> AS ?path) }}",
    f"SELECT ?value WHERE {{ ?value <{EX}p> ?n . ?other <{EX}p> ?n }}",
    # a failure row is reported once
    f"SELECT ?failure WHERE {{ ?s <{EX}p> ?o BIND(true AS ?failure) }}",
    # no this, path or value: nothing is reported
    f"SELECT ?n WHERE {{ ?s <{EX}p> ?n }}",
]


def test_same_solutions_as_pyshacl_in_the_same_order():
    graph = _graph()
    original = sparqlresults._ORIGINAL
    for query in QUERIES:
        theirs = original(None, query, {}, graph)
        ours = sparqlresults._validate_sparql_query(None, query, {}, graph)
        assert ours == theirs, query
        reports = "?this" in query or "?path" in query or "?value" in query or "?failure" in query
        assert bool(ours) == reports, query


def test_installed_over_pyshacl():
    from pyshacl.constraints.sparql.sparql_based_constraints import SPARQLBasedConstraint

    import dutygraph.validation.shacl  # noqa: F401 (installs it)

    assert SPARQLBasedConstraint._validate_sparql_query is sparqlresults._validate_sparql_query
