"""The seed document 牛委字〔2023〕25号: facts the domain notes state, checked on a fresh import."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from dutygraph.importer.listparser import ParsedList

from .conftest import SEED


def _kinds(parsed: ParsedList) -> Counter:
    return Counter(node.kind for node in parsed.nodes())


def test_structure_counts(seed_import):
    assert _kinds(seed_import.parsed) == {
        "section": 4,
        "role": 2,
        "principle": 6,
        "general": 5,
        "group": 14,
        "measure": 52,
        "discipline": 4,
    }


def test_measures_per_role_and_the_missing_23(seed_import):
    codes = [n.code for n in seed_import.parsed.nodes() if n.kind == "measure"]
    party = [c for c in codes if c.startswith("party-")]
    gov = [c for c in codes if c.startswith("gov-")]
    assert len(party) == 24 and len(gov) == 28
    assert "party-23" not in party and {"party-22", "party-24", "party-25"} <= set(party)
    assert gov == [f"gov-{n}" for n in range(1, 29)]


def test_gap_is_a_warning_with_its_line_and_never_renumbered(seed_import):
    gaps = [d for d in seed_import.warnings if d.kind == "numbering-gap"]
    assert [(d.line, "23" in d.message) for d in gaps] == [(117, True)]
    party24 = next(n for n in seed_import.parsed.nodes() if n.code == "party-24")
    assert party24.mark == "(24)" and party24.value == 24


@pytest.mark.parametrize(
    ("code", "joined"),
    [
        ("party-2", "强化责任落实"),
        ("gov-2", "法治政府建设中的重大问题"),
        ("gov-25", "落实“谁执法谁普法”普法责任制"),
        ("discipline-2", "依法制定行政规范性文件"),
    ],
)
def test_page_break_splits_are_repaired(seed_import, code, joined):
    node = next(n for n in seed_import.parsed.nodes() if n.code == code)
    assert joined in node.text
    assert "\n" not in node.text
    assert node.repaired_lines, "the repair must be recorded"


def test_metadata(seed_import):
    p = seed_import.parsed
    assert p.number == "牛委字〔2023〕25号"
    assert p.title == "沈阳市辽中区牛心坨镇党政主要负责人履行推进法治建设第一责任人职责清单"
    assert p.date == (2023, 7, 21)
    assert p.masthead == "中共牛心坨镇委员会文件"
    assert p.issuer_in_imprint == "中共沈阳市辽中区牛心坨镇党委"


def test_texts_are_verbatim(seed_import):
    nodes = {n.code: n for n in seed_import.parsed.nodes()}
    assert nodes["principle-2"].text == "坚持党的领导、人民当家做主、依法治国有机的统一；"
    assert nodes["general-2"].text == "全面推进严格执法、公正司法、全民守法；"
    assert nodes["section-2"].text == "严抓责任落实，坚决做到以上率下"
    assert nodes["gov-g6"].mark == "6." and nodes["gov-g6"].text.startswith("完善行政机关")
    assert "“12.4”国家宪法日" in nodes["gov-24"].text
    assert "各级党委（党组）" in nodes["party-7"].text


def test_every_nonblank_line_is_kept(seed_import):
    """Each source line's words end up in some text, lead-in, metadata, or a diagnostic."""
    p = seed_import.parsed
    texts = [n.text for n in p.nodes()] + [n.lead_in or "" for n in p.nodes()]
    texts += [p.masthead or "", p.number or "", p.title or "", p.preamble or "", p.imprint or ""]
    blob = "\n".join(texts)
    diagnosed = {d.line for d in seed_import.diagnostics}
    lines = SEED.read_text(encoding="utf-8").splitlines()
    for lineno, raw in enumerate(lines, start=1):
        words = re.sub(r"^#+\s*", "", raw.strip())
        words = re.sub(r"^([(（][^)）]{1,4}[)）]|[一二三四五六七八九十]+、|\d+[.．])\s*", "", words)
        if words and lineno not in diagnosed:
            assert words in blob, f"line {lineno} lost: {raw!r}"


def test_no_empty_nodes(seed_import):
    assert all(n.text.strip() for n in seed_import.parsed.nodes())
