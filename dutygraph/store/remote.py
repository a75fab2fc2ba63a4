"""An engine that answers over an existing SPARQL server, for ``serve --sparql-endpoint``.

Why: beyond one machine the graph lives in Fuseki, GraphDB, Virtuoso or ``oxigraph serve``
(loaded by ``dutygraph push``), and the analysts keep the same pages and named queries. Queries
go through SPARQLWrapper (the users' own client) and come back as the same :class:`Answer` the
local engines give, so every writer and page works unchanged. Parameters are sent as a VALUES
block opening the WHERE group (querycheck.bind_as_values): a remote server has no pre-binding.
The pages' Graph API runs on rdflib's read-only SPARQLStore over the same URL.

What the remote server does with a query is its own configuration: SERVICE is refused here
before sending, but FROM is passed on (Oxigraph and Fuseki do not fetch it by default).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

from rdflib import Dataset, Graph, URIRef, Variable
from rdflib.query import Result
from rdflib.term import Identifier

from ..errors import DutyGraphError
from ..guard.querycheck import bind_as_values, check_query, keywords
from ..rdfterms import bind_prefixes
from .engine import Answer, QuerySyntaxError, check_size
from .engine import graph_form as graph_form_of

_GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"
_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def check_endpoint(url: str) -> str:
    """An http(s) URL with a host, else a clear error."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise DutyGraphError(f"--sparql-endpoint must be an http(s) URL, got {url!r}")
    return url


class RemoteEngine:
    """The Engine interface over a remote SPARQL 1.1 endpoint (read-only)."""

    kind = "remote"

    def __init__(self, endpoint: str, *, timeout: float = 60.0) -> None:
        from rdflib.plugins.stores.sparqlstore import SPARQLStore

        self.endpoint = check_endpoint(endpoint)
        self.timeout = timeout
        store = SPARQLStore(endpoint, returnFormat="json", timeout=timeout)
        self.source = bind_prefixes(Dataset(store=store, default_union=True))
        self.graph_names = sorted(URIRef(row[0]) for row in self.query(_GRAPHS).rows if row[0])
        self._triples = int(self.query(_COUNT).rows[0][0])

    def __len__(self) -> int:
        return self._triples

    def query(
        self,
        text: str,
        *,
        bindings: Mapping[Variable, Identifier] | None = None,
        default_graphs: Iterable[URIRef] | None = None,
        named_graphs: Iterable[URIRef] | None = None,
        prefixes: Mapping[str, str] | None = None,
        max_rows: int | None = None,
        base: str | None = None,
    ) -> Answer:
        """Send the query with its parameters and dataset; read the answer back as rdflib terms."""
        declared = "".join(f"PREFIX {k}: <{v}>\n" for k, v in (prefixes or {}).items())
        if base and "BASE" not in keywords(text):
            declared = f"BASE <{base}>\n" + declared
        body = declared + bind_as_values(text, bindings or {})
        return send(
            self.endpoint,
            body,
            timeout=self.timeout,
            default_graphs=default_graphs,
            named_graphs=named_graphs,
            max_rows=max_rows,
        )


def send(
    endpoint: str,
    text: str,
    *,
    timeout: float = 60.0,
    default_graphs: Iterable[URIRef] | None = None,
    named_graphs: Iterable[URIRef] | None = None,
    max_rows: int | None = None,
) -> Answer:
    """One query to a SPARQL endpoint through SPARQLWrapper (POST form), as an :class:`Answer`;
    what ``serve --sparql-endpoint`` and ``dutygraph query --endpoint`` both use."""
    from SPARQLWrapper import JSON, POST, URLENCODED, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

    form = check_query(text).form
    client = SPARQLWrapper(check_endpoint(endpoint))
    client.setMethod(POST)
    client.setRequestMethod(URLENCODED)
    client.setTimeout(int(timeout))
    client.setQuery(text)
    # SPARQLWrapper guesses the form with a regex that reads words in comments ("add" in a
    # header line made it an update); our lexer already knows it
    client.queryType = form
    for name in default_graphs or ():
        client.addDefaultGraph(str(name))
    for name in named_graphs or ():
        client.addNamedGraph(str(name))
    graph_form = form in ("CONSTRUCT", "DESCRIBE")
    if graph_form:
        client.setReturnFormat("n3")
        client.addCustomHttpHeader("Accept", "application/n-triples")
    else:
        client.setReturnFormat(JSON)
    try:
        raw = client.query().response.read()
    except QueryBadFormed as exc:
        raise QuerySyntaxError(f"the SPARQL server refused the query: {_first(exc)}") from None
    except SPARQLWrapperException as exc:
        raise DutyGraphError(f"{endpoint}: {_first(exc)}") from None
    except OSError as exc:
        raise DutyGraphError(f"{endpoint}: cannot connect ({exc})") from None
    if graph_form:
        graph = Graph().parse(data=raw, format="nt")
        check_size(len(graph), max_rows, "triples")
        return Answer(graph_form_of(text), graph=graph)
    return Answer.from_result(Result.parse(io.BytesIO(raw), format="json"), form, max_rows=max_rows)


def _first(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0][:300]
