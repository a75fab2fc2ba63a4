"""SPARQL 1.1 Protocol edge cases against a live server, on both engines, with raw HTTP.

Data-driven: each case is (name, method, path, headers, body, expected status, expected media
type or None, text the body must contain). The same table runs on Oxigraph and rdflib.
"""

from __future__ import annotations

import http.client
import json
from urllib.parse import quote, urlsplit

import pytest

ASK = "ASK { ?s ?p ?o }"
SELECT = (
    "PREFIX dg: <https://w3id.org/dutygraph/ontology#> "
    "SELECT ?code WHERE { ?i dg:code ?code FILTER(?code = 'party-21') }"
)
CONSTRUCT = (
    "PREFIX dg: <https://w3id.org/dutygraph/ontology#> "
    "CONSTRUCT { ?i dg:code ?code } WHERE { ?i dg:code ?code FILTER(?code = 'party-21') }"
)
ESCAPED_SERVICE = "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
DIRECT = {"Content-Type": "application/sparql-query"}
JSON_RESULTS = "application/sparql-results+json"


def q(text: str) -> str:
    return quote(text, safe="")


CASES = [
    # name, method, path, headers, body, status, media type, body contains
    ("get", "GET", f"/sparql?query={q(SELECT)}", {}, None, 200, JSON_RESULTS, "party-21"),
    ("post-form", "POST", "/sparql", FORM, f"query={q(SELECT)}", 200, JSON_RESULTS, "party-21"),
    ("post-direct", "POST", "/sparql", DIRECT, SELECT, 200, JSON_RESULTS, "party-21"),
    ("ask", "GET", f"/sparql?query={q(ASK)}", {}, None, 200, JSON_RESULTS, '"boolean": true'),
    (
        "xml",
        "GET",
        f"/sparql?query={q(SELECT)}",
        {"Accept": "application/sparql-results+xml"},
        None,
        200,
        "application/sparql-results+xml",
        "<literal>party-21</literal>",
    ),
    (
        "csv",
        "GET",
        f"/sparql?query={q(SELECT)}",
        {"Accept": "text/csv"},
        None,
        200,
        "text/csv",
        "code\r\nparty-21",
    ),
    (
        "tsv",
        "GET",
        f"/sparql?query={q(SELECT)}",
        {"Accept": "text/tab-separated-values"},
        None,
        200,
        "text/tab-separated-values",
        '?code\n"party-21"',
    ),
    (
        "q-values",
        "GET",
        f"/sparql?query={q(SELECT)}",
        {"Accept": "text/csv;q=0.5, application/sparql-results+xml;q=0.9"},
        None,
        200,
        "application/sparql-results+xml",
        "party-21",
    ),
    (
        "format-param-wins",
        "GET",
        f"/sparql?query={q(SELECT)}&format=tsv",
        {"Accept": "text/csv"},
        None,
        200,
        "text/tab-separated-values",
        "?code",
    ),
    (
        "construct-turtle",
        "GET",
        f"/sparql?query={q(CONSTRUCT)}",
        {},
        None,
        200,
        "text/turtle",
        '"party-21"',
    ),
    (
        "construct-ntriples",
        "GET",
        f"/sparql?query={q(CONSTRUCT)}",
        {"Accept": "application/n-triples"},
        None,
        200,
        "application/n-triples",
        '<https://w3id.org/dutygraph/ontology#code> "party-21" .',
    ),
    (
        "construct-jsonld",
        "GET",
        f"/sparql?query={q(CONSTRUCT)}&format=jsonld",
        {},
        None,
        200,
        "application/ld+json",
        '"@value": "party-21"',
    ),
    (
        "construct-rdfxml",
        "GET",
        f"/sparql?query={q(CONSTRUCT)}",
        {"Accept": "application/rdf+xml"},
        None,
        200,
        "application/rdf+xml",
        ">party-21<",
    ),
    (
        "describe",
        "GET",
        f"/sparql?query={q('DESCRIBE <https://w3id.org/dutygraph/doc/niuxintuo-2023-25/party-21>')}",
        {},
        None,
        200,
        "text/turtle",
        "party-21",
    ),
    (
        "not-acceptable",
        "GET",
        f"/sparql?query={q(SELECT)}",
        {"Accept": "image/png"},
        None,
        406,
        "text/plain",
        "offered: application/sparql-results+json",
    ),
    (
        "ask-as-csv",
        "GET",
        f"/sparql?query={q(ASK)}&format=csv",
        {},
        None,
        406,
        "text/plain",
        "cannot be written as 'csv'",
    ),
    (
        "syntax-error",
        "GET",
        f"/sparql?query={q('SELECT * WHERE { ?s ?p }')}",
        {},
        None,
        400,
        "text/plain",
        "syntax error",
    ),
    (
        "update-direct",
        "POST",
        "/sparql",
        {"Content-Type": "application/sparql-update"},
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        403,
        "text/plain",
        "read-only",
    ),
    (
        "update-param",
        "POST",
        "/sparql",
        FORM,
        "update=" + q("CLEAR ALL"),
        403,
        "text/plain",
        "read-only",
    ),
    (
        "update-as-query",
        "POST",
        "/sparql",
        DIRECT,
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        403,
        "text/plain",
        "read-only",
    ),
    (
        "load-as-query",
        "GET",
        f"/sparql?query={q('LOAD <file:///etc/passwd>')}",
        {},
        None,
        403,
        "text/plain",
        "read-only",
    ),
    ("wrong-method", "PUT", "/sparql", DIRECT, SELECT, 405, "text/plain", "PUT"),
    (
        "wrong-media-type",
        "POST",
        "/sparql",
        {"Content-Type": "text/plain"},
        SELECT,
        415,
        "text/plain",
        "application/sparql-query",
    ),
    (
        "repeated-query",
        "GET",
        f"/sparql?query={q(ASK)}&query={q(ASK)}",
        {},
        None,
        400,
        "text/plain",
        "given 2 times",
    ),
    (
        "not-utf8-body",
        "POST",
        "/sparql",
        DIRECT,
        b"SELECT * WHERE { ?s ?p \xff }",
        400,
        "text/plain",
        "not valid UTF-8",
    ),
    (
        "not-utf8-form",
        "POST",
        "/sparql",
        FORM,
        "query=%FF%FE",
        400,
        "text/plain",
        "not valid UTF-8",
    ),
    ("empty-query", "GET", "/sparql?query=", {}, None, 400, "text/plain", "empty"),
    (
        "service",
        "GET",
        f"/sparql?query={q('SELECT * WHERE { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }')}",
        {},
        None,
        400,
        "text/plain",
        "SERVICE",
    ),
    (
        "service-escaped",
        "GET",
        "/sparql?query=" + q(ESCAPED_SERVICE),
        {},
        None,
        400,
        "text/plain",
        "SERVICE",
    ),
    (
        "too-long",
        "POST",
        "/sparql",
        DIRECT,
        "ASK {}" + " " * 70_000,
        413,
        "text/plain",
        "characters",
    ),
    ("description", "GET", "/sparql", {}, None, 200, "text/turtle", "sd:SPARQL11Query"),
    (
        "description-jsonld",
        "GET",
        "/sparql",
        {"Accept": "application/ld+json"},
        None,
        200,
        "application/ld+json",
        "sparql-service-description#Service",
    ),
    ("no-such-page", "GET", "/nothing", {}, None, 404, "text/plain", ""),
]


def request(server, method, path, headers=None, body=None):
    parts = urlsplit(server.url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    data = body.encode("utf-8") if isinstance(body, str) else body
    conn.request(method, path, body=data, headers=headers or {})
    response = conn.getresponse()
    payload = response.read()
    conn.close()
    return response, payload


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_protocol(server, case):
    _name, method, path, headers, body, status, media, contains = case
    response, payload = request(server, method, path, headers, body)
    text = payload.decode("utf-8")
    assert response.status == status, text
    if media is not None:
        assert response.getheader("Content-Type").split(";")[0] == media
    assert contains in text
    if status >= 400 and status != 404:
        assert "Traceback" not in text and "/work" not in text and "site-packages" not in text


def test_every_error_is_one_clear_line(server):
    response, payload = request(server, "GET", f"/sparql?query={q('SELECT ?x WHERE {')}")
    assert response.status == 400
    assert payload.decode().count("\n") == 1


def test_protocol_dataset_selects_graphs(server):
    """default-graph-uri / named-graph-uri pick graphs the store holds; FROM in the text too."""
    graph = "https://w3id.org/dutygraph/graph/niuxintuo-2023-25"
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    in_graph = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"

    def number(path):
        response, payload = request(server, "GET", path)
        assert response.status == 200, payload
        return int(json.loads(payload)["results"]["bindings"][0]["n"]["value"])

    everything = number(f"/sparql?query={q(count)}")
    one = number(f"/sparql?query={q(count)}&default-graph-uri={q(graph)}")
    assert 0 < one < everything
    assert number(f"/sparql?query={q(count.replace(' WHERE', f' FROM <{graph}> WHERE'))}") == one
    assert number(f"/sparql?query={q(in_graph)}&named-graph-uri={q(graph)}") == one
    # with only named graphs given, the default graph is empty (SPARQL 1.1 Protocol 2.1.4)
    assert number(f"/sparql?query={q(count)}&named-graph-uri={q(graph)}") == 0
    # the protocol's dataset wins over FROM in the text
    text = count.replace(" WHERE", " FROM <urn:none> WHERE")
    assert number(f"/sparql?query={q(text)}&default-graph-uri={q(graph)}") == one
    # a graph the store does not hold is empty, never fetched
    assert number(f"/sparql?query={q(count)}&default-graph-uri={q('http://127.0.0.1:9/g')}") == 0


def test_cors_headers_on_reads(server):
    response, _ = request(
        server, "GET", f"/sparql?query={q(ASK)}", {"Origin": "http://example.org"}
    )
    assert response.getheader("Access-Control-Allow-Origin") == "*"


def test_cors_preflight(server):
    response, _ = request(server, "OPTIONS", "/sparql", {"Origin": "http://example.org"})
    assert response.status == 200
    assert "POST" in response.getheader("Access-Control-Allow-Methods")
    assert response.getheader("Access-Control-Allow-Origin") == "*"


def test_row_cap_refuses_whole_answer(server):
    """More rows than --max-rows is a 413 with a reason, not a silently cut answer."""
    many = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    response, payload = request(server, "GET", f"/sparql?query={q(many)}")
    assert response.status == 413
    assert b"1000 rows" in payload


def test_deadline_gives_clean_503(server):
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    response, payload = request(server, "GET", f"/sparql?query={q(slow)}")
    assert response.status == 503
    assert b"longer than the 3 s" in payload


def test_log_line_per_request(server):
    request(server, "GET", f"/sparql?query={q(ASK)}")
    lines = [line for line in server.log.read_text().splitlines() if " /sparql q=" in line]
    assert lines, "no access log line"
    parts = lines[-1].split()
    assert parts[0].endswith("Z") and parts[1].isdigit() and parts[2].endswith("ms")
    assert len(parts[-1]) == len("q=") + 12


# --- robustness found on the way (issue 16) ----------------------------------------------------


def test_relative_iris_resolve_against_the_endpoint(server):
    """W3C protocol test query_content_type_construct: a relative IRI needs a base; the
    service uses its own URL (SPARQL 1.1 Protocol allows it)."""
    response, payload = request(
        server,
        "POST",
        "/sparql",
        {"Content-Type": "application/sparql-query", "Accept": "application/n-triples"},
        "CONSTRUCT { <s> <p> 1 } WHERE {}",
    )
    assert response.status == 200, payload
    assert f"<{server.url}/s> <{server.url}/p>".encode() in payload


def test_a_deeply_nested_query_is_a_400_before_evaluation(server):
    deep = "SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000
    response, payload = request(
        server, "POST", "/sparql", {"Content-Type": "application/sparql-query"}, deep
    )
    assert response.status == 400 and "嵌套过深" in payload.decode()


def test_a_syntax_error_says_where_with_the_text_around(server):
    text = "SELECT *\nWHERE { ?s ?p ?o OPTIONL { ?s ?p ?x } }"
    response, payload = request(
        server, "POST", "/sparql", {"Content-Type": "application/sparql-query"}, text
    )
    message = payload.decode()
    assert response.status == 400
    assert "第 2 行" in message and "▶" in message and "OPTIONL" in message, message
