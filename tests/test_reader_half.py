"""Two-language messages ("中文 (English)") are split for the reader, whatever the English
half starts with, and a message in one language is left whole."""

from __future__ import annotations

import pytest

from server.i18n import reader_half

CASES = [
    # message, zh view, en view
    ("库中没有这份清单 x (no duty list x)", "库中没有这份清单 x", "no duty list x"),
    (
        "JSON-LD 须为对象 (JSON-LD must be an object)",
        "JSON-LD 须为对象",
        "JSON-LD must be an object",
    ),
    (
        "查询嵌套过深（超过 200 层） (Query nested too deeply (over 200))",
        "查询嵌套过深（超过 200 层）",
        "Query nested too deeply (over 200)",
    ),
    ("只有中文（没有英文）", "只有中文（没有英文）", "只有中文（没有英文）"),
    ("English only (no Chinese)", "English only (no Chinese)", "English only (no Chinese)"),
    ("第 3 行 (row 3): 日期无效 (invalid date)", "第 3 行 (row 3): 日期无效", "invalid date"),
]


@pytest.mark.parametrize(("message", "zh", "en"), CASES)
def test_each_reader_gets_their_half(message, zh, en):
    assert reader_half(message, "zh") == zh
    assert reader_half(message, "en") == en
