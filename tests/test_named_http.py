"""/queries over HTTP: the listing, every named query with its example parameters (same rows as
the library on the same data), typed binding (no injection), and parameter errors."""

from __future__ import annotations

import io
import json
from urllib.parse import urlencode

import pytest
from rdflib.query import Result

from dutygraph.sparql.catalog import answer, catalog
from dutygraph.store.engine import Engine
from tests.test_competency_questions import table
from tests.test_protocol import request

QUERIES = catalog("cq")


@pytest.fixture(scope="module")
def local(bundled):
    return Engine(bundled, "oxigraph")


def test_listing(server):
    response, payload = request(server, "GET", "/queries")
    assert response.status == 200
    listed = {q["name"]: q for q in json.loads(payload)}
    assert set(listed) == set(QUERIES)
    trace = listed["trace-up"]
    assert trace["summary"]["zh"] and trace["summary"]["en"]
    assert trace["params"] == [
        {
            "name": "code",
            "type": "string",
            "description": "the township item's code, e.g. party-21",
        },
        {
            "name": "list",
            "type": "iri",
            "description": "one duty list's IRI; left out, every list (one row group per list)",
        },
    ]
    assert trace["url"].endswith("/queries/trace-up")


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_named_query_over_http_matches_the_library(server, local, name):
    query = QUERIES[name]
    path = f"/queries/{name}?" + urlencode({**query.example, "format": "json"})
    response, payload = request(server, "GET", path)
    assert response.status == 200, payload
    got = Result.parse(io.BytesIO(payload), format="json")
    want = answer(local, query, query.example)
    assert table(got.vars, [[r.get(v) for v in got.vars] for r in got.bindings]) == table(
        want.variables, want.rows
    )


def test_parameter_values_are_bound_not_spliced(server):
    """A value that would break out of a string literal if pasted is just a string that matches
    nothing; the server answers normally."""
    hostile = "party-21' } UNION { ?item ?p ?code } #"
    response, payload = request(server, "GET", "/queries/trace-up?" + urlencode({"code": hostile}))
    assert response.status == 200
    assert json.loads(payload)["results"]["bindings"] == []


@pytest.mark.parametrize(
    ("path", "status", "says"),
    [
        ("/queries/no-such-query", 404, "GET /queries"),
        ("/queries/trace-up?colour=red", 400, "no parameter 'colour'"),
        ("/queries/trace-up?code=a&code=b", 400, "两次"),
        ("/queries/trace-down?provision=not-an-iri", 400, "http(s) IRI"),
        ("/queries/records-per-duty?year=twenty", 400, "integer"),
        ("/queries/trace-up?code=party-21&format=png", 406, "cannot be written"),
    ],
)
def test_parameter_errors(server, path, status, says):
    response, payload = request(server, "GET", path)
    assert response.status == status
    assert says in payload.decode()


@pytest.mark.parametrize("fmt", ["csv", "tsv", "xml", "json"])
def test_every_table_format(server, fmt):
    response, payload = request(server, "GET", f"/queries/trace-up?code=party-21&format={fmt}")
    assert response.status == 200
    assert "art_5/item_6" in payload.decode()


def test_what_the_server_reads_at_start_is_reported(server, monkeypatch):
    """Queries, shapes and templates are read at start; /health lists what could not be."""
    import json as _json

    from dutygraph.server.state import _read_queries

    _, payload = request(server, "GET", "/health")
    health = _json.loads(payload)
    assert health["status"] == "ready" and health["cannot_serve"] == []

    def broken(folder="cq"):
        raise FileNotFoundError("queries/cq was removed under the running server")

    monkeypatch.setattr("dutygraph.sparql.catalog.catalog", broken)
    missing: list[str] = []
    assert _read_queries(missing) == {} and "removed" in missing[0]


def test_a_repeated_question_is_answered_from_the_cache(server):
    """The graph is read-only: the same named query with the same bindings and format is
    answered from memory (X-Cache: hit) with the same bytes; other bindings are computed."""
    path = "/queries/trace-up?code=party-21&format=json"
    bodies, states = [], []
    for _ in range(8):  # each gunicorn worker keeps its own cache: some of them repeat
        response, body = request(server, "GET", path)
        bodies.append(body)
        states.append(response.getheader("X-Cache"))
    assert len(set(bodies)) == 1 and "hit" in states and states[0] in ("miss", "hit")
    unseen = f"/queries/trace-up?code=gov-{len(bodies[0]) % 20 + 1}&format=xml"
    response, _ = request(server, "GET", unseen)
    assert response.status == 200


def test_the_cache_is_bounded():
    from dutygraph.sparql.resultcache import ResultCache

    cache = ResultCache(max_entries=3, max_bytes=100)
    for n in range(5):
        cache.put(n, b"x" * 10)
    assert len(cache) == 3 and cache.get(0) is None and cache.get(4) == b"x" * 10
    cache.put("big", b"y" * 60)  # over a quarter of the bytes: never kept
    assert cache.get("big") is None
    for n in range(10):
        cache.put(f"k{n}", b"z" * 20)
    assert sum(len(cache.get(f"k{n}") or b"") for n in range(10)) <= 100


def test_no_cache_asks_for_a_computed_answer(server):
    path = "/queries/measures-per-role?format=json"
    for _ in range(4):
        request(server, "GET", path)
    response, _ = request(server, "GET", path, {"Cache-Control": "no-cache"})
    assert response.getheader("X-Cache") == "miss"
