"""Resolve what a user types (party-21, 党委(21), 政府（3）, 四(一)) to an item of the graph.

Why: the analysts know the document's own notation; the codes are what URLs and CSV files use.
Both must reach the same item, and a code that does not exist (party-23) must say so plainly,
with the nearest codes that do.
"""

from __future__ import annotations

import difflib
import re

from rdflib import Graph, Literal, URIRef

from ..codes import normalise_code
from ..errors import DutyGraphError
from ..importer.enumerators import CN_NUMERAL, chinese_numeral
from ..namespace import DG

_SECTION_ITEM = re.compile(rf"^({CN_NUMERAL})\s*[(（]\s*({CN_NUMERAL})\s*[)）]$")


def resolve(graph: Graph, text: str, document: URIRef | None = None) -> URIRef:
    """The IRI of the item the user means, or a DutyGraphError naming close matches."""
    found = _SECTION_ITEM.match(text.strip())
    if found:
        return _section_item(
            graph, chinese_numeral(found.group(1)), chinese_numeral(found.group(2)), text, document
        )
    code = normalise_code(text)
    items = [
        s
        for s in graph.subjects(DG.code, Literal(code))
        if document is None or (s, DG.inDocument, document) in graph
    ]
    items = [s for s in items if (s, DG.inDocument, None) in graph]
    if len(items) == 1:
        return items[0]  # type: ignore[return-value]
    if len(items) > 1:
        en = f"code {code!r} exists in several documents; pass --list"
        raise DutyGraphError(f"编码 {code!r} 在多份清单中都有，请用 --list 指定清单 ({en})", en=en)
    known = {str(c) for s, c in graph.subject_objects(DG.code) if (s, DG.inDocument, None) in graph}
    zh, en = _hint(code, known)
    # "中文 (English)": the web pages show the half in the reader's language; --lang en the en
    en = f"no item with code {code!r}{en}"
    raise DutyGraphError(f"清单中没有编码 {code!r}{zh} ({en})", en=en)


def _hint(code: str, known: set[str]) -> tuple[str, str]:
    """Nearest existing codes, in zh and en; for a number the list skips, say so (party-23)."""
    found = re.match(r"^(?P<prefix>[a-z]+(?:-g)?)-?(?P<n>\d+)$", code)
    if found:
        prefix, n = found.group("prefix"), int(found.group("n"))
        prefix = prefix if prefix.endswith("-g") else prefix + "-"
        below, above = f"{prefix}{n - 1}", f"{prefix}{n + 1}"
        if below in known and above in known:
            return (
                f"：清单原文的编号跳过了这一号（{below} 和 {above} 都在）",
                f"; the list's numbering skips it ({below} and {above} exist)",
            )
    close = difflib.get_close_matches(code, sorted(known), n=3)
    if not close:
        return "", ""
    return f"；相近的编码：{'、'.join(close)}", f"; did you mean {', '.join(close)}?"


def _section_item(
    graph: Graph, section: int, item: int, text: str, document: URIRef | None
) -> URIRef:
    query = """SELECT ?item WHERE {
        ?section dg:code ?scode . ?item dg:partOf ?section ; dg:ordinal ?n .
        OPTIONAL { ?item dg:inDocument ?doc } }"""
    rows = [
        row.item
        for row in graph.query(
            query,
            initNs={"dg": DG._NS},
            initBindings={"scode": Literal(f"section-{section}"), "n": Literal(item)},
        )
        if document is None or (row.item, DG.inDocument, document) in graph
    ]
    if len(rows) == 1:
        return rows[0]
    en = f"no single item {text!r} (section {section}, item {item})"
    raise DutyGraphError(
        f"找不到唯一的条目 {text!r}（第 {section} 部分第 {item} 项） ({en})", en=en
    )


def resolve_document(graph: Graph, text: str) -> URIRef:
    """A register document by IRI or by its dg:code (e.g. first-responsible-person-duties)."""
    if text.startswith(("http://", "https://")) and (URIRef(text), DG.code, None) in graph:
        return URIRef(text)
    docs = [
        s for s in graph.subjects(DG.code, Literal(text)) if (s, DG.inDocument, None) not in graph
    ]
    if len(docs) == 1:
        return docs[0]  # type: ignore[return-value]
    known = sorted(
        str(c) for s, c in graph.subject_objects(DG.code) if (s, DG.inDocument, None) not in graph
    )
    close = difflib.get_close_matches(text, known, n=3, cutoff=0.4)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    hint_zh = f"；相近的编码：{'、'.join(close)}" if close else ""
    raise DutyGraphError(
        f"没有编码为 {text!r} 的文件{hint_zh}", en=f"no document with code {text!r}{hint}"
    )
