"""How ``stats``, ``show`` and ``gaps`` print for people: Chinese by default, English on request.

Why here: the core returns data (dataclasses, dicts); the words a reader sees are the CLI's
presentation, with the ontology's own labels for kinds, roles, levels and evidence
(graph/labels.py), so nothing prints a class name or a notation where a word exists.
"""

from __future__ import annotations

from ..graph.labels import kind_label, requirement_words, term

WORDS = {
    "zh": {
        "triples": "三元组",
        "documents": "文件（清单和法规）",
        "per_kind": "各类条目",
        "per_role": "各角色的条目",
        "requirements": "履职要求",
        "notes": "数据质量说明",
        "iri": "IRI",
        "in": "位置",
        "number": "原文编号",
        "text": "原文",
        "lead-in": "引导语",
        "gloss": "英文释义",
        "source": "来源",
        "bearer": "责任主体",
        "parts": "下级条目",
        "requirement": "履职要求",
        "note": "说明",
        "uncovered": "没有乡镇对应条目的上位条款",
        "additions": "乡镇新增内容",
        "new": "新增条目（无上位条款）",
        "adds_to": "在上位条款之外增补：",
        "added_at": "引入层级",
        "evidence": "证据",
        "unlinked": "未与任何条款关联的条目",
        "unknown": "不详",
    },
    "en": {
        "triples": "triples",
        "documents": "documents (lists and regulations)",
        "per_kind": "items per kind",
        "per_role": "items per role",
        "requirements": "requirements",
        "notes": "data-quality notes",
        "iri": "iri",
        "in": "in",
        "number": "number",
        "text": "text",
        "lead-in": "lead-in",
        "gloss": "gloss",
        "source": "source",
        "bearer": "bearer",
        "parts": "parts",
        "requirement": "requirement",
        "note": "note",
        "uncovered": "parent provisions with no township counterpart",
        "additions": "township additions",
        "new": "new item, no parent",
        "adds_to": "adds content to ",
        "added_at": "added at",
        "evidence": "evidence",
        "unlinked": "items linked to nothing",
        "unknown": "unknown",
    },
}


def render_stats(result, lang: str) -> str:
    w = WORDS[lang]
    lines = [
        f"{w['triples']}: {result.triples}   {w['documents']}: {result.documents}",
        f"{w['per_kind']}:",
    ]
    lines += [f"  {term(kind, lang):<20}{n:>5}" for kind, n in result.per_kind.items()]
    lines.append(f"{w['per_role']}:")
    for role, kinds in sorted(result.per_role.items()):
        counts = ", ".join(f"{term(k, lang)} {n}" for k, n in sorted(kinds.items()))
        lines.append(f"  {term(role, lang)}: {counts}")
    lines.append(f"{w['requirements']}: {result.requirements}")
    notes = ", ".join(f"{term(k, lang)} {n}" for k, n in result.notes.items())
    lines.append(f"{w['notes']}: {notes}")
    return "\n".join(lines)


def render_item(view, lang: str) -> str:
    w = WORDS[lang]
    lines = [
        f"{view.code}  {view.label}  [{kind_label(view.kind, lang)}]",
        f"  {w['iri']}: {view.iri}",
    ]
    if view.path:
        lines.append(f"  {w['in']}: " + " > ".join(label or code for code, label in view.path))
    for key, value in (
        ("number", view.number),
        ("text", view.text),
        ("lead-in", view.lead_in),
        ("gloss", view.gloss),
        ("source", view.source),
    ):
        if value:
            lines.append(f"  {w[key]}: {value}")
    if view.bearers:
        lines.append(f"  {w['bearer']}: " + "、".join(term(b, lang) for b in view.bearers))
    if view.children:
        lines.append(f"  {w['parts']}: " + ", ".join(code for code, _ in view.children))
    for req in view.requirements:
        lines.append(f"  {w['requirement']}: {req['text']}（{requirement_words(req, lang)}）")
    for note in view.notes:
        matched = f" «{note['matched']}»" if note["matched"] else ""
        said = note["zh"] if lang == "zh" else note["en"]
        lines.append(f"  {w['note']} [{term(note['kind'], lang)}]{matched}: {said}")
    return "\n".join(lines)


def render_gaps(result, lang: str) -> str:
    w = WORDS[lang]
    lines = [f"{w['uncovered']} ({len(result.uncovered)}):"]
    for row in result.uncovered:
        level = term(row.get("level"), lang) or "?"
        lines.append(f"  [{level}] {row.get('label', '')}  {row['provision']}")
    lines.append(f"{w['additions']} ({len(result.additions)}):")
    for row in result.additions:
        what = (
            w["new"]
            if row["kind"] == "new-item"
            else w["adds_to"] + "/".join(row["parent"].rsplit("/", 2)[-2:])
        )
        at = term(row.get("introducedAt"), lang) or w["unknown"]
        lines.append(
            f"  {row['code']}: {what}; {w['added_at']} {at}, "
            f"{w['evidence']} {term(row.get('evidence'), lang) or '?'}"
        )
    lines.append(f"{w['unlinked']} ({len(result.unlinked)}):")
    lines += [f"  {row['focus']}: {row['detail']}" for row in result.unlinked]
    return "\n".join(lines)
