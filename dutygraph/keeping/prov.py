"""The ledger as RDF: each batch its own named graph, its story in PROV-O.

Why PROV-O: supervisors ask who submitted what, when, checked by which shapes, decided by whom,
and what a correction replaced; PROV's Entity/Activity/Agent says exactly that, and the same
questions become SPARQL over the store. The audit log and this graph tell one story: every
submission, correction, approval and return in the log is one ``prov:Activity`` here, with the
same agent and time (tested).
"""

from __future__ import annotations

from rdflib import RDFS, XSD, Dataset, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF

from ..namespace import AGENT, BASE, DG, DOC, GRAPH
from .ledger import Ledger

BATCH = Namespace(BASE + "batch/")
ACTIVITY = Namespace(BASE + "activity/")
SHAPES = Namespace(BASE + "shapes/records/")
KEEPING_GRAPH = GRAPH["keeping"]
LABELS = {
    "submit": ("提交", "submit"),
    "correct": ("更正", "correct"),
    "approve": ("批准", "approve"),
    "return": ("退回", "return"),
}


def user_iri(name: str) -> URIRef:
    return AGENT[f"user/{name}"]


def prov_dataset(ledger: Ledger) -> Dataset:
    """Every batch's records in ``graph/batch/N``, its report in ``graph/batch/N/report``,
    and the PROV story of all batches in ``graph/keeping``."""
    dataset = Dataset()
    meta = dataset.graph(KEEPING_GRAPH)
    for prefix, ns in (("prov", PROV), ("dct", DCTERMS), ("dg", DG._NS), ("batch", BATCH)):
        dataset.bind(prefix, ns)
    for row in ledger.rows("SELECT * FROM batches ORDER BY id"):
        _batch(dataset, meta, dict(row))
    return dataset


def _batch(dataset: Dataset, meta, row: dict) -> None:
    number = row["id"]
    entity = BATCH[str(number)]
    dataset.graph(GRAPH[f"batch/{number}"]).parse(data=row["records"], format="nt")
    dataset.graph(GRAPH[f"batch/{number}/report"]).parse(data=row["report"], format="turtle")
    made = ACTIVITY[f"{'correct' if row['revision_of'] else 'submit'}/{number}"]
    meta.add((entity, RDF.type, PROV.Entity))
    meta.add((entity, DCTERMS.subject, DOC[row["township"]]))
    meta.add((entity, DCTERMS.temporal, Literal(str(row["year"]), datatype=XSD.gYear)))
    meta.add((entity, DCTERMS.title, Literal(row["file_name"])))
    meta.add((entity, DG.sha256, Literal(row["sha256"])))
    meta.add((entity, PROV.wasAttributedTo, user_iri(row["submitted_by"])))
    meta.add((entity, PROV.generatedAtTime, _time(row["submitted_at"])))
    meta.add((entity, PROV.wasGeneratedBy, made))
    meta.add((entity, RDFS.seeAlso, GRAPH[f"batch/{number}"]))
    _activity(meta, made, row["submitted_by"], row["submitted_at"], row["comment"])
    meta.add((made, PROV.used, SHAPES[row["shapes_version"]]))
    if row["revision_of"]:
        meta.add((entity, PROV.wasRevisionOf, BATCH[str(row["revision_of"])]))
        meta.add((made, RDFS.comment, Literal(row["reason"] or "", lang="zh")))
    if row["superseded_at"]:
        meta.add((entity, PROV.invalidatedAtTime, _time(row["superseded_at"])))
    if row["reviewed_at"] and row["reviewed_by"] != "SHACL":
        decision = "approve" if row["state"] in ("approved", "superseded") else "return"
        reviewed = ACTIVITY[f"{decision}/{number}"]
        _activity(meta, reviewed, row["reviewed_by"], row["reviewed_at"], row["review_comment"])
        meta.add((reviewed, PROV.used, entity))


def _activity(meta, activity: URIRef, who: str, at: str, comment: str | None) -> None:
    kind = str(activity).rsplit("/", 2)[-2]
    meta.add((activity, RDF.type, PROV.Activity))
    meta.add((activity, PROV.wasAssociatedWith, user_iri(who)))
    meta.add((activity, PROV.endedAtTime, _time(at)))
    zh, en = LABELS[kind]
    meta.add((activity, RDFS.label, Literal(zh, lang="zh")))
    meta.add((activity, RDFS.label, Literal(en, lang="en")))
    meta.add((user_iri(who), RDF.type, PROV.Agent))
    if comment:
        meta.add((activity, RDFS.comment, Literal(comment, lang="zh")))


def _time(text: str) -> Literal:
    return Literal(text, datatype=XSD.dateTime)


def counting_graphs(ledger: Ledger, *, include_submitted: bool = False):
    """(graph IRI, records graph) for each batch that counts: approved, and with
    ``include_submitted`` the ones waiting for review. Returned and superseded batches are
    left out, so a store built from them answers the cross-township queries (missing records,
    coverage) over the accepted records only; the PROV story of every batch is ``prov_dataset``.
    """
    states = ("approved", "submitted") if include_submitted else ("approved",)
    marks = ", ".join("?" * len(states))
    for row in ledger.rows(f"SELECT id, records FROM batches WHERE state IN ({marks})", states):
        yield GRAPH[f"batch/{row['id']}"], row["records"]
