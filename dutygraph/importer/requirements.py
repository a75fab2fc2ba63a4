"""Extract the measurable requirements a duty's text states.

Why patterns over the verbatim text: supervisors validate fulfilment records against these
numbers (at least N a year, before 1 March of the following year, on 12·4), so each requirement
keeps the exact clause it came from (``text``) and only what the clause says; nothing is added
from parent regulations (the seed drops the central 1 April publication deadline, and so do we).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

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
_REPORT_DUTY = re.compile(r"应当[^，。；]{0,30}报告")
_ANNUAL_PUBLICATION = re.compile(r"(?:制定并|编制并)?公布年度[^，。；、]{1,24}")

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
    ("公布", "publication"),
)

# keyword → addressee of a report: every match counts. Why only these words: "法治政府建设情况"
# names a government too, so a bare "政府" would make every report one to a government.
ADDRESSEE_WORDS: tuple[tuple[str, str], ...] = (
    ("党委", "townPartyCommittee"),
    ("镇人大", "townCongress"),
    ("乡人大", "townCongress"),
    ("人大主席团", "townCongress"),
    ("上一级政府", "higherGovernment"),
    ("上级政府", "higherGovernment"),
    ("督察", "higherInspection"),
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
    addressees: tuple[str, ...] = ()  # a report's addressees (ADDRESSEE_WORDS), in order


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


def addressees_in(
    text: str,
    words: tuple[tuple[str, str], ...] = ADDRESSEE_WORDS,
    markers: tuple[str, ...] | None = ("向",),
) -> dict:
    """Addressee → the words that named it, read after the first marker ("向"); none without
    a marker, and the whole text when ``markers`` is None (a cell that holds names only).

    Why after a marker: the subject and the meeting come first ("镇政府应当向镇党委…报告";
    "镇党委书记向区政府报告"; "党委会议听取…汇报" is a Party committee's meeting, not a report to
    it), and only what follows "向" (or a clerk's "报送", "抄送") is the body reported to.
    """
    if markers is None:
        span = text
    else:
        found_at = [i for i in (text.find(m) for m in markers) if i != -1]
        if not found_at:
            return {}
        span = text[min(found_at) :]
    found: dict[str, list[str]] = {}
    for word, addressee in words:
        if word in span:
            found.setdefault(addressee, []).append(word)
    return found


def _addressed(req: Requirement) -> Requirement:
    """The requirement with the addressees its own text names, if it is a report."""
    if req.activity != "report" or "向" not in req.text:
        return req
    return replace(req, addressees=tuple(addressees_in(req.text)))


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
        found += _same_deadline(text, match, right, whole_right, offset)
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


def _same_deadline(
    text: str, match: re.Match, right: int, whole_right: int, offset: int
) -> list[Requirement]:
    """Further report duties after a "；" in the same sentence, under the same "每年3月1日前".

    Why: 政府(3) reads "每年3月1日前，镇政府应当向…报告…；镇政府、各行政村应当向上一级政府报告
    …，同时抄送上一级法治督察单位，并…向社会公开。" The date is written once and governs both
    report duties; the second is a requirement of its own (a different addressee). Its text ends
    before the publication clause, which is a requirement of its own too.
    """
    found = []
    start = right + 1
    while start < whole_right:
        end = min([i for i in (text.find(ch, start) for ch in "；;") if i != -1] or [whole_right])
        end = min(end, whole_right)
        part = text[start:end]
        publish = _PUBLISH.search(part)
        if publish:
            part = part[: max(part.rfind(ch, 0, publish.start()) for ch in "，,")].rstrip()
        if _REPORT_DUTY.search(part) and not _DEADLINE.search(part):
            deadline = (int(match.group("m")), int(match.group("d")))
            found.append(
                Requirement("deadline", part, "report", deadline=deadline, year_offset=offset)
            )
        start = end + 1
    return found


def _annual_publications(text: str) -> list[Requirement]:
    """ "组织制定并公布年度重大行政决策目录": a catalogue published once a year (政府(6))."""
    found = []
    for match in _ANNUAL_PUBLICATION.finditer(text):
        left, right = _clause(text, match.start(), match.end())
        found.append(Requirement("minimum-count", text[left:right], "publication", minimum=1))
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
    found = (
        _counts(text)
        + _deadlines(text)
        + _fixed_dates(text)
        + _year_end(text)
        + _annual_publications(text)
    )
    return sorted((_addressed(req) for req in found), key=lambda req: text.find(req.text))
