"""Every quality check can fail: each case in tests/quality_cases/ is broken data that the
checks named in its ``# expect:`` line must report (and the bundled graph must pass them all)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dutygraph.graph.files import load_dataset
from dutygraph.graph.quality import run_checks

CASES = sorted((Path(__file__).parent / "quality_cases").glob("*.ttl"))


def _expected(path: Path) -> set[str]:
    found = re.search(r"^# expect: (.+)$", path.read_text(encoding="utf-8"), re.M)
    assert found, f"{path.name} has no '# expect:' line"
    return {name.strip() for name in found.group(1).split(",")}


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_broken_data_is_reported(case: Path):
    report = run_checks(load_dataset([case]))
    assert not report.clean
    assert _expected(case) <= {d.check for d in report.defects}


def test_every_quality_query_has_a_failing_case():
    from dutygraph.sparql.catalog import catalog

    covered = set().union(*(_expected(c) for c in CASES))
    assert set(catalog("quality")) <= covered


def test_bundled_graph_is_clean(bundled):
    report = run_checks(bundled)
    assert report.checks_run >= 6
    assert report.defects == []
