"""A SPARQL processor that parses each query text once (rdflib plugin "sparql").

Why: rdflib's SPARQL parser costs about 0.1 s a query here, and pySHACL hands the same
constraint text to ``graph.query`` again for every focus node, so a year's records spent 80% of
their validation time re-parsing identical text. Registering this subclass under rdflib's own
plugin name keeps every caller (pySHACL, the catalog, the trace) on the public ``graph.query``
API while the parsed algebra is reused, exactly as ``prepareQuery`` would. Parsing happens under
a lock: rdflib's pyparsing grammar is not thread-safe (rdflib issue 1282), and a race can poison
the parser for the whole process.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from rdflib import plugin
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.evaluate import evalQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.processor import SPARQLProcessor
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Processor

_PARSE_LOCK = threading.Lock()


@lru_cache(maxsize=1024)
def _translated(text: str, base: str | None, namespaces: frozenset) -> Query:
    with _PARSE_LOCK:
        return translateQuery(parseQuery(text), base, dict(namespaces))


_PREFIX_USE = re.compile(r"(?<![\w<])([A-Za-z][\w.-]*)?:")


def parse_cached(
    text: str, base: str | None = None, namespaces: Mapping[str, Any] | None = None
) -> Query:
    """The translated query for a text, parsed at most once per (text, base, used prefixes).

    rdflib fills ``initNs`` with every prefix the graph happens to bind, which differs from
    graph to graph; only the prefixes the text uses can change its meaning, so only they key
    the cache.
    """
    used = set(_PREFIX_USE.findall(text))
    relevant = frozenset((k, str(v)) for k, v in (namespaces or {}).items() if k in used)
    return _translated(text, base, relevant)


class CachingSPARQLProcessor(SPARQLProcessor):
    """rdflib's SPARQL processor, with parsed queries cached by their text."""

    def query(
        self,
        strOrQuery,
        initBindings=None,
        initNs=None,
        base=None,
        DEBUG=False,
    ):
        if isinstance(strOrQuery, str):
            strOrQuery = parse_cached(strOrQuery, base, initNs)
        return evalQuery(self.graph, strOrQuery, initBindings, base)


def install() -> None:
    """Make ``graph.query(text)`` use the cache process-wide (idempotent)."""
    plugin.register("sparql", Processor, "dutygraph.store.parsecache", "CachingSPARQLProcessor")
