"""Write an empty fulfilment-records template (.xlsx or .csv) for staff to fill in.

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
SHORT_TEXT = 30

_CODES = """
SELECT DISTINCT ?code ?notation ?text ?source WHERE {
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
) -> int:
    """Write the template for the document's codes; return how many codes it lists."""
    check_target(path, overwrite=overwrite)
    codes = duty_codes(graph, document)
    if not codes:
        raise DutyGraphError(f"the graph has no duty codes for {document}")
    roles = role_names(graph)
    data = _csv(codes, roles) if path.suffix.lower() == ".csv" else _xlsx(codes, roles)
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise DutyGraphError(f"cannot write: {exc.strerror}", Location(file=str(path))) from exc
    return len(codes)


def check_target(path: Path, *, overwrite: bool = False) -> None:
    """Refuse a suffix other than .csv or .xlsx, and an existing file unless overwriting."""
    if path.suffix.lower() not in (".csv", ".xlsx"):
        raise DutyGraphError(
            f"a template is .csv or .xlsx, not {path.suffix or 'no suffix'!r}",
            Location(file=str(path)),
        )
    if path.exists() and not overwrite:
        raise DutyGraphError("file exists; pass --force to overwrite it", Location(file=str(path)))


def duty_codes(graph: Graph, document: URIRef) -> list[DutyCode]:
    """Principles, general duties, groups, measures and discipline items, in document order."""
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
        found[code] = DutyCode(
            code,
            str(row.notation or ""),
            str(row.text or ""),
            int(line.group(1)) if line else 10**9,
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


def _csv(codes: list[DutyCode], roles: list[tuple[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerow(EXAMPLE)
    writer.writerow(["# 职责编码 duty codes: code / notation / text"])
    writer.writerows([f"# {item.code} {item.notation} {item.short}"] for item in codes)
    writer.writerow(["# 角色 roles: code / name"])
    writer.writerows([f"# {code} {name}"] for code, name in roles)
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx(codes: list[DutyCode], roles: list[tuple[str, str]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    records = workbook.active
    records.title = "records"
    records.append(list(COLUMNS))
    records.append(list(EXAMPLE))
    duties = workbook.create_sheet("duties")
    duties.append(["code", "notation", "text"])
    for item in codes:
        duties.append([item.code, item.notation, item.text])
    role_sheet = workbook.create_sheet("roles")
    role_sheet.append(["code", "name"])
    for row in roles:
        role_sheet.append(list(row))
    for sheet, widths in ((records, (12, 12, 30, 18, 24, 20, 8)), (duties, (12, 16, 80))):
        for letter, width in zip("ABCDEFG", widths, strict=False):
            sheet.column_dimensions[letter].width = width
    for sheet in (records, duties, role_sheet):
        sheet.freeze_panes = "A2"
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
