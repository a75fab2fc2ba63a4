"""Take a spreadsheet apart into rows of cells: CSV (UTF-8, UTF-8 with BOM, GB18030) or XLSX.

Why rows keep their number: a record is named after its row as Excel or WPS numbers it (the
header is row 1), counting blank and comment rows, and a CSV cell may span several lines, so a
CSV row also carries the line where it starts, for error messages.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from datetime import date, datetime

from ..errors import DutyGraphError, Location
from ..importer.decoding import decode_bytes

MAX_UNPACKED = 100 * 1024 * 1024  # an .xlsx is a zip: refuse a zip bomb before unpacking it

Row = tuple[int, int | None, list[object]]  # spreadsheet row number, CSV line, cell values


def cell_text(value: object) -> str:
    """A cell as stripped text: a date cell as 2023-03-05, 35.0 as 35, line ends as \\n."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return text.strip().lstrip("\ufeff").strip()


class _ErrorValue(str):
    """An Excel error value (#N/A, #REF! …): text, but never a comment marker."""


def is_comment(values: list[object], texts: list[str]) -> bool:
    """A row whose first cell starts with # (the template's example row, the code lists)."""
    return texts[0].startswith("#") and not isinstance(values[0], _ErrorValue)


def csv_rows(data: bytes, name: str) -> Iterator[Row]:
    """Every CSV row (blank ones too) with its number and first line; bad quoting is fatal."""
    text, _encoding = decode_bytes(data, name=name)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    number, line = 0, 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            why = "a quoted cell is never closed" if "end of data" in str(exc) else str(exc)
            zh = "引号括起的单元格没有闭合" if "end of data" in str(exc) else "格式错误"
            raise DutyGraphError(
                f"不是有效的 CSV：{zh} (not valid CSV: {why})",
                Location(file=name, line=line, row=number + 1),
            ) from exc
        number += 1
        yield number, line, list(cells)
        line = reader.line_num + 1


def xlsx_rows(data: bytes, name: str) -> list[Row]:
    """Every row of the sheet named "records" (or 履职记录), else of the first sheet, with its
    number."""
    from openpyxl import load_workbook

    _check_archive(data, name)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = _records_sheet(workbook, name)
            sheet.reset_dimensions()  # trust the cells, not the stored (often wrong) size
            rows = [
                [_ErrorValue(c.value) if c.data_type == "e" else c.value for c in row]
                for row in sheet.iter_rows()
            ]
        finally:
            workbook.close()
    except DutyGraphError:
        raise
    except Exception as exc:  # openpyxl raises many types for a damaged workbook
        raise DutyGraphError(
            f"无法读取的 Excel 工作簿 (not a readable Excel workbook (.xlsx): {first_line(exc)})",
            Location(file=name),
        ) from exc
    return [(number, None, cells) for number, cells in enumerate(rows, start=1)]


def _check_archive(data: bytes, name: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise DutyGraphError(
            "不是 Excel 工作簿（.xlsx）：可能是旧的 .xls，或改了扩展名的 CSV，请另存为 .xlsx "
            "(not an Excel workbook (.xlsx): not a zip archive)",
            Location(file=name),
        ) from exc
    if unpacked > MAX_UNPACKED:
        raise DutyGraphError(
            f"工作簿解压后 {unpacked // 1024 // 1024} MB，超过 {MAX_UNPACKED // 1024 // 1024} MB "
            f"的上限 (workbook unpacks to {unpacked // 1024 // 1024} MB, over the limit)",
            Location(file=name),
        )


def _records_sheet(workbook, name: str):
    sheets = workbook.worksheets
    for sheet in sheets:
        if sheet.title.strip().lower() in ("records", "履职记录"):
            return sheet
    if not sheets:
        raise DutyGraphError(
            "工作簿中没有工作表 (the workbook has no worksheet)", Location(file=name)
        )
    return sheets[0]


def first_line(exc: Exception) -> str:
    """An exception's message on one line, for a one-line user error."""
    lines = str(exc).strip().splitlines()
    return (lines[0] if lines else type(exc).__name__)[:200]
