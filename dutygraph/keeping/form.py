"""The records form's shapes: a SHACL node shape the browser form (@ulb-darmstadt/shacl-form)
is drawn from, derived from shapes/records.ttl and one township's list.

Why derived, not hand-written: the form must ask for exactly what the records shapes check
(one duty of this list, one real date, what was done, one role, evidence), with the list's own
duty codes and the roles as drop-downs (``sh:in`` with zh/en labels) and a date picker
(``xsd:date``). The form's own check in the browser is a convenience; the server's pySHACL run
over the full shapes is the gate. The shapes carry no ``owl:imports``, and the page tells the
component to ignore any, so it never fetches anything.
"""

from __future__ import annotations

from rdflib import RDF, RDFS, SH, XSD, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection

from ..namespace import DG, SH_DG
from ..rdfterms import bind_prefixes
from ..resources import resource_dir

FORM_SHAPE = SH_DG["RecordForm"]
ROLES = {
    DG.partyLeader: ("党委主要负责人", "Party committee principal leader"),
    DG.govLeader: ("政府主要负责人", "Government principal leader"),
    DG.leadershipMember: ("领导班子成员", "Member of the leadership team"),
}
# (path, the records shape whose message explains it, zh name, en name, datatype or None)
FIELDS = (
    (DG.fulfils, "RecordDuty", "职责", "duty", None),
    (DG.date, "RecordDate", "日期", "date", XSD.date),
    (DG.description, "RecordActivity", "开展的活动", "what was done", XSD.string),
    (DG.responsibleRole, "RecordRole", "责任人角色", "responsible role", None),
    (DG.hasEvidence, "RecordEvidence", "证据（文号、文件名或网址）", "evidence", XSD.string),
)

_DUTIES = """
PREFIX dg: <https://w3id.org/dutygraph/ontology#>
SELECT DISTINCT ?duty ?code ?text WHERE {
  ?duty dg:inDocument ?list ; dg:code ?code .
  { ?duty a dg:Measure } UNION { ?duty a dg:GeneralDuty } UNION { ?duty a dg:DisciplineRequirement }
  OPTIONAL { ?duty dg:text ?text }
}
"""


def form_shapes(graph: Graph, document: URIRef) -> str:
    """Turtle for the form: one node shape, its fields, and labels for every choice."""
    records = Graph().parse(resource_dir("shapes") / "records.ttl")
    shapes = bind_prefixes(Graph())
    shapes.add((FORM_SHAPE, RDF.type, SH.NodeShape))
    shapes.add((FORM_SHAPE, SH.targetClass, DG.FulfilmentRecord))
    duties = _duties(graph, document)
    for order, (path, source, zh, en, datatype) in enumerate(FIELDS):
        prop = BNode()
        shapes.add((FORM_SHAPE, SH.property, prop))
        shapes.add((prop, SH.path, path))
        shapes.add((prop, SH.name, Literal(zh, lang="zh")))
        shapes.add((prop, SH.name, Literal(en, lang="en")))
        shapes.add((prop, SH.order, Literal(order)))
        shapes.add((prop, SH.minCount, Literal(1)))
        shapes.add((prop, SH.maxCount, Literal(1)))
        for message in records.objects(SH_DG[source], SH.message):
            shapes.add((prop, SH.description, message))
        if datatype is not None:
            shapes.add((prop, SH.datatype, datatype))
        choices = duties if path == DG.fulfils else ROLES if path == DG.responsibleRole else None
        if choices:
            shapes.add((prop, SH.nodeKind, SH.IRI))  # else the choice is sent as a string
            head = BNode()
            Collection(shapes, head, list(choices))
            shapes.add((prop, SH["in"], head))
            for choice, (zh_label, en_label) in choices.items():
                shapes.add((choice, RDFS.label, Literal(zh_label, lang="zh")))
                shapes.add((choice, RDFS.label, Literal(en_label, lang="en")))
    return shapes.serialize(format="turtle")


def _duties(graph: Graph, document: URIRef) -> dict[URIRef, tuple[str, str]]:
    """The list's duties in document order (by code), labelled with code and a text extract."""
    rows = graph.query(_DUTIES, initBindings={"list": document})
    found = {}
    for duty, code, text in sorted(rows, key=lambda r: _natural(str(r[1]))):
        extract = str(text or "")[:28] + ("…" if text and len(str(text)) > 28 else "")
        found[duty] = (f"{code} {extract}".strip(), str(code))
    return found


def _natural(code: str) -> tuple:
    import re

    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", code))
