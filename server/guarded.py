"""The guarded path every query takes over HTTP, whichever blueprint received it.

Why a module of its own: /sparql, /queries/NAME and the pages' named queries all end here, so
a query is logged (its hash), checked before any engine sees it, negotiated and run isolated
the same way everywhere; the blueprints only turn HTTP into a ``QueryRequest``.
"""

from __future__ import annotations

from flask import request

from dutygraph.sparql.queryservice import QueryRequest, answer_bytes, inspect
from dutygraph.sparql.resultformats import Format

from .negotiation import choose_format
from .state import current_state, note_query


def evaluate(query: QueryRequest, params: list[tuple[str, str]]) -> tuple[bytes, Format]:
    """The guarded path every query takes: log its hash, check it, negotiate, run isolated."""
    state = current_state()
    note_query(query.text)
    shape = inspect(query, state.settings)
    fmt = choose_format(request, params, shape.form)
    return answer_bytes(state.engine, query, fmt, state.settings), fmt
