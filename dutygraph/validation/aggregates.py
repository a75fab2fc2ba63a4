"""The run's aggregates, computed once before the shapes run: what each requirement counts,
what is on time, which rows repeat an earlier one.

Why not inside the shapes: a count inside a SHACL-SPARQL constraint is a sub-query per focus
node that cannot see ``$this`` (TopBraid refuses such shapes as invalid SHACL), and rdflib
re-evaluates it over every record, so a deadline check compared every record with every other
(quadratic: 444 deadline rows took 68 s). The four CONSTRUCT queries in
queries/validation/ run on Oxigraph over the run's data graph, linear in the records, and write
``dg:countedFor`` (which record counts toward which requirement: the rule, decided once),
``dg:recordsCounted``, ``dg:onTimeCount``, ``dg:countingYear`` and ``dg:duplicateOfRow`` into
it; the shapes then compare a number with a number, and the report lists the same links. The
queries are files, so the counting rule is read (and reviewed) as SPARQL, the way the named
queries read it.
"""

from __future__ import annotations

from functools import lru_cache

from rdflib import Graph

from ..resources import resource_dir
from ..store.oxterms import from_ox, graph_to_ox

# in order: counted and on-time read the dg:countedFor links counted-records writes
QUERIES = ("counted-records", "counted", "on-time", "duplicates")


@lru_cache(maxsize=len(QUERIES))
def _query(name: str) -> str:
    return (resource_dir("queries") / "validation" / f"{name}.rq").read_text(encoding="utf-8")


def aggregate_store(data: Graph):  # -> pyoxigraph.Store
    """Evaluate the aggregate queries over ``data`` on Oxigraph and add their triples to both:
    the returned store then holds exactly what ``data`` holds, and the shapes' SHACL-SPARQL
    can run on it (store/oxgraph.py)."""
    import pyoxigraph as ox

    store = ox.Store()
    graph_to_ox(data, store)
    found = []
    for name in QUERIES:
        triples = list(store.query(_query(name)))
        store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
        found += triples
    data.addN((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object), data) for t in found)
    return store
