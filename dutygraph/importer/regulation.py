"""Import a regulation written in 第X章 / 第X条 / （一） form (规定, 条例, 办法 …).

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

from ..errors import DutyGraphError, Location
from ..namespace import DG
from ..rdfterms import bind_prefixes
from .enumerators import CN_NUMERAL, chinese_numeral
from .listparser import ends_sentence, join_continuation

_CHAPTER = re.compile(rf"^第({CN_NUMERAL})章\s*(.*)$")
_ARTICLE = re.compile(rf"^第({CN_NUMERAL})[条條]\s*(.*)$")  # 條: Traditional
_ITEM = re.compile(rf"^[(（]\s*({CN_NUMERAL})\s*[)）]\s*(.*)$")
_HEADING_MARKS = re.compile(r"^#{1,6}\s*")


def looks_like_regulation(lines: list[str]) -> bool:
    """At least two lines open with 第X条: the regulation form, not a duty list."""
    return sum(1 for line in lines if _ARTICLE.match(_clean(line))) >= 2


def _clean(line: str) -> str:
    return _HEADING_MARKS.sub("", line.strip()).strip()


@dataclass
class Part:
    """A chapter, article or item as read."""

    kind: str  # "chapter" | "article" | "item"
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


def parse_regulation(lines: list[str]) -> ParsedRegulation:
    """Read chapters, articles and items; paragraphs continue the article or item before."""
    title, parts, preamble = None, [], []
    chapter: Part | None = None
    current: Part | None = None
    for lineno, raw in enumerate(lines, start=1):
        line = _clean(raw)
        if not line:
            continue
        for kind, pattern in (("chapter", _CHAPTER), ("article", _ARTICLE), ("item", _ITEM)):
            found = pattern.match(line)
            if found and not (kind == "item" and current is None):
                mark = line[: len(line) - len(found.group(2))].strip()
                part = Part(
                    kind,
                    chinese_numeral(found.group(1)),
                    mark,
                    found.group(2).strip(),
                    lineno,
                    lineno,
                )
                if kind == "chapter":
                    chapter = part
                    parts.append(part)
                elif kind == "article":
                    part.parent = chapter
                    (chapter.children if chapter else parts).append(part)
                else:
                    article = current if current.kind == "article" else current.parent
                    part.parent = article
                    article.children.append(part)
                current = part
                break
        else:
            if current is None:
                if title is None:
                    title = line
                else:
                    preamble.append((lineno, line))
                continue
            glue = join_continuation if not ends_sentence(current.text) else "{}\n{}".format
            current.text = glue(current.text, line)
            current.last_line = lineno
    return ParsedRegulation(title, parts, preamble)


def regulation_graph(
    parsed: ParsedRegulation, *, document: URIRef, source: URIRef, name: str
) -> Graph:
    """Triples for the provisions, named like the register's (art_5, art_5/item_6)."""
    graph = bind_prefixes(Graph())
    articles = [p for p in _walk(parsed.parts) if p.kind == "article"]
    if not articles:
        raise DutyGraphError("not a regulation: no article (第X条) found", Location(file=name))
    for part in _walk(parsed.parts):
        iri = _iri(document, part)
        # Articles hang off the document as in the register (art_5 partOf the document), so an
        # imported text never gives a provision a second parent; a chapter only lists them.
        parent = _iri(document, part.parent) if part.kind == "item" else document
        if part.kind == "article" and part.parent is not None:
            graph.add((_iri(document, part.parent), DCTERMS.hasPart, iri))
        cls = {"chapter": DG.Section, "article": DG.Article, "item": DG.Item}[part.kind]
        siblings = {
            "article": articles,
            "item": part.parent.children if part.parent else [],
            "chapter": [p for p in parsed.parts if p.kind == "chapter"],
        }[part.kind]
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
    if part.kind == "article":
        return URIRef(f"{document}/art_{part.value}")
    return URIRef(f"{_iri(document, part.parent)}/item_{part.value}")


def _code(part: Part) -> str:
    if part.kind == "chapter":
        return f"chp-{part.value}"
    if part.kind == "article":
        return f"art-{part.value}"
    return f"art-{part.parent.value}-{part.value}"


def _label(part: Part) -> str:
    if part.kind == "item":
        return f"第{_cn(part.parent.value)}条{part.mark}"
    return part.mark


def _cn(value: int) -> str:
    digits = "零一二三四五六七八九"
    if value < 10:
        return digits[value]
    tens, ones = divmod(value, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")
