"""Cross-township questions on generated towns, checked against the generator's ground truth
(which measures each town left out), on both engines."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date

import pytest
from click.testing import CliRunner
from rdflib import RDF, URIRef

from dutygraph.cli import main
from dutygraph.errors import DutyGraphError
from dutygraph.graph.files import load_dataset, union_graph
from dutygraph.namespace import DG, DOC
from dutygraph.records.reader import read_records
from dutygraph.resources import resource_dir
from dutygraph.sparql.catalog import answer, catalog
from dutygraph.store.engine import ENGINES, Engine
from dutygraph.trace.walk import trace_down
from dutygraph.validation.shacl import validate_records
from dutygraph.validation.synthetic import add_town_records, add_towns
from dutygraph.validation.townships import (
    stored_records,
    township_documents,
    validation_base,
)
from dutygraph.validation.townships import (
    validate as validate_township,
)
from tests.test_scale_queries import copy

ART_5_6 = URIRef(
    "https://w3id.org/dutygraph/eli/cn/reg/2016/first-responsible-person-duties/art_5/item_6"
)


@pytest.fixture(scope="module")
def towns(bundled):
    data = copy(bundled)
    left_out = add_towns(data, 6, drop=0.3, seed=11)
    return data, left_out


@pytest.mark.parametrize("kind", ENGINES)
def test_coverage_across_townships_matches_the_generator(bundled, towns, kind):
    data, left_out = towns
    seed_items = {d.item.code for d in trace_down(bundled, ART_5_6)}
    assert seed_items, "the seed must have items deriving from art. 5 (6)"
    expected = {str(DOC["niuxintuo-2023-25"]): len(seed_items)}
    for slug, dropped in left_out.items():
        expected[str(DOC[slug])] = len(seed_items - dropped)
    assert any(seed_items & dropped for dropped in left_out.values()), "no town differs"
    query = catalog("cq")["coverage-across-townships"]
    result = answer(Engine(data, kind), query, {"provision": str(ART_5_6)})
    got = {str(row[1]): int(row[2]) for row in result.rows}
    assert got == expected


# --- list differences, missing records, per-township validation --------------------------------

YEAR = 2023
AS_OF = date(2024, 12, 31)  # the counting years of 2023 (and of reports on it, 2024) are over


@pytest.fixture(scope="module")
def towns_with_records(bundled):
    data = copy(bundled)
    left_out = add_towns(data, 6, drop=0.3, seed=11)
    generated = add_town_records(data, left_out, YEAR, gap=0.12, seed=5)
    assert any(t.short for t in generated.values()), "the generator left no gaps"
    assert any(not t.short for t in generated.values()), "every town has gaps"
    return data, left_out, generated


@pytest.mark.parametrize("kind", ENGINES)
def test_list_differences_match_the_generator(bundled, towns, kind):
    data, left_out = towns
    prefix = str(DOC["niuxintuo-2023-25"]) + "/"
    derived = {
        (str(s)[len(prefix) :], o)
        for s, o in bundled.subject_objects(DG.derivesFrom)
        if str(s).startswith(prefix)
    }
    parents = {o for _, o in derived}
    added = {
        str(s)[len(prefix) :]
        for s, q in bundled.subject_objects(DG.qualifiedDerivation)
        if str(s).startswith(prefix) and (q, DG.relation, DG.adds) in bundled
    }
    expected = {(str(DOC["niuxintuo-2023-25"]), "addition", code) for code in added}
    for slug, dropped in left_out.items():
        kept = {o for code, o in derived if code not in dropped}
        expected |= {(str(DOC[slug]), "omission", str(p).split("/eli/")[1]) for p in parents - kept}
        expected |= {(str(DOC[slug]), "addition", code) for code in added - dropped}
    assert any(row[1] == "omission" for row in expected), "no town omits a provision"
    query = catalog("cq")["list-differences"]
    result = answer(Engine(data, kind), query, {})
    assert {tuple(map(str, row)) for row in result.rows} == expected


@pytest.mark.parametrize("kind", ENGINES)
def test_missing_records_match_the_generator_and_the_shapes(towns_with_records, kind):
    data, _, generated = towns_with_records
    query = catalog("cq")["missing-records"]
    result = answer(Engine(data, kind), query, {"year": str(YEAR)})
    got = {(str(row[0]), str(row[2])) for row in result.rows}
    expected = {
        (str(DOC[slug]), f"{DOC[slug]}/{node}")
        for slug, town in generated.items()
        for node in town.short
        if "MinimumCount" in _kind_of(data, URIRef(f"{DOC[slug]}/{node}"))
    }
    seed = str(DOC["niuxintuo-2023-25"])  # no records at all: every minimum is missed
    expected |= {
        (seed, str(r))
        for r in data.subjects(RDF.type, DG.MinimumCountRequirement)
        if str(r).startswith(seed + "/")
    }
    assert got == expected
    # the same shortfalls as the shapes report, township by township
    engine = Engine(data, "oxigraph")
    for slug in generated:
        report = validate_township(engine, DOC[slug], year=YEAR, as_of=AS_OF)
        by_shapes = {
            e.requirement
            for e in report.entries
            if e.requirement and e.severity == "violation" and "at least" in e.message["en"]
        }
        assert by_shapes == {req for doc, req in got if doc == str(DOC[slug])}, slug


def _kind_of(data, node) -> str:
    return " ".join(str(t) for t in data.objects(node, RDF.type))


def test_every_generated_violation_is_found_per_township(towns_with_records):
    data, _, generated = towns_with_records
    engine = Engine(data, "oxigraph")
    for slug, town in generated.items():
        report = validate_township(engine, DOC[slug], year=YEAR, as_of=AS_OF)
        role = [e for e in report.entries if e.column == "role"]
        evidence = [e for e in report.entries if e.column == "evidence"]
        assert (len(role), len(evidence)) == (town.wrong_role, town.no_evidence), slug
        assert report.conforms == (not town.short and not role and not evidence), slug


def test_a_township_slice_does_not_grow_with_the_store(bundled, towns_with_records):
    data, _, _ = towns_with_records
    one = validation_base(Engine(bundled, "oxigraph"), DOC["niuxintuo-2023-25"])
    many = validation_base(Engine(data, "oxigraph"), DOC["niuxintuo-2023-25"])
    assert len(one) == len(many) > 1000  # the ontology and the list, as validation reads them
    assert township_documents(Engine(data, "oxigraph"))[0] == DOC["niuxintuo-2023-25"]
    with pytest.raises(DutyGraphError, match="no duty list"):
        validation_base(Engine(data, "oxigraph"), DOC["nowhere"])


@pytest.fixture(scope="module")
def store_with_records(bundled, tmp_path_factory):
    """A store made by the CLI: 5 synthetic towns with records, plus the example records."""
    path = tmp_path_factory.mktemp("townstore") / "store"
    examples = resource_dir("data") / "examples"
    csv = tmp_path_factory.mktemp("counts") / "records-with-count.csv"
    csv.write_text(
        "duty,date,activity,role,evidence,count\n"
        "party-21,2023-03-15,法治专题讲座,party-leader,牛委办〔2023〕7号,40\n"
        "party-21,2023-09-15,法治专题讲座,party-leader,牛委办〔2023〕8号,-3\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        main,
        [
            "store", str(path), "--synthetic", "5",
            "--records", str(examples / "records-2023-violations.csv"),
            "--records", str(csv), "--entered-by", "镇司法所",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return path, examples / "records-2023-violations.csv", csv


def test_stored_records_validate_as_the_files_do(bundled, store_with_records):
    path, violations, csv = store_with_records
    engine = Engine.on_disk(path)
    stored = validate_township(engine, DOC["niuxintuo-2023-25"], year=YEAR, as_of=AS_OF)
    files = validate_records(
        union_graph(load_dataset()),
        [read_records(violations).graph, read_records(csv).graph],
        year=YEAR,
        as_of=AS_OF,
    )
    assert [asdict(e) for e in stored.entries] == [asdict(e) for e in files.entries]
    # Oxigraph keeps 40 as xsd:integer; only the negative count is reported
    counts = [e for e in stored.entries if e.column == "count"]
    assert [(e.file, e.row) for e in counts] == [("records-with-count.csv", 3)]
    batch = engine.query(
        "PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>"
        " SELECT ?who WHERE { ?b prov:wasAttributedTo/rdfs:label ?who }"
    )
    assert {str(r[0]) for r in batch.rows} >= {"镇司法所"}
    # the real batches name the seed list (dct:subject); no generated town copies them
    town = stored_records(engine, DOC["synthetic-town-0001"])
    assert town and not any("records-2023-violations" in str(s) for s in town.subjects())


def test_validate_store_checks_each_township_in_parallel(store_with_records):
    path, _, _ = store_with_records
    args = ["validate", "--store", str(path), "--year", "2023", "--as-of", "2024-12-31"]
    serial = CliRunner().invoke(main, [*args, "--workers", "1", "--format", "json"])
    parallel = CliRunner().invoke(main, [*args, "--workers", "2", "--format", "json"])
    assert serial.exit_code == parallel.exit_code == 1  # the example records violate
    rows = json.loads(serial.output)
    assert len(rows) == 6
    strip = [{k: v for k, v in r.items() if k != "seconds"} for r in rows]
    assert strip == [
        {k: v for k, v in r.items() if k != "seconds"} for r in json.loads(parallel.output)
    ]
    seed = next(r for r in rows if r["document"].endswith("niuxintuo-2023-25"))
    assert not seed["conforms"] and seed["records"] == 12
    one = CliRunner().invoke(main, [*args, "--document", "synthetic-town-0001"])
    assert one.output.count("synthetic-town-") == 1, one.output
    assert "共 1 个乡镇" in one.output and "记录" in one.output
    for word in ("townships", "records=", "VIOLATED", "conforms"):
        assert word not in one.output, word
    english = CliRunner().invoke(main, [*args, "--document", "synthetic-town-0001", "--lang", "en"])
    assert "1 townships" in english.output and "records=" in english.output


def test_validate_files_against_a_township_of_the_store(store_with_records, tmp_path):
    path, _, _ = store_with_records
    csv = tmp_path / "town-3.csv"
    csv.write_text(
        "duty,date,activity,role,evidence\nparty-21,2023-03-15,法治专题讲座,party-leader,x号\n",
        encoding="utf-8",
    )
    args = ["validate", str(csv), "--store", str(path), "--year", "2023", "--format", "json"]
    result = CliRunner().invoke(
        main, [*args, "--as-of", "2024-12-31", "--document", "synthetic-town-0003"]
    )
    report = json.loads(result.output)
    status = {d["duty"]: d["status"] for d in report["duties"]}
    assert status["party-21"] == "violated"  # one lecture of two, in that town's list
    assert result.exit_code == 1
    missing = CliRunner().invoke(main, [*args, "--document", "synthetic-town-0099"])
    assert missing.exit_code == 2 and "no duty list" in missing.output
    neither = CliRunner().invoke(main, ["validate", "--year", "2023"])
    assert neither.exit_code == 2 and "--store" in neither.output


def test_pages_choose_a_list_when_codes_repeat(store_with_records, tmp_path):
    """/browse and /item take ?list=SLUG; a town's IRI redirects to its own pages."""
    import urllib.error
    import urllib.request

    from tests.live_server import start

    path, _, _ = store_with_records
    live = start(["--store", str(path)], tmp_path / "pages.log")
    try:

        def page(url: str) -> tuple[str, str]:
            with urllib.request.urlopen(live.url + url) as response:
                return response.geturl(), response.read().decode("utf-8")

        _, seed = page("/browse")
        _, town = page("/browse?list=synthetic-town-0002")
        assert "list=synthetic-town-0002" in town and "list=" not in seed
        assert town != seed
        where, item = page("/doc/synthetic-town-0002/party-22")
        assert where.endswith("/item/party-22?list=synthetic-town-0002")
        assert "synthetic-town-0002/party-22" in item and "list=synthetic-town-0002" in item
        where, _ = page("/doc/synthetic-town-0002")
        assert where.endswith("/browse?list=synthetic-town-0002")
        _, default_item = page("/item/party-22")
        assert "niuxintuo-2023-25/party-22" in default_item
        for bad in ("/browse?list=nowhere-2099", "/item/party-22?list=nowhere-2099"):
            try:
                page(bad)
                raise AssertionError(f"{bad} should fail")
            except urllib.error.HTTPError as exc:
                assert exc.code in (400, 404), bad
    finally:
        live.stop()


def test_store_reads_each_records_file_against_its_own_township(tmp_path):
    """--records SLUG=FILE: codes are read against that town's list; a missing file is an error."""
    csv = tmp_path / "town-2.csv"
    csv.write_text(
        "duty,date,activity,role,evidence\nparty-21,2023-03-15,法治专题讲座,party-leader,x号\n",
        encoding="utf-8",
    )
    path = tmp_path / "store"
    args = ["store", str(path), "--synthetic", "2", "--records", f"synthetic-town-0002={csv}"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    engine = Engine.on_disk(path)
    rows = engine.query(
        "PREFIX dg: <https://w3id.org/dutygraph/ontology#> SELECT ?duty WHERE "
        "{ <https://w3id.org/dutygraph/record/town-2/row-2> dg:fulfils ?duty }"
    ).rows
    assert [str(r[0]) for r in rows] == [f"{DOC['synthetic-town-0002']}/party-21"]
    missing = CliRunner().invoke(main, ["store", str(tmp_path / "s2"), "--records", "nope.csv"])
    assert missing.exit_code == 2 and "nope.csv" in missing.output
    (tmp_path / "other").mkdir()
    twin = tmp_path / "other" / "town-2.csv"  # same stem, another township: IRIs would clash
    twin.write_bytes(csv.read_bytes())
    args = ["store", str(tmp_path / "s3"), "--records", str(csv), "--records", f"town-x={twin}"]
    clash = CliRunner().invoke(main, args)
    assert clash.exit_code == 2 and "same name stem" in clash.output


def test_routine_rows_fill_a_year_without_changing_its_verdicts():
    """--synthetic-rows: a benchmark's volume (200 rows a town) on duties without
    requirements; the town-year's violations and warnings are those of its needed rows."""
    from dutygraph.validation.synthetic import routine_duties, seed_requirements, town_records

    dataset = load_dataset()
    base = union_graph(dataset)
    requirements = seed_requirements(dataset)
    codes = routine_duties(dataset)
    assert "party-23" not in codes and "gov-3" not in codes and len(codes) > 20
    slug = "niuxintuo-2023-25"
    plain = town_records(requirements, slug, 2023)
    full = town_records(requirements, slug, 2023, routine=(codes, 200))
    rows = set(full.records.subjects(RDF.type, DG.FulfilmentRecord))
    assert len(rows) == 200 > len(set(plain.records.subjects(RDF.type, DG.FulfilmentRecord)))

    def verdicts(town) -> list:
        report = validate_records(base, [town.records], year=2023, as_of=date(2024, 12, 31))
        return sorted((e.severity, e.duty, e.row or 0) for e in report.entries)

    assert verdicts(full) == verdicts(plain)


def test_stored_records_give_their_own_year(store_with_records):
    """No year given for a township of the store: its stored records say which (2023), as a
    file's do; before, the year was read from no records at all and the call failed."""
    path, _, _ = store_with_records
    engine = Engine.on_disk(path)
    report = validate_township(
        engine, DOC["synthetic-town-0001"], year=None, as_of=date(2024, 12, 31)
    )
    assert report.year == 2023 and report.duties


def test_missing_records_follows_the_addressee_rule_as_the_shapes_do(bundled, tmp_path):
    """Were a minimum-count report to name its addressee, missing-records counts what the
    shapes count: a report to another body does not count, one that names no body does."""
    from dutygraph.records.kinds import classify_records

    data = copy(bundled)
    requirement = DOC["niuxintuo-2023-25/party-1/req/1"]  # 每年至少听取一次法治建设工作汇报
    home = next(  # the list's own graph: a township's slice reads that one
        g
        for g in data.graphs()
        if (requirement, RDF.type, None) in g and "inferred" not in str(g.identifier)
    )
    home.add((requirement, DG.addressee, DG.higherGovernment))
    query = catalog("cq")["missing-records"]
    seed = str(DOC["niuxintuo-2023-25"])
    for text, counted in (
        ("党委会议听取法治建设工作汇报，报镇党委", False),
        ("党委会议听取法治建设工作汇报", True),
        ("听取法治建设工作汇报后报区政府", True),
    ):
        path = tmp_path / "party-1.csv"
        path.write_text(
            f"duty,date,activity,role,evidence\nparty-1,2023-04-12,{text},party-leader,x\n",
            encoding="utf-8",
        )
        batch = read_records(path)
        records = copy(data)
        target = records.graph(batch.batch)
        for triple in classify_records(batch.graph):
            target.add(triple)
        engine = Engine(records, "oxigraph")
        missing = {
            str(row[2])
            for row in answer(engine, query, {"year": str(YEAR)}).rows
            if str(row[0]) == seed
        }
        assert (str(requirement) in missing) is not counted, text
        report = validate_township(engine, DOC["niuxintuo-2023-25"], year=YEAR, as_of=AS_OF)
        by_shapes = {
            e.requirement
            for e in report.entries
            if e.requirement and e.severity == "violation" and "at least" in e.message["en"]
        }
        assert (str(requirement) in by_shapes) is not counted, text
