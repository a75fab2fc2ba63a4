"""Give each parsed node its kind (principle, general duty, role section, group, measure …)
and its stable code, and check the numbering.

Why by meaning and not by position: sister lists of the same family order and word their
sections differently ("一、基本原则" vs "一、严格遵循基本原则…", a government-only list, a
role heading as a top-level section). Codes are the public identifiers used by every interface
(CLI, URLs, CSV records), so they follow the numbers as written and are never renumbered.
"""

from __future__ import annotations

import re

from .listparser import Diagnostic, Node, ParsedList

# 党工委/管委会: a development zone's heads; 党工委/办事处: a subdistrict's (街道)
ROLE_PATTERN = re.compile(r"(党工委|党委|党组|政府|管委会|办事处)主要负责人")
# a role heading introduces a list: "…应当履行以下主要职责：" or "党委主要负责人主要职责"
_ROLE_HEADING_END = re.compile(r"职责\s*[：:]?$")
ROLE_CODES = {
    "党委": "party",
    "党组": "party",
    "党工委": "party",
    "政府": "gov",
    "管委会": "gov",
    "办事处": "gov",
}
ROLE_NAMES = {"party": "党委", "gov": "政府"}

# kind of a section -> kind of its direct children and their code prefix
CHILD_KIND = {
    "principles": ("principle", "principle"),
    "general": ("general", "general"),
    "discipline": ("discipline", "discipline"),
}


def role_of(text: str) -> str | None:
    """The role a heading introduces ("党委主要负责人…职责" → "party"), if it is a role heading."""
    found = ROLE_PATTERN.search(text)
    if found and found.start() <= 6 and _ROLE_HEADING_END.search(text):
        return ROLE_CODES[found.group(1)]
    return None


def _section_kind(section: Node, seen: set[str]) -> str | None:
    heading, lead_in = section.text, section.lead_in or ""
    if role_of(heading):
        return "role"
    if "原则" in heading or "原则" in lead_in:
        return "principles"
    if any(role_of(child.text) for child in section.children):
        return "duties"
    if any(word in heading for word in ("纪律", "保障", "问责")):
        return "discipline"
    if "一般职责" in heading or "应当做到" in lead_in:
        return "general"
    if "general" not in seen and "duties" not in seen and "role" not in seen and seen:
        return "general"
    return None


def classify(parsed: ParsedList) -> None:
    """Assign kind, role and code to every node, then check numbering; mutates ``parsed``."""
    seen: set[str] = set()
    for section in parsed.sections:
        section.code = (
            f"section-{section.value}" if section.value else f"section-x{section.first_line}"
        )
        kind = _section_kind(section, seen)
        if kind is None:
            section.kind = "section"
            parsed.diagnostics.append(Diagnostic.of(section.first_line, "unknown-section/kind"))
            _generic_children(section)
            continue
        seen.add(kind)
        if kind == "role":
            section.kind, section.role = "role", role_of(section.text)
            section.code = section.role or section.code
            _role_children(section)
        elif kind == "duties":
            section.kind = "section"
            for child in section.children:
                role = role_of(child.text)
                if role:
                    child.kind, child.role, child.code = "role", role, role
                    _role_children(child)
                else:
                    child.kind, child.code = "item", f"{section.code}-{child.value}"
                    _generic_children(child)
        else:
            section.kind = "section"
            child_kind, prefix = CHILD_KIND[kind]
            for child in section.children:
                child.kind, child.code = child_kind, f"{prefix}-{child.value}"
                _generic_children(child)
    _dedupe_codes(parsed)
    check_numbering(parsed)


def _role_children(role: Node) -> None:
    for child in role.children:
        child.role = role.role
        if child.style == "measure" and not child.children:
            child.kind, child.code = "measure", f"{role.code}-{child.value}"
            continue
        child.kind, child.code = "group", f"{role.code}-g{child.value}"
        for measure in child.children:
            measure.kind, measure.role = "measure", role.role
            measure.code = f"{role.code}-{measure.value}"
            _generic_children(measure)


def _generic_children(node: Node) -> None:
    """Deeper levels nobody expects: keep them as plain numbered items under their parent."""
    for child in node.children:
        child.kind, child.role = "item", node.role
        child.code = f"{node.code}-{child.value}"
        _generic_children(child)


def _dedupe_codes(parsed: ParsedList) -> None:
    """A repeated number would repeat a code; keep both items, mark the later one."""
    seen: dict[str, int] = {}
    for node in parsed.nodes():
        if node.code in seen:
            seen[node.code] += 1
            node.code = f"{node.code}-dup{seen[node.code]}"
        else:
            seen[node.code] = 1


def _sequences(parsed: ParsedList):
    """Each run of siblings whose numbers should count 1, 2, 3 … (measures run across groups)."""
    yield parsed.sections
    for node in parsed.nodes():
        if node.kind == "role":
            yield node.children
            measures = [m for m in node.walk() if m.kind == "measure"]
            if measures:
                yield measures
        elif node.kind != "group":
            yield node.children


def check_numbering(parsed: ParsedList) -> None:
    """Warn about gaps, duplicates and backward steps; never renumber."""
    for run in _sequences(parsed):
        nodes = [n for n in run if n.mark]
        expected = 1
        previous: set[int] = set()
        for node in nodes:
            label = _label(node)
            key = None
            if node.value in previous:
                key, missing = "numbering-duplicate", ""
            elif node.value < expected:
                key, missing = "numbering-order", ""
            elif node.value > expected:
                key = "numbering-gap"
                missing = list(range(expected, node.value))
            if key:
                parsed.diagnostics.append(
                    Diagnostic.of(
                        node.first_line, key, label=label, mark=node.mark, missing=missing
                    )
                )
            previous.add(node.value)
            expected = max(expected, node.value + 1)


def _label(node: Node) -> str:
    role = ROLE_NAMES.get(node.role or "", "")
    return f"{role}{node.mark}" if node.kind == "measure" else node.code
