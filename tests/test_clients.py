"""Real clients against a live server: SPARQLWrapper, rdflib's SPARQLStore, the CLI; plus
concurrent clients (no 5xx: rdflib issue 1282) and a slow query that must not stall others."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote

from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper

from tests.test_protocol import request

DG = "https://w3id.org/dutygraph/ontology#"
PARTY_21 = URIRef("https://w3id.org/dutygraph/doc/niuxintuo-2023-25/party-21")
CODE_QUERY = f"SELECT ?item WHERE {{ ?item <{DG}code> 'party-21' }}"


def test_sparqlwrapper_json_xml_csv(server):
    client = SPARQLWrapper(server.sparql)
    client.setQuery(CODE_QUERY)
    client.setReturnFormat(JSON)
    rows = client.query().convert()["results"]["bindings"]
    assert [r["item"]["value"] for r in rows] == [str(PARTY_21)]
    client.setReturnFormat(XML)
    assert str(PARTY_21) in client.query().convert().toxml()
    client.setReturnFormat(CSV)
    assert str(PARTY_21).encode() in client.query().convert()


def test_sparqlwrapper_post_and_construct(server):
    client = SPARQLWrapper(server.sparql)
    client.setMethod("POST")
    client.setQuery(f"CONSTRUCT {{ ?i <{DG}code> ?c }} WHERE {{ ?i <{DG}code> ?c }} LIMIT 5")
    client.setReturnFormat(TURTLE)
    graph = Graph().parse(data=client.query().convert(), format="turtle")
    assert len(graph) == 5


def test_rdflib_sparqlstore(server):
    store = SPARQLStore(server.sparql)
    graph = Graph(store=store)
    assert (PARTY_21, URIRef(f"{DG}code"), Literal("party-21")) in graph
    rows = list(graph.query(CODE_QUERY))
    assert [row.item for row in rows] == [PARTY_21]


def test_cli_query_against_the_endpoint(server, tmp_path):
    rq = tmp_path / "mine.rq"
    rq.write_text(CODE_QUERY, encoding="utf-8")
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "dutygraph",
            "query",
            "--endpoint",
            server.sparql,
            str(rq),
            "--format",
            "csv",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.splitlines() == ["item", str(PARTY_21)]


def test_cli_endpoint_errors_are_one_line(server, tmp_path):
    rq = tmp_path / "bad.rq"
    rq.write_text("SELECT * WHERE {", encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "dutygraph", "query", "--endpoint", server.sparql, str(rq)],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 2
    assert out.stderr.startswith("dutygraph: ") and "Traceback" not in out.stderr


def _get(server, path):
    response, payload = request(server, "GET", path)
    return response.status, payload


def test_concurrent_clients_get_no_server_errors(server):
    """32 clients at once, first-time parses included (the pyparsing race of rdflib 1282)."""
    texts = [
        f"SELECT ?c (COUNT(*) AS ?n) WHERE {{ ?i <{DG}code> ?c FILTER(STRLEN(?c) > {k}) }} "
        "GROUP BY ?c ORDER BY ?c LIMIT 3"
        for k in range(16)
    ] + [f"ASK {{ ?s ?p {k} }}" for k in range(16)]
    paths = [f"/sparql?query={quote(t, safe='')}" for t in texts]
    paths += ["/queries/trace-up?code=party-21", "/queries/items-per-kind"] * 8
    with ThreadPoolExecutor(max_workers=32) as pool:
        statuses = list(pool.map(lambda p: _get(server, p)[0], paths * 2))
    assert statuses == [200] * len(statuses)


def test_a_slow_query_does_not_stall_others(server):
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    outcome = {}

    def run_slow():
        outcome["slow"] = _get(server, f"/sparql?query={quote(slow, safe='')}")[0]

    thread = threading.Thread(target=run_slow)
    thread.start()
    time.sleep(0.3)
    began = time.monotonic()
    status, _ = _get(server, "/queries/trace-up?code=party-21")
    fast = time.monotonic() - began
    thread.join()
    assert status == 200 and fast < 2.0
    assert outcome["slow"] == 503


def test_a_trivial_query_is_answered_while_runaways_hold_every_worker(server):
    """As many runaway queries as workers (3): a trivial query and /health still answer at
    once, long before the runaways' 3 s deadline (a sync worker made them wait for it)."""
    runaways = [
        f"SELECT (COUNT(*) AS ?n) WHERE {{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i FILTER(?i != {k}) }}"
        for k in range(3)
    ]
    with ThreadPoolExecutor(max_workers=3) as pool:
        slow = [pool.submit(_get, server, f"/sparql?query={quote(t, safe='')}") for t in runaways]
        time.sleep(0.5)
        began = time.monotonic()
        status, _ = _get(server, f"/sparql?query={quote('ASK { ?s ?p 1 }', safe='')}")
        trivial = time.monotonic() - began
        began = time.monotonic()
        health, _ = _get(server, "/health")
        ready = time.monotonic() - began
        assert not any(f.done() for f in slow), "a runaway ended before the trivial query"
        outcomes = [f.result()[0] for f in slow]
    assert (status, health) == (200, 200)
    assert trivial < 1.5 and ready < 1.5
    assert outcomes == [503, 503, 503]
