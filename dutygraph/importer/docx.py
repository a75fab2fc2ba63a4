"""Read a Word (.docx) duty list as the text the importer reads: one line a paragraph.

Why numbering needs work: in Word the "一、" or "（一）" in front of a heading is often not in
the text at all; Word draws it from the paragraph's numbering (``w:numPr``) and the document's
numbering definitions (numbering.xml: a format such as chineseCounting, a pattern such as
"（%1）", a start value). A reader that takes ``paragraph.text`` alone loses every enumerator and
the list's structure with it. This module renders each numbered paragraph's number the way Word
does (counters per numbering instance and level, deeper levels restarting) and puts it in front
of the text, so the line-based importer sees what the reader of the document sees.

Tables (lists kept as 序号 / 职责 / 依据 columns) become one line a row, the cells joined; page
headers and footers are not part of the body and are never read. python-docx (well kept, the
usual library for .docx) reads the package; numbering.xml is read through its part.
"""

from __future__ import annotations

import io
import zipfile

from ..errors import Location
from .messages import refusal

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CN = "零一二三四五六七八九"


def docx_lines(data: bytes, name: str) -> list[str]:
    """The document's body as lines: paragraphs (numbers rendered) and table rows, in order."""
    try:
        from docx import Document

        document = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise refusal("docx-unreadable", Location(file=name), detail=exc) from None
    numbering = _Numbering(document)
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        if block.tag == f"{_W}p":
            lines.append(numbering.render(block) + _text(block))
        elif block.tag == f"{_W}tbl":
            for row in block.iter(f"{_W}tr"):
                cells = [
                    "".join(_text(p) for p in cell.iter(f"{_W}p")) for cell in row.iter(f"{_W}tc")
                ]
                lines.append(" ".join(c for c in cells if c.strip()))
    return lines


def _text(paragraph) -> str:
    return "".join(node.text or "" for node in paragraph.iter(f"{_W}t"))


class _Numbering:
    """numbering.xml as formats per (numId, level), and the counters Word keeps while drawing."""

    def __init__(self, document) -> None:
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return
        abstract = {}
        for node in root.iter(f"{_W}abstractNum"):
            levels = {}
            for lvl in node.iter(f"{_W}lvl"):
                fmt = _val(lvl.find(f"{_W}numFmt")) or "decimal"
                pattern = _val(lvl.find(f"{_W}lvlText")) or ""
                start = int(_val(lvl.find(f"{_W}start")) or 1)
                levels[int(lvl.get(f"{_W}ilvl"))] = (fmt, pattern, start)
            abstract[node.get(f"{_W}abstractNumId")] = levels
        for num in root.iter(f"{_W}num"):
            ref = _val(num.find(f"{_W}abstractNumId"))
            for level, spec in abstract.get(ref, {}).items():
                self.levels[(num.get(f"{_W}numId"), level)] = spec

    def render(self, paragraph) -> str:
        """The number Word draws in front of this paragraph, or "" when it has none."""
        props = paragraph.find(f"{_W}pPr")
        numpr = props.find(f"{_W}numPr") if props is not None else None
        if numpr is None:
            return ""
        num_id = _val(numpr.find(f"{_W}numId"))
        level = int(_val(numpr.find(f"{_W}ilvl")) or 0)
        spec = self.levels.get((num_id, level))
        if spec is None or num_id == "0":
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[level] = counters.get(level, spec[2] - 1) + 1
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]  # a new item restarts the levels below it
        text = spec[1]
        for k in range(level + 1):
            value = counters.get(k, self.levels.get((num_id, k), spec)[2])
            fmt = self.levels.get((num_id, k), spec)[0]
            text = text.replace(f"%{k + 1}", _format(value, fmt))
        return text


def _val(node) -> str | None:
    return None if node is None else node.get(f"{_W}val")


def _format(value: int, fmt: str) -> str:
    """A counter in Word's number format: decimal, or Chinese counting (一 … 九十九)."""
    if fmt.startswith(("chineseCounting", "ideographTraditional", "taiwaneseCounting")):
        return _chinese(value)
    if fmt == "decimalEnclosedCircle" and 1 <= value <= 20:
        return chr(0x2460 + value - 1)
    return str(value)


def _chinese(value: int) -> str:
    if value < 10:
        return _CN[value]
    tens, ones = divmod(value, 10)
    head = "" if tens == 1 else _CN[tens]
    return f"{head}十{_CN[ones] if ones else ''}"
