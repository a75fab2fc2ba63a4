"""The overview matrix agrees with per-township SHACL validation and the generator's gaps."""

from __future__ import annotations

from datetime import date

import pytest

from dutygraph.namespace import DOC
from dutygraph.store.engine import Engine
from dutygraph.validation.overview import compute_overview
from dutygraph.validation.synthetic import add_town_records, add_towns
from dutygraph.validation.townships import validate as validate_township
from tests.test_scale_queries import copy

YEAR = 2023
AS_OF = date(2024, 12, 31)


@pytest.fixture(scope="module")
def towns(bundled):
    data = copy(bundled)
    left_out = add_towns(data, 6, drop=0.3, seed=11)
    generated = add_town_records(data, left_out, YEAR, gap=0.12, seed=5)
    return data, generated


def test_matrix_agrees_with_the_shapes_and_the_generator(towns):
    data, generated = towns
    engine = Engine(data, "oxigraph")
    overview = compute_overview(engine, YEAR, as_of=AS_OF)
    for slug, town in generated.items():
        row = overview.cells[str(DOC[slug])]
        report = validate_township(engine, DOC[slug], year=YEAR, as_of=AS_OF)
        shapes = {d.duty: d.status for d in report.duties}
        got = {
            code: ("violated" if c.status == "no_record" else c.status) for code, c in row.items()
        }
        assert got == {c: shapes[c] for c in got}, slug
        short = {node.split("/req/")[0] for node in town.short}
        assert short <= {c for c, cell in row.items() if cell.status != "met"}, slug
    counts = overview.column_counts("party-21")
    assert sum(counts.values()) == sum("party-21" in r for r in overview.cells.values()) > 0


def test_records_per_month_from_the_scans_agree_with_the_query(towns):
    """The chart's records per month come from the matrix's own scans; the GROUP BY query they
    replaced (yearreport.months) is the reference, for every list and for one."""
    from dutygraph.validation.overview import records_per_month
    from dutygraph.validation.yearreport import months

    data, generated = towns
    engine = Engine(data, "oxigraph")
    every = records_per_month(engine, compute_overview(engine, YEAR, as_of=AS_OF))
    assert every == months(engine, YEAR) and sum(every.values()) > 0
    one = DOC[next(iter(generated))]
    alone = records_per_month(engine, compute_overview(engine, YEAR, as_of=AS_OF, document=one))
    assert alone == months(engine, YEAR, one) and sum(alone.values()) < sum(every.values())
