"""Every error a user can meet reads in Chinese first (issue 15): each error path we can trigger
through the Flask test client, in the default language, answers with CJK text and no English
sentence outside brackets (the house form is "中文 (English)"); the CLI's errors likewise.

Why a walk over the paths and not a word list: a new handler that forgets Chinese shows up here
as soon as one of its paths is listed; the check itself knows no message.
"""

from __future__ import annotations

import re

import pytest
from rdflib import Graph

from dutygraph.codes import DEFAULT_SLUG
from dutygraph.namespace import DOC
from dutygraph.sparql.settings import ServerSettings
from dutygraph.store.engine import Engine

CJK = re.compile(r"[\u4e00-\u9fff]")


def english_outside_brackets(text: str) -> list[str]:
    """Runs of three or more English words not inside (), （）, [] or quotes: a sentence a
    Chinese reader is left with."""
    text = re.sub(r"<(script|style|pre|code)\b.*?</\1>", " ", text, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    quoted = r"\([^()]*\)|（[^（）]*）|\[[^\[\]]*\]|'[^']*'|\"[^\"]*\"|“[^”]*”|`[^`]*`"
    for _ in range(3):  # nested brackets
        text = re.sub(quoted, " ", text)
    text = re.sub(r"https?://\S+|[\w.+-]*/[\w/.?=&+-]+", " ", text)  # addresses, media types
    return re.findall(r"\b[A-Za-z]+(?:[ ,]+[A-Za-z]+){2,}\b", text)


def assert_chinese(where: str, body: str) -> None:
    assert CJK.search(body), f"{where}: no Chinese in {body[:300]!r}"
    english = english_outside_brackets(body)
    assert not english, f"{where}: English outside brackets: {english} in {body[:300]!r}"


@pytest.fixture(scope="module")
def client(bundled):
    from dutygraph.server.app import create_app
    from dutygraph.server.state import ServerState

    engine = Engine(bundled, "oxigraph")
    settings = ServerSettings(max_body_bytes=1 << 16)
    state = ServerState(settings, engine, DOC[DEFAULT_SLUG], Graph(), len(engine), 0.0)
    return create_app(state).test_client()


# (method, path, headers, body): each answers with an error status
HTML = {"Accept": "text/html"}
TEXT = {"Accept": "text/plain"}
ERRORS = [
    ("GET", "/item/party-23", HTML, None),
    ("GET", "/item/no-such-code", HTML, None),
    ("GET", "/item/party-23", TEXT, None),
    ("GET", "/browse?list=no-such-list", HTML, None),
    ("GET", "/eli/cn/no/such/thing", HTML, None),
    ("GET", "/doc/no-such-list/x", HTML, None),
    ("GET", "/no-such-page", HTML, None),
    ("GET", "/no-such-page", TEXT, None),
    ("DELETE", "/browse", TEXT, None),
    ("POST", "/validate/page", HTML, None),
    ("POST", "/validate", TEXT, None),
    ("POST", "/validate", TEXT, b"x" * (1 << 17)),
    ("GET", "/overview?year=abc", HTML, None),
    ("GET", "/overview?list=no-such-list", HTML, None),
    ("GET", "/overview/export?format=doc", HTML, None),
    ("GET", "/overview/rows", HTML, None),
    ("GET", "/queries/no-such-query", TEXT, None),
    ("GET", "/queries/trace-up?code=", TEXT, None),
    ("GET", "/sparql?query=SELECT%20*%20WHERE%20%7B%7D&query=x", TEXT, None),
    ("GET", "/queries/trace-up?code=%FF", TEXT, None),
    ("GET", "/sparql?query=", TEXT, None),
    ("POST", "/sparql", {"Content-Type": "text/plain"}, b"SELECT * {}"),
    ("POST", "/validate?format=doc", {"Content-Type": "text/csv"}, b"a,b\n"),
    ("POST", "/validate?year=abc", {"Content-Type": "text/csv"}, b"a,b\n"),
    ("POST", "/validate?as_of=tomorrow", {"Content-Type": "text/csv"}, b"a,b\n"),
    ("GET", "/sparql?query=SELEC", TEXT, None),
    ("POST", "/sparql", {"Content-Type": "application/sparql-update"}, b"DROP ALL"),
    ("GET", "/sparql?query=DROP%20ALL", TEXT, None),
    (
        "GET",
        "/sparql?query=SELECT%20*%20%7B%20SERVICE%20%3Chttp%3A%2F%2Fx%2F%3E%20%7B%7D%20%7D",
        TEXT,
        None,
    ),
]


@pytest.mark.parametrize("method,path,headers,body", ERRORS, ids=lambda v: str(v)[:40])
def test_error_answers_are_chinese(client, method, path, headers, body):
    response = client.open(path, method=method, headers=headers, data=body)
    text = response.get_data(as_text=True)
    assert response.status_code >= 400, (response.status_code, text[:200])
    assert_chinese(f"{method} {path} {response.status_code}", text)


# --- the CLI -------------------------------------------------------------------------------

CLI_ERRORS = [
    ["show", "party-999"],
    ["show", "no-such-code"],
    ["trace", "party-999"],
    ["trace", "--reverse", "https://example.org/nothing"],
    ["stats", "--list", "no-such-list"],
    ["gaps", "--list", "no-such-list"],
    ["query", "no-such-query"],
    ["query", "trace-up", "--param", "nonsense"],
    ["validate", "{missing}"],
    ["validate", "{bad_csv}"],
    ["validate", "--year", "abc", "{bad_csv}"],
    ["report", "--year", "2023", "--store", "{missing}"],
    ["template", "{existing}"],
    ["import", "{missing}"],
    ["import", "{bad_csv}"],
    ["user", "list", "--ledger", "{missing_dir}/ledger.sqlite"],
    ["user", "disable", "nobody", "--ledger", "{ledger}"],
    ["ledger", "review", "99", "accept", "--by", "nobody", "--ledger", "{ledger}"],
    ["ledger", "review", "99", "approve", "--user", "nobody", "--ledger", "{ledger}"],
    ["trace", "--format", "pdf", "party-21"],
    ["stats", "--store", "{not_a_store}"],
    ["store", "{not_a_store}"],
    ["show", "party-21", "--endpoint", "ftp://example.org/sparql"],
    ["push", "--graph-store", "ftp://example.org/store"],
    ["query", "{bad_header}"],
    ["query", "{reserved_param}"],
    ["query", "{unknown_key}"],
    ["user", "add", "x", "--role", "clerk", "--ledger", "{ledger}"],
]


@pytest.fixture(scope="module")
def cli_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli-errors")
    (folder / "bad.csv").write_text("职责编码,日期\nparty-21,去年三月\n", encoding="utf-8")
    (folder / "existing.xlsx").write_bytes(b"PK")
    (folder / "not-a-store").mkdir()
    (folder / "not-a-store" / "file.txt").write_text("x")
    query = "SELECT * WHERE { ?s ?p ?o }\n"
    (folder / "bad-header.rq").write_text("#+ param: code\n" + query)
    (folder / "reserved-param.rq").write_text("#+ param: format literal the format\n" + query)
    (folder / "unknown-key.rq").write_text("#+ parm: code literal a code\n" + query)
    return {
        "bad_header": str(folder / "bad-header.rq"),
        "reserved_param": str(folder / "reserved-param.rq"),
        "unknown_key": str(folder / "unknown-key.rq"),
        "missing": str(folder / "nothing-here.csv"),
        "missing_dir": str(folder / "no-dir"),
        "bad_csv": str(folder / "bad.csv"),
        "existing": str(folder / "existing.xlsx"),
        "ledger": str(folder / "ledger.sqlite"),
        "not_a_store": str(folder / "not-a-store"),
    }


@pytest.mark.parametrize("args", CLI_ERRORS, ids=lambda a: " ".join(a)[:40])
def test_cli_errors_are_chinese(cli_files, args, monkeypatch):
    from click.testing import CliRunner

    from dutygraph.cli import main

    monkeypatch.delenv("DUTYGRAPH_LANG", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("DUTYGRAPH_PASSWORD", "short")  # no prompt: the error itself is heard
    result = CliRunner().invoke(main, [a.format(**cli_files) for a in args])
    said = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert result.exit_code != 0, said
    assert_chinese(" ".join(args), said)


def test_cli_reports_of_work_done_are_chinese(tmp_path, monkeypatch):
    """What a command says when it worked (template, check) reads in Chinese too."""
    from click.testing import CliRunner

    from dutygraph.cli import main

    monkeypatch.delenv("DUTYGRAPH_LANG", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    for args in (["template", str(tmp_path / "t.xlsx")], ["check"]):
        result = CliRunner().invoke(main, args)
        said = result.output + (result.stderr if result.stderr_bytes is not None else "")
        assert result.exit_code == 0, said
        assert_chinese(" ".join(args), said)


CLI_ERRORS_EN = [
    ["query", "{bad_header}"],
    ["query", "{reserved_param}"],
    ["query", "{unknown_key}"],
    ["user", "add", "x", "--role", "clerk", "--ledger", "{ledger}"],
    ["user", "list", "--ledger", "{missing_dir}/ledger.sqlite"],
    ["user", "disable", "nobody", "--ledger", "{ledger}"],
    ["serve", "--ledger", "{missing_dir}/ledger.sqlite"],
]


@pytest.mark.parametrize("args", CLI_ERRORS_EN, ids=lambda a: " ".join(a)[:40])
def test_cli_errors_in_english_on_request(cli_files, args, monkeypatch):
    """The same errors with DUTYGRAPH_LANG=en: English, no Chinese left (file names aside)."""
    from click.testing import CliRunner

    from dutygraph.cli import main

    monkeypatch.setenv("DUTYGRAPH_LANG", "en")
    monkeypatch.setenv("DUTYGRAPH_PASSWORD", "short")
    result = CliRunner().invoke(main, [a.format(**cli_files) for a in args])
    said = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert result.exit_code != 0, said
    assert re.search(r"[A-Za-z]{2,} [A-Za-z]{2,}", said) and not CJK.search(said), said


# --- messages raised below the CLI and the server -------------------------------------------


def _read_query(tmp_path, header: str):
    from dutygraph.sparql.catalog import read_query

    path = tmp_path / "mine.rq"
    path.write_text(f"#+ {header}\nSELECT * WHERE {{ ?s ?p ?o }}\n", encoding="utf-8")
    return lambda: read_query(path)


def _raising(tmp_path) -> dict:
    """Each message a user can meet that once reached them in English only, by its maker."""
    import urllib.request

    from pyoxigraph import NamedNode, Triple
    from rdflib import Graph, Variable

    from dutygraph.codes import parse_params, split_assignments
    from dutygraph.graph.opening import load_files
    from dutygraph.guard import hardening
    from dutygraph.guard.querycheck import bind_as_values, check_query
    from dutygraph.keeping import accounts, batches
    from dutygraph.keeping.ledger import Ledger
    from dutygraph.store.credentials import NETRC_VARIABLE, USER_VARIABLE, find_credentials
    from dutygraph.store.engine import check_size
    from dutygraph.store.oxterms import from_ox, to_ox
    from dutygraph.store.source import Source
    from dutygraph.validation.years import infer_year

    a = NamedNode("urn:a")
    ledger = Ledger(tmp_path / "ledger.sqlite")
    clerk = accounts.User("clerk-a", "clerk", "niuxintuo-2023-25")

    def service_pattern():
        hardening._no_service(None, type("Part", (), {"name": "ServiceGraphPattern"})())

    def network():
        with hardening.untrusted():
            hardening._audit("socket.connect", (None, ("192.0.2.1", 80)))

    def a_file():
        with hardening.untrusted():
            hardening._audit("open", ("/etc/hostname", "r", 0))

    netrc = tmp_path / "netrc"
    netrc.write_text("machine\n", encoding="utf-8")
    url = "http://192.0.2.1/sparql"

    return {
        "update": lambda: check_query("DROP ALL"),
        "service": lambda: check_query("SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }"),
        "no where": lambda: bind_as_values("ASK {}", {"x": a_literal()}),
        "too many rows": lambda: check_size(5, 1, "rows"),
        "too many triples": lambda: check_size(5, 1, "triples"),
        "param header": _read_query(tmp_path, "param: code"),
        "reserved param": _read_query(tmp_path, "param: format literal f"),
        "header key": _read_query(tmp_path, "parm: code literal c"),
        "service at run time": service_pattern,
        "network": network,
        "file": a_file,
        "outbound url": lambda: hardening._DenyAll().default_open(
            urllib.request.Request("http://192.0.2.1/")
        ),
        "triple term": lambda: from_ox(Triple(a, a, a)),
        "variable in a graph": lambda: to_ox(Variable("x")),
        "user name": lambda: accounts.add_user(ledger, "x", "clerk", "0123456789", "t"),
        "role": lambda: accounts.add_user(ledger, "xy", "boss", "0123456789", None),
        "clerk township": lambda: accounts.add_user(ledger, "xy", "clerk", "0123456789", None),
        "password": lambda: accounts.add_user(ledger, "xy", "admin", "short", None),
        "no user": lambda: accounts.set_disabled(ledger, "nobody", True),
        "login": lambda: accounts.login(ledger, "nobody", "x"),
        "token": lambda: accounts.user_for_token(ledger, "nothing"),
        "no batch": lambda: batches.batch(ledger, 99),
        "not a reviewer": lambda: batches.review(ledger, clerk, 99, "approve"),
        "evidence": lambda: batches.close_remediation(ledger, clerk, 1, " "),
        "no remediation item": lambda: batches.close_remediation(ledger, clerk, 99, "x"),
        "close a year": lambda: batches.close_year(ledger, clerk, "t", 2023),
        "bad township": lambda: batches.may_submit(ledger, clerk, "../t", 2023, None),
        "not this township": lambda: batches.may_submit(ledger, clerk, "other", 2023, None),
        "engine": lambda: Source(engine="jena"),
        "store and data": lambda: Source(store=tmp_path, data=(tmp_path,)),
        "endpoint and store": lambda: Source(endpoint=url, store=tmp_path),
        "memory without store": lambda: Source(memory=True),
        "files only": lambda: load_files(Source(store=tmp_path)),
        "param twice": lambda: parse_params([("year", "2023"), ("year", "2024")], where="--param"),
        "param without =": lambda: split_assignments(["year"]),
        "no dates": lambda: infer_year(Graph(), []),
        "half the credentials": lambda: find_credentials(url, {USER_VARIABLE: "dba"}),
        "no netrc": lambda: find_credentials(url, {NETRC_VARIABLE: str(tmp_path / "none")}),
        "bad netrc": lambda: find_credentials(url, {NETRC_VARIABLE: str(netrc)}),
    }


def a_literal():
    from rdflib import Literal

    return Literal(1)


RAISING = [
    "update",
    "service",
    "no where",
    "too many rows",
    "too many triples",
    "param header",
    "reserved param",
    "header key",
    "service at run time",
    "network",
    "file",
    "outbound url",
    "triple term",
    "variable in a graph",
    "user name",
    "role",
    "clerk township",
    "password",
    "no user",
    "login",
    "token",
    "no batch",
    "not a reviewer",
    "evidence",
    "no remediation item",
    "close a year",
    "bad township",
    "not this township",
    "engine",
    "store and data",
    "endpoint and store",
    "memory without store",
    "files only",
    "param twice",
    "param without =",
    "no dates",
    "half the credentials",
    "no netrc",
    "bad netrc",
]


@pytest.mark.parametrize("name", RAISING)
def test_messages_in_chinese_with_english_on_request(tmp_path, name):
    from dutygraph.errors import DutyGraphError

    with pytest.raises(DutyGraphError) as caught:
        _raising(tmp_path)[name]()
    assert_chinese(name, caught.value.describe("zh"))
    english = caught.value.describe("en")
    assert not CJK.search(english), f"{name}: {english}"
    assert_chinese(name, str(caught.value))  # the "中文 (English)" line the endpoint sends


def test_isolated_work_says_what_failed_in_chinese():
    """What the isolated child sends back when the work broke (the pipe carries one line)."""
    from dutygraph.guard.isolation import out_of_memory, outcome

    def too_deep():
        raise RecursionError

    def broken():
        raise ValueError("x")

    for work in (too_deep, broken):
        (_, _, message), _ = outcome(work, "query")
        assert_chinese(work.__name__, message)
    assert_chinese("memory", out_of_memory("query"))
