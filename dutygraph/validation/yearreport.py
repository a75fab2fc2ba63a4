"""The year's overview as a supervision office reads it: the township × duty matrix (from
validation/overview.py), with counts per row and column, fulfilment rates per township and per
duty group, and records per month; drawn as an HTML fragment with inline SVG charts.

Why a module apart from the matrix: the matrix is the verdict (tested against the shapes);
this is how it is read, sorted and drawn, shared by the web page (server/pages, /overview),
``dutygraph report`` and its XLSX and PDF writers (validation/yearfiles.py). The charts are
plain numbers (:class:`Chart`) so the SVG and the PDF draw the same bars; hand-built SVG keeps
the page free of scripts and of any chart library.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from rdflib import URIRef, Variable

from ..errors import DutyGraphError
from ..namespace import DOC
from ..store.engine import QueryEngine
from .overview import STATUSES, Cell, compute_overview, records_per_month

TITLE_TAIL = "党政主要负责人履行推进法治建设第一责任人职责清单"
"""What every township list's title ends with: dropped so the matrix names the township."""

COLOURS = {"met": "#e6f4ea", "pending": "#fff4d6", "violated": "#fde7e9", "no_record": "#eeeeee"}
"""Cell fills: the site's own (server/static/dutygraph.css), in the page, the XLSX and the PDF."""

INKS = {"met": "#2e7d32", "pending": "#f9a825", "violated": "#c62828", "no_record": "#9e9e9e"}
"""Bar colours of the charts (the fills above are too pale for a bar)."""

SORTS = ("name", "rate", "violated", "no_record", "pending", "met")

WORDS = {
    "zh": {
        "title": "{year} 年度履职总览",
        "as_of": "截至 {as_of}",
        "met": "达标",
        "pending": "待定",
        "violated": "未达标",
        "no_record": "无记录",
        "absent": "清单无此项",
        "township": "乡镇",
        "rate": "达标率",
        "total": "合计",
        "records": "条记录",
        "rows": "问题记录：第 {rows} 行",
        "summary": "{towns} 个乡镇，{duties} 项有明确要求的职责；"
        "达标 {met} 项，未达标 {violated} 项，待定 {pending} 项，"
        "无记录 {no_record} 项；总体达标率 {rate}",
        "rate_rule": "达标率 = 达标项 ÷ 应履行的职责项（待定、无记录均不计为达标）",
        "chart_towns": "各乡镇达标率",
        "chart_towns_low": "达标率最低的 {n} 个乡镇（共 {total} 个）",
        "chart_groups": "各类职责达标率",
        "chart_months": "{year} 年各月履职记录数",
        "month": "{m} 月",
        "groups": {
            "party": "党委主要负责人职责",
            "gov": "政府主要负责人职责",
            "general": "共同职责",
            "discipline": "纪律要求",
        },
        "none": "库中没有乡镇清单",
        "no_date": "无日期",
        "no_evidence": "无证据",
        "wrong_role": "责任人角色不符",
        "outside": "不在本年度",
        "ok": "无问题",
        "sep": "，",
    },
    "en": {
        "title": "Year's overview {year}",
        "as_of": "as of {as_of}",
        "met": "met",
        "pending": "pending",
        "violated": "violated",
        "no_record": "no record",
        "absent": "not in this list",
        "township": "township",
        "rate": "rate",
        "total": "total",
        "records": "records",
        "rows": "rows with problems: {rows}",
        "summary": "{towns} townships, {duties} duties with a measurable requirement; {met} met, "
        "{violated} violated, {pending} pending, {no_record} without records; "
        "overall fulfilment rate {rate}",
        "rate_rule": "rate = duties met ÷ duties due (pending and no record do not count as met)",
        "chart_towns": "Fulfilment rate per township",
        "chart_towns_low": "The {n} townships with the lowest rate (of {total})",
        "chart_groups": "Fulfilment rate per duty group",
        "chart_months": "Records per month, {year}",
        "month": "{m}",
        "groups": {
            "party": "party secretary's duties",
            "gov": "government head's duties",
            "general": "shared duties",
            "discipline": "discipline",
        },
        "none": "no township list in the store",
        "no_date": "no date",
        "no_evidence": "no evidence",
        "wrong_role": "role is neither bearer nor delegate",
        "outside": "outside the year",
        "ok": "no problem",
        "sep": ", ",
    },
}

_TITLES = """
PREFIX dg: <https://w3id.org/dutygraph/ontology#>
PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?document ?title WHERE {
  ?document a dg:DutyList ; dg:level dg:township .
  OPTIONAL { ?document dct:title ?title }
}
"""

_MONTHS = """
PREFIX dg: <https://w3id.org/dutygraph/ontology#>
SELECT ?month (COUNT(DISTINCT ?record) AS ?n) WHERE {
  ?document a dg:DutyList ; dg:level dg:township .
  ?duty dg:inDocument ?document .
  ?record dg:fulfils ?duty ; dg:date ?date .
  FILTER(YEAR(?date) = ?year)
  BIND(MONTH(?date) AS ?month)
} GROUP BY ?month
"""


@dataclass
class TownRow:
    """One township's row: its cells, its counts per status and its fulfilment rate."""

    document: str
    slug: str
    name: str
    cells: dict[str, Cell]
    counts: Counter

    @property
    def rate(self) -> float:
        return rate(self.counts)


@dataclass
class YearView:
    """Everything the page, the workbook and the PDF show, computed once."""

    year: int
    as_of: date
    codes: list[str]
    rows: list[TownRow]
    columns: dict[str, Counter]
    months: Counter = field(default_factory=Counter)

    @property
    def totals(self) -> Counter:
        return sum((r.counts for r in self.rows), Counter())

    def groups(self) -> dict[str, Counter]:
        """Counts per duty group (the code's prefix: party, gov, general, discipline)."""
        out: dict[str, Counter] = {}
        for code, counts in self.columns.items():
            out.setdefault(group_of(code), Counter()).update(counts)
        return out


def rate(counts: Counter) -> float:
    """Met over every duty due (0 when none is)."""
    due = sum(counts[s] for s in STATUSES)
    return counts["met"] / due if due else 0.0


def percent(value: float) -> str:
    return f"{value * 100:.1f}%"


def group_of(code: str) -> str:
    return code.split("-", 1)[0]


def year_view(
    engine: QueryEngine,
    year: int,
    *,
    as_of: date | None = None,
    document: URIRef | None = None,
    sort: str = "name",
) -> YearView:
    """The matrix of every township list (or ``document``) with its counts, names and months."""
    overview = compute_overview(engine, year, as_of=as_of, document=document)
    if document is not None and str(document) not in overview.cells:
        raise DutyGraphError(f"库中没有乡镇清单 {document} (no township list {document})")
    titles = {str(r[0]): str(r[1] or "") for r in engine.query(_TITLES).rows}
    rows = [
        TownRow(doc, _slug(doc), _name(titles.get(doc, ""), doc), cells, overview.row_counts(doc))
        for doc, cells in overview.cells.items()
    ]
    codes = sorted({c for r in rows for c in r.cells}, key=code_key)
    columns = {c: overview.column_counts(c) for c in codes}
    view = YearView(year, overview.as_of, codes, sort_rows(rows, sort), columns)
    view.months = records_per_month(engine, overview)
    return view


def months(engine: QueryEngine, year: int, document: URIRef | None = None) -> Counter:
    """Records per month of ``year`` in the township lists (or one list), as one query: the
    reference the overview's own count (``overview.records_per_month``) is tested against."""
    from rdflib import Literal

    bindings = {Variable("year"): Literal(year)}
    if document is not None:
        bindings[Variable("document")] = document
    answer = engine.query(_MONTHS, bindings=bindings)
    return Counter({int(m): int(n) for m, n in answer.rows if m is not None})


def code_key(code: str) -> tuple:
    """party-2 before party-10: the group, then the number."""
    head, _, tail = code.partition("-")
    digits = "".join(ch for ch in tail if ch.isdigit())
    return (head, int(digits) if digits else 0, tail)


def sort_rows(rows: list[TownRow], key: str) -> list[TownRow]:
    """Rows by name, by rate (worst first) or by a status count (most first)."""
    if key not in SORTS:
        raise DutyGraphError(
            f"排序方式只能是 {'、'.join(SORTS)} (sort must be one of {', '.join(SORTS)})"
        )
    by_name = sorted(rows, key=lambda r: (r.slug != "", r.slug))
    if key == "name":
        return by_name
    if key == "rate":
        return sorted(by_name, key=lambda r: r.rate)
    return sorted(by_name, key=lambda r: -r.counts[key])


def _slug(document: str) -> str:
    return document[len(str(DOC)) :] if document.startswith(str(DOC)) else document


def _name(title: str, document: str) -> str:
    short = title.replace(TITLE_TAIL, "").strip()
    return short or _slug(document)


@dataclass
class RecordLine:
    """One record behind a cell, with what is wrong with it (the rows the matrix links to)."""

    row: int | None
    day: str
    description: str
    role: str
    problems: list[str]


def cell_records(
    engine: QueryEngine, document: URIRef, code: str, year: int, window: set[int] | None = None
) -> list[RecordLine]:
    """The records of one township's duty, as the overview judged them: no date, no evidence,
    a role that is neither bearer nor delegate (the record shapes' rules); records dated
    outside ``window`` (default: the year and the next, where offset reports fall) are left out."""

    from ..sparql.catalog import answer, catalog

    window = window or {year, year + 1}
    query = catalog("overview")["cell-records"]
    folded: dict[str, list] = {}
    # columns: document code duty record date desc role row kind evidence bearer delegate any
    for r in answer(engine, query, {"document": str(document), "code": code}).rows:
        ok = r[10] is not None or r[11] is not None or r[12] is None
        seen = folded.setdefault(str(r[3]), [r[3], r[4], r[5], r[6], r[7], r[9], False])
        seen[6] = seen[6] or ok
    lines = []
    for _, day, desc, role, row, evidence, role_ok in folded.values():
        when = day.toPython() if day is not None else None
        if isinstance(when, date) and when.year not in window:
            continue
        problems = [
            name
            for name, bad in (
                ("no_date", not isinstance(when, date)),
                ("no_evidence", evidence is None),
                ("wrong_role", role is None or not role_ok),
            )
            if bad
        ]
        lines.append(
            RecordLine(
                int(row) if row is not None else None,
                str(day or ""),
                str(desc or ""),
                str(role or ""),
                problems,
            )
        )
    return sorted(lines, key=lambda x: (x.row is None, x.row or 0, x.day))


# --- charts: numbers first, then SVG -----------------------------------------------------


@dataclass
class Chart:
    """A bar chart as numbers: what the SVG and the PDF both draw."""

    key: str
    title: str
    bars: list[tuple[str, float, str]]  # label, value, ink
    top: float
    unit: str  # "%" (values 0..1 shown as percent) or "" (counts)


TOWN_BARS = 20
"""More townships than this: the chart shows the lowest rates (a thousand bars say nothing)."""


def charts(view: YearView, lang: str = "zh") -> list[Chart]:
    """Fulfilment rate per township and per duty group, records per month."""
    w = WORDS[lang]
    worst = sorted(view.rows, key=lambda r: (r.rate, r.slug))[:TOWN_BARS]
    title = (
        w["chart_towns"]
        if len(view.rows) <= TOWN_BARS
        else w["chart_towns_low"].format(n=TOWN_BARS, total=len(view.rows))
    )
    towns = Chart("towns", title, [(r.name, r.rate, _ink(r.rate)) for r in worst], 1.0, "%")
    group_counts = view.groups()
    groups = Chart(
        "groups",
        w["chart_groups"],
        [
            (w["groups"].get(g, g), rate(c), _ink(rate(c)))
            for g, c in sorted(group_counts.items(), key=lambda kv: _GROUP_ORDER.get(kv[0], 9))
        ],
        1.0,
        "%",
    )
    counts = [view.months.get(m, 0) for m in range(1, 13)]
    month_chart = Chart(
        "months",
        w["chart_months"].format(year=view.year),
        [(w["month"].format(m=m), n, "#1a73e8") for m, n in zip(range(1, 13), counts, strict=True)],
        float(max(counts) or 1),
        "",
    )
    return [towns, groups, month_chart]


_GROUP_ORDER = {"party": 0, "gov": 1, "general": 2, "discipline": 3}


def _ink(value: float) -> str:
    if value >= 0.9:
        return INKS["met"]
    return INKS["pending"] if value >= 0.6 else INKS["violated"]


def bar_label(chart: Chart, value: float) -> str:
    return percent(value) if chart.unit == "%" else f"{value:g}"


def chart_svg(chart: Chart) -> str:
    """A horizontal bar chart as inline SVG: one row a bar, the value written at its end."""
    esc = html.escape
    label_w, bar_w, row_h, top = 260, 360, 22, 30
    height = top + row_h * len(chart.bars) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="chart-{chart.key}" '
        f'width="{label_w + bar_w + 70}" height="{height}" role="img" '
        f'aria-label="{esc(chart.title)}">',
        f'<text x="0" y="18" font-size="15" font-weight="bold">{esc(chart.title)}</text>',
    ]
    for i, (label, value, ink) in enumerate(chart.bars):
        y = top + i * row_h
        width = round(bar_w * (value / chart.top if chart.top else 0), 1)
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 15}" font-size="12" text-anchor="end">'
            f"{esc(label[:24])}</text>"
            f'<rect x="{label_w}" y="{y + 3}" width="{width}" height="{row_h - 6}" fill="{ink}">'
            f"<title>{esc(label)}: {esc(bar_label(chart, value))}</title></rect>"
            f'<text x="{label_w + width + 4}" y="{y + 15}" font-size="12">'
            f"{esc(bar_label(chart, value))}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


# --- the HTML fragment -------------------------------------------------------------------

Link = Callable[..., str] | None


def overview_html(
    view: YearView,
    lang: str = "zh",
    *,
    item_link: Link = None,
    rows_link: Link = None,
    sort_link: Link = None,
) -> str:
    """The summary, the matrix (counts per row and column) and the charts, every value
    escaped. The page passes links (``item_link(code, slug)``, ``rows_link(code, slug)``,
    ``sort_link(key)``); the standalone file has none."""
    w = WORDS[lang]
    if not view.rows:
        return f'<p id="overview-summary">{html.escape(w["none"])}</p>'
    totals = view.totals
    summary = w["summary"].format(
        towns=len(view.rows),
        duties=len(view.codes),
        rate=percent(rate(totals)),
        **{s: totals[s] for s in STATUSES},
    )
    legend = "".join(f'<span class="{s}">{html.escape(w[s])}</span> ' for s in STATUSES)
    return (
        f'<p id="overview-summary">{html.escape(summary)}</p>'
        f'<p class="legend">{legend}<small>{html.escape(w["rate_rule"])}</small></p>'
        + _matrix(view, w, item_link, rows_link, sort_link)
        + '<div class="charts">'
        + "".join(chart_svg(c) for c in charts(view, lang))
        + "</div>"
    )


def _matrix(view: YearView, w: dict, item_link: Link, rows_link: Link, sort_link: Link) -> str:
    esc = html.escape

    def head(text: str, key: str | None) -> str:
        if sort_link is None or key is None:
            return f"<th>{esc(text)}</th>"
        return f'<th><a href="{esc(sort_link(key))}">{esc(text)} ↕</a></th>'

    codes = "".join(
        f'<th><a href="{esc(item_link(c, None))}">{esc(c)}</a></th>'
        if item_link
        else f"<th>{esc(c)}</th>"
        for c in view.codes
    )
    header = (
        "<tr>"
        + head(w["township"], "name")
        + codes
        + "".join(head(w[s], s) for s in STATUSES)
        + head(w["rate"], "rate")
        + "</tr>"
    )
    body = [_row(r, view.codes, w, item_link, rows_link) for r in view.rows]
    foot = (
        f'<tr class="totals"><th>{esc(w["total"])}</th>'
        + "".join(f"<td>{_counts_html(view.columns[c], w)}</td>" for c in view.codes)
        + "".join(f"<td>{view.totals[s]}</td>" for s in STATUSES)
        + f"<td>{percent(rate(view.totals))}</td></tr>"
    )
    return (
        '<table class="overview" id="overview"><thead>'
        + header
        + "</thead><tbody>"
        + "".join(body)
        + "</tbody><tfoot>"
        + foot
        + "</tfoot></table>"
    )


def _row(row: TownRow, codes: list[str], w: dict, item_link: Link, rows_link: Link) -> str:
    esc = html.escape
    cells = []
    for code in codes:
        cell = row.cells.get(code)
        if cell is None:
            cells.append(f'<td class="absent" title="{esc(w["absent"])}">—</td>')
            continue
        word = esc(w[cell.status])
        if item_link:
            word = f'<a href="{esc(item_link(code, row.slug))}">{word}</a>'
        extra = f" <small>{cell.records}</small>" if cell.records else ""
        if cell.failing_rows:
            rows = w["sep"].join(str(n) for n in cell.failing_rows)
            text = esc(w["rows"].format(rows=rows))
            if rows_link:
                text = f'<a class="rows" href="{esc(rows_link(code, row.slug))}">{text}</a>'
            extra += f"<br><small>{text}</small>"
        cells.append(f'<td class="{cell.status}">{word}{extra}</td>')
    counts = "".join(f"<td>{row.counts[s]}</td>" for s in STATUSES)
    return (
        f'<tr data-slug="{esc(row.slug)}"><th lang="zh">{esc(row.name)}</th>{"".join(cells)}'
        f"{counts}<td>{percent(row.rate)}</td></tr>"
    )


def _counts_html(counts: Counter, w: dict) -> str:
    return "<br>".join(
        f'<span class="{s}">{html.escape(w[s])} {counts[s]}</span>' for s in STATUSES if counts[s]
    )


_STYLE = """body{font-family:"Noto Sans CJK SC","WenQuanYi Zen Hei",sans-serif;margin:2em}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}
.met{background:#e6f4ea}.violated{background:#fde7e9}.pending{background:#fff4d6}
.no_record,.absent{background:#eeeeee}.legend span{padding:0 .5em}
.chart{display:block;margin:1em 0}"""


def render_page(view: YearView, lang: str = "zh") -> str:
    """A self-contained HTML file (``dutygraph report --format html``): no external assets."""
    w = WORDS[lang]
    title = html.escape(w["title"].format(year=view.year))
    as_of = html.escape(w["as_of"].format(as_of=view.as_of.isoformat()))
    return (
        f'<!doctype html><html lang="{"zh-CN" if lang == "zh" else "en"}"><head>'
        f'<meta charset="utf-8"><title>{title}</title><style>{_STYLE}</style></head><body>'
        f"<h1>{title}</h1><p>{as_of}</p>{overview_html(view, lang)}</body></html>"
    )
