"""Parse the text of a duty list (职责清单) into a tree of numbered nodes.

Why line-based rather than Markdown: the received files are conversions of printed documents,
so Markdown heading levels are noise, page breaks are runs of blank lines that may cut a sentence
(even inside quotation marks), and sister documents of the same family use other heading
wordings and full-width punctuation. The parser therefore reads enumerators, not markup, and
keeps every non-blank line: each ends up in a node's text, in the document metadata, or in a
warning. It never renumbers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .enumerators import UNKNOWN_MARK, Enumerator, match_enumerator
from .messages import both

_HEADING_MARKS = re.compile(r"^#{1,6}\s*")
# Markdown list bullets ("- (一)…", "* 1.…", "• …") and bold markers (**一、基本原则**):
# markup of a conversion, not text of the document
_BULLET = re.compile(r"^[-*+•·]\s+")
_BOLD = re.compile(r"\*\*|__")
_DOC_NUMBER = re.compile(r"^[（(]?(?P<n>\S{1,20}[〔\[［]\d{4}[〕\]］]\s*\d{1,4}\s*号)[）)]?$")
DOC_NUMBER = _DOC_NUMBER  # a document number line such as 北法委发〔2023〕3号, bracketed or not
# "（2019年11月22日…审议批准　2019年12月3日…发布）" under the title: metadata, not title
_APPROVAL = re.compile(r"^[（(].*\d{4}\s*年.*(?:审议|批准|通过|发布|印发).*[）)]$")
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_TITLE_MAX = 120
_IMPRINT = re.compile(
    r"^(?P<who>.{0,40}?)\s*(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*"
    r"(?P<d>\d{1,2})\s*日\s*(?:印发|发布|制定)?$"
)
PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–－]\s*\d+\s*[-—–－]|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|\d{1,3})\s*$"
)
"""A line that is only a page number, as Chinese offices print them ("— 3 —", "-3-", "第3页",
"第 3 页 共 9 页", "3/9", "3"). In a text export of a printed list it sits between the halves
of a cut sentence: it is removed like a page break (the sentence is rejoined), with a notice."""
_CLOSERS = "”’」』）)】\"'"
TERMINAL = "。；;！？!?：:"


@dataclass
class Diagnostic:
    """Something the reader of the import should know, tied to a line of the input.

    ``kind`` is the machine-readable code; ``message`` is Chinese (what a user reads by
    default) and ``en`` the English wording (``--lang en``), both from importer/messages.py."""

    line: int
    kind: str
    message: str
    severity: str = "warning"  # "warning" or "info"
    en: str = ""
    args: dict = field(default_factory=dict, repr=False)  # the values the messages were filled with

    @classmethod
    def of(cls, line: int, key: str, severity: str = "warning", **args: object) -> Diagnostic:
        """The catalog message ``key`` (kind, or kind/variant) at ``line``."""
        zh, en = both(key, **args)
        return cls(line, key.split("/")[0], zh, severity, en, dict(args))

    def text(self, lang: str = "zh") -> str:
        """The message in the reader's language."""
        return self.en if lang == "en" and self.en else self.message


@dataclass
class Node:
    """A numbered part of the list; ``kind`` and ``code`` are assigned after parsing."""

    style: str
    mark: str
    value: int
    text: str
    first_line: int
    last_line: int
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)
    lead_in: str | None = None
    repaired_lines: list[int] = field(default_factory=list)
    kind: str = ""
    code: str = ""
    role: str | None = None
    simplified: str | None = None  # machine conversion of a Traditional text, for matching
    simplified_lead_in: str | None = None

    @property
    def order(self) -> int:
        """1-based position among its siblings."""
        siblings = self.parent.children if self.parent else [self]
        return siblings.index(self) + 1

    def walk(self):
        """This node and all its descendants, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class ParsedList:
    """The parse of one document: metadata, top-level sections and diagnostics."""

    masthead: str | None = None
    number: str | None = None
    title: str | None = None
    title_line: int | None = None
    preamble: str | None = None
    preamble_lines: tuple[int, int] | None = None
    approval: str | None = None
    approval_line: int | None = None
    imprint: str | None = None
    imprint_line: int | None = None
    date: tuple[int, int, int] | None = None
    issuer_in_imprint: str | None = None
    sections: list[Node] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    line_count: int = 0
    simplified_title: str | None = None  # set when the document is in Traditional characters

    def nodes(self):
        """Every node in document order."""
        for section in self.sections:
            yield from section.walk()


def ends_sentence(text: str) -> bool:
    """True when the text ends with sentence-final punctuation (closing quotes ignored)."""
    stripped = text.rstrip().rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in TERMINAL


def join_continuation(left: str, right: str) -> str:
    """Join a text cut by a page break; CJK needs no space, Latin words do."""
    if left and right and left[-1].isascii() and left[-1].isalnum() and right[0].isascii():
        return f"{left} {right}"
    return left + right


class _Parser:
    """One pass over the lines; keeps the open-node stack and the current text target."""

    def __init__(self, probe: Callable[[str], str] | None = None) -> None:
        self.probe = probe or (lambda text: text)  # the form metadata is recognised in
        self.result = ParsedList()
        self.stack: list[Node] = []
        self.target: Node | None = None  # last node whose text may continue
        self.target_is_lead_in = False
        self.blank_run = 0

    def warn(self, line: int, key: str, severity: str = "warning", **args: object) -> None:
        self.result.diagnostics.append(Diagnostic.of(line, key, severity, **args))

    def feed(self, lineno: int, raw: str) -> None:
        line = raw.strip()
        if not line:
            self.blank_run += 1
            return
        if PAGE_NUMBER.match(line):
            self.warn(lineno, "page-number-removed", "info", text=line)
            self.blank_run += 1
            return
        stripped = _HEADING_MARKS.sub("", line).strip()
        stripped = _BOLD.sub("", _BULLET.sub("", stripped)).strip()
        if stripped:
            self._line(lineno, stripped)
        self.blank_run = 0

    def _line(self, lineno: int, line: str) -> None:
        if self.result.imprint is not None:
            self._after_imprint(lineno, line)
            return
        enum = match_enumerator(line)
        if enum is not None:
            self._open(lineno, enum)
        elif self._metadata(lineno, line):
            return
        else:
            self._paragraph(lineno, line)

    def _metadata(self, lineno: int, line: str) -> bool:
        r, probe = self.result, self.probe(line)
        if not r.sections:
            if r.title is None and r.masthead is None and probe.endswith("文件") and len(line) < 40:
                r.masthead = line
                return True
            number = _DOC_NUMBER.match(probe)
            if r.number is None and number:
                r.number = _span(line, probe, number, "n")
                return True
            if r.title is None and "职责清单" in probe and self._title(lineno, line):
                return True
            if r.title and r.approval is None and not r.preamble and _APPROVAL.match(probe):
                self._approval(lineno, line)
                return True
        imprint = _IMPRINT.match(probe)
        if imprint and (r.sections or r.title):
            r.imprint, r.imprint_line = line, lineno
            r.issuer_in_imprint = _span(line, probe, imprint, "who").strip() or None
            r.date = (int(imprint.group("y")), int(imprint.group("m")), int(imprint.group("d")))
            return True
        return False

    def _title(self, lineno: int, line: str) -> bool:
        """A title line; a title printed on several lines arrives here as its last line, the
        earlier ones having been taken for an unfinished preamble sentence: take them back."""
        r = self.result
        if not r.preamble:
            if len(line) >= _TITLE_MAX:
                return False
            r.title, r.title_line = line, lineno
            return True
        head = r.preamble
        if "\n" in head or ends_sentence(head) or len(head) + len(line) >= _TITLE_MAX:
            return False
        r.title = join_continuation(head, line)
        r.title_line = r.preamble_lines[0] if r.preamble_lines else lineno
        r.preamble, r.preamble_lines = None, None
        return True

    def _approval(self, lineno: int, line: str) -> None:
        """The bracketed approval line; its last date is the date of publication (发布)."""
        r = self.result
        r.approval, r.approval_line = line, lineno
        dates = _DATE.findall(line)
        if dates and r.date is None:
            r.date = tuple(int(x) for x in dates[-1])

    def _after_imprint(self, lineno: int, line: str) -> None:
        r = self.result
        r.imprint = f"{r.imprint}\n{line}"
        self.warn(lineno, "after-imprint")

    def _open(self, lineno: int, enum: Enumerator) -> None:
        node = Node(enum.style, enum.mark, enum.value, enum.rest, lineno, lineno)
        if enum.style == "section":
            self.stack.clear()
        else:
            for depth, open_node in enumerate(self.stack):
                if open_node.style == enum.style:
                    del self.stack[depth:]
                    break
        if self.stack:
            node.parent = self.stack[-1]
            node.parent.children.append(node)
        elif enum.style == "section":
            self.result.sections.append(node)
        else:
            self._orphan(lineno, node)
        self.stack.append(node)
        self.target, self.target_is_lead_in = node, False

    def _orphan(self, lineno: int, node: Node) -> None:
        """A numbered item before any section: give it an implicit section so nothing is lost."""
        implicit = Node("section", "", 0, "", lineno, lineno)
        self.result.sections.append(implicit)
        node.parent = implicit
        implicit.children.append(node)
        self.stack.append(implicit)
        self.warn(lineno, "unknown-section/orphan")

    def _paragraph(self, lineno: int, line: str) -> None:
        target = self.target
        if target is None:
            self._preamble(lineno, line)
        elif (
            target.style == "section"
            and not self.target_is_lead_in
            and target.lead_in is None
            and not target.children
        ):
            target.lead_in = line
            target.last_line = lineno
            self.target_is_lead_in = True
        else:
            current = (target.lead_in or "") if self.target_is_lead_in else target.text
            if UNKNOWN_MARK.match(line):
                joined = f"{current}\n{line}"
                self.warn(lineno, "unplaced-line", mark=target.mark)
            elif not ends_sentence(current):
                joined = join_continuation(current, line)
                if self.blank_run:
                    target.repaired_lines.append(lineno)
                    self.warn(lineno, "page-break-repaired", "info", mark=target.mark)
            else:
                joined = f"{current}\n{line}"
                self.warn(lineno, "unnumbered-paragraph", mark=target.mark)
            if self.target_is_lead_in:
                target.lead_in = joined
            else:
                target.text = joined
            target.last_line = lineno

    def _preamble(self, lineno: int, line: str) -> None:
        r = self.result
        if r.preamble is None:
            r.preamble, r.preamble_lines = line, (lineno, lineno)
            return
        if ends_sentence(r.preamble):
            r.preamble = f"{r.preamble}\n{line}"
        else:
            r.preamble = join_continuation(r.preamble, line)
        r.preamble_lines = (r.preamble_lines[0] if r.preamble_lines else lineno, lineno)


def _span(line: str, probe: str, found: re.Match[str], group: str) -> str:
    """A group matched in the probe (the Simplified form), taken from the line as written."""
    if len(line) != len(probe):
        return found.group(group)
    return line[found.start(group) : found.end(group)]


def parse_lines(lines: list[str], probe: Callable[[str], str] | None = None) -> ParsedList:
    """Parse decoded lines into a ParsedList (structure only; kinds come from classify).

    ``probe`` gives the form in which metadata lines are recognised (the Simplified conversion
    of a Traditional document); what is stored is always the line as written."""
    parser = _Parser(probe)
    for lineno, raw in enumerate(lines, start=1):
        parser.feed(lineno, raw)
    parser.result.line_count = len(lines)
    _check_ending(parser.result)
    return parser.result


def _check_ending(result: ParsedList) -> None:
    """Warn when the list seems cut off: a last heading with nothing under it, or a last item
    that stops mid-sentence while the item before it ends one (a truncated copy or export)."""
    if not result.sections:
        return
    last_section = result.sections[-1]
    if last_section.mark and not last_section.children and not last_section.lead_in:
        result.diagnostics.append(
            Diagnostic.of(last_section.first_line, "empty-last-heading", mark=last_section.mark)
        )
        return
    last = list(last_section.walk())[-1]
    if last is last_section or ends_sentence(last.text):
        return
    siblings = last.parent.children if last.parent else []
    before = siblings[siblings.index(last) - 1] if siblings.index(last) else None
    if before is None or ends_sentence(before.text):
        result.diagnostics.append(
            Diagnostic.of(last.last_line, "cut-off-last-item", mark=last.mark)
        )
