"""Pushing the graphs to an existing SPARQL server through the SPARQL 1.1 Graph Store Protocol.

Why GSP and one PUT per named graph: every server users run (Fuseki, GraphDB, Virtuoso,
Oxigraph) implements it, PUT replaces a graph whole (so a push is repeatable), and each file's
graph keeps its name, so provenance and the queries' GRAPH patterns work there as here. After
the push the counts are read back through the server's SPARQL endpoint (SPARQLWrapper) when
one is given, so a silently partial load is caught.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from rdflib import Dataset, URIRef

from ..errors import DutyGraphError


@dataclass
class PushedGraph:
    """One graph sent: its name, the triples sent and the HTTP status."""

    name: URIRef
    triples: int
    status: int


def _check_url(url: str, what: str) -> None:
    if urlsplit(url).scheme not in ("http", "https"):
        raise DutyGraphError(f"{what} must be an http(s) URL, got {url!r}")


def push(dataset: Dataset, graph_store: str, *, timeout: float = 120.0) -> list[PushedGraph]:
    """PUT every named graph of ``dataset`` to ``graph_store?graph=IRI`` as N-Triples."""
    _check_url(graph_store, "--graph-store")
    separator = "&" if "?" in graph_store else "?"
    pushed = []
    for graph in sorted(dataset.graphs(), key=lambda g: str(g.identifier)):
        if not isinstance(graph.identifier, URIRef) or len(graph) == 0:
            continue
        body = graph.serialize(format="nt", encoding="utf-8")
        url = f"{graph_store}{separator}graph={quote(str(graph.identifier), safe='')}"
        request = urllib.request.Request(
            url, data=body, method="PUT", headers={"Content-Type": "application/n-triples"}
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                status = response.status
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip().splitlines()[:1]
            raise DutyGraphError(
                f"{graph_store}: PUT of graph {graph.identifier} failed with HTTP {exc.code}"
                + (f": {detail[0][:200]}" if detail else "")
            ) from None
        except OSError as exc:
            raise DutyGraphError(f"{graph_store}: cannot connect ({exc})") from None
        pushed.append(PushedGraph(graph.identifier, len(graph), status))
    return pushed


def remote_counts(endpoint: str, *, timeout: float = 120.0) -> dict[URIRef, int]:
    """Triples per named graph on a SPARQL endpoint, to compare with what was pushed."""
    from SPARQLWrapper import JSON, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    _check_url(endpoint, "--endpoint")
    client = SPARQLWrapper(endpoint)
    client.setQuery("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    client.setReturnFormat(JSON)
    client.setTimeout(int(timeout))
    try:
        rows = client.query().convert()["results"]["bindings"]
    except (SPARQLWrapperException, OSError) as exc:
        raise DutyGraphError(f"{endpoint}: {str(exc).splitlines()[0]}") from None
    return {URIRef(r["g"]["value"]): int(r["n"]["value"]) for r in rows}
