"""OWL 2 RL over ontology + alignments + bundled data: consistent, nothing merged, and the
reasoner never writes into the asserted data."""

from __future__ import annotations

from rdflib import OWL, RDF, Graph, Literal

from dutygraph.graphs import union_graph
from dutygraph.namespace import DG, DOC
from dutygraph.reasoning import pad_keys, rl_closure


def test_ontology_and_data_are_rl_consistent(asserted):
    graph = union_graph(asserted)
    size = len(graph)
    closure = rl_closure(graph)
    assert closure.problems == []
    assert len(graph) == size, "the input graph must not change"
    assert not set(closure.inferred) & set(closure.asserted), "inferred triples stay apart"


def test_structure_is_inferred_not_asserted(asserted):
    closure = rl_closure(union_graph(asserted))
    measure, group = DOC["niuxintuo-2023-25/party-21"], DOC["niuxintuo-2023-25/party-g6"]
    assert (group, DG.hasPart, measure) in closure.inferred  # inverse of dg:partOf
    assert (measure, RDF.type, DG.Duty) in closure.inferred  # class hierarchy
    assert (group, DG.hasPart, measure) not in closure.asserted


def test_owlrl_key_bug_is_worked_around():
    """owlrl 7.6's prp-key skips the last key property; without padding, party-1 and party-2 of
    one document would be merged. Padding must keep them apart and still merge true duplicates."""
    graph = Graph()
    key = graph.resource(DG.Provision)
    from rdflib import BNode
    from rdflib.collection import Collection

    head = BNode()
    Collection(graph, head, [DG.inDocument, DG.code])
    key.add(OWL.hasKey, head)
    doc = DOC["t"]
    for code in ("party-1", "party-2"):
        item = DOC[f"t/{code}"]
        graph.add((item, RDF.type, DG.Provision))
        graph.add((item, DG.inDocument, doc))
        graph.add((item, DG.code, Literal(code)))
    assert rl_closure(graph).problems == []
    graph.add((DOC["t/dup"], RDF.type, DG.Provision))
    graph.add((DOC["t/dup"], DG.inDocument, doc))
    graph.add((DOC["t/dup"], DG.code, Literal("party-1")))
    problems = rl_closure(graph).problems
    assert problems == [f"merged (owl:sameAs): {DOC['t/dup'].n3()} = {DOC['t/party-1'].n3()}"]
    padded = Graph() + graph
    added = pad_keys(padded)
    assert len(added) > 0 and (DG.Provision, OWL.hasKey, head) not in padded
