"""`dutygraph report`: the year's overview as HTML, XLSX and PDF. The files are opened (openpyxl
reads the fills and the frozen header, pdfminer the Chinese text) and their numbers checked
against the matrix core (validation/overview.py)."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from dutygraph.cli import main
from dutygraph.namespace import DOC
from dutygraph.store.engine import Engine
from dutygraph.validation.overview import STATUSES, compute_overview
from dutygraph.validation.yearfiles import write_pdf, write_xlsx
from dutygraph.validation.yearreport import COLOURS, WORDS, code_key, rate, year_view
from tests.test_overview_page import AS_OF, YEAR
from tests.test_overview_page import engine as engine


@pytest.fixture(scope="module")
def view(engine):
    return year_view(engine, YEAR, as_of=date.fromisoformat(AS_OF))


@pytest.fixture(scope="module")
def core(engine):
    return compute_overview(engine, YEAR, as_of=date.fromisoformat(AS_OF))


def test_the_workbook_has_the_matrix_in_colour_with_a_frozen_header(view, core):
    book = load_workbook(io.BytesIO(write_xlsx(view)))
    assert book.sheetnames == ["总览矩阵", "乡镇达标率", "职责类别达标率", "月度记录"]
    sheet = book["总览矩阵"]
    assert sheet.freeze_panes == "C2"
    header = [c.value for c in sheet[1]]
    codes = sorted({c for r in core.cells.values() for c in r}, key=code_key)
    assert header[2 : 2 + len(codes)] == codes
    fills = {c.lstrip("#").upper(): s for s, c in COLOURS.items()}
    words = {WORDS["zh"][s]: s for s in STATUSES}
    seen = 0
    for row in sheet.iter_rows(min_row=2, max_row=sheet.max_row - 1):
        cells = core.cells[str(DOC[row[1].value])]
        for code, cell in zip(codes, row[2 : 2 + len(codes)], strict=True):
            if code not in cells:
                assert cell.value == "—"
                continue
            assert words[cell.value] == cells[code].status
            assert fills[cell.fill.fgColor.rgb[-6:]] == cells[code].status
            seen += 1
        counts = [c.value for c in row[2 + len(codes) : 6 + len(codes)]]
        assert counts == [sum(c.status == s for c in cells.values()) for s in STATUSES]
    assert seen == sum(len(r) for r in core.cells.values())
    rates = book["乡镇达标率"]
    assert rates.freeze_panes == "A2"
    values = [r[4].value for r in rates.iter_rows(min_row=2)]
    assert values == sorted(values) and len(values) == len(core.cells)
    months = book["月度记录"]
    assert sum(r[1].value for r in months.iter_rows(min_row=2)) == sum(view.months.values())


def pdf_text(data: bytes) -> str:
    from pdfminer.high_level import extract_text

    return re.sub(r"\s+", "", extract_text(io.BytesIO(data)))


def test_the_pdf_reads_in_chinese_with_the_cores_numbers(view):
    text = pdf_text(write_pdf(view))
    assert "2023年度履职总览" in text and "各乡镇达标率" in text and "各月履职记录数" in text
    totals = view.totals
    assert f"达标{totals['met']}项，未达标{totals['violated']}项" in text
    assert f"{rate(totals) * 100:.1f}%" in text
    for row in view.rows:
        assert f"{row.rate * 100:.1f}%" in text
    assert "None" not in text and "violated" not in text


def test_the_report_command_reads_an_on_disk_store(tmp_path):
    """`dutygraph store --synthetic` then `report --store`: the workbook holds that store's
    matrix, township by township, in the order asked for."""
    runner = CliRunner()
    store = tmp_path / "store"
    made = runner.invoke(main, ["store", str(store), "--synthetic", "3"])
    assert made.exit_code == 0, made.output
    out = tmp_path / "towns.xlsx"
    args = ["report", "--store", str(store), "--year", "2023", "--as-of", "2024-12-31"]
    result = runner.invoke(main, [*args, "--format", "xlsx", "--sort", "rate", "-o", str(out)])
    assert result.exit_code == 0, result.output
    engine = Engine.on_disk(store)
    core = compute_overview(engine, 2023, as_of=date(2024, 12, 31))
    sheet = load_workbook(out)["总览矩阵"]
    rows = list(sheet.iter_rows(min_row=2, max_row=sheet.max_row - 1, values_only=True))
    assert sorted(r[1] for r in rows) == sorted(d.rsplit("/", 1)[-1] for d in core.cells)
    rates = [r[-1] for r in rows]
    assert rates == sorted(rates)
    for r in rows:
        cells = core.cells[str(DOC[r[1]])]
        assert r[-2 - len(STATUSES) + 1 : -1] == tuple(
            sum(c.status == s for c in cells.values()) for s in STATUSES
        )


def test_the_cli_report_on_the_bundled_data(tmp_path):
    runner = CliRunner()
    out = tmp_path / "year.xlsx"
    result = runner.invoke(main, ["report", "--year", "2023", "--format", "xlsx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    sheet = load_workbook(out)["总览矩阵"]
    assert sheet.max_row == 3 and sheet["A2"].value == "沈阳市辽中区牛心坨镇"  # one list + total
    result = runner.invoke(main, ["report", "--year", "2023", "--lang", "en"])
    assert result.exit_code == 0 and "Year&#x27;s overview 2023" in result.output
    assert "no record" in result.output
    pdf = tmp_path / "year.pdf"
    result = runner.invoke(
        main, ["report", "--year", "2023", "--format", "pdf", "--output", str(pdf)]
    )
    assert result.exit_code == 0 and "无记录" in pdf_text(pdf.read_bytes())
    result = runner.invoke(main, ["report", "--year", "2023", "--list", "no-such-town"])
    assert result.exit_code == 2 and "no-such-town" in result.output
