"""The OWL 2 RL rules a duty list's instance data needs, as SPARQL CONSTRUCT rules on Oxigraph.

Why not owlrl for every list: owlrl recomputes the whole closure (schema rules included) for
any input and takes about 10 s per list, so a province's 1,300 lists would take hours. The
schema (ontology, alignments, parent register) is the same for every list: owlrl closes it
once (``build.infer``), and a list's own triples only need the instance-level rules the
ontology's axioms use, in ``queries/entailment/`` (cax-sco, prp-dom, prp-rng, prp-spo1,
prp-spo2, prp-inv, prp-trp, cls-uni). They are run to a fixpoint over the closed schema plus
the list, on an in-memory Oxigraph store, in well under a second.

The rule set is complete for this ontology, not for OWL 2 RL: tests/test_reasoning.py checks
that the result equals owlrl's on the bundled list and on generated towns, so an axiom of a
new kind (a chain of three, a symmetric property) fails that test instead of going unnoticed.
Consistency checks that owlrl reports through owl:sameAs or owl:Nothing (a key shared by two
items, a functional property with two values, a disjointness clash) are SPARQL SELECTs in
``queries/consistency/``.
"""

from __future__ import annotations

from rdflib import Graph, Literal

from ..sparql.catalog import catalog


def _store(*graphs: Graph):
    import pyoxigraph as ox
    from oxrdflib._converter import to_ox

    store = ox.Store()
    store.bulk_extend(
        ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.DefaultGraph())
        for graph in graphs
        for s, p, o in graph
        if not isinstance(s, Literal)  # owlrl's closure types literals; RDF 1.1 cannot hold them
    )
    return store


def close_list(schema: Graph, data: Graph, *, max_rounds: int = 50) -> tuple[Graph, list[str]]:
    """The triples the rules add to ``schema`` ∪ ``data`` (neither is changed), and the
    consistency problems of the result, all on one store: the citation rules
    (``queries/rules/``) once, as the build always ran them before the reasoner, then the
    entailment rules to a fixpoint, then the consistency queries."""
    store = _store(schema, data)
    added = _construct(store, "rules", rounds=1)
    added += _construct(store, "entailment", rounds=max_rounds)
    return added, _problems(store)


def _construct(store, folder: str, *, rounds: int) -> Graph:
    """Apply the CONSTRUCT rules of ``queries/FOLDER`` until nothing new (or ``rounds``)."""
    import pyoxigraph as ox

    from ..store.oxterms import from_ox

    rules = [q.text for _, q in sorted(catalog(folder).items())]
    added = Graph()
    for _ in range(rounds):
        new = set()
        for text in rules:
            for t in store.query(text):
                quad = ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph())
                if quad not in store:
                    new.add(quad)
        for quad in new:
            store.add(quad)
            added.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
        if not new:
            return added
    if rounds > 1:
        raise RuntimeError(f"the {folder} rules did not reach a fixpoint in {rounds} rounds")
    return added


def _problems(store) -> list[str]:
    """One line per problem the consistency queries find (each names its nodes)."""
    problems = []
    for name, query in sorted(catalog("consistency").items()):
        for solution in store.query(query.text):
            problems.append(f"{name}: {solution['problem'].value}")
    return sorted(set(problems))
