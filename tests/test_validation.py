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


@pytest.mark.parametrize("csv", sorted(CASES.glob("*.csv")), ids=lambda p: p.stem)
def test_split_run_agrees_with_the_reference(base, csv: Path):
    """The fast run (SHACL-SPARQL shapes on Oxigraph, Core shapes on rdflib) reports exactly
    what one pySHACL run on rdflib reports, result for result."""
    from rdflib.compare import isomorphic

    from dutygraph.validation.shacl import prepare, run_shapes

    spec = json.loads(csv.with_suffix(".json").read_text(encoding="utf-8"))
    extra = [CASES / name for name in spec.get("add", [])]
    graph = union_graph(load_dataset([*data_files(), *extra])) if extra else base
    records = [read_records(csv).graph]
    as_of = date.fromisoformat(spec["as_of"])
    fast = validate_records(graph, records, year=spec["year"], as_of=as_of).results
    reference = run_shapes(prepare(graph, records, year=spec["year"], as_of=as_of))
    assert len(fast) == len(reference)
    assert isomorphic(fast, reference)


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


# --- verdicts a supervisor can sign (issue 13) -------------------------------------------------


def _report_for(base, rows: str, tmp_path, year=2023, as_of="2025-01-10"):
    csv = tmp_path / "records.csv"
    csv.write_text("duty,date,activity,role,evidence,note\n" + rows, encoding="utf-8")
    return _run(base, csv, {"year": year, "as_of": as_of})


def test_achieved_counts_the_judged_year_only(base, tmp_path):
    report = _report_for(
        base,
        "party-21,2022-11-08,法治专题讲座：宪法,party-leader,a,\n"
        "party-21,2023-03-15,法治专题讲座：民法典,party-leader,b,\n"
        "party-21,2023-03-15,法治专题讲座：民法典,party-leader,b,\n",
        tmp_path,
    )
    party21 = next(d for d in report.duties if d.duty == "party-21")
    assert party21.achieved == 1 and party21.status == "violated"
    assert party21.details[0].counted == [3, 4]  # the duplicate is listed, counted once
    assert party21.details[0].repeats == {4: 3}
    from dutygraph.validation.report import render_text

    assert "第 4 行（讲座：讲座；与第 3 行重复，只计一次）" in render_text(report)


def test_the_counted_rows_are_the_ones_the_shapes_counted(base, tmp_path):
    """A campaign record outside its month: the requirement counts nothing, the report lists
    nothing as counted (it once listed the row beside "no record"), and the row is warned."""
    report = _report_for(
        base, "gov-24,2023-11-20,开展宪法宣传活动,gov-leader,a,\n", tmp_path, as_of="2024-06-01"
    )
    gov24 = next(d for d in report.duties if d.duty == "gov-24")
    assert gov24.details[0].counted == [] and gov24.achieved == 0
    assert [(e.severity, e.row, e.column) for e in report.entries if e.duty == "gov-24"] == [
        ("violation", None, None),
        ("warning", 2, "activity"),
    ]


def test_a_duty_with_any_violation_is_never_met(base, tmp_path):
    report = _report_for(
        base,
        "party-1,2023-04-12,党委会议听取法治建设工作汇报,gov-leader,a,\n",  # wrong role
        tmp_path,
    )
    party1 = next(d for d in report.duties if d.duty == "party-1")
    assert any(e.duty == "party-1" and e.column == "role" for e in report.entries)
    assert party1.status == "violated"
    from dutygraph.validation.report import render_text

    line = next(x for x in render_text(report).splitlines() if x.startswith("party-1 "))
    assert "达标" not in line.replace("未达标", "")


def test_a_deadline_duty_names_the_requirement_that_failed(base, tmp_path):
    report = _report_for(
        base,
        "gov-3,2024-03-12,向镇党委、镇人大常委会报告2023年度法治政府建设情况并在政府网站公开,"
        "gov-leader,牛政〔2024〕5号,\n",
        tmp_path,
    )
    failed = [e for e in report.entries if e.duty == "gov-3" and e.severity == "violation"]
    # both report duties of 政府(3) fall under its one "每年3月1日前" and differ in their
    # addressee: the record went to the town's Party committee and congress, late; nothing
    # went to the government above, so that requirement is missing, not late
    late = next(e for e in failed if e.row == 2)
    missing = next(e for e in failed if e.row is None)
    assert len(failed) == 2 and "向镇党委、镇人大常委会报告" in late.requirement_text
    assert "向上一级政府报告" in missing.requirement_text
    gov3 = next(d for d in report.duties if d.duty == "gov-3")
    words = {d.text: d.matched for d in gov3.details}
    assert words[late.requirement_text] == {2: ["报告", "党委", "镇人大"]}
    assert words[missing.requirement_text] == {}
    assert {2: ["公开"]} in words.values()
    from dutygraph.validation.report import render_text

    assert "（要求：每年3月1日前" in render_text(report)


def test_the_cli_takes_the_year_from_the_records(tmp_path):
    runner = CliRunner()
    example = str(EXAMPLES / "records-2023-conforming.csv")
    judged = runner.invoke(main, ["validate", example, "--as-of", "2024-06-01"])
    assert judged.exit_code == 0 and judged.output.startswith("2023 年度"), judged.output
    mixed = tmp_path / "两年混在一起.csv"
    mixed.write_text(
        "duty,date,activity,role,evidence\n"
        "party-21,2022-11-08,法治专题讲座,party-leader,a\n"
        "party-21,2023-03-15,法治专题讲座,party-leader,b\n"
        "gov-3,2024-02-20,报告2023年度法治政府建设情况,gov-leader,c\n",
        encoding="utf-8",
    )
    refused = runner.invoke(main, ["validate", str(mixed)])
    assert refused.exit_code == 2 and "2022、2023" in refused.output and "--year" in refused.output
    chosen = runner.invoke(main, ["validate", str(mixed), "--year", "2023", "--format", "json"])
    warned = [r for r in json.loads(chosen.output)["results"] if r["row"] == 2]
    assert [w["severity"] for w in warned] == ["warning"]  # listed, not counted, not dropped


def test_holdout_year_written_as_clerks_write_conforms_with_the_default_as_of():
    """A full year for 牛心坨镇 in a clerk's own sheet (title row, 序号, the template's Chinese
    headers, mixed date styles, one row doing two things, two leaders' 述职 on one day), with
    no --year and no --as-of: it conforms, and the reader's skips are said."""
    holdout = Path(__file__).parent / "records_cases" / "holdout-2024-conforming.csv"
    result = CliRunner().invoke(main, ["validate", str(holdout), "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["year"] == 2024 and report["conforms"] and report["results"] == []
    assert {d["status"] for d in report["duties"]} == {"met"}
    assert len(report["notices"]) == 2  # the title row and the 序号 column


@pytest.fixture(scope="module")
def seed_slice(bundled) -> Graph:
    """The seed list's slice as a store run and an upload read it (townships.validation_base):
    the ontology and the list as asserted, only what validation reads of them."""
    from dutygraph.namespace import DOC
    from dutygraph.store.engine import Engine
    from dutygraph.validation.townships import validation_base

    return validation_base(Engine(bundled, "oxigraph"), DOC["niuxintuo-2023-25"])


@pytest.mark.parametrize(
    "csv",
    [
        c
        for c in sorted(CASES.glob("*.csv"))
        if not json.loads(c.with_suffix(".json").read_text("utf-8")).get("add")
    ],
    ids=lambda p: p.stem,
)
def test_the_slice_judges_every_case_as_the_whole_graph_does(base, seed_slice, csv: Path):
    """Every shape case on the slice gives the same entries, statuses and matched words as on
    the whole graph: the slice leaves out nothing validation reads."""
    spec = json.loads(csv.with_suffix(".json").read_text(encoding="utf-8"))
    as_of = date.fromisoformat(spec["as_of"])
    whole, cut = (
        validate_records(graph, [read_records(csv).graph], year=spec["year"], as_of=as_of)
        for graph in (base, seed_slice)
    )
    assert cut.entries == whole.entries
    assert cut.duties == whole.duties
