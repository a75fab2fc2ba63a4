"""Render traces as text (for people), JSON (for scripts) or Turtle (for RDF tools).

Why separate from walk.py: the trace is data; how it is printed is a presentation choice that
the CLI and the web pages make differently. Text is Chinese by default, English on request;
the words for levels, relations and evidence come from the ontology's labels.
"""

from __future__ import annotations

import json
from dataclasses import asdict

from rdflib import Graph, URIRef

from ..graph.labels import term
from ..namespace import DG
from ..rdfterms import bind_prefixes
from .walk import Derivative, Step, Trace


def render_up(graph: Graph, trace: Trace, fmt: str, lang: str = "zh") -> str:
    """One trace in the requested format ("text", "json" or "ttl")."""
    if fmt == "json":
        return json.dumps(asdict(trace), ensure_ascii=False, indent=2)
    if fmt == "ttl":
        nodes = [URIRef(trace.item.iri)]
        for level in trace.levels:
            nodes += [URIRef(d["iri"]) for d in level.documents]
            nodes += [URIRef(s.parent.iri) for s in level.steps if s.parent is not None]
        nodes += list(graph.objects(URIRef(trace.item.iri), DG.qualifiedDerivation))
        for level in trace.levels:
            for step in level.steps:
                if step.parent is not None:
                    nodes += list(graph.objects(URIRef(step.parent.iri), DG.qualifiedDerivation))
        return _subgraph(graph, nodes)
    return _text_up(trace, lang)


WORDS = {
    "zh": {
        "document": "文件",
        "number": "文号",
        "issued": "印发",
        "in force from": "施行",
        "basis of": "依据关系",
        "names it": "{by}→本文件，{evidence}",
        "gap": "本级没有已知的对应条款（原文未获得）",
        "relation": "关系",
        "evidence": "证据",
        "via": "经",
        "summary": "摘要",
        "summary_en": "摘要（英文）",
        "text": "原文",
        "why": "理由",
        "dropped": "未沿用",
        "adds": "新增（无上位条款）",
        "introduced": "引入层级",
        "derive": "共 {n} 项源自该条款：",
        "indirectly": "间接",
        "group": "职责组",
    },
    "en": {
        "document": "document",
        "number": "number",
        "issued": "issued",
        "in force from": "in force from",
        "basis of": "basis of",
        "names it": "{by} → this, {evidence}",
        "gap": "no provision known at this level (text not available)",
        "relation": "relation",
        "evidence": "evidence",
        "via": "via",
        "summary": "summary",
        "summary_en": "summary (en)",
        "text": "text",
        "why": "why",
        "dropped": "dropped",
        "adds": "adds (no parent provision)",
        "introduced": "introduced at",
        "derive": "{n} items derive from it:",
        "indirectly": "indirectly",
        "group": "group",
    },
}


def _text_up(trace: Trace, lang: str) -> str:
    """Level by level; each provision under its own document, a document with none says so."""
    words = WORDS[lang]
    item = trace.item
    lines = [f"{item.code}  {item.label}", f"  {item.text or ''}"]
    for level in trace.levels:
        lines.append(f"【{term(level.level, lang)}】" if lang == "zh" else f"[{level.level}]")
        for doc in level.documents:
            extra = ("，" if lang == "zh" else ", ").join(
                f"{words.get(k, k)} {_bases(v, lang) if k == 'basis of' else v}"
                for k, v in doc.items()
                if k not in ("iri", "title")
            )
            open_, close = ("（", "）") if lang == "zh" else (" (", ")")
            lines.append(
                f"  {words['document']}: {doc['title']}"
                + (f"{open_}{extra}{close}" if extra else "")
            )
            mine = [s for s in level.steps if s.parent and s.parent.document == doc["iri"]]
            if not mine:
                lines.append(f"    {words['gap']}")
            lines += [_step_line(step, lang) for step in mine]
        shown = {d["iri"] for d in level.documents}
        lines += [
            _step_line(s, lang)
            for s in level.steps
            if s.parent is None or s.parent.document not in shown
        ]
    return "\n".join(lines)


def _bases(entries: list[dict[str, str]], lang: str) -> str:
    """Who names a document as a basis and how sure each link is, in the reader's words."""
    pattern = WORDS[lang]["names it"]
    joined = "；" if lang == "zh" else "; "
    return joined.join(
        pattern.format(by=e["by"], evidence=term(e["evidence"], lang)) for e in entries
    )


def _step_line(step: Step, lang: str = "zh") -> str:
    words = WORDS[lang]
    via = (
        f"（{words['via']}{_via(step.via, lang)}）"
        if step.via and lang == "zh"
        else (f" via {step.via}" if step.via else "")
    )
    if step.parent is None:
        head = (
            f"    {step.source}: {words['adds']}, {words['evidence']} {term(step.evidence, lang)}"
        )
        if step.introduced_at:
            head += f", {words['introduced']} {term(step.introduced_at, lang)}"
    else:
        head = (
            f"    {step.source} → {step.parent.code or step.parent.iri}  {step.parent.label}"
            f"\n      {words['relation']}: {term(step.relation, lang)}, "
            f"{words['evidence']}: {term(step.evidence, lang)}{via}"
        )
    parts = [head]
    if step.parent is not None:
        summaries = (
            (("summary", step.parent.summary_zh), ("summary_en", step.parent.summary_en))
            if lang == "zh"
            else (("summary", step.parent.summary_en or step.parent.summary_zh),)
        )
        for label, value in (*summaries, ("text", step.parent.text)):
            if value:
                parts.append(f"      {words[label]}: {value}")
    why = (step.rationale_zh or step.rationale_en) if lang == "zh" else step.rationale_en
    if why:
        parts.append(f"      {words['why']}: {why}")
    for dropped in _in_language(step.dropped, lang):
        parts.append(f"      {words['dropped']}: {dropped}")
    return "\n".join(parts)


def _in_language(texts: list[str], lang: str) -> list[str]:
    """The texts written in ``lang`` (by script) when there are any, else all of them."""
    cjk = [t for t in texts if any("\u4e00" <= ch <= "\u9fff" for ch in t)]
    other = [t for t in texts if t not in cjk]
    chosen = cjk if lang == "zh" else other
    return chosen or texts


def _via(via: str, lang: str) -> str:
    return via.replace("group ", WORDS[lang]["group"] + " ")


def render_down(
    graph: Graph, provision: URIRef, found: list[Derivative], fmt: str, lang: str = "zh"
) -> str:
    """What derives from a provision, in the requested format."""
    if fmt == "json":
        return json.dumps(
            {"provision": str(provision), "derivatives": [asdict(d) for d in found]},
            ensure_ascii=False,
            indent=2,
        )
    if fmt == "ttl":
        return _subgraph(graph, [provision, *(URIRef(d.item.iri) for d in found)])
    words = WORDS[lang]
    lines = [
        _provision_name(graph, provision),
        str(provision),
        words["derive"].format(n=len(found)),
    ]
    for d in found:
        how = (
            f"{term(d.relation, lang)}, {words['evidence']} {term(d.evidence, lang)}"
            if d.direct
            else f"{words['via']} {_via(d.via, lang)}"
            if d.via
            else words["indirectly"]
        )
        lines.append(f"  [{term(d.item.level, lang)}] {d.item.code}  {d.item.label}  ({how})")
    return "\n".join(lines)


def _provision_name(graph: Graph, provision: URIRef) -> str:
    """The provision as people cite it (《职责规定》第五条（六）), from its label."""
    from rdflib import RDFS

    label = graph.value(provision, RDFS.label)
    return str(label) if label is not None else str(provision)


def _subgraph(graph: Graph, nodes: list[URIRef]) -> str:
    """The asserted and inferred statements about the given nodes, as Turtle."""
    out = bind_prefixes(Graph())
    for node in dict.fromkeys(nodes):
        for triple in graph.triples((node, None, None)):
            out.add(triple)
    return out.serialize(format="turtle")
