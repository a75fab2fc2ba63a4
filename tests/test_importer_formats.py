"""Duty lists that arrive as Word documents (issue 14): the numbers Word draws from its
numbering definitions are read, and a .docx made from the seed imports to the same graph as
the seed's text (only the source file's name and hash differ)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree

from dutygraph.errors import DutyGraphError
from dutygraph.importer.document import import_file
from dutygraph.importer.docx import docx_lines

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "sources" / "niuxintuo-2023-25.txt"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
AT = datetime(2026, 1, 1, tzinfo=UTC)


def _abstract(doc, aid: str, fmt: str, pattern: str) -> None:
    xml = (
        f'<w:abstractNum xmlns:w="{W}" w:abstractNumId="{aid}"><w:lvl w:ilvl="0">'
        f'<w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{pattern}"/>'
        "</w:lvl></w:abstractNum>"
    )
    doc.part.numbering_part.element.insert(0, etree.fromstring(xml))


def _num(doc, num_id: int, aid: str) -> None:
    xml = f'<w:num xmlns:w="{W}" w:numId="{num_id}"><w:abstractNumId w:val="{aid}"/></w:num>'
    doc.part.numbering_part.element.append(etree.fromstring(xml))


def _numbered(doc, text: str, num_id: int) -> None:
    from docx.oxml.ns import qn

    paragraph = doc.add_paragraph(text)
    numpr = etree.SubElement(paragraph._p.get_or_add_pPr(), qn("w:numPr"))
    etree.SubElement(numpr, qn("w:ilvl")).set(qn("w:val"), "0")
    etree.SubElement(numpr, qn("w:numId")).set(qn("w:val"), str(num_id))


def word_copy(text: str, path: Path) -> Path:
    """The list as a clerk's Word file: section numbers (一、) and item numbers ((一)) drawn
    by Word's automatic numbering, not typed; a page header the importer must not read."""
    from docx import Document

    doc = Document()
    doc.sections[0].header.paragraphs[0].text = "牛心坨镇 内部资料 — 页眉"
    _abstract(doc, "900", "chineseCounting", "%1、")
    _abstract(doc, "901", "chineseCounting", "(%1)")
    _num(doc, 501, "900")
    items = 600
    section = re.compile(r"^(?:#+\s*)?[一二三四五六七八九十]+、(.*)$")
    item = re.compile(r"^\s*\([一二三四五六七八九十]+\)(.*)$")
    for line in text.split("\n"):
        if found := section.match(line):
            _numbered(doc, found.group(1), 501)
            items += 1
            _num(doc, items, "901")  # each section restarts its (一)
        elif found := item.match(line):
            _numbered(doc, found.group(1), items)
        else:
            doc.add_paragraph(line)
    doc.save(path)
    return path


def _normalised(graph) -> set[tuple[str, str, str]]:
    """The triples with the source file's name made neutral, its hash left out."""
    out = set()
    for s, p, o in graph:
        if str(p).endswith("#sha256"):
            continue
        out.add(
            tuple(re.sub(r"niuxintuo-2023-25\.(txt|docx|pdf)", "SRC", str(x)) for x in (s, p, o))
        )
    return out


def test_a_word_copy_of_the_seed_imports_to_the_same_graph(tmp_path):
    text_copy = tmp_path / "niuxintuo-2023-25.txt"
    text_copy.write_bytes(SEED.read_bytes())
    word = word_copy(SEED.read_text(encoding="utf-8"), tmp_path / "niuxintuo-2023-25.docx")
    from_text = import_file(text_copy, generated_at=AT).graph
    from_word = import_file(word, generated_at=AT).graph
    assert _normalised(from_word) == _normalised(from_text)
    hashes = {str(o) for _, p, o in from_word if str(p).endswith("#sha256")}
    import hashlib

    assert hashes == {hashlib.sha256(word.read_bytes()).hexdigest()}  # the .docx as received


def test_word_numbering_is_drawn_and_headers_are_not_read(tmp_path):
    word = word_copy(
        "### 一、原则\n(一)第一条\n(二)第二条\n## 二、职责\n(一)又从一开始", tmp_path / "t.docx"
    )
    lines = docx_lines(word.read_bytes(), "t.docx")
    assert lines == ["一、原则", "(一)第一条", "(二)第二条", "二、职责", "(一)又从一开始"]
    assert not any("页眉" in line for line in lines)


def test_a_list_kept_as_a_table_becomes_one_line_a_row(tmp_path):
    from docx import Document

    doc = Document()
    doc.add_paragraph("某镇党政主要负责人履行推进法治建设第一责任人职责清单")
    table = doc.add_table(rows=3, cols=3)
    for row, cells in enumerate(
        [
            ("序号", "职责", "依据"),
            ("1", "每年举办2期以上法治专题讲座", "《职责规定》第五条"),
            ("2", "每年至少听取一次法治建设工作汇报", ""),
        ]
    ):
        for col, value in enumerate(cells):
            table.cell(row, col).text = value
    path = tmp_path / "table.docx"
    doc.save(path)
    lines = docx_lines(path.read_bytes(), "table.docx")
    assert lines[1:] == [
        "序号 职责 依据",
        "1 每年举办2期以上法治专题讲座 《职责规定》第五条",
        "2 每年至少听取一次法治建设工作汇报",
    ]


def test_a_file_that_is_not_a_word_document_says_so(tmp_path):
    fake = tmp_path / "清单.docx"
    fake.write_bytes("一、这其实是纯文本".encode())
    with pytest.raises(DutyGraphError) as caught:
        import_file(fake)
    assert "Word" in caught.value.message and caught.value.location.file == str(fake)


# --- PDF with a text layer ----------------------------------------------------------------------

FONT = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")


def printed_copy(text: str, path: Path, *, header: str = "牛心坨镇党委文件（内部）") -> Path:
    """The list as an office prints it to PDF: a running header and "— N —" on every page."""
    from reportlab.lib.pagesizes import A3, landscape
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("WQY", str(FONT), subfontIndex=0))
    lines = [
        line.lstrip("#").strip() if line.startswith("#") else line for line in text.split("\n")
    ]
    width, height = landscape(A3)
    sheet = canvas.Canvas(str(path), pagesize=(width, height))
    for start in range(0, len(lines), 60):
        sheet.setFont("WQY", 9)
        sheet.drawString(40, height - 30, header)
        y = height - 60
        sheet.setFont("WQY", 10)
        for line in lines[start : start + 60]:
            sheet.drawString(40, y, line)
            y -= 12.5
        sheet.setFont("WQY", 9)
        sheet.drawCentredString(width / 2, 25, f"— {start // 60 + 1} —")
        sheet.showPage()
    sheet.save()
    return path


@pytest.fixture
def font():
    if not FONT.exists():
        pytest.skip("fonts-wqy-zenhei is not installed (apt-get install fonts-wqy-zenhei)")


def test_a_printed_pdf_of_the_seed_imports_to_the_same_items(tmp_path, font):
    """The same items, texts, requirements and links as the text: what differs is only the
    text file's page-break notes (its blank lines split sentences; the PDF's lines do not)."""
    from rdflib.namespace import RDF

    from dutygraph.namespace import DG

    text_copy = tmp_path / "niuxintuo-2023-25.txt"
    text_copy.write_bytes(SEED.read_bytes())
    pdf = printed_copy(SEED.read_text(encoding="utf-8"), tmp_path / "niuxintuo-2023-25.pdf")
    from_text = import_file(text_copy, generated_at=AT)
    from_pdf = import_file(pdf, generated_at=AT)

    def without_lines(graph):
        return {tuple(re.sub(r"#line=[\d,]+", "", str(x)) for x in t) for t in _normalised(graph)}

    breaks = {str(n) for n in from_text.graph.subjects(DG.noteKind, DG.pageBreakRepair)}
    missing = without_lines(from_text.graph) - without_lines(from_pdf.graph)
    assert breaks and all(s in breaks or o in breaks for s, _, o in missing), sorted(missing)[:3]
    assert not without_lines(from_pdf.graph) - without_lines(from_text.graph)
    measures = set(from_pdf.graph.subjects(RDF.type, DG.Measure))
    assert len(measures) == 52
    removed = [d.message for d in from_pdf.diagnostics if d.kind == "pdf-furniture"]
    assert "已去掉第 1 页的页码“— 1 —”" in removed and any("页眉" in m for m in removed)


def test_a_scanned_pdf_is_refused_and_says_so(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "扫描件.pdf"
    sheet = canvas.Canvas(str(path))
    sheet.rect(50, 50, 400, 600, fill=1)  # a page that is only a picture
    sheet.showPage()
    sheet.save()
    with pytest.raises(DutyGraphError) as caught:
        import_file(path)
    assert "扫描件" in caught.value.message and caught.value.location.file == str(path)


def test_a_letter_spaced_title_keeps_no_spaces(tmp_path):
    """Word processors print a title letter-spaced, each glyph placed on its own; pdfminer's
    default word_margin (0.1) read the gaps as spaces ('某 镇 党 政 …'), so the title was not
    recognised (bench/bench_pdf.py: 178 such spaces over 12 documents). 0.5 reads it whole."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    source = (ROOT / "tests" / "importer_cases" / "street-level.txt").read_text(encoding="utf-8")
    lines = [line for line in source.splitlines() if line.strip()]
    path = tmp_path / "street.pdf"
    sheet = canvas.Canvas(str(path))
    y = 780.0
    for k, line in enumerate(lines):
        x, spacing = (60.0, 4.0) if k == 0 else (60.0, 0.0)  # the title: 4 pt between glyphs
        sheet.setFont("STSong-Light", 14 if k else 16)
        for char in line:
            sheet.drawString(x, y, char)
            x += pdfmetrics.stringWidth(char, "STSong-Light", 14 if k else 16) + spacing
        y -= 24
    sheet.save()
    result = import_file(path, slug="street")
    assert result.parsed.title == lines[0]


def _justified_pdf(paragraphs: list[str], path: Path, per_line: int = 28) -> Path:
    """A4, 16 pt STSong-Light, each paragraph indented by two characters and wrapped into
    full lines justified to the right edge, as an office prints a list."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    sheet, y, width = canvas.Canvas(str(path)), 780.0, 16.0 * per_line
    for paragraph in paragraphs:
        lines, rest, room = [], paragraph, per_line - 2
        while rest:
            lines.append(rest[:room])
            rest, room = rest[room:], per_line
        for k, line in enumerate(lines):
            x = 60.0 + (32.0 if k == 0 else 0.0)
            text = sheet.beginText(x, y)
            text.setFont("STSong-Light", 16)
            if k < len(lines) - 1:  # a full line: spread to the right edge
                slack = width - (x - 60.0) - pdfmetrics.stringWidth(line, "STSong-Light", 16)
                text.setCharSpace(slack / max(len(line) - 1, 1))
            text.textOut(line)
            sheet.drawText(text)
            y -= 26
    sheet.save()
    return path


def test_a_paragraph_wrapped_just_after_a_full_stop_stays_one_paragraph(tmp_path):
    """A justified line that reaches the right edge goes on in the next line when that starts
    at the left edge with no number, even when the wrap falls just after a 。: the item is
    read as in the text, not as an item plus an 'unnumbered paragraph'."""
    source = (ROOT / "tests" / "importer_cases" / "street-level.txt").read_text(encoding="utf-8")
    first = "（一）坚持党的领导，坚持以人民为中心，依法履职尽责。"
    assert len(first) == 26  # exactly the first printed line: the wrap falls after the 。
    principle = first + "把街道各项工作纳入法治化轨道，推进依法决策、依法管理、依法服务。"
    source = source.replace("（一）坚持党的领导，坚持以人民为中心。", principle)
    paragraphs = [line for line in source.splitlines() if line.strip()]
    paragraphs[0] = "北关街道党政主要负责人履行推进法治建设" + "第一责任人职责清单"
    text = tmp_path / "street.txt"
    text.write_text("\n".join(paragraphs), encoding="utf-8")
    pdf = _justified_pdf(paragraphs, tmp_path / "street.pdf")
    from_text, from_pdf = import_file(text, slug="s"), import_file(pdf, slug="s")
    assert {n.code: n.text for n in from_pdf.parsed.nodes()} == {
        n.code: n.text for n in from_text.parsed.nodes()
    }
    assert not [d for d in from_pdf.warnings if d.kind == "unnumbered-paragraph"]
