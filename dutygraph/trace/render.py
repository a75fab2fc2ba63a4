"""Render traces as text (for people), JSON (for scripts) or Turtle (for RDF tools).

Why separate from trace.py: the trace is data; how it is printed is a presentation choice that
the CLI and (later) the web pages make differently.
"""

from __future__ import annotations

import json
from dataclasses import asdict

from rdflib import Graph, URIRef

from ..namespace import DG
from ..rdfterms import bind_prefixes
from .walk import Derivative, Step, Trace


def render_up(graph: Graph, trace: Trace, fmt: str) -> str:
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
    item = trace.item
    lines = [f"{item.code}  {item.label}", f"  {item.text or ''}"]
    for level in trace.levels:
        lines.append(f"[{level.level}]")
        for doc in level.documents:
            extra = ", ".join(f"{k} {v}" for k, v in doc.items() if k not in ("iri", "title"))
            lines.append(f"  document: {doc['title']}" + (f" ({extra})" if extra else ""))
        documents_with_steps = {s.parent.document for s in level.steps if s.parent}
        for doc in level.documents:
            if doc["iri"] not in documents_with_steps:
                lines.append("    no provision known at this level (text not available)")
        lines += [_step_line(step) for step in level.steps]
    return "\n".join(lines)


def _step_line(step: Step) -> str:
    via = f" via {step.via}" if step.via else ""
    if step.parent is None:
        head = f"  {step.source}: adds (no parent provision), evidence {step.evidence}"
        if step.introduced_at:
            head += f", introduced at {step.introduced_at} level"
    else:
        head = (
            f"  {step.source} → {step.parent.code or step.parent.iri}  {step.parent.label}"
            f"\n      {step.relation}, evidence {step.evidence}{via}"
        )
    parts = [head]
    if step.parent is not None:
        for label, value in (
            ("summary", step.parent.summary_zh),
            ("summary (en)", step.parent.summary_en),
            ("text", step.parent.text),
        ):
            if value:
                parts.append(f"      {label}: {value}")
    if step.rationale_en:
        parts.append(f"      why: {step.rationale_en}")
    for dropped in step.dropped:
        parts.append(f"      dropped: {dropped}")
    return "\n".join(parts)


def render_down(graph: Graph, provision: URIRef, found: list[Derivative], fmt: str) -> str:
    """What derives from a provision, in the requested format."""
    if fmt == "json":
        return json.dumps(
            {"provision": str(provision), "derivatives": [asdict(d) for d in found]},
            ensure_ascii=False,
            indent=2,
        )
    if fmt == "ttl":
        return _subgraph(graph, [provision, *(URIRef(d.item.iri) for d in found)])
    lines = [f"{provision}", f"{len(found)} items derive from it:"]
    for d in found:
        how = (
            f"{d.relation}, evidence {d.evidence}"
            if d.direct
            else f"via {d.via}"
            if d.via
            else "indirectly"
        )
        lines.append(f"  [{d.item.level}] {d.item.code}  {d.item.label}  ({how})")
    return "\n".join(lines)


def _subgraph(graph: Graph, nodes: list[URIRef]) -> str:
    """The asserted and inferred statements about the given nodes, as Turtle."""
    out = bind_prefixes(Graph())
    for node in dict.fromkeys(nodes):
        for triple in graph.triples((node, None, None)):
            out.add(triple)
    return out.serialize(format="turtle")
