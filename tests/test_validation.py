"""SHACL validation of fulfilment records: golden cases, one passing and one failing per shape.

Each tests/shape_cases/NAME.csv has NAME.json: the year, the as-of date, optional extra Turtle
(declared delegates), the duties in scope, and the expected results as [severity, duty, row,
column]. Every result must also carry its message in zh and en.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.namespace import SH

from dutygraph.cli import main
from dutygraph.graph.files import load_dataset, union_graph
from dutygraph.records.reader import read_records
from dutygraph.resources import data_files, resource_dir
from dutygraph.validation.shacl import validate_records

CASES = Path(__file__).parent / "shape_cases"
EXAMPLES = resource_dir("data") / "examples"


@pytest.fixture(scope="module")
def base() -> Graph:
    return union_graph(load_dataset())


def _run(base: Graph, csv: Path, spec: dict):
    extra = [CASES / name for name in spec.get("add", [])]
    graph = union_graph(load_dataset([*data_files(), *extra])) if extra else base
    batch = read_records(csv)
    return validate_records(
        graph, [batch.graph], year=spec["year"], as_of=date.fromisoformat(spec["as_of"])
    )


@pytest.mark.parametrize("csv", sorted(CASES.glob("*.csv")), ids=lambda p: p.stem)
def test_shape_case(base, csv: Path):
    spec = json.loads(csv.with_suffix(".json").read_text(encoding="utf-8"))
    report = _run(base, csv, spec)
    got = Counter(
        (e.severity, e.duty, e.row, e.column) for e in report.entries if e.duty in spec["scope"]
    )
    want = Counter(tuple(r) for r in spec["results"])
    assert got == want
    for entry in report.entries:
        assert entry.message.get("zh") and entry.message.get("en"), entry


def test_every_shape_has_a_failing_case(base):
    """Each constraint of shapes/records.ttl is the source of some result in some case."""
    fired = set()
    for csv in sorted(CASES.glob("*.csv")):
        report = _run(base, csv, json.loads(csv.with_suffix(".json").read_text("utf-8")))
        fired |= {str(c) for c in report.results.objects(None, SH.sourceShape)}
        fired |= {str(c) for c in report.results.objects(None, SH.sourceConstraint)}
    shapes = Graph().parse(resource_dir("shapes") / "records.ttl")
    constraints = {str(s) for s in shapes.subjects(None, SH.SPARQLConstraint)}
    properties = {str(s) for s in shapes.subjects(None, SH.PropertyShape)}
    missing = (constraints | properties) - fired
    # a property shape is the sourceShape of its results; a SPARQL constraint the sourceConstraint
    assert not missing, f"shapes never seen failing: {sorted(missing)}"


def test_conforming_example(base):
    spec = {"year": 2023, "as_of": "2024-06-01"}
    report = _run(base, EXAMPLES / "records-2023-conforming.csv", spec)
    assert report.conforms and report.entries == []
    assert {d.status for d in report.duties} == {"met"}


def test_violations_example_shows_every_kind(base):
    spec = {"year": 2023, "as_of": "2024-06-01"}
    report = _run(base, EXAMPLES / "records-2023-violations.csv", spec)
    assert not report.conforms
    kinds = {(e.severity, e.column) for e in report.entries}
    for needed in [
        ("violation", "duty"),
        ("violation", "date"),
        ("violation", "evidence"),
        ("violation", "role"),
        ("warning", "date"),
        ("pending", None),
    ]:
        assert needed in kinds, needed


def _cli_validate(runner: CliRunner, example: str, *options: str):
    """`dutygraph validate` on one of the examples for 2023, as of 2024-06-01."""
    args = ["validate", str(EXAMPLES / example), "--year", "2023", "--as-of", "2024-06-01"]
    return runner.invoke(main, [*args, *options])


def test_cli_exit_codes_and_formats(tmp_path):
    runner = CliRunner()
    ok = _cli_validate(runner, "records-2023-conforming.csv")
    assert ok.exit_code == 0, ok.output
    bad = _cli_validate(runner, "records-2023-violations.csv", "--format", "json")
    assert bad.exit_code == 1
    report = json.loads(bad.output)
    assert report["conforms"] is False
    assert any(r["row"] == 5 and r["column"] == "duty" for r in report["results"])
    ttl = _cli_validate(runner, "records-2023-violations.csv", "--format", "ttl")
    graph = Graph().parse(data=ttl.output, format="turtle")
    assert (None, SH.conforms, None) in graph
    page = _cli_validate(runner, "records-2023-violations.csv", "--format", "html", "--lang", "en")
    head = page.output.split("<body>")[0].replace('charset="utf-8"', "")
    assert page.output.startswith("<!doctype html>") and "http" not in head
    missing = tmp_path / "bad.csv"
    missing.write_text("duty,date,activity\nparty-21,2023-03-15,讲座\n", encoding="utf-8")
    unusable = runner.invoke(main, ["validate", str(missing), "--year", "2023"])
    assert unusable.exit_code == 2 and "bad.csv" in unusable.output
    assert unusable.output.count("\n") == 1


def test_html_escapes_user_text(tmp_path, base):
    hostile = tmp_path / "x.csv"
    hostile.write_text(
        "duty,date,activity,role,evidence,note\n"
        "party-21,2023-03-15,<script>alert(1)</script>,party-leader,,\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    page = runner.invoke(
        main,
        ["validate", str(hostile), "--year", "2023", "--as-of", "2024-06-01", "--format", "html"],
    ).output
    assert "<script>" not in page
