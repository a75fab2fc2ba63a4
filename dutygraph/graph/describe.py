"""Plain functions behind ``stats`` and ``show``: counts per kind and role, and one item.

Why SPARQL files and not Python loops: the same questions are competency questions with
expected answers (queries/cq), so the CLI and the tests ask the graph the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from ..namespace import DG
from ..rdfterms import ADDRESSEE_TERMS
from ..sparql.catalog import NamedQuery, catalog, select_rows
from ..store.engine import QueryEngine

KIND_ORDER = (
    "Section",
    "RoleSection",
    "Principle",
    "GeneralDuty",
    "DutyGroup",
    "Measure",
    "DisciplineRequirement",
    "Item",
)


@dataclass
class Stats:
    """Counts over the loaded graph."""

    triples: int
    documents: int
    per_kind: dict[str, int]
    per_role: dict[str, dict[str, int]]
    requirements: int
    notes: dict[str, int]


_COUNTS = NamedQuery(
    "counts",
    Path("counts.rq"),
    """PREFIX dg: <https://w3id.org/dutygraph/ontology#>
SELECT ?documents ?requirements WHERE {
  { SELECT (COUNT(DISTINCT ?d) AS ?documents) WHERE {
      { ?d a dg:DutyList } UNION { ?d a dg:Regulation } } }
  { SELECT (COUNT(*) AS ?requirements) WHERE {
      SELECT DISTINCT ?item ?req WHERE { ?item dg:hasRequirement ?req } } }
}""",
)


def stats(target: Graph | QueryEngine) -> Stats:
    """Counts per kind, per role and kind, requirements and notes, on any engine."""
    queries = catalog("cq")

    def rows(name: str) -> list[dict]:
        return select_rows(target, queries[name])

    per_kind = {str(r["kind"]).split("#")[-1]: int(r["n"]) for r in rows("items-per-kind")}
    per_role: dict[str, dict[str, int]] = {}
    for row in rows("items-per-role"):
        per_role.setdefault(str(row["role"]), {})[str(row["kind"]).split("#")[-1]] = int(row["n"])
    notes = {str(r["kind"]): int(r["n"]) for r in rows("notes-per-kind")}
    counts = select_rows(target, _COUNTS)[0]
    return Stats(
        triples=len(target),
        documents=int(counts["documents"]),
        per_kind=dict(sorted(per_kind.items(), key=lambda kv: _kind_rank(kv[0]))),
        per_role=per_role,
        requirements=int(counts["requirements"]),
        notes=notes,
    )


def _kind_rank(kind: str) -> int:
    return KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER)


@dataclass
class ItemView:
    """Everything ``show`` prints about one item."""

    iri: str
    code: str
    kind: str
    label: str
    number: str | None
    text: str | None
    lead_in: str | None
    gloss: str | None
    source: str | None
    path: list[tuple[str, str]]  # (code, label) from the document down to the parent
    children: list[tuple[str, str]]
    bearers: list[str]
    requirements: list[dict[str, str]] = field(default_factory=list)
    notes: list[dict[str, str]] = field(default_factory=list)


def _one(graph: Graph, s: URIRef, p: URIRef, lang: str | None = None) -> str | None:
    values = [
        o
        for o in graph.objects(s, p)
        if lang is None or (isinstance(o, Literal) and o.language == lang)
    ]
    return str(sorted(values)[0]) if values else None


def _natural(text: str) -> list:
    """section-10 after section-9: digits compare as numbers (a tie-break for unordered parts)."""
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text)]


def show(graph: Graph, item: URIRef) -> ItemView:
    """The item, its place in the structure, its requirements and data-quality notes."""
    # inferred restriction classes are blank nodes: not kinds a reader can use
    kinds = [str(k).split("#")[-1] for k in graph.objects(item, RDF.type) if isinstance(k, URIRef)]
    path: list[tuple[str, str]] = []
    parent = graph.value(item, DG.partOf)
    while parent is not None:
        path.insert(0, (_one(graph, parent, DG.code) or "", _one(graph, parent, RDFS.label) or ""))
        parent = graph.value(parent, DG.partOf)
    children = sorted(
        graph.subjects(DG.partOf, item),
        key=lambda c: (int(graph.value(c, DG.order) or 0), _natural(str(c))),
    )
    return ItemView(
        iri=str(item),
        code=_one(graph, item, DG.code) or "",
        kind=", ".join(sorted(kinds)),
        label=_one(graph, item, RDFS.label) or "",
        number=_one(graph, item, DG.numberAsWritten),
        text=_one(graph, item, DG.text),
        lead_in=_one(graph, item, DG.leadIn),
        gloss=_one(graph, item, DG.gloss, "en"),
        source=_one(graph, item, DCTERMS.source),
        path=path,
        children=[
            (_one(graph, c, DG.code) or "", _one(graph, c, RDFS.label) or "") for c in children
        ],
        bearers=[_one(graph, r, SKOS.notation) or str(r) for r in graph.objects(item, DG.bearer)],
        requirements=[
            requirement_view(graph, r) for r in sorted(graph.objects(item, DG.hasRequirement))
        ],
        notes=[_note(graph, n) for n in sorted(graph.objects(item, DG.hasNote))],
    )


def requirement_view(graph: Graph, req: URIRef) -> dict[str, str]:
    kind = [str(k).split("#")[-1] for k in graph.objects(req, RDF.type)]
    view = {"kind": ", ".join(sorted(kind)), "text": _one(graph, req, DG.requirementText) or ""}
    for key, prop in (
        ("minimum", DG.minimumCount),
        ("deadline", DG.deadline),
        ("year offset", DG.deadlineYearOffset),
        ("fixed date", DG.fixedDate),
    ):
        value = _one(graph, req, prop)
        if value is not None:
            view[key] = value
    activity = graph.value(req, DG.activityKind)
    if activity is not None:
        view["activity"] = _one(graph, activity, SKOS.notation) or str(activity).split("#")[-1]
    order = list(ADDRESSEE_TERMS.values())  # the scheme's order: the town's bodies first
    named = sorted(
        graph.objects(req, DG.addressee), key=lambda a: order.index(a) if a in order else len(order)
    )
    to = [str(a).split("#")[-1] for a in named]
    if to:
        view["addressee"] = ", ".join(to)
    return view


def _note(graph: Graph, note: URIRef) -> dict[str, str]:
    kind = graph.value(note, DG.noteKind)
    return {
        "kind": (_one(graph, kind, SKOS.notation) if kind else None) or str(kind).split("#")[-1],
        "matched": _one(graph, note, DG.matchedText) or "",
        "zh": _one(graph, note, DG.explanation, "zh") or "",
        "en": _one(graph, note, DG.explanation, "en") or "",
    }
