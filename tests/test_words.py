"""Every word a user reads exists in Chinese and in English (issue 15): each words table has the
same keys in both languages, none empty, and every word a template asks for is in the table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from dutygraph.server.i18n import WORDS as PAGE_WORDS
from dutygraph.server.keeping import WORDS as KEEPING_WORDS

from dutygraph.cli.text import WORDS as CLI_WORDS
from dutygraph.trace.render import WORDS as TRACE_WORDS
from dutygraph.validation.report import LABELS as REPORT_WORDS

TABLES = {
    "pages": PAGE_WORDS,
    "keeping": KEEPING_WORDS,
    "cli": CLI_WORDS,
    "trace": TRACE_WORDS,
    "report": REPORT_WORDS,
}
TEMPLATES = Path(__file__).resolve().parents[1] / "server" / "templates"


@pytest.mark.parametrize("name", sorted(TABLES))
def test_both_languages_have_every_word(name):
    zh, en = TABLES[name]["zh"], TABLES[name]["en"]
    assert set(zh) == set(en), set(zh) ^ set(en)
    empty = [k for k in zh if not zh[k] or not en[k]]
    assert not empty


@pytest.mark.parametrize("path", sorted(TEMPLATES.glob("*.html")), ids=lambda p: p.name)
def test_every_word_a_template_uses_exists(path):
    text = path.read_text(encoding="utf-8")
    for table, words in (("w", PAGE_WORDS["zh"]), ("kw", KEEPING_WORDS["zh"])):
        used = set(re.findall(rf"\b{table}\.(\w+)", text)) | set(
            re.findall(rf"\b{table}\['(\w+)'\]", text)
        )
        missing = used - set(words)
        assert not missing, f"{path.name} uses {table}.{sorted(missing)}"
