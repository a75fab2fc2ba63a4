"""An engine that answers over an existing SPARQL server, for ``serve --sparql-endpoint``.

Why: beyond one machine the graph lives in Fuseki, GraphDB, Virtuoso or ``oxigraph serve``
(loaded by ``dutygraph push``), and the analysts keep the same pages and named queries. Queries
go through SPARQLWrapper (the users' own client) and come back as the same :class:`Answer` the
local engines give, so every writer and page works unchanged. Parameters are sent as a VALUES
block opening the WHERE group (querycheck.bind_as_values): a remote server has no pre-binding.
The pages' Graph API runs on rdflib's read-only SPARQLStore over the same URL.

A server that wants a password gets it from the environment or a netrc file
(store.credentials), as an ``Authorization`` header this module computes (Basic, or Digest after
one body-less probe, store.httpauth) and hands to SPARQLWrapper and the SPARQLStore; a 401 on a
stale nonce is answered once more with a fresh one.

What the remote server does with a query is its own configuration: SERVICE is refused here
before sending, but FROM is passed on (Oxigraph and Fuseki do not fetch it by default).
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

from rdflib import Dataset, Graph, URIRef, Variable
from rdflib.query import Result
from rdflib.term import Identifier

from ..errors import DutyGraphError, Location
from ..guard.querycheck import bind_as_values, check_query, keywords
from ..namespace import GRAPH
from ..rdfterms import bind_prefixes
from .credentials import find_credentials
from .engine import Answer, QuerySyntaxError, check_size
from .engine import graph_form as graph_form_of
from .httpauth import AuthSession

# Our graphs only, each with a triple in it: Virtuoso answers nothing to GRAPH ?g { } and
# keeps its own system graphs (virtrdf#, ldp#) beside ours, so neither the empty pattern nor
# every graph of the server describes what dutygraph pushed.
_OURS = f'FILTER(STRSTARTS(STR(?g), "{GRAPH}"))'
_GRAPHS = f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_OURS} }}"
_COUNT = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_OURS} }}"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_SESSIONS: dict[str, AuthSession | None] = {}


def check_endpoint(url: str) -> str:
    """An http(s) URL with a host, else a clear error."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise DutyGraphError(
            f"--sparql-endpoint 应为 http(s) 地址，收到 {url!r} (must be an http(s) URL)"
        )
    return url


class RemoteEngine:
    """The Engine interface over a remote SPARQL 1.1 endpoint (read-only)."""

    kind = "remote"

    def __init__(self, endpoint: str, *, timeout: float = 60.0) -> None:
        self.endpoint = check_endpoint(endpoint)
        self.timeout = timeout
        store = _store_class()(endpoint, returnFormat="json", timeout=timeout)
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


def session(endpoint: str) -> AuthSession | None:
    """The credentials session for ``endpoint``, or None without credentials.

    Read once per process and kept (forked children inherit it): the server's query children
    run under the audit hook, which refuses to open files such as a netrc.
    """
    if endpoint not in _SESSIONS:
        credentials = find_credentials(endpoint)
        _SESSIONS[endpoint] = AuthSession(endpoint, credentials) if credentials else None
    return _SESSIONS[endpoint]


def authorize(client, endpoint: str) -> None:
    """Give a SPARQLWrapper client the ``Authorization`` header for one POST, if any."""
    found = session(endpoint)
    if found is not None:
        for name, value in found.authorization("POST", endpoint).items():
            client.addCustomHttpHeader(name, value)


def _store_class():
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    class AuthorizedStore(SPARQLStore):
        """rdflib's read-only SPARQLStore with our ``Authorization`` header on each query."""

        def _query(self, *args, **kwargs):
            found = session(self.query_endpoint)
            headers = self.kwargs.setdefault("headers", {})
            headers.pop("Authorization", None)
            if found is not None:
                method = "GET" if self.method == "GET" else "POST"
                headers.update(found.authorization(method, self.query_endpoint))
            return super()._query(*args, **kwargs)

    return AuthorizedStore


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
        # content negotiation only: SPARQLWrapper would add format=n3, which Virtuoso refuses (406)
        client.setOnlyConneg(True)
        client.addCustomHttpHeader("Accept", "application/n-triples")
    else:
        client.setReturnFormat(JSON)
    try:
        raw = _run(client, endpoint)
    except QueryBadFormed as exc:
        raise QuerySyntaxError(
            f"SPARQL 服务器拒绝了查询 (the SPARQL server refused the query: {_first(exc)})"
        ) from None
    except SPARQLWrapperException as exc:
        raise DutyGraphError(
            f"{endpoint}：SPARQL 服务器出错 ({_first(exc)})",
            en=f"{endpoint}: the SPARQL server failed ({_first(exc)})",
        ) from None
    except OSError as exc:
        raise DutyGraphError(
            f"{endpoint}：无法连接 (cannot connect: {exc})",
            en=f"{endpoint}: cannot connect ({exc})",
        ) from None
    if graph_form:
        graph = Graph().parse(data=raw, format="nt")
        check_size(len(graph), max_rows, "triples")
        return Answer(graph_form_of(text), graph=graph)
    result = Result.parse(io.BytesIO(plain_strings(raw)), format="json")
    return Answer.from_result(result, form, max_rows=max_rows)


def plain_strings(raw: bytes) -> bytes:
    """SPARQL JSON results with ``"x"^^xsd:string`` written as the plain literal ``"x"``.

    Why: in RDF 1.1 they are the same term, but rdflib keeps them apart, and Virtuoso returns
    strings (even a VALUES-bound parameter) as ``typed-literal`` with that datatype; without
    this the same row from Virtuoso and from the local engine would not compare equal.
    """
    if _XSD_STRING.encode() not in raw:
        return raw
    document = json.loads(raw)
    for row in document.get("results", {}).get("bindings", ()):
        for value in row.values():
            if value.get("datatype") == _XSD_STRING and "xml:lang" not in value:
                value["type"] = "literal"
                del value["datatype"]
    return json.dumps(document).encode("utf-8")


def _run(client, endpoint: str) -> bytes:
    """Run the query; a 401 (a stale Digest nonce) earns one fresh probe and one retry."""
    from SPARQLWrapper.SPARQLExceptions import Unauthorized

    for attempt in (1, 2):
        authorize(client, endpoint)
        try:
            return client.query().response.read()
        except Unauthorized:
            found = session(endpoint)
            if found is None or attempt == 2:
                message, where, en = _refused(endpoint, found)
                raise DutyGraphError(message, where, en=en) from None
            found.forget()
    raise AssertionError("unreachable")


def _refused(endpoint: str, found: AuthSession | None) -> tuple[str, Location, str]:
    """What a 401 means, in Chinese and English (the error's message, place and ``en``)."""
    where = Location(file=endpoint)
    if found is None:
        return (
            "服务器要求登录（HTTP 401）：设置 DUTYGRAPH_SPARQL_USER 和 "
            "DUTYGRAPH_SPARQL_PASSWORD，或在 netrc 文件（--netrc PATH 或 ~/.netrc）里写上它",
            where,
            "the server asks for a login (HTTP 401): set DUTYGRAPH_SPARQL_USER and "
            "DUTYGRAPH_SPARQL_PASSWORD, or name it in a netrc file (--netrc PATH or ~/.netrc)",
        )
    user = found.credentials.user
    return (
        f"服务器不接受用户 {user} 的密码（HTTP 401）",
        where,
        f"the server does not accept the password of user {user} (HTTP 401)",
    )


def _first(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0][:300]
