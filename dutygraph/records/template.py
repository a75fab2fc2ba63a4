"""Write an empty fulfilment-records template (.xlsx or .csv) for staff to fill in.

Chinese headers and sheet names by default (职责编码, 日期, 开展的活动, 责任人角色, 证据, 备注,
人数; English with ``lang="en"``; the reader takes both). The workbook has drop-down lists (Excel
data validation) for the duty code and the role, a date format on the date column, and a second
sheet with every duty: code, the document's notation, the text and its requirements in words, so
a township clerk can fill it in without reading the manual.

Why a template: the reader refuses missing and unknown columns, so staff start from the exact
header. They see one example row, commented out with # so that it is never read as a record,
and the valid duty codes and roles next to where they type. The codes come from the graph, in
document order (the line where each item starts in the source text), so a template made from
another imported list shows that list's codes. A CSV is written as UTF-8 with a BOM, so that
Excel and WPS show the Chinese.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS

from ..errors import DutyGraphError, Location
from ..namespace import DG, DOC
from .reader import DEFAULT_SLUG
from .reader import TEMPLATE_COLUMNS as COLUMNS

EXAMPLE = (
    "# party-21",
    "2023-03-15",
    "法治专题讲座",
    "party-leader",
    "牛委发〔2023〕3号",
    "示例：删除本行",
    "30",
)
ROLES = (DG.partyLeader, DG.govLeader, DG.leadershipMember, DG.lowerLevelLeader)
HEADERS = {
    "zh": ("职责编码", "日期", "开展的活动", "责任人角色", "证据", "备注", "人数"),
    "en": COLUMNS,
}
SHEETS = {"zh": ("履职记录", "职责清单", "角色"), "en": ("records", "duties", "roles")}
SHEET_HEADERS = {
    "zh": (("职责编码", "原文编号", "原文", "履职要求"), ("角色代码", "角色名称")),
    "en": (("code", "notation", "text", "requirements"), ("code", "name")),
}
ROWS_WITH_CHECKS = 2000
"""How many rows of the records sheet get the drop-downs and the date format."""
SHORT_TEXT = 30

_CODES = """
SELECT DISTINCT ?item ?code ?notation ?text ?source WHERE {
    VALUES ?kind { dg:Principle dg:GeneralDuty dg:DutyGroup dg:Measure dg:DisciplineRequirement }
    ?item dg:inDocument ?document ; dg:code ?code ; a ?kind .
    OPTIONAL { ?item rdfs:label ?notation FILTER(LANG(?notation) = "zh") }
    OPTIONAL { ?item dg:text ?text }
    OPTIONAL { ?item dct:source ?source }
}"""
_LINE = re.compile(r"#line=(\d+)")


@dataclass(frozen=True)
class DutyCode:
    """One code a record may name, with the document's notation and the item's text."""

    code: str
    notation: str
    text: str
    line: int
    requirements: str = ""

    @property
    def short(self) -> str:
        text = " ".join(self.text.split())
        return text if len(text) <= SHORT_TEXT else text[:SHORT_TEXT] + "…"


def write_template(
    path: Path,
    graph: Graph,
    *,
    document: URIRef = DOC[DEFAULT_SLUG],
    overwrite: bool = False,
    lang: str = "zh",
) -> int:
    """Write the template for the document's codes; return how many codes it lists."""
    check_target(path, overwrite=overwrite)
    codes = duty_codes(graph, document, lang)
    if not codes:
        raise DutyGraphError(f"图中没有 {document} 的职责编码 (the graph has no duty codes for it)")
    roles = role_names(graph)
    write = _csv if path.suffix.lower() == ".csv" else _xlsx
    data = write(codes, roles, lang)
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise DutyGraphError(
            f"无法写入 (cannot write: {exc.strerror})", Location(file=str(path))
        ) from exc
    return len(codes)


def check_target(path: Path, *, overwrite: bool = False) -> None:
    """Refuse a suffix other than .csv or .xlsx, and an existing file unless overwriting."""
    if path.suffix.lower() not in (".csv", ".xlsx"):
        raise DutyGraphError(
            "模板只能是 .csv 或 .xlsx "
            f"(a template is .csv or .xlsx, not {path.suffix or 'no suffix'!r})",
            Location(file=str(path)),
        )
    if path.exists() and not overwrite:
        raise DutyGraphError(
            "文件已存在；要覆盖请加 --force (file exists; pass --force to overwrite it)",
            Location(file=str(path)),
        )


def duty_codes(graph: Graph, document: URIRef, lang: str = "zh") -> list[DutyCode]:
    """Principles, general duties, groups, measures and discipline items, in document order."""
    from ..graph.describe import requirement_view
    from ..graph.labels import requirement_words

    found: dict[str, DutyCode] = {}
    rows = graph.query(
        _CODES,
        initNs={"dg": DG._NS, "rdfs": RDFS, "dct": DCTERMS},
        initBindings={"document": document},
    )
    for row in rows:
        code = str(row.code)
        if code in found:
            continue
        line = _LINE.search(str(row.source or ""))
        item = row.item
        requirements = "；".join(
            f"{view['text']}（{requirement_words(view, lang)}）"
            for view in (requirement_view(graph, r) for r in graph.objects(item, DG.hasRequirement))
        )
        found[code] = DutyCode(
            code,
            str(row.notation or ""),
            str(row.text or ""),
            int(line.group(1)) if line else 10**9,
            requirements,
        )
    return sorted(found.values(), key=lambda item: (item.line, item.code))


def role_names(graph: Graph) -> list[tuple[str, str]]:
    """(code, Chinese name) of each role of the roles scheme."""
    names = []
    for role in ROLES:
        labels = [v for v in graph.objects(role, SKOS.prefLabel) if _is_zh(v)]
        names.append((str(graph.value(role, SKOS.notation)), str(labels[0]) if labels else ""))
    return names


def _is_zh(value: object) -> bool:
    return isinstance(value, Literal) and value.language == "zh"


def _csv(codes: list[DutyCode], roles: list[tuple[str, str]], lang: str) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADERS[lang])
    writer.writerow(EXAMPLE)
    writer.writerow(["# 职责编码 duty codes: code / notation / text"])
    writer.writerows([f"# {item.code} {item.notation} {item.short}"] for item in codes)
    writer.writerow(["# 角色 roles: code / name"])
    writer.writerows([f"# {code} {name}"] for code, name in roles)
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx(codes: list[DutyCode], roles: list[tuple[str, str]], lang: str) -> bytes:
    from datetime import date

    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    records_name, duties_name, roles_name = SHEETS[lang]
    duty_header, role_header = SHEET_HEADERS[lang]
    workbook = Workbook()
    records = workbook.active
    records.title = records_name
    records.append(list(HEADERS[lang]))
    example = list(EXAMPLE)
    example[1] = date.fromisoformat(EXAMPLE[1])  # a real date cell, shown with the format
    records.append(example)
    duties = workbook.create_sheet(duties_name)
    duties.append(list(duty_header))
    for item in codes:
        duties.append([item.code, item.notation, item.text, item.requirements])
    role_sheet = workbook.create_sheet(roles_name)
    role_sheet.append(list(role_header))
    for row in roles:
        role_sheet.append(list(row))
    last = ROWS_WITH_CHECKS + 1
    choices = (
        ("A", f"'{duties_name}'!$A$2:$A${len(codes) + 1}", "职责编码" if lang == "zh" else "duty"),
        ("D", f"'{roles_name}'!$A$2:$B${len(roles) + 1}", "责任人角色" if lang == "zh" else "role"),
    )
    for column, source, what in choices:
        check = DataValidation(type="list", formula1=f"={source}", allow_blank=True)
        check.errorTitle, check.error = (
            what,
            (f"请从下拉列表中选择{what}" if lang == "zh" else f"choose the {what} from the list"),
        )
        check.showErrorMessage = False  # a warning, not a wall: the reader reports the rest
        records.add_data_validation(check)
        check.add(f"{column}2:{column}{last}")
    for row in range(2, last + 1):
        records[f"B{row}"].number_format = "yyyy-mm-dd"
    widths = ((records, (12, 12, 30, 18, 24, 20, 8)), (duties, (12, 12, 70, 60)))
    for sheet, sizes in widths:
        for letter, width in zip("ABCDEFG", sizes, strict=False):
            sheet.column_dimensions[letter].width = width
    for sheet in (records, duties, role_sheet):
        sheet.freeze_panes = "A2"
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
