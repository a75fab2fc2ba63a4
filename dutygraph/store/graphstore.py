"""Pushing the graphs to an existing SPARQL server through the SPARQL 1.1 Graph Store Protocol.

Why GSP and one PUT per named graph: every server users run (Fuseki, GraphDB, Virtuoso,
Oxigraph) implements it, PUT replaces a graph whole (so a push is repeatable), and each file's
graph keeps its name, so provenance and the queries' GRAPH patterns work there as here. After
the push the counts are read back through the server's SPARQL endpoint (SPARQLWrapper) when
one is given, so a silently partial load is caught.

Credentials (Basic or Digest) come from the environment or a netrc file (store.credentials),
never from an option; the body goes once, after a body-less probe (store.httpauth). A graph
larger than ``chunk`` triples goes as one PUT and then POSTs (GSP: POST adds to the graph) of
``chunk`` triples each, for servers that cap a request's size; triples with blank nodes all go
in the first request, because a blank node's label means the same node only within one request.
"""

from __future__ import annotations

import re
import urllib.error
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from rdflib import Dataset, URIRef

from ..errors import DutyGraphError
from .credentials import PASSWORD_VARIABLE, USER_VARIABLE
from .httpauth import AuthSession

CHUNK = 100_000
"""Triples per request by default: about 15 MB of N-Triples, under common body limits."""

_BNODE = re.compile(r"^_:|\s_:\S+\s*\.\s*$")


@dataclass
class PushedGraph:
    """One graph sent: its name, the triples sent and the HTTP status."""

    name: URIRef
    triples: int
    status: int


def _check_url(url: str, what: str) -> None:
    if urlsplit(url).scheme not in ("http", "https"):
        raise DutyGraphError(f"{what} 应为 http(s) 地址，收到 {url!r} (must be an http(s) URL)")


def push(
    dataset: Dataset, graph_store: str, *, timeout: float = 120.0, chunk: int = CHUNK
) -> list[PushedGraph]:
    """PUT every named graph of ``dataset`` to ``graph_store?graph=IRI`` as N-Triples."""
    _check_url(graph_store, "--graph-store")
    separator = "&" if "?" in graph_store else "?"
    session = AuthSession.for_url(graph_store)
    pushed = []
    for graph in sorted(dataset.graphs(), key=lambda g: str(g.identifier)):
        if not isinstance(graph.identifier, URIRef) or len(graph) == 0:
            continue
        url = f"{graph_store}{separator}graph={quote(str(graph.identifier), safe='')}"
        status = 0
        for number, body in enumerate(_chunks(graph.serialize(format="nt"), chunk)):
            method = "POST" if number else "PUT"
            status = _send(session, method, url, body, graph.identifier, timeout)
        pushed.append(PushedGraph(graph.identifier, len(graph), status))
    return pushed


def _chunks(ntriples: str, size: int) -> Iterator[bytes]:
    """The graph's lines in requests of at most ``size`` triples (blank nodes in the first)."""
    lines = [line for line in ntriples.splitlines() if line.strip()]
    blank = [line for line in lines if _BNODE.search(line)]
    ground = [line for line in lines if not _BNODE.search(line)]
    first = max(size - len(blank), 0)
    yield "\n".join([*blank, *ground[:first], ""]).encode("utf-8")
    for start in range(first, len(ground), size):
        yield "\n".join([*ground[start : start + size], ""]).encode("utf-8")


def _send(
    session: AuthSession, method: str, url: str, body: bytes, name: URIRef, timeout: float
) -> int:
    headers = {"Content-Type": "application/n-triples"}
    where = session.url
    try:
        return session.request(method, url, body, headers=headers, timeout=timeout).status
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace").strip().splitlines()[:1]
        text = f"：{detail[0][:200]}" if detail else ""
        hint, hint_en = _hint(exc.code, session)
        raise DutyGraphError(
            f"{where}：图 {name} 的 {method} 失败，HTTP {exc.code}{text}{hint}",
            en=f"{where}: {method} of graph {name} failed, HTTP {exc.code}{text}{hint_en}",
        ) from None
    except OSError as exc:
        raise DutyGraphError(
            f"{where}：连接不上（{exc}）", en=f"{where}: cannot connect ({exc})"
        ) from None


def _hint(code: int, session: AuthSession) -> tuple[str, str]:
    """What to do about a refusal: the usual causes, in the reader's terms (zh, en)."""
    if code == 401 and session.credentials is None:
        return (
            f"。服务器要求登录：设置 {USER_VARIABLE} 和 {PASSWORD_VARIABLE}，"
            "或在 netrc 文件（--netrc PATH 或 ~/.netrc）里写上这台服务器",
            f". The server asks for a login: set {USER_VARIABLE} and {PASSWORD_VARIABLE}, "
            "or name this server in a netrc file (--netrc PATH or ~/.netrc)",
        )
    if code == 401:
        user = session.credentials.user
        return (
            f"。服务器不接受用户 {user} 的密码",
            f". The server does not accept the password of user {user}",
        )
    if code == 403:
        return (
            "。服务器不允许这个地址写入（Virtuoso 的写入地址是 /sparql-graph-crud-auth）",
            ". The server refuses writes at this address (Virtuoso writes at "
            "/sparql-graph-crud-auth)",
        )
    return "", ""


def remote_counts(endpoint: str, *, timeout: float = 120.0) -> dict[URIRef, int]:
    """Triples per named graph on a SPARQL endpoint, to compare with what was pushed."""
    from SPARQLWrapper import JSON, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    from .remote import authorize

    _check_url(endpoint, "--endpoint")
    client = SPARQLWrapper(endpoint)
    client.setQuery("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    client.setReturnFormat(JSON)
    client.setTimeout(int(timeout))
    authorize(client, endpoint)
    try:
        rows = client.query().convert()["results"]["bindings"]
    except (SPARQLWrapperException, OSError) as exc:
        first = str(exc).splitlines()[0]
        raise DutyGraphError(
            f"{endpoint}：SPARQL 服务器出错 ({first})",
            en=f"{endpoint}: the SPARQL server failed ({first})",
        ) from None
    return {URIRef(r["g"]["value"]): int(r["n"]["value"]) for r in rows}
