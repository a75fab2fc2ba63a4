"""Benchmark: which PDF text extractor reads Chinese duty lists best.

Documents, printed here with reportlab the way an office prints a list: A4, one column, 16 pt,
paragraphs wrapped into justified lines, a two-character first-line indent, a running header
and "— N —" at the foot of every page, items running across pages; in two styles: ``plain``
(a text object a line, justified by character spacing, drawn in reading order) and
``word-like`` (every glyph placed on its own, a title letter-spaced by 4 pt, the page number drawn
first and the header last). Three texts x two fonts x two styles:

- texts: the seed list (data/sources/niuxintuo-2023-25.txt), the same list converted to
  Traditional characters (OpenCC s2t), and the Traditional golden case
  (tests/importer_cases/traditional.txt);
- fonts: reportlab's built-in CID font STSong-Light (not embedded: the reader maps codes
  through the predefined UniGB-UCS2-H CMap) and WenQuanYi Zen Hei
  (/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc, embedded as a subset with a ToUnicode map).

Extractors: pdfminer.six as the importer calls it (dutygraph/importer/pdf.py, LAParams
line_margin=0.3), pypdf ``extract_text()``, pdfplumber ``extract_text()`` (defaults), and
PyMuPDF ``get_text()`` (measured only: AGPL, not a candidate dependency).

Measures, per extractor and document, against what was drawn on each page:

- character accuracy: difflib ratio of the page's text with all white space removed (so
  spaces and line breaks do not count here), and the characters in non-matching stretches;
- lines: drawn lines found as a whole line of the extraction (white space ignored), and
  order errors (a found line that comes before the line drawn above it);
- spurious spaces: ASCII spaces between two CJK characters, beyond those drawn;
- the import: the items and texts (and the list's title) the importer gets through this
  extractor, compared with the import of the text file (for the importer now, with its
  putting wrapped paragraphs back together, importer/pdf.py ``_unwrap``);
- time per page (median of 3 runs over the whole document).

Run: ``.venv/bin/python bench/bench_pdf.py`` (pypdf, pdfplumber and pymupdf in the venv;
they are not dependencies). Writes bench/results/pdf-libraries.md.
"""

from __future__ import annotations

import difflib
import io
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).parent))
from results_file import write_results

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "sources" / "niuxintuo-2023-25.txt"
TRADITIONAL = ROOT / "tests" / "importer_cases" / "traditional.txt"
WQY = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
CJK = r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]"
SPURIOUS = re.compile(f"(?<={CJK}) +(?={CJK})")
PAGE_W, PAGE_H, MARGIN, SIZE, LEADING = 595.0, 842.0, 72.0, 16.0, 26.0


def paragraphs(text: str) -> list[str]:
    """The list's non-blank lines (Markdown heading marks off), one paragraph each."""
    return [line.lstrip("#").strip() for line in text.splitlines() if line.strip()]


def wrap(paragraph: str, width_of: Callable[[str], float], width: float) -> list[str]:
    """Greedy CJK wrapping: as many characters as fit, the first line indented by two."""
    lines, current, room = [], "", width - 2 * SIZE
    for char in paragraph:
        if current and width_of(current + char) > room:
            lines.append(current)
            current, room = "", width
        current += char
    lines.append(current)
    return lines


def print_pdf(
    text: str, font: str, header: str, style: str = "plain"
) -> tuple[bytes, list[list[str]]]:
    """The PDF and, per page, the lines drawn on it (header, body lines, page number).

    ``plain``: one text object a line, justified by character spacing, drawn top to bottom.
    ``word-like``: as word processors export: every glyph placed on its own (justified by
    position), the title letter-spaced by a quarter of a character, and the page number drawn first
    and the running header last in the page's content stream (reading order ≠ drawing
    order)."""
    glyphs = style == "word-like"
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfgen import canvas

    def width_of(s: str) -> float:
        return pdfmetrics.stringWidth(s, font, SIZE)

    out = io.BytesIO()
    sheet = canvas.Canvas(out, pagesize=(PAGE_W, PAGE_H))
    body = PAGE_W - 2 * MARGIN
    drawn: list[list[str]] = []
    page: list[str] = []
    y = 0.0

    def furniture(number: str, first: bool) -> None:
        """Page number and running header, in the order the style draws them."""
        if first == glyphs:
            sheet.setFont(font, 12)
            sheet.drawCentredString(PAGE_W / 2, 40, number)
        if first != glyphs:
            sheet.setFont(font, 10.5)
            sheet.drawString(MARGIN, PAGE_H - 45, header)

    def new_page(last: bool = False) -> None:
        nonlocal page, y
        number = f"— {len(drawn) + 1} —"
        furniture(number, first=False)
        drawn.append([header, *page, number])
        sheet.showPage()
        if not last:
            furniture(f"— {len(drawn) + 1} —", first=True)
        page, y = [], PAGE_H - MARGIN - SIZE

    page, y = [], PAGE_H - MARGIN - SIZE
    furniture("— 1 —", first=True)
    for paragraph in paragraphs(text):
        title = (
            glyphs and len(paragraph) < 60 and ("职责清单" in paragraph or "職責清單" in paragraph)
        )
        if title:  # letter-spaced by a quarter character, each line centred
            lines = wrap(paragraph, lambda s: width_of(s) + SIZE / 4 * (len(s) - 1), body)
        else:
            lines = wrap(paragraph, width_of, body)
        for k, line in enumerate(lines):
            if y < MARGIN:
                new_page()
            x = MARGIN + (2 * SIZE if k == 0 else 0)
            spacing = 0.0
            if k < len(lines) - 1 and len(line) > 1:  # justify: the slack between characters
                spacing = (body - (x - MARGIN) - width_of(line)) / (len(line) - 1)
            if title:
                spacing = SIZE / 4
                x = (PAGE_W - width_of(line) - spacing * (len(line) - 1)) / 2
            _draw(sheet, font, line, x, y, spacing, glyphs, width_of)
            page.append(line)
            y -= LEADING
    new_page(last=True)
    sheet.save()
    return out.getvalue(), drawn


def _draw(sheet, font, line, x, y, spacing, glyphs, width_of) -> None:
    """One line: a text object with character spacing, or one placement a glyph."""
    if not glyphs:
        obj = sheet.beginText(x, y)
        obj.setFont(font, SIZE)
        obj.setCharSpace(spacing)
        obj.textOut(line)
        sheet.drawText(obj)
        return
    sheet.setFont(font, SIZE)
    for char in line:
        sheet.drawString(x, y, char)
        x += width_of(char) + spacing


# --- extractors: PDF bytes → one list of lines per page ---------------------------------


def by_pdfminer(data: bytes) -> list[list[str]]:
    """The importer's pdfminer call as it was: pdfminer's default word_margin=0.1."""
    from dutygraph.importer.pdf import _pages

    return _pages(data, "bench.pdf", word_margin=0.1, unwrap=False)


def by_pdfminer_wide(data: bytes) -> list[list[str]]:
    """The importer's pdfminer call now: word_margin=0.5 (printed lines, as drawn)."""
    from dutygraph.importer.pdf import _pages

    return _pages(data, "bench.pdf", word_margin=0.5, unwrap=False)


def importer_pages(data: bytes) -> list[list[str]]:
    """What the importer reads now: also wrapped paragraphs put back together."""
    from dutygraph.importer.pdf import _pages

    return _pages(data, "bench.pdf")


def by_pypdf(data: bytes) -> list[list[str]]:
    from pypdf import PdfReader

    return [(p.extract_text() or "").splitlines() for p in PdfReader(io.BytesIO(data)).pages]


def by_pdfplumber(data: bytes) -> list[list[str]]:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [(p.extract_text() or "").splitlines() for p in pdf.pages]


def by_pymupdf(data: bytes) -> list[list[str]]:
    import pymupdf

    with pymupdf.open(stream=data, filetype="pdf") as doc:
        return [page.get_text("text").splitlines() for page in doc]


NOW = "pdfminer.six word_margin=0.5 (importer now)"
EXTRACTORS = {
    "pdfminer.six (importer before)": by_pdfminer,
    NOW: by_pdfminer_wide,
    "pypdf": by_pypdf,
    "pdfplumber": by_pdfplumber,
    "PyMuPDF (AGPL, measured only)": by_pymupdf,
}


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def page_scores(drawn: list[str], got: list[str]) -> dict:
    truth, found = _squash("".join(drawn)), _squash("".join(got))
    matcher = difflib.SequenceMatcher(None, truth, found, autojunk=False)
    wrong = sum(
        max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"
    )
    keys = [_squash(line) for line in got]
    found = disorder = last = 0
    for line in drawn:  # each drawn line looked for after the previous one, then anywhere
        key = _squash(line)
        after = [k for k in range(last, len(keys)) if keys[k] == key]
        anywhere = [k for k in range(len(keys)) if keys[k] == key]
        if after or anywhere:
            found += 1
            disorder += 0 if after else 1
            last = (after or anywhere)[0] + 1
    text = "\n".join(got)
    return {
        "ratio": matcher.ratio(),
        "wrong": wrong,
        "chars": len(truth),
        "lines": len(drawn),
        "found": found,
        "disorder": disorder,
        "spaces": max(0, len(SPURIOUS.findall(text)) - len(SPURIOUS.findall("\n".join(drawn)))),
    }


def import_matches(source: str, pages: list[list[str]]) -> str:
    """Whether the import through these pages gives the text import's codes and texts."""
    from dutygraph.errors import DutyGraphError
    from dutygraph.importer import pdf
    from dutygraph.importer.document import import_bytes

    def items(data: bytes) -> dict[str, str]:
        parsed = import_bytes(data, name="x.txt", slug="bench").parsed
        return {node.code: node.text for node in parsed.nodes()} | {"(title)": parsed.title}

    original = pdf._pages
    pdf._pages = lambda data, name: pages
    try:
        lines, _ = pdf.pdf_lines(b"", "bench.pdf")
        got = items("\n".join(lines).encode("utf-8"))
    except DutyGraphError as exc:
        return f"refused ({exc.code or 'error'})"
    finally:
        pdf._pages = original
    want = items(source.encode("utf-8"))
    same = sum(1 for code, text in want.items() if got.get(code) == text and code != "(title)")
    title = "title same" if got["(title)"] == want["(title)"] else "title differs"
    return f"{same}/{len(want) - 1}, {title}"


def documents() -> list[tuple[str, str, str, str, str]]:
    """(name, text, font, header, style) for every document printed."""
    from opencc_purepy import OpenCC
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    fonts = ["STSong-Light"]
    if WQY.exists():
        pdfmetrics.registerFont(TTFont("WQY", str(WQY), subfontIndex=0))
        fonts.append("WQY")
    seed = SEED.read_text(encoding="utf-8")
    texts = [
        ("seed", seed, "牛心坨镇党委文件"),
        ("seed, Traditional", OpenCC("s2t").convert(seed), "牛心坨鎮黨委文件"),
        ("traditional case", TRADITIONAL.read_text(encoding="utf-8"), "內部資料"),
    ]
    return [
        (f"{name} / {font} / {style}", text, font, head, style)
        for name, text, head in texts
        for font in fonts
        for style in ("plain", "word-like")
    ]


def main() -> None:
    import importlib.metadata as md

    rows = [
        "| document / font | extractor | char accuracy | chars wrong | lines found "
        "| order errors | spaces in CJK | import: items as text | ms/page |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    totals: dict[str, list[dict]] = {name: [] for name in EXTRACTORS}
    for doc_name, text, font, header, style in documents():
        data, drawn = print_pdf(text, font, header, style)
        for name, extract in EXTRACTORS.items():
            times = []
            for _ in range(3):
                began = time.perf_counter()
                pages = extract(data)
                times.append((time.perf_counter() - began) / len(drawn))
            assert len(pages) == len(drawn), (doc_name, name, len(pages), len(drawn))
            scores = [page_scores(d, g) for d, g in zip(drawn, pages, strict=True)]
            total = {k: sum(s[k] for s in scores) for k in scores[0] if k != "ratio"}
            total["ratio"] = statistics.fmean(s["ratio"] for s in scores)
            total["ms"] = statistics.median(times) * 1000
            totals[name].append(total)
            rows.append(
                f"| {doc_name} ({len(drawn)} pp.) | {name} | {total['ratio']:.4f} "
                f"| {total['wrong']} of {total['chars']} | {total['found']}/{total['lines']} "
                f"| {total['disorder']} | {total['spaces']} "
                f"| {import_matches(text, importer_pages(data) if name == NOW else pages)} "
                f"| {total['ms']:.1f} |"
            )
    rows += ["", "| extractor | mean char accuracy | lines found | spaces in CJK | ms/page |"]
    rows.append("| --- | --- | --- | --- | --- |")
    for name, runs in totals.items():
        found = sum(r["found"] for r in runs) / sum(r["lines"] for r in runs)
        rows.append(
            f"| {name} | {statistics.fmean(r['ratio'] for r in runs):.4f} | {found:.1%} "
            f"| {sum(r['spaces'] for r in runs)} | {statistics.median(r['ms'] for r in runs):.1f} |"
        )
    versions = []
    for dist in ("pdfminer.six", "pypdf", "pdfplumber", "pymupdf", "reportlab"):
        try:
            versions.append(f"{dist} {md.version(dist)}")
        except md.PackageNotFoundError:
            versions.append(f"{dist} (not installed)")
    write_results("pdf-libraries", rows, note="; ".join(versions))


if __name__ == "__main__":
    main()
