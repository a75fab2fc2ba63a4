"""``serve --sparql-endpoint``: the same pages, named queries and validation over an existing
SPARQL server (a real ``oxigraph serve`` started here, loaded with ``dutygraph push``), and the
server still reaches nothing but that one endpoint."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import date
from urllib.parse import quote

import pytest
from rdflib import URIRef, Variable
from rdflib.query import Result

from dutygraph.errors import DutyGraphError
from dutygraph.graph.files import load_dataset, union_graph
from dutygraph.guard.querycheck import bind_as_values
from dutygraph.records.reader import read_records
from dutygraph.resources import resource_dir
from dutygraph.sparql.catalog import answer, catalog
from dutygraph.store.engine import Engine
from dutygraph.validation.shacl import validate_records
from tests.listener import Listener
from tests.live_server import start, start_oxigraph
from tests.test_competency_questions import table
from tests.test_outbound import hostile_queries
from tests.test_protocol import request

QUERIES = catalog("cq")
VIOLATIONS = resource_dir("data") / "examples" / "records-2023-violations.csv"


@pytest.fixture(scope="module")
def remote(tmp_path_factory, _cache_dir):
    """oxigraph serve ← dutygraph push; then dutygraph serve --sparql-endpoint on it."""
    folder = tmp_path_factory.mktemp("remote")
    process, url = start_oxigraph(folder / "oxigraph")
    pushed = subprocess.run(
        [sys.executable, "-m", "dutygraph", "push", "--graph-store", f"{url}/store"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert pushed.returncode == 0, pushed.stderr
    live = start(["--sparql-endpoint", f"{url}/query", "--timeout", "20"], folder / "serve.log")
    yield live
    live.stop()
    process.terminate()
    process.wait(timeout=10)


def get(server, path: str, accept: str = "application/sparql-results+json"):
    response, payload = request(server, "GET", path, {"Accept": accept})
    return response, payload


# the queries over loaded records are left out: push sends the graph, not example records
WITHOUT_RECORDS = sorted(n for n, q in QUERIES.items() if "#+ records:" not in q.text)


@pytest.mark.parametrize("name", WITHOUT_RECORDS)
def test_named_queries_answer_as_on_the_local_engine(remote, bundled, name):
    """Parameters travel as a VALUES block: the rows must be exactly the pre-bound ones."""
    query = QUERIES[name]
    params = "&".join(f"{k}={quote(v, safe='')}" for k, v in query.example.items())
    response, payload = get(remote, f"/queries/{name}?{params}")
    assert response.status == 200, payload
    result = Result.parse(io.BytesIO(payload), format="json")
    local = answer(Engine(bundled, "oxigraph"), query, query.example)
    rows = [[b.get(v) for v in result.vars] for b in result.bindings]
    assert table(result.vars, rows) == table(local.variables, local.rows)
    assert local.rows or name == "unresolved-citations", "an empty answer proves nothing"


def test_pages_and_health(remote):
    response, payload = get(remote, "/health", "application/json")
    assert response.status == 200 and json.loads(payload)["engine"] == "remote"
    response, payload = get(remote, "/item/party-21", "text/html")
    text = payload.decode("utf-8")
    assert response.status == 200 and "art_5/item_6" in text and "法治专题讲座" in text
    response, payload = get(remote, "/browse", "text/html")
    assert response.status == 200 and "牛心坨" in payload.decode("utf-8")


def test_validation_over_the_remote_list_matches_the_local_one(remote):
    response, payload = request(
        remote,
        "POST",
        "/validate?year=2023&as_of=2024-06-01&format=json",
        {"Content-Type": "text/csv"},
        VIOLATIONS.read_bytes(),
    )
    assert response.status == 200, payload
    local = validate_records(
        union_graph(load_dataset()),
        [read_records(VIOLATIONS).graph],
        year=2023,
        as_of=date(2024, 6, 1),
    )
    got = json.loads(payload)
    assert got["conforms"] is False
    assert [d["status"] for d in got["duties"]] == [d.status for d in local.duties]
    assert got["counts"]["v"] == sum(e.severity == "violation" for e in local.entries)
    response, payload = request(
        remote,
        "POST",
        "/validate?year=2023&document=nowhere-2099",
        {"Content-Type": "text/csv"},
        VIOLATIONS.read_bytes(),
    )
    assert response.status == 400 and b"no duty list" in payload


def test_parameters_never_become_query_syntax(remote):
    breakout = quote('") } ?s ?p ?o #', safe="")
    response, payload = get(remote, f"/queries/duties-by-keyword?keyword={breakout}")
    assert response.status == 200 and json.loads(payload)["results"]["bindings"] == []
    bad_iri = quote("https://w3id.org/x>{}", safe="")
    response, payload = get(remote, f"/queries/trace-down?provision={bad_iri}")
    assert response.status == 400


def test_values_open_the_top_level_where_group():
    from rdflib import Literal, URIRef

    text = 'PREFIX x: <urn:x#>\n# WHERE { in a comment\nSELECT ?a WHERE {\n  ?a ?b "WHERE {" }'
    bound = bind_as_values(text, {"a": URIRef("urn:y"), "b": Literal('say "hi"')})
    assert bound.endswith(
        'SELECT ?a WHERE { VALUES (?a ?b) { (<urn:y> "say \\"hi\\"") }\n  ?a ?b "WHERE {" }'
    )
    with pytest.raises(DutyGraphError, match="IRI"):
        bind_as_values(text, {"a": URIRef("urn:y> } DROP ALL #")})
    with pytest.raises(DutyGraphError, match="WHERE"):
        bind_as_values("DESCRIBE <urn:x>", {"a": URIRef("urn:y")})


def test_the_local_engines_refuse_the_same_iri(bundled):
    """Oxigraph binds by VALUES too, so an IRI that could end early is refused, not substituted."""
    query = QUERIES["trace-down"]
    bad = {"provision": "https://w3id.org/x>{}", "list": query.example["list"]}
    with pytest.raises(DutyGraphError, match="not a usable IRI"):
        answer(Engine(bundled, "oxigraph"), query, bad)
    ask = Engine(bundled, "oxigraph").query(
        "ASK { ?s ?p ?o }", bindings={Variable("s"): URIRef("https://w3id.org/x")}
    )
    assert ask.boolean is False  # no WHERE keyword: bound by substitution


def test_reaches_nothing_but_its_endpoint(remote):
    listener = Listener()
    try:
        for what, path, status in hostile_queries(listener.url):
            response, payload = request(remote, "GET", path)
            assert response.status == status, (what, payload)
            assert b"root:" not in payload and b"FROM-LISTENER" not in payload, what
        jsonld = {"@context": f"{listener.url}/ctx.jsonld", "@id": "row-1"}
        response, _ = request(
            remote,
            "POST",
            "/validate?year=2023",
            {"Content-Type": "application/ld+json"},
            json.dumps(jsonld),
        )
        assert response.status == 400
        assert listener.hits == []
    finally:
        listener.close()


def test_serve_refuses_mixed_sources():
    out = subprocess.run(
        [sys.executable, "-m", "dutygraph", "serve", "--sparql-endpoint", "file:///etc/passwd"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 2 and "http(s) URL" in out.stderr
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "dutygraph",
            "serve",
            "--sparql-endpoint",
            "http://x",
            "--store",
            ".",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 2 and "--endpoint 使用该服务器上的图" in out.stderr
