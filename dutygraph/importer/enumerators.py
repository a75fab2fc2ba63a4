"""Recognise the enumerators of Chinese official documents (一、 / (一) / 1. / (1)).

Why a module of its own: the family of duty lists writes the same four levels with ASCII or
full-width brackets, with or without a space after the mark, and with 、 . or ． as separator;
the parser should see one normalised token whatever the spelling. Dates such as "12.4" or
decimals such as "2.5" are not enumerators.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CN_DIGITS = {
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_NUMERAL = "[一二三四五六七八九十百零两]+"

# Order matters: bracketed forms first, then the bare forms.
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "item",
        re.compile(rf"^(?P<mark>[(（]\s*(?P<num>{CN_NUMERAL})\s*[)）][、.．]?)\s*(?P<rest>.*)$"),
    ),
    ("measure", re.compile(r"^(?P<mark>[(（]\s*(?P<num>\d{1,3})\s*[)）][、.．]?)\s*(?P<rest>.*)$")),
    ("section", re.compile(rf"^(?P<mark>(?P<num>{CN_NUMERAL})\s*[、．.])\s*(?P<rest>.*)$")),
    ("group", re.compile(r"^(?P<mark>(?P<num>\d{1,3})\s*[.．、](?!\d))\s*(?P<rest>.*)$")),
    # sub-items under a measure: ①②③ and 一是/二是 (a line each), written by many offices
    ("circled", re.compile(r"^(?P<mark>(?P<num>[\u2460-\u2473]))\s*(?P<rest>.*)$")),
    ("shi", re.compile(rf"^(?P<mark>(?P<num>{CN_NUMERAL})是[，,：:]?)\s*(?P<rest>\S.*)$")),
)
# a mark that looks like an enumerator but is none of the above (Ⅱ. / A. / 甲、): such a line
# cannot be placed in the tree; it is kept and reported (listparser), never a refusal
UNKNOWN_MARK = re.compile(r"^(?:[\u2160-\u217f]+|[A-Za-z]|[甲乙丙丁戊己庚辛])\s*[.．、)）]")


@dataclass(frozen=True)
class Enumerator:
    """One recognised enumerator: its level style, the mark as written, and its value."""

    style: str  # "section" | "item" | "group" | "measure" | "circled" | "shi"
    mark: str  # exactly as printed, e.g. "(21)", "6.", "一、"
    value: int
    rest: str  # the text after the mark, leading spaces removed


def chinese_numeral(text: str) -> int:
    """Value of a Chinese numeral up to the hundreds (一 → 1, 十二 → 12, 二十三 → 23)."""
    total, current = 0, 0
    for char in text:
        if char == "百":
            total += (current or 1) * 100
            current = 0
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = CN_DIGITS[char]
    return total + current


def match_enumerator(line: str) -> Enumerator | None:
    """The enumerator a line starts with, or None for a plain paragraph."""
    for style, pattern in _PATTERNS:
        found = pattern.match(line)
        if not found:
            continue
        num = found.group("num")
        if style == "circled":
            value = ord(num) - 0x2460 + 1
        else:
            value = int(num) if num.isdigit() else chinese_numeral(num)
        return Enumerator(style, found.group("mark"), value, found.group("rest").strip())
    return None
