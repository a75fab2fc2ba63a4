"""No request makes the server open a connection or read a file, on either engine.

A loopback listener records every hit; the control test shows a plain client does reach it,
so an empty record after the hostile requests means the server never reached out.
"""

from __future__ import annotations

import json
import urllib.request
from urllib.parse import quote

import pytest

from tests.listener import Listener
from tests.test_protocol import request


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


def hostile_queries(url: str) -> list[tuple[str, str, int]]:
    """(what, path, expected status): the query forms that reach out by default somewhere."""
    q = lambda text: quote(text, safe="")  # noqa: E731
    everything = "SELECT * WHERE { ?s ?p ?o }"
    return [
        (
            "service",
            f"/sparql?query={q(f'SELECT * WHERE {{ SERVICE <{url}/s> {{ ?s ?p ?o }} }}')}",
            400,
        ),
        (
            "service-silent",
            f"/sparql?query={q(f'SELECT * WHERE {{ SERVICE SILENT <{url}/s> {{ ?s ?p ?o }} }}')}",
            400,
        ),
        ("from", f"/sparql?query={q(f'SELECT * FROM <{url}/from> WHERE {{ ?s ?p ?o }}')}", 200),
        (
            "from-named",
            f"/sparql?query={q(f'SELECT * FROM NAMED <{url}/n> {{ GRAPH ?g {{ ?s ?p ?o }} }}')}",
            200,
        ),
        (
            "from-file",
            f"/sparql?query={q('SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }')}",
            200,
        ),
        (
            "default-graph-uri",
            f"/sparql?query={q(everything)}&default-graph-uri={q(url + '/dg')}",
            200,
        ),
        ("named-graph-uri", f"/sparql?query={q(everything)}&named-graph-uri={q(url + '/ng')}", 200),
        ("load", f"/sparql?query={q(f'LOAD <{url}/load>')}", 403),
        ("describe-remote", f"/sparql?query={q(f'DESCRIBE <{url}/thing>')}", 200),
    ]


def test_control_a_plain_client_reaches_the_listener(listener):
    with urllib.request.urlopen(f"{listener.url}/control") as response:
        response.read()
    assert listener.paths == ["/control"]


def test_queries_never_reach_out(server, listener):
    for what, path, status in hostile_queries(listener.url):
        response, payload = request(server, "GET", path)
        assert response.status == status, (what, payload)
        assert b"root:" not in payload and b"FROM-LISTENER" not in payload, what
    assert listener.hits == []


def test_uploads_never_reach_out(server, listener):
    jsonld = {
        "@context": f"{listener.url}/ctx.jsonld",
        "@id": "row-1",
        "@type": "https://w3id.org/dutygraph/ontology#FulfilmentRecord",
    }
    response, payload = request(
        server,
        "POST",
        "/validate?year=2023",
        {"Content-Type": "application/ld+json"},
        json.dumps(jsonld),
    )
    assert response.status == 400 and b"inline" in payload
    turtle = (
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        f"<urn:x> owl:imports <{listener.url}/imports.ttl> .\n"
    )
    response, payload = request(
        server, "POST", "/validate?year=2023", {"Content-Type": "text/turtle"}, turtle
    )
    assert response.status in (200, 400), payload
    assert listener.hits == []
