"""Render a validation report as text (grouped by duty), JSON, Turtle or a standalone HTML page.

Why a module of its own: the supervisors read the text or HTML, scripts read JSON, RDF tools read
the standard sh:ValidationReport (Turtle); all four come from the same ValidationReport.
"""

from __future__ import annotations

import html
import json
from dataclasses import asdict

from .shacl import Entry, ValidationReport

LABELS = {
    "zh": {
        "title": "{year} 年度履职记录核验（截至 {as_of}）",
        "required": "要求",
        "achieved": "已有记录",
        "status": "状态",
        "row": "第 {row} 行",
        "records": "记录问题",
        "met": "达标",
        "violated": "未达标",
        "pending": "待定",
        "violation": "违反",
        "warning": "警告",
        "summary": "违反 {v} 项，警告 {w} 项，待定 {p} 项",
        "conforms": "结论：符合要求",
        "fails": "结论：不符合要求",
        "counted": "计入",
        "none_counted": "无",
        "kinds": {
            "meeting": "会议",
            "lecture": "讲座",
            "report": "报告",
            "publication": "公开",
            "campaign": "宣传",
        },
        "notices": "读取说明",
        "repeat": "与第 {first} 行重复，只计一次",
        "columns": {
            "duty": "职责编码",
            "date": "日期",
            "activity": "开展的活动",
            "role": "责任人角色",
            "evidence": "证据",
            "count": "人数",
            "kind": "活动类型",
        },
        "about_format": "（要求：{text}）",
        "marks": {"colon": "：", "list": "、", "semi": "；", "open": "（", "close": "）"},
    },
    "en": {
        "title": "Fulfilment records {year}, checked as of {as_of}",
        "required": "required",
        "achieved": "records",
        "status": "status",
        "row": "row {row}",
        "records": "records",
        "met": "met",
        "violated": "violated",
        "pending": "pending",
        "violation": "violation",
        "warning": "warning",
        "summary": "{v} violations, {w} warnings, {p} pending",
        "conforms": "conforms",
        "counted": "counted",
        "none_counted": "none",
        "kinds": {
            "meeting": "meeting",
            "lecture": "lecture",
            "report": "report",
            "publication": "publication",
            "campaign": "campaign",
        },
        "notices": "notes on reading",
        "fails": "does not conform",
        "repeat": "repeats row {first}, counted once",
        "columns": {
            "duty": "duty",
            "date": "date",
            "activity": "activity",
            "role": "role",
            "evidence": "evidence",
            "count": "count",
            "kind": "kind",
        },
        "about_format": " (requirement: {text})",
        "marks": {"colon": ": ", "list": ", ", "semi": "; ", "open": " (", "close": ")"},
    },
}


def _where(entry: Entry, words: dict[str, str]) -> str:
    parts = [entry.file or ""]
    if entry.row is not None:
        parts.append(words["row"].format(row=entry.row))
    if entry.column:
        parts.append(words["columns"].get(entry.column, entry.column))
    return " ".join(p for p in parts if p)


def _counts(report: ValidationReport) -> dict[str, int]:
    return {
        k: sum(1 for e in report.entries if e.severity == s)
        for k, s in (("v", "violation"), ("w", "warning"), ("p", "pending"))
    }


def render_text(report: ValidationReport, lang: str = "zh") -> str:
    """Grouped by duty: requirement, achieved, status, then the offending rows."""
    words = LABELS[lang]
    lines = [words["title"].format(year=report.year, as_of=report.as_of), ""]
    if report.notices:
        lines += [f"{words['notices']}:", *(f"  - {n}" for n in report.notices_in(lang)), ""]
    shown: set[int] = set()
    for duty in report.duties:
        lines.append(
            f"{duty.duty}  {words['status']}: {words[duty.status]}  "
            f"{words['achieved']}: {duty.achieved}"
        )
        for detail in duty.details:
            lines.append(f"    {words['required']}: {detail.text}")
            lines.append(f"      {words['counted']}: {_counted(detail, words)}")
        for i, entry in enumerate(report.entries):
            if entry.duty == duty.duty:
                shown.add(i)
                lines.append(_entry_line(entry, words, lang))
    rest = [(i, e) for i, e in enumerate(report.entries) if i not in shown]
    if rest:
        lines += ["", words["records"] + ":"]
        lines += [_entry_line(e, words, lang) for _, e in rest]
    lines += [
        "",
        words["summary"].format(**_counts(report)),
        words["conforms"] if report.conforms else words["fails"],
    ]
    return "\n".join(lines)


def _entry_line(entry: Entry, words: dict, lang: str) -> str:
    where = _where(entry, words)
    duty = f"[{entry.duty}] " if entry.duty else ""
    about = (
        words["about_format"].format(text=entry.requirement_text) if entry.requirement_text else ""
    )
    message = entry.message.get(lang) or next(iter(entry.message.values()), "")
    return f"  - {words[entry.severity]}{about}: {duty}{where + ': ' if where else ''}{message}"


def _counted(detail, words: dict) -> str:
    """Which rows a requirement counted, and the words that made each one of its kind."""
    if not detail.counted:
        return words["none_counted"]
    kind = words["kinds"].get(detail.kind or "", "")
    marks = words["marks"]  # the reader's punctuation around the quoted words
    parts = []
    for row in detail.counted:
        notes = []
        if detail.matched.get(row):
            notes.append(f"{kind}{marks['colon']}{marks['list'].join(detail.matched[row])}")
        if row in detail.repeats:
            notes.append(words["repeat"].format(first=detail.repeats[row]))
        why = f"{marks['open']}{marks['semi'].join(notes)}{marks['close']}" if notes else ""
        parts.append(words["row"].format(row=row) + why)
    return marks["list"].join(parts)


def render_json(report: ValidationReport, lang: str = "zh") -> str:
    """``conforms`` and one entry per result: duty, severity, message, source row and column."""
    return json.dumps(
        {
            "year": report.year,
            "as_of": report.as_of.isoformat(),
            "conforms": report.conforms,
            "counts": _counts(report),
            "notices": report.notices_in(lang),
            "duties": [asdict(d) for d in report.duties],
            "results": [
                {
                    "duty": e.duty,
                    "severity": e.severity,
                    "message": e.message.get(lang) or next(iter(e.message.values()), ""),
                    "messages": e.message,
                    "file": e.file,
                    "row": e.row,
                    "column": e.column,
                    "value": e.value,
                    "requirement_text": e.requirement_text,
                }
                for e in report.entries
            ],
        },
        ensure_ascii=False,
        indent=2,
    )


def render_ttl(report: ValidationReport) -> str:
    """The standard SHACL validation report graph."""
    return report.results.serialize(format="turtle")


_STYLE = """body{font-family:"Noto Sans CJK SC","WenQuanYi Zen Hei",sans-serif;margin:2em}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}
.met{background:#e6f4ea}.violated,.violation{background:#fce8e6}.pending{background:#fef7e0}
.warning{background:#fff4e5}"""


def render_html(report: ValidationReport, lang: str = "zh") -> str:
    """A self-contained page (no external assets), every value HTML-escaped."""
    words = LABELS[lang]
    esc = html.escape
    title = esc(words["title"].format(year=report.year, as_of=report.as_of))
    verdict = words["conforms"] if report.conforms else words["fails"]
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{title}</title><style>{_STYLE}</style></head><body><h1>{title}</h1>"
        f"<p>{esc(words['summary'].format(**_counts(report)))}. {esc(verdict)}</p>"
        f"{report_tables(report, lang)}</body></html>"
    )


def report_tables(report: ValidationReport, lang: str = "zh", item_link=None) -> str:
    """The report's body as HTML: the reader's notices, the duties with what each requirement
    counted, and the results. One rendering for the standalone file (``--format html``) and
    the server's validation page (which passes ``item_link`` to link each duty to its page)."""
    words = LABELS[lang]
    esc = html.escape
    rows = []
    for duty in report.duties:
        code = esc(duty.duty)
        cell = f'<a href="{esc(item_link(duty.duty))}">{code}</a>' if item_link else code
        rows.append(
            f'<tr class="{duty.status}"><td>{cell}</td>'
            f'<td lang="zh">{"<br>".join(_detail_html(d, words) for d in duty.details)}</td>'
            f"<td>{duty.achieved}</td><td>{esc(words[duty.status])}</td></tr>"
        )
    results = []
    for e in report.entries:
        message = e.message.get(lang) or next(iter(e.message.values()), "")
        if e.requirement_text:
            about = words["about_format"].format(text=e.requirement_text).strip()
            message = f"{about} {message}" if lang == "en" else about + message
        results.append(
            f'<tr class="{e.severity}"><td>{esc(words[e.severity])}</td>'
            f"<td>{esc(e.duty or '')}</td><td>{esc(_where(e, words))}</td>"
            f"<td>{esc(message)}</td></tr>"
        )
    notices = (
        f'<h2>{esc(words["notices"])}</h2><ul id="notices">'
        + "".join(f"<li>{esc(n)}</li>" for n in report.notices_in(lang))
        + "</ul>"
        if report.notices
        else ""
    )
    duty_word = "职责" if lang == "zh" else "duty"
    return (
        f'{notices}<table class="duties" id="duties"><tr><th>{duty_word}</th>'
        f"<th>{esc(words['required'])}</th><th>{esc(words['achieved'])}</th>"
        f"<th>{esc(words['status'])}</th></tr>{''.join(rows)}</table>"
        f"<h2>{esc(words['records'])}</h2>"
        f'<table class="results" id="violations">{"".join(results)}</table>'
    )


def _detail_html(detail, words: dict) -> str:
    return (
        f"{html.escape(detail.text)}<br><small>{html.escape(words['counted'])}"
        f"{words['marks']['colon']}"
        f"{html.escape(_counted(detail, words))}</small>"
    )


RENDERERS = {"text": render_text, "json": render_json, "html": render_html}


def render(report: ValidationReport, fmt: str, lang: str) -> str:
    """Dispatch on the requested format."""
    if fmt == "ttl":
        return render_ttl(report)
    return RENDERERS[fmt](report, lang)
