"""Debian's Virtuoso (a production SPARQL server) beside ``oxigraph serve``: ``push`` logs in with
Digest (credentials from the environment or a netrc file), every named query answers as the
embedded store does, and the pages are served over it (issue 18)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from dutygraph.sparql.catalog import answer, catalog
from dutygraph.store.engine import Engine
from dutygraph.store.localservers import VIRTUOSO_PASSWORD, VIRTUOSO_USER
from dutygraph.store.remote import RemoteEngine
from dutygraph.validation.synthetic import add_towns
from tests.live_server import start, start_virtuoso, virtuoso_binary
from tests.test_competency_questions import table
from tests.test_protocol import request
from tests.test_scale_queries import copy

QUERIES = catalog("cq")
LOGIN = {"DUTYGRAPH_SPARQL_USER": VIRTUOSO_USER, "DUTYGRAPH_SPARQL_PASSWORD": VIRTUOSO_PASSWORD}
NO_LOGIN = {"DUTYGRAPH_SPARQL_USER": "", "DUTYGRAPH_SPARQL_PASSWORD": "", "HOME": "/nonexistent"}
WITHOUT_RECORDS = sorted(n for n, q in QUERIES.items() if "#+ records:" not in q.text)


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dutygraph", *args],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture(scope="module")
def loaded(virtuoso):
    out = run("push", "--graph-store", virtuoso.graph_store, "--endpoint", virtuoso.sparql,
              env=LOGIN)  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "same counts" in out.stderr
    return virtuoso


def test_push_without_credentials_says_how_to_give_them(virtuoso):
    out = run("push", "--graph-store", virtuoso.graph_store, env=NO_LOGIN)
    assert out.returncode == 2 and "HTTP 401" in out.stderr
    assert "DUTYGRAPH_SPARQL_USER" in out.stderr and "netrc" in out.stderr
    wrong = {**NO_LOGIN, "DUTYGRAPH_SPARQL_USER": "dba", "DUTYGRAPH_SPARQL_PASSWORD": "wrong"}
    out = run("push", "--graph-store", virtuoso.graph_store, env=wrong)
    assert out.returncode == 2 and "不接受用户 dba 的密码" in out.stderr
    out = run("push", "--graph-store", f"{virtuoso.url}/sparql-graph-crud", env=LOGIN)
    assert out.returncode == 2 and "HTTP 403" in out.stderr and "crud-auth" in out.stderr


def test_push_reads_a_netrc_file_and_chunks(loaded, tmp_path):
    """Credentials from --netrc; graphs over 1,000 triples go as a PUT and then POSTs, and the
    server still holds exactly what was sent (blank nodes all in the first request)."""
    netrc = tmp_path / "netrc"
    netrc.write_text(
        f"machine 127.0.0.1\n  login {VIRTUOSO_USER}\n  password {VIRTUOSO_PASSWORD}\n"
    )
    netrc.chmod(0o600)
    out = run("push", "--graph-store", loaded.graph_store, "--endpoint", loaded.sparql,
              "--netrc", str(netrc), "--chunk", "1000", env=NO_LOGIN)  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "same counts" in out.stderr
    assert "dba" not in out.stderr and VIRTUOSO_PASSWORD not in out.stdout


def test_query_endpoint_with_digest(loaded):
    """Virtuoso's /sparql-auth wants Digest too: ``query --endpoint`` logs in."""
    args = ("query", "measures-per-role", "--endpoint", f"{loaded.url}/sparql-auth")
    refused = run(*args, env=NO_LOGIN)
    assert refused.returncode == 2 and "HTTP 401" in refused.stderr
    out = run(*args, "--format", "csv", env=LOGIN)
    assert out.returncode == 0, out.stderr
    assert "party-leader,24" in out.stdout and "gov-leader,28" in out.stdout


@pytest.mark.parametrize("name", WITHOUT_RECORDS)
def test_named_query_answers_as_the_embedded_store(loaded, bundled, name):
    query = QUERIES[name]
    local = answer(Engine(bundled, "oxigraph"), query, query.example)
    remote = answer(RemoteEngine(loaded.sparql), query, query.example)
    assert table(remote.variables, remote.rows) == table(local.variables, local.rows)
    assert local.rows or name == "unresolved-citations", "an empty answer proves nothing"


def test_only_our_graphs_are_seen(loaded, bundled):
    """Virtuoso's system graphs (virtrdf#, ldp#) are left out; counts are ours."""
    remote = RemoteEngine(loaded.sparql)
    ours = {g.identifier for g in bundled.graphs() if len(g)}
    assert set(remote.graph_names) == ours
    assert len(remote) == sum(len(bundled.graph(g)) for g in ours)


def test_pages_over_virtuoso(loaded, tmp_path):
    """Served over Virtuoso's Digest-protected /sparql-auth, the password from a netrc file
    read under the server's hardening (its query children too)."""
    netrc = tmp_path / "netrc"
    netrc.write_text(f"machine 127.0.0.1 login {VIRTUOSO_USER} password {VIRTUOSO_PASSWORD}\n")
    netrc.chmod(0o600)
    args = ["--sparql-endpoint", f"{loaded.url}/sparql-auth", "--netrc", str(netrc)]
    live = start([*args, "--timeout", "20"], tmp_path / "serve.log", env=NO_LOGIN)
    try:
        response, payload = request(live, "GET", "/item/party-21", {"Accept": "text/html"})
        text = payload.decode("utf-8")
        assert response.status == 200 and "art_5/item_6" in text and "法治专题讲座" in text
        response, payload = request(live, "GET", "/browse", {"Accept": "text/html"})
        assert response.status == 200 and "牛心坨" in payload.decode("utf-8")
        response, payload = request(
            live, "GET", "/queries/measures-per-role", {"Accept": "text/csv"}
        )
        assert response.status == 200 and b"party-leader,24" in payload
        # every other page a reader opens, each answered from Virtuoso
        pages = {
            "/eli/cn/reg/2016/first-responsible-person-duties/art_5/item_6": "party-21",
            "/query?name=duties-by-role": "党委主要负责人",
            "/validate/page": "履职记录校验",
            "/overview?year=2023": "牛心坨",
            "/item/party-23": "party-22",
        }
        for path, word in pages.items():
            response, payload = request(live, "GET", path, {"Accept": "text/html"})
            text = payload.decode("utf-8")
            assert response.status in (200, 404) and word in text, (path, text[:300])
    finally:
        live.stop()


@pytest.mark.slow
def test_hundred_towns_answer_as_the_embedded_store(bundled, tmp_path):
    """100 synthetic towns (bodies of megabytes, sent once after the Digest probe)."""
    if virtuoso_binary() is None:
        pytest.skip("virtuoso-t not installed: apt-get install virtuoso-opensource")
    server = start_virtuoso(tmp_path / "virtuoso")
    try:
        out = run("push", "--graph-store", server.graph_store, "--endpoint", server.sparql,
                  "--synthetic", "100", env=LOGIN)  # fmt: skip
        assert out.returncode == 0, out.stderr
        data = copy(bundled)
        add_towns(data, 100)
        local, remote = Engine(data, "oxigraph"), RemoteEngine(server.sparql)
        for name in WITHOUT_RECORDS:
            query = QUERIES[name]
            mine = answer(local, query, query.example)
            theirs = answer(remote, query, query.example)
            assert table(theirs.variables, theirs.rows) == table(mine.variables, mine.rows), name
    finally:
        server.stop()


WITH_RECORDS = sorted(n for n, q in QUERIES.items() if q.records)


@pytest.mark.parametrize("name", WITH_RECORDS)
def test_record_questions_answer_as_the_embedded_store(bundled, tmp_path, name):
    """A question over fulfilment records: its example file pushed beside the graph (as
    `--add` Turtle, each record classified as a store keeps it), compared with the embedded
    store holding the same records."""
    from dutygraph.records.kinds import classify_records
    from dutygraph.records.reader import read_records
    from dutygraph.resources import resource_dir

    if virtuoso_binary() is None:
        pytest.skip("virtuoso-t not installed: apt-get install virtuoso-opensource")
    query = QUERIES[name]
    batch = read_records(resource_dir("data") / query.records)
    classify_records(batch.graph)
    path = tmp_path / "records.ttl"
    batch.graph.serialize(path, format="turtle")
    data = copy(bundled)
    target = data.graph(batch.batch)
    for triple in batch.graph:
        target.add(triple)
    server = start_virtuoso(tmp_path / "virtuoso")
    try:
        out = run("push", "--graph-store", server.graph_store, "--endpoint", server.sparql,
                  "--add", str(path), env=LOGIN)  # fmt: skip
        assert out.returncode == 0, out.stderr
        mine = answer(Engine(data, "oxigraph"), query, query.example)
        theirs = answer(RemoteEngine(server.sparql), query, query.example)
        assert mine.rows, f"{name}: an empty answer proves nothing"
        assert table(theirs.variables, theirs.rows) == table(mine.variables, mine.rows)
    finally:
        server.stop()
