"""OWL 2 RL reasoning with owlrl over a copy: inferred triples go to their own graph.

Why a copy and a separate graph: asserted data must stay citable (what the source says, what
the maintainers wrote); inferences (the transitive derivation chain, inverses, class hierarchy,
measures reaching their group's central duty) are served beside it, never mixed into it.
Rules: OWL 2 Profiles §4.3 (https://www.w3.org/TR/owl2-profiles/#Reasoning_in_OWL_2_RL_and_RDF_Graphs_using_Rules).

Two owlrl 7.6 behaviours shape this module (both covered by tests/test_reasoning.py):

* ``expand(graph, destination=g)`` needs ``g`` in the same store as ``graph`` and only chains
  rules over what ``graph`` sees; over a Dataset it works but runs a third slower here. We
  expand a plain copy in place and keep the difference: the inferred triples, by construction
  disjoint from the asserted ones.
* Rule prp-key loops ``range(len(keys) - 1)``, so the last key property is never compared: with
  ``owl:hasKey (dg:inDocument dg:code)`` every provision of a document would be merged. The copy
  we reason over repeats the first key property at the end, which is the same key in OWL
  semantics (a key is a set) and makes owlrl compare all of them.
"""

from __future__ import annotations

from dataclasses import dataclass

import owlrl
from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection

ERRNS = Namespace("http://www.daml.org/2002/03/agents/agent-ont#")


@dataclass
class Closure:
    """The result of one OWL 2 RL run: what was asserted, what was inferred, what is wrong."""

    asserted: Graph
    inferred: Graph
    problems: list[str]


def pad_keys(graph: Graph) -> Graph:
    """Repeat each owl:hasKey list's first property at its end (owlrl prp-key off-by-one).

    Returns the triples it added, so they can be told apart from inferences.
    """
    added = Graph()
    for cls, key_list in list(graph.subject_objects(OWL.hasKey)):
        keys = list(Collection(graph, key_list))
        if not keys:
            continue
        padded = BNode()
        Collection(added, padded, [*keys, keys[0]])
        added.add((cls, OWL.hasKey, padded))
        graph.remove((cls, OWL.hasKey, key_list))
    graph += added
    return added


def rl_closure(graph: Graph) -> Closure:
    """OWL 2 RL closure of ``graph`` (a Graph or the union of a Dataset), which is not changed."""
    asserted = Graph()
    for triple in graph.triples((None, None, None)):
        asserted.add(triple)
    work = Graph()
    for triple in asserted:
        work.add(triple)
    padding = pad_keys(work)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, improved_datatypes=False).expand(work)
    inferred = Graph()
    for triple in work:
        if triple not in asserted and triple not in padding:
            inferred.add(triple)
    return Closure(asserted, inferred, _problems(asserted, inferred))


def _problems(asserted: Graph, inferred: Graph) -> list[str]:
    problems = sorted(
        f"owlrl: {inferred.value(m, ERRNS.error)}"
        for m in inferred.subjects(RDF.type, ERRNS.ErrorMessage)
    )
    pairs = set()
    for source in (asserted, inferred):
        for s, o in source.subject_objects(OWL.sameAs):
            if s != o and not isinstance(s, Literal) and not isinstance(o, Literal):
                pairs.add(tuple(sorted((s, o), key=str)))
    problems += [f"merged (owl:sameAs): {a.n3()} = {b.n3()}" for a, b in sorted(pairs, key=str)]
    nothing = set(asserted.subjects(RDF.type, OWL.Nothing)) | set(
        inferred.subjects(RDF.type, OWL.Nothing)
    )
    problems += sorted(f"member of owl:Nothing: {x.n3()}" for x in nothing)
    return problems


def useful_inferences(closure: Closure) -> Graph:
    """The inferred triples worth serving: no reflexive sameAs, no owl:Thing typing, no triples
    about literals or built-in vocabularies, no error nodes (those are reported separately)."""
    builtin = (
        str(OWL),
        str(RDF),
        "http://www.w3.org/2000/01/rdf-schema#",
        "http://www.w3.org/2001/XMLSchema#",
        str(ERRNS),
    )
    kept = Graph()
    for s, p, o in closure.inferred:
        if isinstance(s, Literal) or isinstance(p, BNode) or (p == OWL.sameAs and s == o):
            continue  # a literal subject or a blank-node predicate is not RDF (owlrl makes some)
        if o in (OWL.Thing, RDFS.Resource) or (
            isinstance(s, URIRef) and str(s).startswith(builtin)
        ):
            continue
        if isinstance(s, BNode) and (s, RDF.type, ERRNS.ErrorMessage) in closure.inferred:
            continue
        kept.add((s, p, o))
    return kept
