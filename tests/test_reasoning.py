"""OWL 2 RL over ontology + alignments + bundled data: consistent, nothing merged, and the
reasoner never writes into the asserted data."""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, Graph, Literal, URIRef

from dutygraph.graph.build import infer, infer_with_owlrl, partition
from dutygraph.graph.files import union_graph
from dutygraph.graph.reasoning import pad_keys, rl_closure
from dutygraph.namespace import DG, DOC, GRAPH
from dutygraph.validation.synthetic import add_towns
from tests.test_scale_queries import copy


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


# --- the per-list SPARQL rules against owlrl -------------------------------------------------


@pytest.fixture(scope="module")
def three_lists(asserted):
    """The bundled list and two generated towns, asserted only (no inferred graph)."""
    data = copy(asserted)
    add_towns(data, 2, drop=0.2, seed=3)
    return data


def test_rules_per_list_infer_exactly_what_owlrl_infers(three_lists):
    shared, groups = partition(three_lists)
    assert len(groups) == 3 and GRAPH["parents"] in shared  # the register names every list
    fast, fast_problems = infer(three_lists)
    slow, slow_problems = infer_with_owlrl(three_lists)
    assert fast_problems == slow_problems == []
    assert len(fast) > 4000
    missing, extra = set(slow) - set(fast), set(fast) - set(slow)
    assert not missing and not extra, (sorted(missing)[:5], sorted(extra)[:5])


def test_consistency_queries_report_what_owlrl_reports(three_lists):
    data = copy(three_lists)
    town = DOC["synthetic-town-0001"]
    graph = data.graph(GRAPH["synthetic/synthetic-town-0001"])
    dup = URIRef(f"{town}/dup")  # a second item coded party-1 in the same document (key clash)
    graph.add((dup, RDF.type, DG.Measure))
    graph.add((dup, DG.inDocument, town))
    graph.add((dup, DG.code, Literal("party-1")))
    graph.add((URIRef(f"{town}/party-2"), RDF.type, DG.Principle))  # Principle ⊓ Duty = ∅
    _, problems = infer(data)
    assert any("merged (owl:sameAs)" in p and "/dup" in p and "/party-1" in p for p in problems)
    assert any("owl:Nothing" in p and "/party-2" in p for p in problems)
    _, reference = infer_with_owlrl(data)
    assert any("/dup" in p for p in reference) and any("party-2" in p for p in reference)
