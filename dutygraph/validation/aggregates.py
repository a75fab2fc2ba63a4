"""The run's aggregates, computed once before the shapes run: what each requirement counts,
what is on time, which rows repeat an earlier one.

Why not inside the shapes: a count inside a SHACL-SPARQL constraint is a sub-query per focus
node that cannot see ``$this`` (TopBraid refuses such shapes as invalid SHACL), and rdflib
re-evaluates it over every record, so a deadline check compared every record with every other
(quadratic: 444 deadline rows took 68 s). The three CONSTRUCT queries in
queries/validation/ run on Oxigraph over the run's data graph, linear in the records, and write
``dg:recordsCounted``, ``dg:onTimeCount``, ``dg:countingYear`` and ``dg:duplicateOfRow`` into
it; the shapes then compare a number with a number. The queries are files, so the counting rule
is read (and reviewed) as SPARQL, the way the named queries read it.
"""

from __future__ import annotations

from functools import lru_cache

from rdflib import Graph

from ..resources import resource_dir
from ..store.oxterms import from_ox

QUERIES = ("counted", "on-time", "duplicates")


@lru_cache(maxsize=len(QUERIES))
def _query(name: str) -> str:
    return (resource_dir("queries") / "validation" / f"{name}.rq").read_text(encoding="utf-8")


def add_aggregates(data: Graph) -> Graph:
    """Evaluate the aggregate queries over ``data`` (on Oxigraph) and add their triples."""
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(data.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    found = []
    for name in QUERIES:
        for triple in store.query(_query(name)):
            found.append(
                (from_ox(triple.subject), from_ox(triple.predicate), from_ox(triple.object))
            )
    for triple in found:
        data.add(triple)
    return data
