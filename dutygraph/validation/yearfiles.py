"""The year's overview as files an office files: a workbook (XLSX) and a document (PDF).

Why these two: offices keep the year's figures in Excel and file the year-end 述法 report as a
document. Both come from one :class:`YearView` (validation/yearreport.py), with the page's
colours: the workbook has a sheet per view (the matrix with a frozen header, rates per
township and per duty group, records per month); the PDF has the summary, the three charts and
the matrix. The PDF uses reportlab's built-in CID font STSong-Light (Adobe-GB1), which every
PDF reader has, so nothing is embedded and no font file is needed.
"""

from __future__ import annotations

import io

from .overview import STATUSES
from .yearreport import COLOURS, WORDS, YearView, charts, percent, rate

SHEETS = {
    "zh": {
        "matrix": "总览矩阵",
        "towns": "乡镇达标率",
        "groups": "职责类别达标率",
        "months": "月度记录",
    },
    "en": {
        "matrix": "matrix",
        "towns": "rate per township",
        "groups": "rate per group",
        "months": "records per month",
    },
}
HEADS = {
    "zh": {
        "slug": "清单编号",
        "due": "应履行项",
        "group": "职责类别",
        "month": "月份",
        "count": "记录数",
    },
    "en": {
        "slug": "list",
        "due": "due",
        "group": "duty group",
        "month": "month",
        "count": "records",
    },
}


def write_xlsx(view: YearView, lang: str = "zh") -> bytes:
    """The workbook: one sheet per view, the matrix cells filled in the page's colours."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    w, names, heads = WORDS[lang], SHEETS[lang], HEADS[lang]
    fills = {s: PatternFill("solid", fgColor=c.lstrip("#").upper()) for s, c in COLOURS.items()}
    book = Workbook()
    sheet = book.active
    sheet.title = names["matrix"]
    sheet.append([w["township"], heads["slug"], *view.codes, *(w[s] for s in STATUSES), w["rate"]])
    for row in view.rows:
        values = [row.name, row.slug]
        values += [w[row.cells[c].status] if c in row.cells else "—" for c in view.codes]
        values += [row.counts[s] for s in STATUSES] + [row.rate]
        sheet.append(values)
        for j, code in enumerate(view.codes, start=3):
            cell = row.cells.get(code)
            sheet.cell(sheet.max_row, j).fill = fills[cell.status if cell else "no_record"]
        sheet.cell(sheet.max_row, len(values)).number_format = "0.0%"
    totals = view.totals
    sheet.append(
        [w["total"], ""]
        + [met_of(view, c) for c in view.codes]
        + [totals[s] for s in STATUSES]
        + [rate(totals)]
    )
    sheet.cell(sheet.max_row, sheet.max_column).number_format = "0.0%"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "C2"
    sheet.column_dimensions["A"].width = 36
    _rate_sheet(
        book,
        names["towns"],
        [w["township"], heads["slug"]],
        [([r.name, r.slug], r.counts) for r in sorted(view.rows, key=lambda r: (r.rate, r.slug))],
        w,
        heads,
    )
    _rate_sheet(
        book,
        names["groups"],
        [heads["group"]],
        [([w["groups"].get(g, g)], c) for g, c in view.groups().items()],
        w,
        heads,
    )
    months = book.create_sheet(names["months"])
    months.append([heads["month"], heads["count"]])
    for m in range(1, 13):
        months.append([m, view.months.get(m, 0)])
    months.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _rate_sheet(book, title: str, keys: list[str], rows: list, w: dict, heads: dict) -> None:
    sheet = book.create_sheet(title)
    sheet.append([*keys, w["met"], heads["due"], w["rate"]])
    for names, counts in rows:
        sheet.append([*names, counts["met"], sum(counts[s] for s in STATUSES), rate(counts)])
        sheet.cell(sheet.max_row, sheet.max_column).number_format = "0.0%"
    sheet.freeze_panes = "A2"
    sheet.column_dimensions["A"].width = 36


def met_of(view: YearView, code: str) -> str:
    """A column's total: met over the townships whose list has the duty (3/4)."""
    counts = view.columns[code]
    return f"{counts['met']}/{sum(counts.values())}"


FONT = "STSong-Light"


def write_pdf(view: YearView, lang: str = "zh") -> bytes:
    """A landscape A4 document: title, summary, the three charts, the matrix (header repeated
    on every page), every cell in the page's colours."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    w = WORDS[lang]
    title_style = ParagraphStyle("t", fontName=FONT, fontSize=16, leading=22, wordWrap="CJK")
    body = ParagraphStyle("b", fontName=FONT, fontSize=9, leading=13, wordWrap="CJK")
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=landscape(A4), title=w["title"].format(year=view.year))
    story = [
        Paragraph(w["title"].format(year=view.year), title_style),
        Paragraph(w["as_of"].format(as_of=view.as_of.isoformat()), body),
        Spacer(0, 6),
    ]
    if not view.rows:
        story.append(Paragraph(w["none"], body))
        doc.build(story)
        return out.getvalue()
    totals = view.totals
    story.append(
        Paragraph(
            w["summary"].format(
                towns=len(view.rows),
                duties=len(view.codes),
                rate=percent(rate(totals)),
                **{s: totals[s] for s in STATUSES},
            ),
            body,
        )
    )
    story.append(Paragraph(w["rate_rule"], body))
    story += [_chart_drawing(c) for c in charts(view, lang)]
    header = [w["township"], *view.codes, *(w[s] for s in STATUSES), w["rate"]]
    data = [header]
    style = [
        ("FONT", (0, 0), (-1, -1), FONT, 7),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#cccccc")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    for i, row in enumerate(view.rows, start=1):
        data.append(
            [Paragraph(row.name, ParagraphStyle("n", parent=body, fontSize=7, leading=9))]
            + [w[row.cells[c].status] if c in row.cells else "—" for c in view.codes]
            + [row.counts[s] for s in STATUSES]
            + [percent(row.rate)]
        )
        for j, code in enumerate(view.codes, start=1):
            status = row.cells[code].status if code in row.cells else "no_record"
            style.append(("BACKGROUND", (j, i), (j, i), colors.HexColor(COLOURS[status])))
    data.append(
        [w["total"]]
        + [met_of(view, c) for c in view.codes]
        + [totals[s] for s in STATUSES]
        + [percent(rate(totals))]
    )
    widths = [150] + [None] * (len(header) - 1)
    story += [Spacer(0, 8), Table(data, colWidths=widths, repeatRows=1, style=TableStyle(style))]
    doc.build(story)
    return out.getvalue()


def _chart_drawing(chart):
    """The chart's bars as reportlab shapes: the same numbers as the page's SVG."""
    from reportlab.graphics.shapes import Drawing, Rect, String
    from reportlab.lib import colors

    from .yearreport import bar_label

    label_w, bar_w, row_h = 200, 300, 12
    height = 20 + row_h * len(chart.bars)
    drawing = Drawing(label_w + bar_w + 60, height)
    drawing.add(String(0, height - 12, chart.title, fontName=FONT, fontSize=10))
    for i, (label, value, ink) in enumerate(chart.bars):
        y = height - 20 - (i + 1) * row_h
        width = bar_w * (value / chart.top if chart.top else 0)
        drawing.add(
            String(label_w - 4, y + 2, label[:24], fontName=FONT, fontSize=7, textAnchor="end")
        )
        drawing.add(
            Rect(label_w, y + 1, width, row_h - 3, fillColor=colors.HexColor(ink), strokeColor=None)
        )
        drawing.add(
            String(label_w + width + 3, y + 2, bar_label(chart, value), fontName=FONT, fontSize=7)
        )
    return drawing


WRITERS = {"xlsx": write_xlsx, "pdf": write_pdf}
