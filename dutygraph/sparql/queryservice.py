"""Answer one query request safely: static check, isolated evaluation, size limits.

Why here and not in the Flask layer: the same guarded path serves /sparql and /queries/NAME
(and the pages' named queries); the web layer only translates HTTP to a :class:`QueryRequest`
and back. The CLI's ``query`` runs the caller's own queries on the caller's machine, so it goes
straight to the engine (``sparql.queryrun``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from rdflib import URIRef, Variable
from rdflib.term import Identifier

from ..guard.isolation import Limits, WorkFailed, run_isolated
from ..guard.querycheck import QueryShape, check_query
from ..guard.standing import StandingPool
from ..store.engine import QueryEngine
from .resultformats import Format, write
from .settings import ServerSettings


@dataclass
class QueryRequest:
    """A query and its protocol dataset; ``bindings`` are typed terms (named queries)."""

    text: str
    default_graphs: list[URIRef] | None = None
    named_graphs: list[URIRef] | None = None
    bindings: Mapping[Variable, Identifier] = field(default_factory=dict)
    prefixes: Mapping[str, str] = field(default_factory=dict)
    base: str | None = None
    """Resolves relative IRIs when the text has no BASE (the endpoint's own URL)."""


def inspect(request: QueryRequest, settings: ServerSettings) -> QueryShape:
    """Cheap checks before forking: length, updates, SERVICE, and the query form."""
    if len(request.text) > settings.max_query_chars:
        raise WorkFailed(
            f"查询有 {len(request.text)} 个字符，本服务器最多接受 {settings.max_query_chars} 个 "
            f"(the query has {len(request.text)} characters; at most {settings.max_query_chars})",
            413,
        )
    return check_query(request.text)


def answer_bytes(
    engine: QueryEngine,
    request: QueryRequest,
    fmt: Format,
    settings: ServerSettings,
    *,
    child: StandingPool | None = None,
) -> bytes:
    """The serialized answer, computed in a child process under the deadline and caps: one of
    the serving process's standing children when it has them (see :func:`standing_child`),
    else a child of its own."""
    limits = Limits(timeout=settings.timeout, memory=settings.memory)
    if child is not None:
        return child.run((request, fmt), limits)
    return run_isolated(lambda: _evaluate(engine, settings, request, fmt), limits)


def standing_child(engine: QueryEngine, settings: ServerSettings) -> StandingPool:
    """Standing children answering this engine's queries, as many as a worker has request
    threads (each forked on first use, in the process that uses it: under gunicorn, in each
    worker)."""
    return StandingPool(
        lambda message: _evaluate(engine, settings, *message),
        settings.memory,
        size=settings.threads,
    )


def _evaluate(
    engine: QueryEngine, settings: ServerSettings, request: QueryRequest, fmt: Format
) -> bytes:
    answer = engine.query(
        request.text,
        bindings=request.bindings,
        default_graphs=request.default_graphs,
        named_graphs=request.named_graphs,
        prefixes=request.prefixes,
        max_rows=settings.max_rows,
        base=request.base,
    )
    body = write(answer, fmt)
    if len(body) > settings.max_result_bytes:
        raise WorkFailed(
            f"结果有 {len(body)} 字节，超过本服务器发送的上限 {settings.max_result_bytes}，"
            "请加 LIMIT 或缩小查询 "
            f"(the answer is {len(body)} bytes, more than the {settings.max_result_bytes} "
            "this server sends)",
            413,
        )
    return body
