"""The CLI's ``query``: a named query on the local engine, or any query on a remote endpoint.

Why SPARQLWrapper for remote: it is the client the users' own scripts use, so ``--endpoint``
exercises the same path against our server, Fuseki, GraphDB or Oxigraph. Its answer is read
back into an :class:`Answer`, so every output format works the same for local and remote.
"""

from __future__ import annotations

from rdflib import URIRef

from ..errors import DutyGraphError
from ..guard.querycheck import check_query
from ..rdfterms import PREFIXES
from ..store.engine import Answer, QueryEngine
from .catalog import NamedQuery, answer
from .resultformats import by_key, write


def run_local(query: NamedQuery, values: dict[str, str], fmt: str, *, engine: QueryEngine) -> str:
    """Evaluate on an engine the caller opened (the bundled graph, DATA, a store), then render."""
    shape = check_query(query.text)
    return render(answer(engine, query, values), shape.form, fmt)


def run_remote(endpoint: str, text: str, fmt: str, *, timeout: float = 60.0) -> str:
    """Send ``text`` to a SPARQL endpoint (through SPARQLWrapper) and render what comes back."""
    from ..store.remote import send

    if not endpoint.startswith(("http://", "https://")):
        raise DutyGraphError(f"--endpoint must be an http(s) URL, got {endpoint!r}")
    result = send(endpoint, text, timeout=timeout)
    return render(result, check_query(text).form, fmt)


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
