"""Trace an item up to its source regulations, or a provision down to what derives from it.

Why here and not only in SPARQL: a trace is a small tree with qualified steps (relation, evidence
level, rationale, what was dropped), grouped by administrative level and shown beside the
documents of the chain even where a level's text is unknown (the gap must show). The named
queries trace-up / trace-down answer the same questions for SPARQL users.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from ..errors import DutyGraphError
from ..namespace import DG

# a development zone is county-level, beside the districts, under its city
LEVEL_ORDER = [DG.township, DG.district, DG.zone, DG.municipal, DG.provincial, DG.central]


@dataclass
class ProvisionView:
    """A provision (or item) with what is known about it."""

    iri: str
    code: str
    label: str
    document: str
    document_title: str
    level: str
    summary_zh: str | None = None
    summary_en: str | None = None
    text: str | None = None
    source: str | None = None


@dataclass
class Step:
    """One derivation link: from an item (or provision) to its parent, qualified."""

    source: str  # the code of the item the link starts from
    relation: str
    evidence: str
    parent: ProvisionView | None  # None for an addition (no parent)
    via: str | None = None  # "group party-g6" when the link is reached through the group
    rationale_zh: str | None = None
    rationale_en: str | None = None
    dropped: list[str] = field(default_factory=list)
    introduced_at: str | None = None


@dataclass
class LevelView:
    """One administrative level of a trace: the documents of the chain and the steps there."""

    level: str
    documents: list[dict[str, object]]
    """Each document: iri, title, number, dates, and "basis of" (who names it as a basis and
    how sure that is) when the chain reached it through a qualified basis."""
    steps: list[Step]


@dataclass
class Trace:
    """An item's trace up to the central level."""

    item: ProvisionView
    levels: list[LevelView]


def _text(graph: Graph, s, p, lang: str | None = None) -> str | None:
    values = sorted(
        o
        for o in graph.objects(s, p)
        if lang is None or (isinstance(o, Literal) and o.language == lang)
    )
    return str(values[0]) if values else None


def _notation(graph: Graph, concept) -> str:
    return _text(graph, concept, SKOS.notation) or str(concept).rsplit("#", 1)[-1]


def provision_view(graph: Graph, node: URIRef) -> ProvisionView:
    """What is known of a provision: its document, level, summary and (if imported) text."""
    doc = graph.value(node, DG.inDocument) or node
    level = graph.value(doc, DG.level)
    return ProvisionView(
        iri=str(node),
        code=_text(graph, node, DG.code) or "",
        label=_text(graph, node, RDFS.label, "zh") or _text(graph, node, RDFS.label) or "",
        document=str(doc),
        document_title=_text(graph, doc, DCTERMS.title, "zh") or "",
        level=_notation(graph, level) if level is not None else "unknown",
        summary_zh=_text(graph, node, DG.summary, "zh"),
        summary_en=_text(graph, node, DG.summary, "en"),
        text=_text(graph, node, DG.text),
        source=_text(graph, node, DCTERMS.source),
    )


def _steps(graph: Graph, node: URIRef, via: str | None, seen: set[URIRef]) -> list[Step]:
    """The qualified links from ``node`` and, recursively, from its parents (cycle-safe)."""
    if node in seen:
        return []
    seen.add(node)
    steps: list[Step] = []
    code = _text(graph, node, DG.code) or str(node)
    for derivation in sorted(graph.objects(node, DG.qualifiedDerivation)):
        parent = graph.value(derivation, DG.derivationSource)
        introduced = graph.value(derivation, DG.introducedAt)
        steps.append(
            Step(
                source=code,
                relation=_notation(graph, graph.value(derivation, DG.relation)),
                evidence=_notation(graph, graph.value(derivation, DG.evidenceLevel)),
                parent=provision_view(graph, parent) if parent is not None else None,
                via=via,
                rationale_zh=_text(graph, derivation, DG.rationale, "zh"),
                rationale_en=_text(graph, derivation, DG.rationale, "en"),
                dropped=sorted(str(d) for d in graph.objects(derivation, DG.droppedContent)),
                introduced_at=_notation(graph, introduced) if introduced is not None else None,
            )
        )
        if parent is not None:
            steps += _steps(graph, parent, None, seen)
    group = graph.value(node, DG.inGroup)
    if group is not None:
        group_code = _text(graph, group, DG.code) or str(group)
        steps.append(
            Step(
                source=code,
                relation="refines",
                evidence="inferred",
                parent=provision_view(graph, group),
                via=f"group {group_code}",
                rationale_en="a numbered measure refines the duty group it is "
                "listed under; it reaches the group's sources by "
                "reasoning (dg:inGroup ∘ dg:derivesFrom)",
                rationale_zh="具体措施细化其所属职责组，经推理继承职责组的上位依据",
            )
        )
        steps += _steps(graph, group, f"group {group_code}", seen)
    return steps


def _chain(graph: Graph, doc: URIRef) -> list[URIRef]:
    """The document and every document it is (transitively) based on, nearest first."""
    order, queue = [doc], [doc]
    while queue:
        for parent in sorted(graph.objects(queue.pop(0), DG.basedOn)):
            if parent not in order:
                order.append(parent)
                queue.append(parent)
    return order


EVIDENCE_ORDER = ("checked", "corroborated", "inferred")
"""Evidence levels, strongest first (ontology/schemes.ttl)."""


def bases_in_chain(graph: Graph, chain: list[URIRef]) -> dict[URIRef, list[dict[str, str]]]:
    """For each document of the chain that another one rests on: which document of the chain
    names it as a basis, and how sure that link is (the qualified dg:Basis, strongest first).

    Why each link and not one level per document: the township list names the central
    regulation itself (checked in its preamble), while that the Liaoning list rests on it is
    only inferred; a reader tracing a duty upward needs to see both. A plain dg:basedOn
    without a qualified basis shows nothing rather than a guessed level."""

    def rank(entry: dict[str, str]) -> int:
        level = entry["evidence"]
        return EVIDENCE_ORDER.index(level) if level in EVIDENCE_ORDER else len(EVIDENCE_ORDER)

    found: dict[URIRef, list[dict[str, str]]] = {}
    for child in chain:
        name = _text(graph, child, DG.documentNumber) or _text(graph, child, RDFS.label, "zh")
        for link in graph.objects(child, DG.qualifiedBasis):
            parent, level = graph.value(link, DG.basisDocument), graph.value(link, DG.evidenceLevel)
            if parent is not None and level is not None:
                found.setdefault(parent, []).append(
                    {"by": name or str(child), "evidence": _notation(graph, level)}
                )
    return {parent: sorted(entries, key=rank) for parent, entries in found.items()}


def _doc_summary(graph: Graph, doc: URIRef, bases: list | None = None) -> dict[str, object]:
    view = {"iri": str(doc), "title": _text(graph, doc, DCTERMS.title, "zh") or ""}
    for key, prop in (
        ("number", DG.documentNumber),
        ("issued", DCTERMS.issued),
        ("in force from", DG.inForceFrom),
    ):
        value = _text(graph, doc, prop)
        if value:
            view[key] = value
    if bases:
        view["basis of"] = bases
    return view


def trace_up(graph: Graph, item: URIRef) -> Trace:
    """The item's derivation steps grouped by level, with its document chain (gaps shown)."""
    if (item, DG.inDocument, None) not in graph:
        raise DutyGraphError(f"{item} is not an item of an imported document")
    steps = _steps(graph, item, None, set())
    docs = _chain(graph, graph.value(item, DG.inDocument))
    named_by = bases_in_chain(graph, docs)
    docs += [URIRef(s.parent.document) for s in steps if s.parent is not None]
    levels = []
    for level in LEVEL_ORDER:
        name = _notation(graph, level)
        level_docs = [d for d in dict.fromkeys(docs) if graph.value(d, DG.level) == level]
        level_steps = [
            s
            for s in steps
            if (s.parent is not None and s.parent.level == name)
            or (s.parent is None and s.introduced_at == name)
        ]
        if level_docs or level_steps:
            levels.append(
                LevelView(
                    name, [_doc_summary(graph, d, named_by.get(d)) for d in level_docs], level_steps
                )
            )
    additions = [s for s in steps if s.parent is None and s.introduced_at is None]
    if additions:
        levels.insert(0, LevelView("unknown", [], additions))
    return Trace(provision_view(graph, item), levels)


@dataclass
class Derivative:
    """An item that derives (directly or not) from the provision asked about."""

    item: ProvisionView
    direct: bool
    relation: str | None
    evidence: str | None
    via: str | None


def trace_down(graph: Graph, provision: URIRef) -> list[Derivative]:
    """Everything that derives from ``provision`` or one of its parts, at every level.

    Needs the inferred graph (dg:derivesFrom is materialised by the build step).
    """
    targets = {provision}
    queue = [provision]
    while queue:
        for part in graph.subjects(DG.partOf, queue.pop()):
            if part not in targets and (part, DG.inDocument, None) in graph:
                targets.add(part)
                queue.append(part)
    found: dict[URIRef, Derivative] = {}
    for target in sorted(targets):
        for item in sorted(graph.subjects(DG.derivesFrom, target)):
            if item in found:
                continue
            direct = [
                d
                for d in graph.objects(item, DG.qualifiedDerivation)
                if graph.value(d, DG.derivationSource) == target
            ]
            group = graph.value(item, DG.inGroup)
            found[item] = Derivative(
                item=provision_view(graph, item),
                direct=bool(direct),
                relation=_notation(graph, graph.value(direct[0], DG.relation)) if direct else None,
                evidence=(
                    _notation(graph, graph.value(direct[0], DG.evidenceLevel)) if direct else None
                ),
                via=(
                    f"group {_text(graph, group, DG.code)}"
                    if group is not None and not direct
                    else None
                ),
            )
    rank = {_notation(graph, level): i for i, level in enumerate(LEVEL_ORDER)}
    return sorted(
        found.values(),
        key=lambda d: (-rank.get(d.item.level, -1), d.item.document, _sort_key(d.item.code)),
    )


def _sort_key(code: str) -> tuple:
    head, _, tail = code.rpartition("-")
    return (head, int(tail)) if tail.isdigit() else (code, 0)


def resolve_provision(graph: Graph, text: str) -> URIRef:
    """A parent provision by IRI, by IRI ending (…/art_5/item_1) or by a code unique among
    parent provisions (art-5-1); ambiguous or unknown references are errors."""
    if text.startswith(("http://", "https://")):
        node = URIRef(text)
        if (node, RDF.type, None) in graph:
            return node
        raise DutyGraphError(f"没有这个条款：{text} (no provision)")
    candidates = sorted(
        {
            s
            for s in graph.subjects(DG.inDocument, None)
            if str(s).endswith("/" + text.lstrip("/")) or str(graph.value(s, DG.code)) == text
        }
    )
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise DutyGraphError(
            f"没有与 {text!r} 相符的条款，请给出其 IRI 或如 art-5-1 的写法 "
            "(no provision matches; give its IRI or e.g. art-5-1)"
        )
    raise DutyGraphError(
        f"{text!r} 与 {len(candidates)} 个条款相符，请给出 IRI："
        + "、".join(str(c) for c in candidates[:5])
        + f" ({text!r} matches {len(candidates)} provisions)"
    )
