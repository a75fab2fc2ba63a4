"""Read a PDF duty list with a text layer as the lines the importer reads.

Why pdfminer.six: it is the well-kept pure-Python text extractor that pdfplumber itself is
built on, reads CJK text from embedded (subset) fonts, and needs no native library; the layout
analysis keeps one printed line as one line. Printed documents carry furniture the importer must
not take for duty text: page numbers ("— 3 —", "-3-", "第3页", "第 3 页 共 9 页") and a running
header repeated at the top of most pages. Those lines are removed, each with a notice that says
which page, so nothing disappears silently. A PDF whose pages carry no text at all is a scan: it
is refused with a message that says so (OCR first), never imported as an empty list.
"""

from __future__ import annotations

import io
import itertools
from collections import Counter
from typing import NamedTuple

from ..errors import Location
from .enumerators import match_enumerator
from .listparser import PAGE_NUMBER, Diagnostic, join_continuation
from .messages import refusal


def pdf_lines(data: bytes, name: str) -> tuple[list[str], list[Diagnostic]]:
    """The document's lines, page after page, without page numbers and running headers."""
    pages = _pages(data, name)
    if not any(line.strip() for page in pages for line in page):
        raise refusal("pdf-scanned", Location(file=name))
    header = _running_header(pages)
    lines: list[str] = []
    notices: list[Diagnostic] = []
    for number, page in enumerate(pages, start=1):
        for text in page:
            if PAGE_NUMBER.match(text) or (header and text.strip() == header):
                what = "page-number" if PAGE_NUMBER.match(text) else "header"
                notices.append(
                    Diagnostic.of(
                        len(lines) + 1,
                        f"pdf-furniture/{what}",
                        "info",
                        page=number,
                        text=text.strip(),
                    )
                )
                continue
            lines.append(text)
    return lines, notices


WORD_MARGIN = 0.5
"""pdfminer's gap, in character widths, that it reads as a space (its default is 0.1). Chinese
has no spaces between words, and a letter-spaced title (glyphs 4 pt apart at 16 pt) came out
as '某 镇 党 政 …' and was not recognised as a title; 0.5 reads it whole (bench/bench_pdf.py:
178 spurious spaces → 0 over 12 printed lists). Real space glyphs are kept either way; the
cost is a missing space between Latin words set without space glyphs, rare in these lists."""


def _pages(
    data: bytes, name: str, word_margin: float = WORD_MARGIN, unwrap: bool = True
) -> list[list[str]]:
    """Each page's lines in reading order; ``unwrap`` puts wrapped paragraphs back together
    (off only for bench/bench_pdf.py, which counts the printed lines)."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextContainer, LTTextLine
    from pdfminer.pdfparser import PDFSyntaxError

    pages = []
    try:
        for layout in extract_pages(
            io.BytesIO(data), laparams=LAParams(line_margin=0.3, word_margin=word_margin)
        ):
            boxes = [b for b in layout if isinstance(b, LTTextContainer)]
            boxes.sort(key=lambda b: (-b.y1, b.x0))  # top to bottom, then left to right
            rows = [
                _Row(line.get_text().rstrip("\n"), line.x0, line.x1, line.height)
                for box in boxes
                for line in box
                if isinstance(line, LTTextLine)
            ]
            pages.append(_unwrap(rows) if unwrap else [r.text for r in rows])
    except PDFSyntaxError as exc:
        raise refusal("pdf-unreadable", Location(file=name), detail=exc) from None
    return pages


class _Row(NamedTuple):
    """One printed line and where it sits (x from the left edge, size ≈ its font size)."""

    text: str
    x0: float
    x1: float
    size: float


def _unwrap(rows: list[_Row]) -> list[str]:
    """The page's lines, a paragraph wrapped over several printed lines put back together.

    Why: printed lists are justified, so a paragraph runs to the right edge and goes on at
    the left edge of the next line; the importer reads a line ending in 。 as the end of a
    paragraph, and a wrap that fell just after a 。 made a stray "unnumbered paragraph"
    (bench/bench_pdf.py: 1 item in 87). A line is joined to the next when the page is
    justified (a quarter of its lines or more reach the right edge), it reaches that edge, and
    the next starts at the left edge (not indented like a new paragraph) with no number."""
    if not rows:
        return []
    left, right = min(r.x0 for r in rows), max(r.x1 for r in rows)

    def full(row: _Row) -> bool:
        return row.x1 >= right - row.size

    if sum(map(full, rows)) < max(3, len(rows) / 4):
        return [r.text for r in rows]
    lines = [rows[0].text]
    for before, row in itertools.pairwise(rows):
        text = row.text.strip()
        if (
            full(before)
            and row.x0 <= left + row.size / 2
            and text
            and match_enumerator(text) is None
            and not PAGE_NUMBER.match(text)
        ):
            lines[-1] = join_continuation(lines[-1], text)
        else:
            lines.append(row.text)
    return lines


def _running_header(pages: list[list[str]]) -> str | None:
    """A first line repeated at the top of most pages (two pages at least) is a header."""
    if len(pages) < 2:
        return None
    firsts = Counter(page[0].strip() for page in pages if page and page[0].strip())
    line, count = firsts.most_common(1)[0] if firsts else ("", 0)
    return line if count >= 2 and count * 2 > len(pages) else None
