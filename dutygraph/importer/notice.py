"""Recognise a covering notice (印发/转发通知) in front of the rules it carries.

Why: a township often receives provincial rules as a notice of its own — 关于转发《…》的通知,
a document number, 各村(社区)、镇级各单位：, 经镇党委、政府同意，现将《…》转发给你们, the issuing
bodies and a date — followed by the rules. That notice is a document in its own right (a
township act with number, issuers and date) which forwards the rules; reading its lines as
"text before the first article" lost all of that to warnings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .listparser import DOC_NUMBER, ends_sentence

_NOTICE_TITLE = re.compile(r"^关于.*(?:印发|转发|下发).*的通知$")
_FORWARDING = re.compile(r"现将《[^》]+》.{0,12}(?:印发|转发|下发)给你们")
_ADDRESSEE = re.compile(r"^各.{1,60}[：:]$")
_DATE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
_QUOTED = re.compile(r"《([^《》]{2,80})》")


@dataclass
class CoveringNotice:
    """What the notice says about itself and what it forwards; lines are 1-based."""

    title: str | None = None
    number: str | None = None
    addressee: str | None = None
    body: list[str] = field(default_factory=list)
    issuers: list[str] = field(default_factory=list)
    date: tuple[int, int, int] | None = None
    forwards: list[str] = field(default_factory=list)
    first_line: int = 0
    last_line: int = 0
    placed: set[int] = field(default_factory=set)  # line numbers that belong to the notice


def find_notice(head: list[tuple[int, str]]) -> CoveringNotice | None:
    """The covering notice among the lines before the first chapter or article, if any.

    ``head`` holds (line number, text) of those non-blank lines. A notice needs a forwarding
    sentence (现将《…》转发给你们) or a 关于…的通知 title, and a date line closing it."""
    texts = [text for _, text in head]
    if not any(_FORWARDING.search(t) or _NOTICE_TITLE.match(t) for t in texts):
        return None
    dates = [k for k, t in enumerate(texts) if _DATE.match(t)]
    if not dates:
        return None
    end = dates[0]
    notice = CoveringNotice(first_line=head[0][0], last_line=head[end][0])
    signature_start = end
    while signature_start > 0 and _signature(texts[signature_start - 1]):
        signature_start -= 1
    for k, (lineno, text) in enumerate(head[: end + 1]):
        notice.placed.add(lineno)
        if _NOTICE_TITLE.match(text) and notice.title is None:
            notice.title = text
            notice.issuers[:0] = [t for t in texts[:k] if _signature(t)]
        elif DOC_NUMBER.match(text) and notice.number is None:
            notice.number = DOC_NUMBER.match(text).group("n")
        elif _ADDRESSEE.match(text) and notice.addressee is None:
            notice.addressee = text
        elif k == end:
            notice.date = tuple(int(x) for x in _DATE.match(text).groups())
        elif k >= signature_start and notice.title is not None:
            notice.issuers.append(text)
        elif notice.title is not None or notice.addressee is not None:
            notice.body.append(text)
    notice.issuers = list(dict.fromkeys(notice.issuers))
    quoted = _QUOTED.findall("\n".join([notice.title or "", *notice.body]))
    notice.forwards = list(dict.fromkeys(quoted))
    return notice


def _signature(text: str) -> bool:
    """A short line naming a body (a 落款 or a line above the title), not a sentence."""
    return len(text) <= 30 and not ends_sentence(text) and "《" not in text
