"""The CLI's ``query``: a named query (or a .rq file) on any engine, rendered for people or
in a standard result format.

Why here: the remote engine goes through SPARQLWrapper (the client the users' own scripts use)
and reads its answer back into an :class:`Answer`, so every output format works the same for
files, a store and a remote endpoint.
"""

from __future__ import annotations

from rdflib import URIRef

from ..guard.querycheck import check_query
from ..rdfterms import PREFIXES
from ..store.engine import Answer, QueryEngine
from .catalog import NamedQuery, answer
from .resultformats import by_key, write


def run_named(query: NamedQuery, values: dict[str, str], fmt: str, *, engine: QueryEngine) -> str:
    """Evaluate on an engine the caller opened (files, a store or a remote server), render it.

    Why one path: the local engines pre-bind parameters, the remote one sends them as a
    VALUES block; both sit behind ``QueryEngine.query``, so the CLI never branches on where
    the graph lives.
    """
    shape = check_query(query.text)
    return render(answer(engine, query, values), shape.form, fmt)


def render(result: Answer, form: str, fmt: str) -> str:
    """``text`` for people (prefixed names, one row a line), else a standard format."""
    if fmt != "text":
        return write(result, by_key(form, fmt)).decode("utf-8")
    if result.graph is not None:
        return write(result, by_key(form, "ttl")).decode("utf-8")
    if result.form == "ASK":
        return "yes\n" if result.boolean else "no\n"
    lines = [" | ".join(str(v) for v in result.variables)]
    lines += [" | ".join(_short(t) for t in row) for row in result.rows]
    lines.append(f"({len(result.rows)} rows)")
    return "\n".join(lines) + "\n"


def _short(term) -> str:
    if term is None:
        return "-"
    if isinstance(term, URIRef):
        for prefix, namespace in PREFIXES.items():
            if str(term).startswith(str(namespace)) and prefix:
                return f"{prefix}:{str(term)[len(str(namespace)) :]}"
    return str(term)
