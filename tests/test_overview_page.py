"""The year's overview page (/overview): the matrix agrees with the core, reads as done in
Chinese, sorts, links to items and to the failing rows; the charts carry the same numbers."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date
from html import unescape

import pytest
from rdflib import Graph
from rdflib.namespace import DCTERMS

from dutygraph.codes import DEFAULT_SLUG
from dutygraph.namespace import DG, DOC
from dutygraph.sparql.settings import ServerSettings
from dutygraph.store.engine import Engine
from dutygraph.validation.overview import STATUSES, compute_overview
from dutygraph.validation.synthetic import _add_record, add_town_records, add_towns
from dutygraph.validation.yearreport import chart_svg, charts, year_view
from tests.test_pages import ENGLISH_WORDS, text_of, visible_text
from tests.test_scale_queries import copy

YEAR = 2023
AS_OF = "2024-12-31"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def engine(bundled):
    data = copy(bundled)
    left_out = add_towns(data, 5, drop=0.3, seed=11)
    generated = add_town_records(data, left_out, YEAR, gap=0.3, seed=5)
    # a clerk's row without evidence: the cell turns violated and names the row
    town = generated["synthetic-town-0001"]
    batch = next(town.records.subjects(DCTERMS.subject, None))
    duty = DOC["synthetic-town-0001/gov-22"]
    role = next(data.objects(duty, DG.bearer))
    _add_record(data.graph(town.graph), batch, 99, duty, date(2023, 5, 8), "专题会议", role, False)
    return Engine(data, "oxigraph")


@pytest.fixture(scope="module")
def client(engine):
    from dutygraph.server.app import create_app
    from dutygraph.server.state import ServerState

    state = ServerState(ServerSettings(), engine, DOC[DEFAULT_SLUG], Graph(), len(engine), 0.0)
    return create_app(state).test_client()


def get(client, path: str) -> tuple[int, str]:
    response = client.get(path, headers={"Accept": "text/html"})
    return response.status_code, response.get_data(as_text=True)


def matrix_rows(html: str) -> dict[str, list[str]]:
    """slug → the status class of each duty cell, as the page shows them."""
    body = re.search(r"<tbody>(.*?)</tbody>", html, re.S).group(1)
    out = {}
    for slug, row in re.findall(r'<tr data-slug="([\w-]+)">(.*?)</tr>', body, re.S):
        out[slug] = re.findall(r'<td class="(\w+)"', row)
    return out


def test_the_page_shows_the_cores_matrix(client, engine):
    status, html = get(client, f"/overview?year={YEAR}&as_of={AS_OF}")
    assert status == 200, html[:300]
    core = compute_overview(engine, YEAR, as_of=date.fromisoformat(AS_OF))
    codes = sorted({c for row in core.cells.values() for c in row}, key=_code_key)
    shown = matrix_rows(html)
    assert len(shown) == len(core.cells) == 6
    for doc, cells in core.cells.items():
        slug = doc.rsplit("/", 1)[-1]
        assert shown[slug] == [cells[c].status if c in cells else "absent" for c in codes], slug
    assert "violated" in {c for row in shown.values() for c in row}  # the data has failures


def _code_key(code):
    from dutygraph.validation.yearreport import code_key

    return code_key(code)


def test_counts_per_row_and_column_add_up(client, engine):
    view = year_view(engine, YEAR, as_of=date.fromisoformat(AS_OF))
    _, html = get(client, f"/overview?year={YEAR}&as_of={AS_OF}")
    for row in view.rows:
        tr = re.search(rf'<tr data-slug="{row.slug}">(.*?)</tr>', html, re.S).group(1)
        tail = re.findall(r"<td>([\d.%]+)</td>", tr)
        assert tail[:4] == [str(row.counts[s]) for s in STATUSES]
        assert sum(row.counts.values()) == len(row.cells)
    for code, counts in view.columns.items():
        assert sum(counts.values()) == sum(code in r.cells for r in view.rows)
    foot = re.search(r'<tr class="totals">(.*?)</tr>', html, re.S).group(1)
    total = sum(sum(c.values()) for c in view.columns.values())
    assert sum(int(n) for n in re.findall(r"<td>(\d+)</td>", foot)) == total


def test_sorting_by_rate_puts_the_worst_first(client, engine):
    _, html = get(client, f"/overview?year={YEAR}&as_of={AS_OF}&sort=rate")
    rates = [float(r) for r in re.findall(r"<tr data-slug=.*?<td>([\d.]+)%</td></tr>", html, re.S)]
    assert rates == sorted(rates) and rates[0] < rates[-1]
    _, by_name = get(client, f"/overview?year={YEAR}&as_of={AS_OF}")
    assert list(matrix_rows(by_name)) == sorted(matrix_rows(by_name))
    assert "sort=violated" in by_name and "sort=rate" in by_name
    status, body = get(client, f"/overview?year={YEAR}&sort=shoe-size")
    assert status == 400 and "排序方式" in body


def test_links_to_items_and_to_failing_rows(client):
    _, html = get(client, f"/overview?year={YEAR}&as_of={AS_OF}")
    assert 'href="/item/party-21"' in html  # the column head, the served list
    assert re.search(r'href="/item/party-21\?list=synthetic-town-000\d"', html)
    link = re.search(r'class="rows" href="([^"]+)"', html)
    assert link, "a failing cell links to its rows"
    status, rows = get(client, link.group(1).replace("&amp;", "&"))
    assert status == 200
    assert 'class="violated"' in rows and ("无证据" in rows or "责任人角色不符" in rows)
    leaked = sorted(set(ENGLISH_WORDS.findall(visible_text(rows))))
    assert not leaked and "None" not in rows


def test_one_township_only(client):
    status, html = get(client, f"/overview?year={YEAR}&list=synthetic-town-0002")
    assert status == 200 and list(matrix_rows(html)) == ["synthetic-town-0002"]
    status, html = get(client, f"/overview?year={YEAR}&document=no-such-town")
    assert status == 404 and "no-such-town" in html


@pytest.mark.parametrize("path", ["/overview", f"/overview?year={YEAR}&as_of={AS_OF}"])
def test_the_chinese_page_reads_as_done(client, path):
    _, html = get(client, path)
    assert "{'" not in html and "None" not in html
    leaked = sorted(set(ENGLISH_WORDS.findall(visible_text(html))))
    assert not leaked, leaked
    assert "达标率" in text_of(html) and 'id="lang-switch"' in html
    assert not re.search(r'(src|href)="(https?:)?//', html)  # no CDN, no outside asset


def test_english_on_request(client):
    _, html = get(client, f"/overview?year={YEAR}&as_of={AS_OF}&lang=en")
    text = unescape(text_of(html))
    assert "Year's overview 2023" in text and "violated" in text and "达标率" not in text
    assert "lang=en" in html  # sort links keep the language


def test_the_charts_draw_the_views_numbers(engine):
    view = year_view(engine, YEAR, as_of=date.fromisoformat(AS_OF))
    towns, groups, months = charts(view)
    assert [b[1] for b in towns.bars] == sorted(r.rate for r in view.rows)
    assert sum(b[1] for b in months.bars) == sum(view.months.values()) > 0
    for chart in (towns, groups, months):
        svg = ET.fromstring(chart_svg(chart))
        widths = [float(r.get("width")) for r in svg.iter(f"{SVG}rect")]
        assert len(widths) == len(chart.bars)
        top = max(b[1] for b in chart.bars)
        for (_, value, _), width in zip(chart.bars, widths, strict=True):
            assert width == pytest.approx(360 * value / chart.top, abs=0.1)
        assert max(widths) == pytest.approx(360 * top / chart.top, abs=0.1)
    group_met = sum(c["met"] for c in view.groups().values())
    assert group_met == view.totals["met"]


def test_the_page_offers_the_workbook_and_the_pdf(client, engine):
    _, html = get(client, f"/overview?year={YEAR}&as_of={AS_OF}&sort=rate&lang=zh")
    link = re.search(r'id="export-xlsx" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    response = client.get(link)
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(response.data))["总览矩阵"]
    view = year_view(engine, YEAR, as_of=date.fromisoformat(AS_OF), sort="rate")
    assert [r[1].value for r in sheet.iter_rows(min_row=2, max_row=sheet.max_row - 1)] == [
        r.slug for r in view.rows
    ]
    pdf = re.search(r'id="export-pdf" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    response = client.get(pdf)
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert client.get("/overview/export?format=docx").status_code == 400


def test_the_language_switch_keeps_the_township_and_the_year(client):
    """Switching language on one township's year keeps that township and that year."""
    _, html = get(client, f"/overview?year={YEAR}&list=synthetic-town-0002&lang=zh")
    href = unescape(re.search(r'id="lang-switch" href="([^"]*)"', html).group(1))
    assert href == f"?year={YEAR}&list=synthetic-town-0002&lang=en"
