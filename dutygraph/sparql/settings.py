"""Server settings: engine, limits and CORS, with safe defaults and one place to change them.

Why a plain dataclass in the core: the CLI builds it from options, tests build it directly, and
the Flask layer only reads it, so limits are documented and typed once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..store.source import Source


@dataclass(frozen=True)
class ServerSettings:
    """What ``dutygraph serve`` runs with. Every limit has a safe default."""

    data: tuple[Path, ...] = ()
    """Files to serve instead of the bundled data (empty: the bundled graph)."""
    add: tuple[Path, ...] = ()
    """Files served on top of the bundled data (or of ``data``)."""
    store: Path | None = None
    """An on-disk Oxigraph store (``dutygraph store``) to serve instead of loading files."""
    store_in_memory: bool = False
    """Copy ``store`` into RAM at start: slower start, ten times faster lookups."""
    sparql_endpoint: str | None = None
    """An existing SPARQL server to answer from (``dutygraph push`` loads it) instead."""
    engine: str | None = None
    """``oxigraph`` (default) or ``rdflib``; None reads DUTYGRAPH_ENGINE."""
    host: str = "127.0.0.1"
    port: int = 5000
    workers: int = 2
    """Worker processes (gunicorn); each runs its queries in its standing child."""
    threads: int = 4
    """Request threads per worker (gunicorn ``gthread``; 1: ``sync`` workers). A thread only
    relays a query to a child and waits, so a request arriving while a runaway holds the
    standing child gets a child of its own at once instead of queuing behind the deadline
    (issue 16). rdflib's parser, which is not thread-safe, runs under one lock
    (guard/parselock.py)."""
    query_slots: int | None = None
    """Queries evaluated at once across all workers (None: twice the workers); the others wait for
    a slot up to ``timeout`` seconds, then get 503 with Retry-After (server/admission.py)."""
    timeout: float = 10.0
    """Seconds a query (or a validation) may run before the client gets 503."""
    validate_timeout: float = 60.0
    max_rows: int = 10_000
    """Most rows (or triples) one answer may have; more is refused with 413, never cut."""
    max_result_bytes: int = 32 << 20
    max_query_chars: int = 65_536
    max_body_bytes: int = 10 << 20
    """Largest request body: a query, or a records file for /validate."""
    memory: int = 2 << 30
    """Address-space cap of each query child, in bytes."""
    standing_child: bool = True
    """Queries run in one long-lived child per serving process (killed and replaced when a
    query overruns) instead of a fresh child per query (guard/standing.py)."""
    cors_origins: tuple[str, ...] = field(default=("*",))
    """Origins allowed to read (GET/POST queries) from a browser; empty: no CORS headers."""
    sparql_public: bool | None = None
    """Whether /sparql and /queries answer anyone. None: yes, unless a ledger is served (the
    records then hold who did what, so reading needs an account or a token)."""
    ledger: Path | None = None
    """The records ledger (``dutygraph user add`` makes it): enables sign-in, submission,
    review and the audit log; without it the server has no write path at all."""

    @property
    def source(self) -> Source:
        """The graph these settings serve, described as every CLI command describes it."""
        return Source(
            data=tuple(self.data),
            add=tuple(self.add),
            store=self.store,
            memory=self.store_in_memory,
            endpoint=self.sparql_endpoint,
            engine=self.engine,
            timeout=self.timeout,
        )
