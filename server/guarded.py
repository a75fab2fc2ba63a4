"""The guarded path every query takes over HTTP, whichever blueprint received it.

Why a module of its own: /sparql, /queries/NAME and the pages' named queries all end here, so
a query is logged (its hash), checked before any engine sees it, negotiated and run isolated
the same way everywhere; the blueprints only turn HTTP into a ``QueryRequest``.
"""

from __future__ import annotations

from flask import current_app, g, request

from dutygraph.sparql.queryservice import QueryRequest, answer_bytes, inspect
from dutygraph.sparql.resultcache import request_key
from dutygraph.sparql.resultformats import Format

from .negotiation import choose_format
from .state import current_state, note_query


def evaluate(query: QueryRequest, params: list[tuple[str, str]]) -> tuple[bytes, Format]:
    """The guarded path every query takes: log its hash, check it, negotiate, then answer from
    the cache of this read-only graph or run isolated (and keep the answer)."""
    state = current_state()
    note_query(query.text)
    shape = inspect(query, state.settings)
    fmt = choose_format(request, params, shape.form)
    version = getattr(state.engine, "version", None)  # a remote server's data may change
    fresh = "no-cache" in request.headers.get("Cache-Control", "")  # HTTP: ask the origin
    key = request_key(query, fmt.key, version) if version and not fresh else None
    body = state.results.get(key) if key else None
    g.cache = "hit" if body is not None else "miss"
    if body is None:
        admission = current_app.extensions["dutygraph.admission"]
        gate = current_app.extensions["dutygraph.query_gate"]
        with admission.slot(request.remote_addr or "-"), gate.slot():
            body = answer_bytes(state.engine, query, fmt, state.settings, child=state.child)
        if key:
            state.results.put(key, body)
    return body, fmt
