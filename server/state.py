"""What the app serves: the engine over the loaded graph, the validation base, the settings.

Why loaded before the workers fork: gunicorn preloads the app in its master, so the graph is
parsed once and every worker (and every query child) shares its pages copy-on-write.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from rdflib import Graph, URIRef

from dutygraph.guard.standing import StandingPool
from dutygraph.sparql.queryservice import standing_child
from dutygraph.sparql.resultcache import ResultCache
from dutygraph.sparql.settings import ServerSettings
from dutygraph.store.engine import QueryEngine


@dataclass
class ServerState:
    """Everything a request handler reads; nothing in it changes after start."""

    settings: ServerSettings
    engine: QueryEngine
    document: URIRef
    """The township list uploads are validated against unless they name another."""
    validation_base: Graph
    triples: int
    """Counted once at load: the data never changes while serving, and /health is polled."""
    load_seconds: float
    started: float = field(default_factory=time.time)
    trees: dict[URIRef, dict] = field(default_factory=dict)
    """The pages' list trees, built on first view (the data never changes while serving)."""
    queries: dict = field(default_factory=dict)
    """The named queries, read once at start: a package reinstalled under a running server
    must not turn /queries into 500s."""
    results: ResultCache = field(default_factory=ResultCache)
    """Answers already computed over this read-only graph (sparql/resultcache.py)."""
    missing: list[str] = field(default_factory=list)
    """What could not be read at start (reported by /health, never a silent 500 later)."""
    child: StandingPool | None = None
    """The standing children that answer this process's queries, one per request thread
    (guard/standing.py); None runs each query in a child of its own (``--fork-per-query``)."""


def current_state() -> ServerState:
    """The state of the app handling this request (blueprints take it from here, as flaskr's
    take ``get_db`` from ``db.py``, so no blueprint imports the app module)."""
    from flask import current_app

    return current_app.extensions["dutygraph"]


def note_query(text: str) -> None:
    """Remember the query's hash for the access log (the text itself is not logged)."""
    import hashlib

    from flask import g

    g.query_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def load_state(settings: ServerSettings) -> ServerState:
    """Load the data (with the cached OWL RL closure), build the engine, warm the parsers."""
    from dutygraph.graph.opening import open_engine
    from dutygraph.guard import parselock
    from dutygraph.guard.hardening import harden
    from dutygraph.validation.shacl import records_shapes
    from dutygraph.validation.townships import default_document, validation_base

    harden(allow=(settings.sparql_endpoint,) if settings.sparql_endpoint else ())
    parselock.install()  # request threads (server/runner.py) must not parse SPARQL at once
    begin = time.perf_counter()
    engine = open_engine(settings.source)
    # records are checked against one list as asserted (never graph/inferred or a synthetic
    # town): the first real township list unless an upload names another
    document = default_document(engine)
    base = validation_base(engine, document)
    missing = []
    try:
        records_shapes()  # parsed once here, not in every child
    except Exception as exc:
        missing.append(f"shapes/records.ttl: {exc}")
    queries = _read_queries(missing)
    warm_up(engine)
    state = ServerState(settings, engine, document, base, len(engine), time.perf_counter() - begin)
    state.queries, state.missing = queries, missing
    if settings.standing_child:
        state.child = standing_child(engine, settings)
    return state


def _read_queries(missing: list[str]) -> dict:
    from dutygraph.sparql.catalog import catalog

    try:
        return catalog("cq")
    except Exception as exc:
        missing.append(f"queries/cq: {exc}")
        return {}


_WARM_UP = (
    "SELECT ?s (COUNT(?o) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s LIMIT 1",
    "ASK { ?s ?p ?o }",
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 1",
)


def warm_up(engine: QueryEngine) -> None:
    """Run each query form and writer once in the parent, before any worker forks.

    Why: rdflib imports its parsers and serializers lazily, and the pyparsing grammar is not
    thread-safe on first use (rdflib issue 1282); doing it once here means children inherit
    imported, initialised code and never read library files under the audit hook.
    """
    from dutygraph.guard.querycheck import check_query
    from dutygraph.sparql.resultformats import formats_for, write

    for text in _WARM_UP:
        form = check_query(text).form
        answer = engine.query(text)
        for fmt in formats_for(form):
            write(answer, fmt)
    import dutygraph.validation.report  # noqa: F401

    _warm_records()


def _warm_records() -> None:
    """Read a one-row workbook: openpyxl reads /etc/mime.types on first use (mimetypes.init),
    which a child under the audit hook may not do."""
    import io
    import mimetypes

    from openpyxl import Workbook

    from dutygraph.records.reader import read_records_bytes

    mimetypes.init()
    book = Workbook()
    book.active.append(["duty", "date", "activity", "role", "evidence", "note"])
    book.active.append(["party-21", "2023-03-15", "讲座", "party-leader", "x", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    read_records_bytes(buffer.getvalue(), name="warm-up.xlsx", fmt="xlsx")
