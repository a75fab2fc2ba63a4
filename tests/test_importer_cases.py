"""Importer golden cases: hand-written documents of the family with their expected parse.

Each tests/importer_cases/NAME.txt (or .bin) has NAME.expected.json saying how to encode it and
what the import must give: metadata, counts per kind, exact texts of chosen items and the
complete list of warnings (line, kind); or the code of the error a refused file must report
(its wording in both languages is checked by tests/test_importer_messages.py). The cases vary
layout, wording, enumerators, page breaks and encodings so the importer is not tuned to the seed.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from dutygraph.errors import DutyGraphError
from dutygraph.importer.document import import_bytes
from dutygraph.namespace import DG, DOC

CASES = Path(__file__).parent / "importer_cases"
KIND_NAMES = {
    "section": "Section",
    "role": "RoleSection",
    "principle": "Principle",
    "general": "GeneralDuty",
    "group": "DutyGroup",
    "measure": "Measure",
    "discipline": "DisciplineRequirement",
    "item": "Item",
}


def _cases() -> list[Path]:
    return sorted(CASES.glob("*.expected.json"))


def _input(spec_path: Path, spec: dict) -> bytes:
    stem = spec_path.name.removesuffix(".expected.json")
    if spec.get("encoding") == "raw":
        return (CASES / f"{stem}.bin").read_bytes()
    text = (CASES / f"{stem}.txt").read_text(encoding="utf-8")
    return text.encode(spec.get("encoding", "utf-8"))


@pytest.mark.parametrize("spec_path", _cases(), ids=lambda p: p.name.split(".")[0])
def test_importer_case(spec_path: Path):
    spec = json.loads(spec_path.read_text(encoding="utf-8"))
    data = _input(spec_path, spec)
    if "error" in spec:
        with pytest.raises(DutyGraphError) as caught:
            import_bytes(data, name=spec_path.name, slug="case")
        assert caught.value.code == spec["error"], str(caught.value)
        assert "\n" not in str(caught.value), "an error is one line"
        return
    result = import_bytes(data, name=spec_path.name, slug="case")
    parsed = result.parsed
    assert parsed.title == spec.get("title")
    assert parsed.number == spec.get("number")
    date = spec.get("date")
    assert parsed.date == (tuple(int(x) for x in date.split("-")) if date else None)
    for key in ("preamble", "approval"):
        if key in spec:
            assert getattr(parsed, key) == spec[key], key
    _check_graph(result, spec)
    counts = Counter(KIND_NAMES[n.kind] for n in parsed.nodes())
    assert dict(counts) == {kind: n for kind, n in spec["counts"].items() if n}
    texts = {n.code: n.text for n in parsed.nodes()}
    for code, text in spec.get("items", {}).items():
        assert code in texts, f"no item {code}; codes: {sorted(texts)}"
        assert texts[code] == text, code
    warnings = sorted((d.line, d.kind) for d in result.warnings)
    expected = sorted((w["line"], w["kind"]) for w in spec.get("warnings", []))
    assert warnings == expected
    if "notices" in spec:
        notices = sorted((d.line, d.kind) for d in result.diagnostics if d.severity == "info")
        wanted = sorted((n["line"], n["kind"]) for n in spec["notices"])
        assert [n for n in notices if n[1] == "page-number-removed"] == wanted
    assert all(n.text.strip() for n in parsed.nodes()), "no empty nodes"


def _check_graph(result, spec: dict) -> None:
    """Optional graph-level expectations: the document's level and who bears which item."""
    graph, doc = result.graph, result.document
    if "level" in spec:
        level = graph.value(doc, DG.level)
        assert (level.split("#")[-1] if level else None) == spec["level"]
    if "cites" in spec:
        cited = sorted(str(t) for t in graph.objects(doc, DG.citesTitle))
        assert cited == sorted(spec["cites"])
    for code, bearers in spec.get("bearers", {}).items():
        item = DOC[f"case/{code}"]
        found = sorted(b.split("#")[-1] for b in graph.objects(item, DG.bearer))
        assert found == sorted(bearers), code


def test_there_are_cases():
    assert len(_cases()) >= 6
