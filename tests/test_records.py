"""Reading fulfilment records (CSV, XLSX, Turtle, JSON-LD) and writing the records template.

Why these tests: the reader must never drop a row, must read the same records the same way
whatever the encoding or the format, must keep what it cannot interpret where the shapes will
report it, must refuse broken files with the place they break, and must never let an upload
make it fetch or read anything (docs/security-notes.md F4a–F4c, F4f).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook, load_workbook
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import DCTERMS, PROV

from dutygraph.cli import main
from dutygraph.errors import DutyGraphError
from dutygraph.namespace import AGENT, DG, DOC
from dutygraph.records.reader import (
    MAX_BYTES,
    UPLOAD_BASE,
    RecordBatch,
    batch_id,
    read_records,
    read_records_bytes,
)
from tests.listener import Listener

# Not rdflib's XSD namespace: it warns on unknown attributes, which pytest's collection probes.
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
CASES = Path(__file__).parent / "records_cases"
# rdflib's own JSON-LD parser uses its deprecated ConjunctiveGraph.
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
ENCODINGS = CASES / "encodings"
NOW = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)
ITEM = DOC["niuxintuo-2023-25/"]
UNKNOWN = "https://w3id.org/dutygraph/role/unknown/"
GOLDEN_ROWS = {3, 4, 6, 7, 9, 10}
GOLDEN_PROBLEMS = {(9, "date"), (9, "count"), (10, "date"), (10, "role")}


def _without_batch_details(batch: RecordBatch) -> Graph:
    """The records with the batch's per-file facts (label, SHA-256, time) removed."""
    graph = Graph()
    graph += batch.graph
    for predicate in (PROV.generatedAtTime, DG.sha256, RDFS.label):
        graph.remove((batch.batch, predicate, None))
    return graph


def _assert_isomorphic(found: Graph, expected: Graph) -> None:
    if isomorphic(found, expected):
        return
    _, only_found, only_expected = graph_diff(to_isomorphic(found), to_isomorphic(expected))
    pytest.fail(
        "graphs differ\nonly in the result:\n"
        + only_found.serialize(format="nt")
        + "only expected:\n"
        + only_expected.serialize(format="nt")
    )


@pytest.fixture(scope="module")
def golden() -> Graph:
    return Graph().parse(ENCODINGS / "expected.ttl")


# --- the same records in every encoding and in a workbook ----------------------------------------


def test_fixture_files_are_in_the_encodings_they_claim() -> None:
    plain = (ENCODINGS / "utf-8" / "records.csv").read_bytes()
    bom = (ENCODINGS / "utf-8-bom" / "records.csv").read_bytes()
    gb = (ENCODINGS / "gb18030" / "records.csv").read_bytes()
    assert not plain.startswith(b"\xef\xbb\xbf")
    assert bom == b"\xef\xbb\xbf" + plain
    with pytest.raises(UnicodeDecodeError):
        gb.decode("utf-8")
    assert gb.decode("gb18030") == plain.decode("utf-8")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-bom", "gb18030"])
def test_csv_in_each_encoding_gives_the_golden_graph(encoding: str, golden: Graph) -> None:
    batch = read_records(ENCODINGS / encoding / "records.csv", now=NOW)
    assert batch.rows == len(GOLDEN_ROWS)
    _assert_isomorphic(_without_batch_details(batch), golden)


def _golden_as_workbook(path: Path, *, sheet_title: str | None = None) -> Path:
    """The golden CSV's rows in a workbook, row for row; ISO dates as real date cells."""
    text = (ENCODINGS / "utf-8" / "records.csv").read_text(encoding="utf-8")
    workbook = Workbook()
    sheet = workbook.active
    if sheet_title:
        workbook.active.title = "notes"
        sheet = workbook.create_sheet(sheet_title)
    for number, cells in enumerate(csv.reader(io.StringIO(text, newline="")), start=1):
        for column, value in enumerate(cells, start=1):
            value = value.replace("\r\n", "\n")
            if column == 2 and len(value) == 10 and value[4] == "-" and value != "2023-02-30":
                sheet.cell(number, column, datetime.fromisoformat(value))
            elif column == 7 and value.isdigit():
                sheet.cell(number, column, int(value))
            elif value:
                sheet.cell(number, column, value)
    workbook.save(path)
    return path


@pytest.mark.parametrize("sheet_title", [None, "Records"], ids=["first-sheet", "records-sheet"])
def test_xlsx_gives_the_golden_graph(tmp_path: Path, golden: Graph, sheet_title) -> None:
    path = _golden_as_workbook(tmp_path / "records.xlsx", sheet_title=sheet_title)
    sheet = load_workbook(path)[sheet_title or "Sheet"]
    assert sheet["B3"].is_date, "the test must exercise a real date cell"
    batch = read_records(path, now=NOW)
    assert batch.rows == len(GOLDEN_ROWS)
    _assert_isomorphic(_without_batch_details(batch), golden)


def test_rows_are_the_spreadsheet_rows(golden: Graph) -> None:
    """Comments and blank rows are skipped but still counted, as Excel numbers them."""
    batch = read_records(ENCODINGS / "utf-8" / "records.csv", now=NOW)
    rows = {int(n) for n in batch.graph.objects(None, DG.sourceRow)}
    assert rows == GOLDEN_ROWS
    for n in rows:
        record = URIRef(f"{batch.batch}/row-{n}")
        assert (record, DG.sourceRow, Literal(n)) in batch.graph


def test_problems_name_file_row_and_column() -> None:
    path = ENCODINGS / "gb18030" / "records.csv"
    batch = read_records(path, now=NOW)
    assert {(p.row, p.column) for p in batch.problems} == GOLDEN_PROBLEMS
    assert all(p.file == str(path) for p in batch.problems)
    date_problem = next(p for p in batch.problems if (p.row, p.column) == (10, "date"))
    assert "下周" in date_problem.message
    assert str(date_problem).startswith(f"{path}，第 10 行，“date”列: ")


def test_an_impossible_date_logs_nothing(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        read_records(ENCODINGS / "utf-8" / "records.csv", now=NOW)
    assert not [r for r in caplog.records if r.name.startswith("rdflib")]


# --- one cell at a time ----------------------------------------------------------------------

DEFAULT_ROW = {
    "duty": "party-21",
    "date": "2023-03-05",
    "activity": "讲座",
    "role": "party-leader",
    "evidence": "牛委发〔2023〕3号",
    "note": "",
    "count": "",
}
PREDICATES = {
    "duty": DG.fulfils,
    "date": DG.date,
    "activity": DG.description,
    "role": DG.responsibleRole,
    "note": RDFS.comment,
    "count": DG.count,
}
ILL_TYPED = "ill-typed"

CELL_CASES = [
    ("duty", "party-21", ITEM + "party-21", False),
    ("duty", "党委(21)", ITEM + "party-21", False),
    ("duty", "党委（21）", ITEM + "party-21", False),
    ("duty", "政府（3）", ITEM + "gov-3", False),
    ("duty", " GOV-3 ", ITEM + "gov-3", False),
    ("duty", "党委6.", ITEM + "party-g6", False),
    ("duty", "基本原则(一)", ITEM + "principle-1", False),
    ("duty", "一般职责(5)", ITEM + "general-5", False),
    ("duty", "纪律要求（四）", ITEM + "discipline-4", False),
    ("duty", "party-23", ITEM + "party-23", False),  # kept: the shapes say it does not exist
    ("duty", "四(一)", ITEM + "%E5%9B%9B%28%E4%B8%80%29", True),
    ("date", "2023-03-05", Literal("2023-03-05", datatype=XSD.date), False),
    ("date", "2023/3/5", Literal("2023-03-05", datatype=XSD.date), False),
    ("date", "2023.3.5", Literal("2023-03-05", datatype=XSD.date), False),
    ("date", "2023年3月5日", Literal("2023-03-05", datatype=XSD.date), False),
    ("date", "2023 年 3 月 5 日", Literal("2023-03-05", datatype=XSD.date), False),
    ("date", "2023-02-30", ILL_TYPED, True),
    ("date", "2023/13/1", ILL_TYPED, True),
    ("date", "下周", Literal("下周"), True),
    ("date", "2023/3.5", Literal("2023/3.5"), True),
    ("role", "party-leader", DG.partyLeader, False),
    ("role", "Party-Leader", DG.partyLeader, False),
    ("role", "党委主要负责人", DG.partyLeader, False),
    ("role", "gov-leader", DG.govLeader, False),
    ("role", "政府主要负责人", DG.govLeader, False),
    ("role", "leadership-member", DG.leadershipMember, False),
    ("role", "班子成员", DG.leadershipMember, False),
    ("role", "领导班子成员", DG.leadershipMember, False),
    ("role", "lower-level-leader", DG.lowerLevelLeader, False),
    ("role", "镇长助理", URIRef(UNKNOWN + "%E9%95%87%E9%95%BF%E5%8A%A9%E7%90%86"), True),
    ("role", "party leader/secretary", URIRef(UNKNOWN + "party%20leader%2Fsecretary"), True),
    ("count", "35", Literal("35", datatype=XSD.nonNegativeInteger), False),
    ("count", "035", Literal("35", datatype=XSD.nonNegativeInteger), False),
    ("count", "３５", Literal("35", datatype=XSD.nonNegativeInteger), False),
    ("count", "约30", Literal("约30"), True),
    ("count", "-3", Literal("-3"), True),
    ("count", "3.5", Literal("3.5"), True),
    ("activity", "  法治讲座  ", Literal("法治讲座", lang="zh"), False),
    ("note", "第一期", Literal("第一期", lang="zh"), False),
]


def _one_row(name: str = "one.csv", **cells: str) -> RecordBatch:
    row = {**DEFAULT_ROW, **cells}
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(row.keys())
    writer.writerow(row.values())
    data = buffer.getvalue().encode("utf-8")
    return read_records_bytes(data, name=name, fmt="csv", now=NOW)


@pytest.mark.parametrize(("column", "raw", "expected", "problem"), CELL_CASES)
def test_cell_is_read_or_kept(column: str, raw: str, expected, problem: bool) -> None:
    batch = _one_row(**{column: raw})
    record = URIRef(f"{batch.batch}/row-2")
    values = list(batch.graph.objects(record, PREDICATES[column]))
    assert len(values) == 1, values
    if expected == ILL_TYPED:
        assert values[0].datatype == XSD.date and values[0].ill_typed, repr(values[0])
    else:
        assert values[0] == expected and type(values[0]) is type(expected), repr(values[0])
    assert [(p.row, p.column) for p in batch.problems] == ([(2, column)] if problem else [])


def test_an_impossible_date_keeps_its_digits_ill_typed() -> None:
    batch = _one_row(date="2023/2/30")
    [value] = batch.graph.objects(None, DG.date)
    assert str(value) == "2023-02-30" and value.datatype == XSD.date and value.ill_typed


def test_empty_cells_are_omitted_but_the_row_is_kept() -> None:
    batch = _one_row(duty="", date="", activity="", role="", evidence="", note="只有备注")
    record = URIRef(f"{batch.batch}/row-2")
    assert batch.rows == 1
    assert set(batch.graph.predicate_objects(record)) == {
        (RDF.type, DG.FulfilmentRecord),
        (DG.sourceRow, Literal(2)),
        (DCTERMS.source, batch.batch),
        (RDFS.comment, Literal("只有备注", lang="zh")),
    }


def test_evidence_is_a_node_with_the_raw_reference() -> None:
    batch = _one_row(evidence="  http://example.invalid/a?b=1  ")
    record = URIRef(f"{batch.batch}/row-2")
    evidence = batch.graph.value(record, DG.hasEvidence)
    assert evidence == URIRef(f"{record}/evidence")
    assert (evidence, RDF.type, DG.Evidence) in batch.graph
    assert batch.graph.value(evidence, DG.reference) == Literal("http://example.invalid/a?b=1")


@pytest.mark.parametrize("name", ["chinese-header.csv", "english-header.csv"])
def test_header_names_in_chinese_any_case_spaces_and_bom(name: str) -> None:
    data = (CASES / name).read_bytes()
    found = read_records_bytes(data, name="h.csv", fmt="csv", now=NOW)
    expected = _one_row(name="h.csv", activity="举办法治专题讲座", note="第一期", count="35")
    _assert_isomorphic(_without_batch_details(found), _without_batch_details(expected))


# --- fatal errors ------------------------------------------------------------------------------

FATAL_CASES = [
    (
        "missing-column.csv",
        ["missing required column evidence", "found columns: duty, date"],
        {"row": 1},
    ),
    ("unknown-column.csv", ["unknown column 'evidense'", "did you mean 'evidence'"], {"row": 1}),
    ("duplicate-column.csv", ["'duty' appears twice"], {"row": 1, "column": 6}),
    ("outside-columns.csv", ["'多出的值'", "without a header"], {"row": 3, "column": 8}),
    ("semicolons.csv", ["separated by ';'"], {"row": 1}),
    ("unclosed-quote.csv", ["never closed"], {"line": 2}),
    ("empty.csv", ["no records"], {}),
    ("header-only.csv", ["no records"], {}),
    ("not-a-workbook.xlsx", ["not an Excel workbook"], {}),
    ("bad-syntax.ttl", ["not valid Turtle"], {"line": 5, "column": 1}),
    ("bad-json.jsonld", ["not valid JSON"], {"line": 3, "column": 21}),
    ("no-records.ttl", ["no records"], {}),
]


@pytest.mark.parametrize(
    ("name", "fragments", "where"), FATAL_CASES, ids=[c[0] for c in FATAL_CASES]
)
def test_fatal_error_says_what_and_where(name: str, fragments: list[str], where: dict) -> None:
    path = CASES / name
    with pytest.raises(DutyGraphError) as caught:
        read_records(path, now=NOW)
    error = caught.value
    for fragment in fragments:
        assert fragment in error.message
    assert error.location is not None and error.location.file == str(path)
    assert str(path) in str(error) and "\n" not in str(error)
    for key, value in where.items():
        assert getattr(error.location, key) == value, f"{key}: {error.location}"


def test_undecodable_file_gives_the_byte_offset_and_line() -> None:
    path = CASES / "undecodable.csv"
    offset = path.read_bytes().index(b"\xff")
    with pytest.raises(DutyGraphError) as caught:
        read_records(path)
    assert f"第 {offset} 字节" in caught.value.message  # Chinese first
    assert f"byte offset {offset}" in caught.value.en
    assert caught.value.location.line == 2


@pytest.mark.parametrize(
    ("data", "name", "fragment"),
    [
        (b"\n\r\n  \n", "blank.csv", "no records"),
        (b"\xef\xbb\xbf", "bom-only.csv", "no records"),
        (b"x" * (MAX_BYTES + 1), "huge.csv", "limit of 10 MB"),
        (b"PK\x03\x04 not really a zip", "broken.xlsx", "not an Excel workbook"),
        (b"\xef\xbb\xbf\n\n# only a comment\n", "comment.csv", "no records"),
    ],
)
def test_other_fatal_inputs(data: bytes, name: str, fragment: str) -> None:
    with pytest.raises(DutyGraphError, match=fragment):
        read_records_bytes(data, name=name, fmt=Path(name).suffix)


def test_a_zip_that_is_no_workbook_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    with pytest.raises(DutyGraphError, match="not a readable Excel workbook"):
        read_records_bytes(buffer.getvalue(), name="zip.xlsx", fmt="xlsx")


@pytest.mark.parametrize(("suffix", "fragment"), [(".xls", "save it as .xlsx"), (".txt", ".csv")])
def test_unsupported_suffix(tmp_path: Path, suffix: str, fragment: str) -> None:
    path = tmp_path / f"records{suffix}"
    path.write_bytes(b"duty\n")
    with pytest.raises(DutyGraphError, match=fragment):
        read_records(path)


def test_excel_error_cell_in_the_first_column_is_not_a_comment(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["duty", "date", "activity", "role", "evidence"])
    sheet.append(["#N/A", "2023-03-05", "讲座", "party-leader", "x"])
    assert sheet["A2"].data_type == "e"
    workbook.save(tmp_path / "errors.xlsx")
    batch = read_records(tmp_path / "errors.xlsx")
    assert batch.rows == 1
    assert [(p.row, p.column) for p in batch.problems] == [(2, "duty")]


# --- batch and provenance -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("records.csv", "records"),
        ("My Records 2023.xlsx", "my-records-2023"),
        ("/tmp/in/Q1_2023.csv", "q1-2023"),
        ("履职记录.csv", hashlib.sha256("履职记录".encode()).hexdigest()[:12]),
    ],
)
def test_batch_id(name: str, expected: str) -> None:
    assert batch_id(name) == expected


def test_batch_provenance() -> None:
    data = (ENCODINGS / "utf-8" / "records.csv").read_bytes()
    batch = read_records_bytes(data, name="2023年.csv", fmt="csv", entered_by="张 三", now=NOW)
    g, b = batch.graph, batch.batch
    assert b == URIRef("https://w3id.org/dutygraph/record/" + batch_id("2023年.csv"))
    assert (b, RDF.type, PROV.Entity) in g
    assert g.value(b, RDFS.label) == Literal("2023年.csv")
    assert g.value(b, DG.sha256) == Literal(hashlib.sha256(data).hexdigest())
    assert g.value(b, PROV.generatedAtTime) == Literal(NOW, datatype=XSD.dateTime)
    agent = AGENT["%E5%BC%A0%20%E4%B8%89"]
    assert g.value(b, PROV.wasAttributedTo) == agent
    assert (agent, RDF.type, PROV.Agent) in g and g.value(agent, RDFS.label) == Literal("张 三")
    assert set(g.objects(None, DCTERMS.source)) == {b}


def test_no_agent_without_entered_by() -> None:
    batch = _one_row()
    assert not list(batch.graph.objects(None, PROV.wasAttributedTo))
    assert not list(batch.graph.subjects(RDF.type, PROV.Agent))


# --- RDF uploads ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("rdflib_format", "fmt"), [("turtle", "ttl"), ("json-ld", "jsonld")])
def test_rdf_round_trip(rdflib_format: str, fmt: str) -> None:
    original = read_records(ENCODINGS / "utf-8" / "records.csv", now=NOW, entered_by="张三")
    data = original.graph.serialize(format=rdflib_format).encode("utf-8")
    again = read_records_bytes(data, name=f"upload.{fmt}", fmt=fmt)
    assert again.rows == original.rows and again.batch == original.batch
    assert again.problems == []
    _assert_isomorphic(again.graph, original.graph)


def test_rdf_records_of_several_batches_get_the_file_batch() -> None:
    turtle = """@prefix dg: <https://w3id.org/dutygraph/ontology#> .
        @prefix dct: <http://purl.org/dc/terms/> .
        <a> a dg:FulfilmentRecord ; dct:source <batch-1> .
        <b> a dg:FulfilmentRecord ; dct:source <batch-2> ."""
    batch = read_records_bytes(turtle.encode(), name="two.ttl", fmt="ttl")
    assert batch.rows == 2
    assert batch.batch == URIRef("https://w3id.org/dutygraph/record/two")


def test_relative_iris_resolve_against_the_inert_upload_base() -> None:
    turtle = "@prefix dg: <https://w3id.org/dutygraph/ontology#> .\n<row-1> a dg:FulfilmentRecord ."
    batch = read_records_bytes(turtle.encode(), name="rel.ttl", fmt="ttl")
    assert set(batch.graph.subjects(RDF.type, DG.FulfilmentRecord)) == {
        URIRef(UPLOAD_BASE + "row-1")
    }


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


@pytest.fixture
def parse_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[tuple, dict]]:
    """Every call of Graph.parse, recorded before it runs."""
    calls: list[tuple[tuple, dict]] = []
    original = Graph.parse

    def spy(self, *args, **kwargs):
        calls.append((args, kwargs))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Graph, "parse", spy)
    return calls


def _record(extra: dict) -> dict:
    return {
        "@id": "row-1",
        "@type": "https://w3id.org/dutygraph/ontology#FulfilmentRecord",
        **extra,
    }


REMOTE_DOCS = {
    "context": lambda url: {"@context": f"{url}/ctx.jsonld", **_record({"name": "v"})},
    "context-array": lambda url: {
        "@context": [{"x": "urn:x#"}, f"{url}/arr.jsonld"],
        **_record({}),
    },
    "nested": lambda url: {"@graph": [{"@context": f"{url}/nested.jsonld", **_record({})}]},
    "scoped": lambda url: {
        "@context": {"name": {"@id": "urn:n", "@context": f"{url}/scoped.jsonld"}},
        **_record({}),
    },
    "import": lambda url: {"@context": {"@import": f"{url}/import.jsonld"}, **_record({})},
    "relative-file": lambda url: {"@context": "ctx.jsonld", **_record({})},
}


def test_the_listener_sees_an_unguarded_fetch(listener: Listener) -> None:
    """Control: plain rdflib does fetch a remote @context, so the listener would notice."""
    document = json.dumps(REMOTE_DOCS["context"](listener.url))
    Graph().parse(data=document, format="json-ld", publicID=UPLOAD_BASE)
    assert listener.paths == ["/ctx.jsonld"]


@pytest.mark.parametrize("kind", REMOTE_DOCS)
def test_jsonld_location_context_is_refused_before_parsing(
    kind: str, listener: Listener, parse_calls: list
) -> None:
    document = json.dumps(REMOTE_DOCS[kind](listener.url)).encode("utf-8")
    with pytest.raises(DutyGraphError) as caught:
        read_records_bytes(document, name="upload.jsonld", fmt="jsonld")
    assert "@context" in caught.value.message or "@import" in caught.value.message
    assert "inline" in caught.value.message
    assert parse_calls == [], "refused documents must not reach rdflib"
    assert listener.hits == []


def test_jsonld_with_inline_context_is_read(parse_calls: list) -> None:
    document = {
        "@context": {"dg": "https://w3id.org/dutygraph/ontology#"},
        "@id": "row-1",
        "@type": "dg:FulfilmentRecord",
    }
    batch = read_records_bytes(json.dumps(document).encode(), name="ok.jsonld", fmt="jsonld")
    assert batch.rows == 1
    [(args, kwargs)] = parse_calls
    assert args == () and kwargs["publicID"] == UPLOAD_BASE and isinstance(kwargs["data"], str)


def test_turtle_owl_imports_is_not_followed(listener: Listener, parse_calls: list) -> None:
    turtle = f"""@prefix dg: <https://w3id.org/dutygraph/ontology#> .
        @prefix owl: <http://www.w3.org/2002/07/owl#> .
        <> owl:imports <{listener.url}/imp.ttl> .
        <row-1> a dg:FulfilmentRecord ."""
    batch = read_records_bytes(turtle.encode(), name="imports.ttl", fmt="ttl")
    assert batch.rows == 1
    assert listener.hits == []
    [(args, kwargs)] = parse_calls
    assert args == () and kwargs["publicID"] == UPLOAD_BASE and isinstance(kwargs["data"], str)


# --- the template -----------------------------------------------------------------------------


def _invoke(*args: str):
    return CliRunner().invoke(main, ["template", *args])


def _uncomment_csv(path: Path) -> None:
    data = path.read_bytes()
    assert b"\r\n# party-21," in data
    path.write_bytes(data.replace(b"\r\n# party-21,", b"\r\nparty-21,", 1))


def _uncomment_xlsx(path: Path) -> None:
    workbook = load_workbook(path)
    assert workbook["履职记录"]["A2"].value == "# party-21"
    workbook["履职记录"]["A2"] = "party-21"
    workbook.save(path)


def _all_text(path: Path) -> str:
    if path.suffix == ".csv":
        return path.read_text(encoding="utf-8-sig")
    workbook = load_workbook(path, read_only=True)
    return "\n".join(
        str(value)
        for sheet in workbook
        for row in sheet.iter_rows(values_only=True)
        for value in row
    )


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_template_round_trip(tmp_path: Path, suffix: str, asserted) -> None:
    path = tmp_path / f"template{suffix}"
    result = _invoke(str(path))
    assert result.exit_code == 0, result.output
    text = _all_text(path)
    assert "party-21" in text and "gov-28" in text and "discipline-4" in text
    assert "party-23" not in text
    with pytest.raises(DutyGraphError, match="no records"):
        read_records(path)
    (_uncomment_csv if suffix == ".csv" else _uncomment_xlsx)(path)
    batch = read_records(path, now=NOW)
    assert batch.rows == 1 and batch.problems == []
    record = URIRef(f"{batch.batch}/row-2")
    duty = batch.graph.value(record, DG.fulfils)
    assert duty == ITEM + "party-21" and (duty, RDF.type, DG.Measure) in asserted
    assert (duty, DG.bearer, batch.graph.value(record, DG.responsibleRole)) in asserted
    assert batch.graph.value(record, DG.date) == Literal("2023-03-15", datatype=XSD.date)
    assert batch.graph.value(record, DG.hasEvidence) is not None


def test_csv_template_layout(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    assert _invoke(str(path)).exit_code == 0
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == "职责编码,日期,开展的活动,责任人角色,证据,备注,人数"
    english = tmp_path / "en.csv"
    assert _invoke(str(english), "--lang", "en").exit_code == 0
    assert (
        english.read_text("utf-8-sig").splitlines()[0]
        == "duty,date,activity,role,evidence,note,count"
    )
    assert all(line.startswith("#") for line in lines[1:])
    assert (
        "# party-21 党委(21) 推动落实党委（党组）理论学习中心组学法制度。推动建立健全领导…" in lines
    )
    codes = [line.split()[1] for line in lines[3:] if line.split()[1].count("-") == 1]
    order = ["principle-1", "general-5", "party-g1", "party-1", "party-25", "gov-g1", "gov-28"]
    positions = [codes.index(code) for code in [*order, "discipline-1"]]
    assert positions == sorted(positions), "codes must follow the document"
    assert "# leadership-member 领导班子其他成员" in lines


def test_xlsx_template_sheets(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    assert _invoke(str(path), "--lang", "en").exit_code == 0
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["records", "duties", "roles"]
    header = [c.value for c in workbook["records"][1]]
    assert header == ["duty", "date", "activity", "role", "evidence", "note", "count"]
    duties = list(workbook["duties"].iter_rows(values_only=True))
    assert duties[0] == ("code", "notation", "text", "requirements") and len(duties) == 1 + 81
    assert duties[[r[0] for r in duties].index("party-21")][:2] == ("party-21", "党委(21)")
    roles = list(workbook["roles"].iter_rows(values_only=True))
    assert roles[:3] == [
        ("code", "name"),
        ("party-leader", "党委主要负责人"),
        ("gov-leader", "政府主要负责人"),
    ]


def test_xlsx_template_is_ready_for_a_clerk(tmp_path: Path) -> None:
    """Chinese by default: drop-downs for duty and role, a date format on the date column, and
    a sheet that lists every duty with its text and its requirements in words."""
    path = tmp_path / "模板.xlsx"
    assert _invoke(str(path)).exit_code == 0
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["履职记录", "职责清单", "角色"]
    sheet = workbook["履职记录"]
    assert [c.value for c in sheet[1]] == [
        "职责编码",
        "日期",
        "开展的活动",
        "责任人角色",
        "证据",
        "备注",
        "人数",
    ]
    checks = {str(dv.sqref): dv.formula1 for dv in sheet.data_validations.dataValidation}
    assert checks["A2:A2001"] == "='职责清单'!$A$2:$A$82"
    assert checks["D2:D2001"].startswith("='角色'!")
    assert sheet["B2"].number_format == "yyyy-mm-dd" and sheet["B500"].number_format == "yyyy-mm-dd"
    duties = {row[0]: row for row in workbook["职责清单"].iter_rows(values_only=True)}
    assert "每年至少 2 次" in duties["party-21"][3] and "次年3月1日前" in duties["gov-3"][3]
    assert sheet.freeze_panes == "A2"


def test_template_keeps_an_existing_file_unless_forced(tmp_path: Path) -> None:
    path = tmp_path / "mine.csv"
    path.write_text("my records", encoding="utf-8")
    result = _invoke(str(path))
    assert result.exit_code == 2
    assert "exists" in result.output and "--force" in result.output
    assert path.read_text(encoding="utf-8") == "my records"
    assert _invoke("--force", str(path)).exit_code == 0
    assert "party-21" in path.read_text(encoding="utf-8-sig")


def test_template_refuses_other_suffixes(tmp_path: Path) -> None:
    result = _invoke(str(tmp_path / "t.txt"))
    assert result.exit_code == 2 and ".csv or .xlsx" in result.output


# --- what clerks' sheets look like: notices, not refusals (issue 13) --------------------------


def test_extra_column_is_ignored_with_a_notice() -> None:
    batch = read_records(CASES / "extra-column.csv", now=NOW)
    assert batch.rows == 1
    assert [(n.row, n.column) for n in batch.notices] == [(1, "6")]
    assert "remarks" in batch.notices[0].message and "忽略" in batch.notices[0].message


def test_a_clerks_sheet_title_row_serial_and_blank_columns_and_kind() -> None:
    """A merged title above the header, a 序号 column, a blank column between used ones, the
    template's Chinese headers and the optional 活动类型 column: read, each skip said."""
    from dutygraph.namespace import DG

    batch = read_records(CASES / "clerk-sheet.csv", now=NOW)
    assert batch.rows == 2
    said = [(n.row, n.column, n.message) for n in batch.notices]
    assert said[0][:2] == (1, "") and "2023年度牛心坨镇履职记录台账" in said[0][2]
    assert said[1][:2] == (2, "1") and "序号" in said[1][2]
    assert said[2][:2] == (2, "8") and "无表头" in said[2][2]
    assert len(said) == 3
    meeting = batch.graph.value(URIRef(f"{batch.batch}/row-3"), DG.activityKind)
    assert meeting == DG.meeting  # the kind column decides where the text names none


def test_a_value_under_an_ignored_blank_header_is_still_refused(tmp_path) -> None:
    path = tmp_path / "blank-header-with-value.csv"
    path.write_text(
        "duty,date,,activity,role,evidence\nparty-21,2023-03-05,丢不得,讲座,party-leader,x\n",
        encoding="utf-8",
    )
    with pytest.raises(DutyGraphError) as caught:
        read_records(path, now=NOW)
    assert "丢不得" in caught.value.message and caught.value.location.column == 3


def test_a_labelled_subtitle_and_noted_headers_are_read() -> None:
    """A clerk's sheet: title, a subtitle of labelled cells (填报单位：…, three cells filled), and
    headers with notes in brackets (日期（年月日）, 证据材料（文号）): read, the skips said."""
    batch = read_records(CASES / "clerk-subtitle.csv", now=NOW)
    assert batch.rows == 2
    said = [(n.row, n.column, n.message) for n in batch.notices]
    assert [s[:2] for s in said] == [(1, ""), (2, ""), (3, "1")]
    assert "填报单位" in said[1][2]
    row = URIRef(f"{batch.batch}/row-5")
    assert str(batch.graph.value(row, DG.date)) == "2023-10-09"
    assert not batch.problems


def test_an_xlsx_with_a_merged_title_row(tmp_path) -> None:
    """WPS and Excel sheets merge the title across the columns: one filled cell, skipped."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["2023年度履职记录台账"])
    sheet.merge_cells("A1:F1")
    sheet.append(["职责编码", "日期", "开展的活动", "责任人角色", "证据", "备注"])
    sheet.append(
        [
            "党委(22)",
            "2023-06-28",
            "召开镇党委法治建设委员会会议",
            "党委主要负责人",
            "牛法委〔2023〕2号",
            "",
        ]
    )
    path = tmp_path / "合并标题.xlsx"
    book.save(path)
    batch = read_records(path, now=NOW)
    assert batch.rows == 1
    assert [(n.row, n.column) for n in batch.notices] == [(1, "")]
    assert "2023年度履职记录台账" in batch.notices[0].message


def test_the_addressee_column_names_the_body_or_says_it_cannot(tmp_path) -> None:
    """报送对象 replaces what the text says; a name it does not know is kept as a problem on
    that cell (file, row, column), and the text is read instead."""
    path = tmp_path / "报送.csv"
    path.write_text(
        "职责编码,日期,开展的活动,责任人角色,证据,报送对象\n"
        "gov-3,2024-02-20,报告2023年度法治政府建设情况,政府主要负责人,牛政〔2024〕3号,区政府、依法治区办\n"
        "gov-3,2024-02-21,向镇党委报告2023年度法治政府建设情况,政府主要负责人,牛政〔2024〕4号,乡政府办\n",
        encoding="utf-8",
    )
    batch = read_records(path, now=NOW)
    first = set(batch.graph.objects(URIRef(f"{batch.batch}/row-2"), DG.addressedTo))
    assert first == {DG.higherGovernment, DG.higherInspection}
    assert (URIRef(f"{batch.batch}/row-3"), DG.addressedTo, None) not in batch.graph
    [problem] = batch.problems
    assert (Path(problem.file).name, problem.row, problem.column) == ("报送.csv", 3, "addressee")
    assert "乡政府办" in problem.message


def test_what_the_reader_skipped_or_kept_is_said_in_english_on_request(tmp_path) -> None:
    """Notices (a title row, an unused column) and problems (a date that does not exist) carry
    both languages: validate --lang en and store --lang en print them in English."""
    english = CliRunner().invoke(
        main, ["validate", str(CASES / "clerk-sheet.csv"), "--year", "2023", "--lang", "en"]
    )
    assert "skipped the title row above the header" in english.output, english.output
    assert "ignored column 1 '序号': not a column records use" in english.output
    assert "已跳过" not in english.output
    chinese = CliRunner().invoke(
        main, ["validate", str(CASES / "clerk-sheet.csv"), "--year", "2023"]
    )
    assert "已跳过表头上方的标题行" in chinese.output and "skipped" not in chinese.output
    bad = tmp_path / "bad-date.csv"
    bad.write_text(
        "duty,date,activity,role,evidence\nparty-21,2023-02-30,讲座,party-leader,x\n",
        encoding="utf-8",
    )
    stored = CliRunner().invoke(
        main, ["store", str(tmp_path / "store"), "--records", str(bad), "--lang", "en"]
    )
    assert "row 2, column date: the date '2023-02-30' does not exist" in stored.output, (
        stored.output
    )
    assert "wrote " in stored.output and "四元组" not in stored.output


@pytest.mark.parametrize(
    ("text", "bodies"),
    [
        (
            "向镇党委、镇人大常委会报告2023年度法治政府建设情况并在政府网站公开",
            {"townPartyCommittee", "townCongress"},
        ),
        (
            "报送辽中区人民政府2023年度法治政府建设情况报告，抄送区委依法治区办",
            {"higherGovernment", "higherInspection"},
        ),
        (
            "镇党委书记向区政府报告法治政府建设情况",
            {"higherGovernment"},
        ),  # the actor is no addressee
        ("党委会议听取法治建设工作汇报", set()),  # a Party committee's meeting, not a report to it
        ("党委会议听取法治建设工作汇报，报镇党委", {"townPartyCommittee"}),
        ("在镇政府网站向社会公开", set()),  # 政府网站 names no body
        ("报告2023年度法治政府建设情况", set()),
    ],
)
def test_a_records_addressees_come_after_向_or_报(text, bodies) -> None:
    from dutygraph.records.kinds import record_addressees

    assert {str(a).rsplit("#", 1)[-1] for a in record_addressees(text)} == bodies
