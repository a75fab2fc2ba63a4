"""Import a regulation written in 第X章 / 第X节 / 第X条 / （一） / 1. form (规定, 条例, 办法 …).

章 (chapter) holds 节 (division) or articles, 节 holds articles, an article holds its 项 items
（一）, an item its 目 sub-items 1.; a 款 (unnumbered paragraph) stays in its article's text, one
paragraph a line. A lone article (a 第X条 fragment someone copied out) is a regulation too.

Why: parent texts are not bundled, only their provisions' identities and summaries. A user who
holds an official text can import it; the provisions are minted under the register document's
IRI with the same names (art_5, art_5/item_6), so the text lands on the nodes the derivation
links already point at, and a trace shows it beside the maintainers' summary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from ..errors import Location
from ..namespace import DG
from ..rdfterms import bind_prefixes
from .enumerators import CN_NUMERAL, chinese_numeral
from .listparser import ends_sentence, join_continuation
from .messages import refusal

_CHAPTER = re.compile(rf"^第({CN_NUMERAL})章\s*(.*)$")
_DIVISION = re.compile(rf"^第({CN_NUMERAL})[节節]\s*(.*)$")
_ARTICLE = re.compile(rf"^第({CN_NUMERAL})[条條]\s*(.*)$")  # 條: Traditional
_ITEM = re.compile(rf"^[(（]\s*({CN_NUMERAL})\s*[)）]\s*(.*)$")
_SUBITEM = re.compile(r"^(\d{1,2})\s*[.．、](?!\d)\s*(.*)$")
_LIST_SECTION = re.compile(r"^[一二三四五六七八九十]+\s*[、．.]")
_HEADING_MARKS = re.compile(r"^#{1,6}\s*")


def looks_like_regulation(lines: list[str]) -> bool:
    """Lines open with 第X条: the regulation form, not a duty list. Two articles suffice; a
    single one (a fragment) only when no line opens a duty-list section (一、…)."""
    cleaned = [_clean(line) for line in lines]
    articles = sum(1 for line in cleaned if _ARTICLE.match(line))
    if articles >= 2:
        return True
    return articles == 1 and not any(_LIST_SECTION.match(line) for line in cleaned)


def _clean(line: str) -> str:
    return _HEADING_MARKS.sub("", line.strip()).strip()


@dataclass
class Part:
    """A chapter, article or item as read."""

    kind: str  # "chapter" | "division" | "article" | "item" | "subitem"
    value: int
    mark: str
    text: str
    first_line: int
    last_line: int
    children: list[Part] = field(default_factory=list)
    parent: Part | None = None


@dataclass
class ParsedRegulation:
    """Title (first plain line, if any), chapters or a flat list of articles, extra lines."""

    title: str | None
    parts: list[Part]
    preamble: list[tuple[int, str]]


_PATTERNS = (
    ("chapter", _CHAPTER),
    ("division", _DIVISION),
    ("article", _ARTICLE),
    ("item", _ITEM),
    ("subitem", _SUBITEM),
)


def parse_regulation(lines: list[str]) -> ParsedRegulation:
    """Read chapters, divisions, articles, items and sub-items; paragraphs continue the part
    before."""
    reader = _Reader()
    for lineno, raw in enumerate(lines, start=1):
        line = _clean(raw)
        if line:
            reader.line(lineno, line)
    return ParsedRegulation(reader.title, reader.parts, reader.preamble)


class _Reader:
    """The open chapter, division and part while reading; where each new part belongs."""

    def __init__(self) -> None:
        self.title: str | None = None
        self.parts: list[Part] = []
        self.preamble: list[tuple[int, str]] = []
        self.chapter: Part | None = None
        self.division: Part | None = None
        self.current: Part | None = None

    def line(self, lineno: int, line: str) -> None:
        for kind, pattern in _PATTERNS:
            found = pattern.match(line)
            parent = self._parent(kind) if found else None
            if found and parent is not False:
                mark = line[: len(line) - len(found.group(2))].strip()
                num = found.group(1)
                value = int(num) if num.isdigit() else chinese_numeral(num)
                part = Part(kind, value, mark, found.group(2).strip(), lineno, lineno)
                part.parent = parent or None
                (parent.children if parent else self.parts).append(part)
                if kind == "chapter":
                    self.chapter, self.division = part, None
                elif kind == "division":
                    self.division = part
                self.current = part
                return
        self._text(lineno, line)

    def _parent(self, kind: str) -> Part | bool | None:
        """The part a new one of ``kind`` goes under; None: top level; False: not a part here."""
        if kind == "chapter":
            return None
        if kind == "division":
            return self.chapter
        if kind == "article":
            return self.division or self.chapter
        wanted = "article" if kind == "item" else "item"
        node = self.current
        while node is not None and node.kind != wanted:
            node = node.parent if node.kind in ("item", "subitem") else None
        return node if node is not None else False

    def _text(self, lineno: int, line: str) -> None:
        current = self.current
        if current is None:
            if self.title is None:
                self.title = line
            else:
                self.preamble.append((lineno, line))
            return
        glue = join_continuation if not ends_sentence(current.text) else "{}\n{}".format
        current.text = glue(current.text, line)
        current.last_line = lineno


def regulation_graph(
    parsed: ParsedRegulation, *, document: URIRef, source: URIRef, name: str
) -> Graph:
    """Triples for the provisions, named like the register's (art_5, art_5/item_6)."""
    graph = bind_prefixes(Graph())
    articles = [p for p in _walk(parsed.parts) if p.kind == "article"]
    if not articles:
        raise refusal("not-a-regulation", Location(file=name))
    for part in _walk(parsed.parts):
        iri = _iri(document, part)
        # Articles hang off the document as in the register (art_5 partOf the document), so an
        # imported text never gives a provision a second parent; a chapter only lists them.
        nested = part.kind in ("item", "subitem")
        parent = _iri(document, part.parent) if nested else document
        if part.kind in ("article", "division") and part.parent is not None:
            graph.add((_iri(document, part.parent), DCTERMS.hasPart, iri))
        cls = {
            "chapter": DG.Section,
            "division": DG.Section,
            "article": DG.Article,
            "item": DG.Item,
            "subitem": DG.Item,
        }[part.kind]
        if part.kind == "article":
            siblings = articles
        elif part.kind == "chapter":
            siblings = [p for p in parsed.parts if p.kind == "chapter"]
        else:
            around = part.parent.children if part.parent else parsed.parts
            siblings = [p for p in around if p.kind == part.kind]
        graph.add((iri, RDF.type, cls))
        graph.add((iri, DG.code, Literal(_code(part))))
        graph.add((iri, DG.inDocument, document))
        graph.add((iri, DG.partOf, parent))
        graph.add((iri, DG.order, Literal(siblings.index(part) + 1)))
        graph.add((iri, DG.ordinal, Literal(part.value)))
        graph.add((iri, DG.numberAsWritten, Literal(part.mark)))
        graph.add((iri, RDFS.label, Literal(_label(part), lang="zh")))
        graph.add(
            (iri, DCTERMS.source, URIRef(f"{source}#line={part.first_line - 1},{part.last_line}"))
        )
        if part.text:
            graph.add((iri, DG.text, Literal(part.text, lang="zh")))
    return graph


def _walk(parts: list[Part]):
    for part in parts:
        yield part
        yield from _walk(part.children)


def _iri(document: URIRef, part: Part) -> URIRef:
    if part.kind == "chapter":
        return URIRef(f"{document}/chp_{part.value}")
    if part.kind == "division":
        where = _iri(document, part.parent) if part.parent else document
        return URIRef(f"{where}/sec_{part.value}")
    if part.kind == "article":
        return URIRef(f"{document}/art_{part.value}")
    if part.kind == "subitem":
        return URIRef(f"{_iri(document, part.parent)}/sub_{part.value}")
    return URIRef(f"{_iri(document, part.parent)}/item_{part.value}")


def _code(part: Part) -> str:
    if part.kind == "chapter":
        return f"chp-{part.value}"
    if part.kind == "division":
        return f"{_code(part.parent)}-sec-{part.value}" if part.parent else f"sec-{part.value}"
    if part.kind == "article":
        return f"art-{part.value}"
    return f"{_code(part.parent)}-{part.value}"


def _label(part: Part) -> str:
    if part.kind in ("item", "subitem"):
        return f"{_label(part.parent)}{part.mark}"
    if part.kind == "article":
        return f"第{_cn(part.value)}条" if part.mark.startswith("第") else part.mark
    if part.kind == "division" and part.parent is not None:
        return f"{part.parent.mark}{part.mark}"
    return part.mark


def _cn(value: int) -> str:
    digits = "零一二三四五六七八九"
    if value < 10:
        return digits[value]
    tens, ones = divmod(value, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")
