"""Extract the measurable requirements a duty's text states.

Why patterns over the verbatim text: supervisors validate fulfilment records against these
numbers (at least N a year, before 1 March of the following year, on 12·4), so each requirement
keeps the exact clause it came from (``text``) and only what the clause says; nothing is added
from parent regulations (the seed drops the central 1 April publication deadline, and so do we).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .enumerators import CN_NUMERAL, chinese_numeral

_CLAUSE_END = "，,。；;：:"
_COUNT = re.compile(
    rf"每年(?P<atleast>至少|不少于)?(?P<verb>[^，。；、]{{0,8}}?)(?P<n>{CN_NUMERAL}|\d+)\s*"
    r"(?P<unit>次|期|场|回)(?P<plus>以上)?"
)
_DEADLINE = re.compile(r"每年(?P<m>\d{1,2})月(?P<d>\d{1,2})日(?:前|之前)")
_FIXED = re.compile(r"[“\"]?(?P<m>\d{1,2})[.．·](?P<d>\d{1,2})[”\"]?\s*(?P<what>国家宪法日|宪法日)")
_YEAR_END = re.compile(r"年终述职")
_PUBLISH = re.compile(r"向社会公开")

# keyword → activity kind; first match in the searched span wins
ACTIVITY_WORDS: tuple[tuple[str, str], ...] = (
    ("讲座", "lecture"),
    ("法治课", "lecture"),
    ("汇报", "report"),
    ("述职", "report"),
    ("报告", "report"),
    ("会议", "meeting"),
    ("宣传", "campaign"),
    ("公开", "publication"),
)


@dataclass(frozen=True)
class Requirement:
    """One measurable requirement; exactly the fields its kind needs are set."""

    kind: str  # "minimum-count" | "deadline" | "fixed-date"
    text: str  # the verbatim clause that states it
    activity: str | None = None
    minimum: int | None = None
    deadline: tuple[int, int] | None = None  # (month, day)
    year_offset: int | None = None  # 1 = the following year
    fixed_date: tuple[int, int] | None = None


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """Bounds of the clause (between commas, semicolons or full stops) around a match."""
    left = max(text.rfind(ch, 0, start) for ch in _CLAUSE_END) + 1
    rights = [i for i in (text.find(ch, end) for ch in _CLAUSE_END) if i != -1]
    return left, (min(rights) if rights else len(text))


def _sentence(text: str, start: int, stops: str) -> tuple[int, int]:
    """Bounds of the sentence around ``start``, ended by any of ``stops``."""
    left = max(text.rfind(ch, 0, start) for ch in stops) + 1
    rights = [i for i in (text.find(ch, start) for ch in stops) if i != -1]
    return left, (min(rights) if rights else len(text))


def _activity(*spans: str) -> str | None:
    for span in spans:
        for word, kind in ACTIVITY_WORDS:
            if word in span:
                return kind
    return None


def _previous_clause_start(text: str, left: int) -> int:
    if left <= 1:
        return left
    return max(text.rfind(ch, 0, left - 1) for ch in _CLAUSE_END) + 1


def _counts(text: str) -> list[Requirement]:
    found = []
    for match in _COUNT.finditer(text):
        if not (match.group("atleast") or match.group("plus")):
            continue
        left, right = _clause(text, match.start(), match.end())
        activity = _activity(text[match.end() : right], text[left : match.start()])
        if activity is None:  # "组织召开…会议，每年至少1次": the activity is named just before
            left = _previous_clause_start(text, left)
            activity = _activity(text[left : match.start()])
        number = match.group("n")
        minimum = int(number) if number.isdigit() else chinese_numeral(number)
        found.append(Requirement("minimum-count", text[left:right], activity, minimum=minimum))
    return found


def _deadlines(text: str) -> list[Requirement]:
    found = []
    for match in _DEADLINE.finditer(text):
        left, right = _sentence(text, match.start(), "；;。")
        whole_left, whole_right = _sentence(text, match.start(), "。")
        whole = text[whole_left:whole_right]
        offset = 1 if "上一年度" in whole or "上年度" in whole else 0
        found.append(
            Requirement(
                "deadline",
                text[match.start() : right],
                _activity(text[left:right]),
                deadline=(int(match.group("m")), int(match.group("d"))),
                year_offset=offset,
            )
        )
        publish = _PUBLISH.search(whole)
        if publish:
            p_left, p_right = _clause(
                text, whole_left + publish.start(), whole_left + publish.end()
            )
            # publishing the report belongs to the reported year: same offset as the report
            found.append(
                Requirement(
                    "minimum-count",
                    text[p_left:p_right],
                    "publication",
                    minimum=1,
                    year_offset=offset,
                )
            )
    return found


def _fixed_dates(text: str) -> list[Requirement]:
    found = []
    for match in _FIXED.finditer(text):
        left, right = _clause(text, match.start(), match.end())
        clause = text[left:right]
        found.append(
            Requirement(
                "fixed-date",
                clause,
                _activity(clause) or "campaign",
                fixed_date=(int(match.group("m")), int(match.group("d"))),
            )
        )
    return found


def _year_end(text: str) -> list[Requirement]:
    found = []
    for match in _YEAR_END.finditer(text):
        left, right = _clause(text, match.start(), match.end())
        found.append(Requirement("minimum-count", text[left:right], "report", minimum=1))
    return found


def extract_requirements(text: str) -> list[Requirement]:
    """All measurable requirements stated in one item's text, in order of appearance."""
    found = _counts(text) + _deadlines(text) + _fixed_dates(text) + _year_end(text)
    return sorted(found, key=lambda req: text.find(req.text))
