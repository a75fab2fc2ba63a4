"""The named-query catalog: ``.rq`` files with a header, run with bound parameters.

Why a header and bindings: analysts pick a query by name and fill a form; the query text is
never edited, and parameters are bound as typed RDF terms instead of being pasted into the
text (no injection, no quoting bugs). How a binding reaches the engine is the engine's
business: rdflib pre-binds (``initBindings``), Oxigraph and remote servers get a VALUES block
opening the WHERE group (``guard.querycheck.bind_as_values``; ``#+ bind`` marks a place inside
a sub-SELECT). Header format (one key a line; any other key is refused with its line)::

    #+ name: measures-per-role
    #+ summary_zh: 每个角色各有多少项具体措施
    #+ summary_en: How many measures each role has
    #+ param: duty string  the item code, e.g. party-21
    #+ example: duty=party-21

``example`` gives the parameter values the competency-question test runs the query with;
``records`` (a file under data/) the records it is asked over.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import XSD, Graph, Literal, URIRef, Variable
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result

from ..errors import DutyGraphError, Location
from ..rdfterms import PREFIXES
from ..resources import resource_dir
from ..store.engine import QueryEngine

RESERVED_PARAMS = ("name", "format", "download", "lang")
"""Words the query page and /queries/NAME use themselves: a parameter called ``name`` was
shadowed by the page's own query picker (items-citing could not be run from /query)."""

HEADER_KEYS = ("name", "summary_zh", "summary_en", "param", "example", "records")
"""The ``#+ key: value`` lines a named query may have (``#+ bind`` marks a place, no colon)."""
_HEADER = re.compile(r"^#\+\s*(?P<key>[a-z_]+)\s*:\s*(?P<value>.*)$")
PARAM_TYPES = ("string", "integer", "date", "iri")


@dataclass(frozen=True)
class Param:
    """A query parameter: the SPARQL variable it binds, its type and a description."""

    name: str
    type: str
    description: str


@dataclass
class NamedQuery:
    """One ``.rq`` file of the catalog."""

    name: str
    path: Path
    text: str
    summary: dict[str, str] = field(default_factory=dict)
    params: list[Param] = field(default_factory=list)
    example: dict[str, str] = field(default_factory=dict)
    records: str | None = None
    """A records file under data/ the question is asked over (``#+ records: examples/….csv``)."""

    def bind(self, values: dict[str, str]) -> dict[Variable, object]:
        """Typed RDF terms for the given parameter values; unknown or bad values are errors."""
        known = {p.name: p for p in self.params}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise DutyGraphError(
                f"查询 {self.name!r} 没有参数 {unknown[0]!r}；可用参数：{'、'.join(known) or '无'} "
                f"(the query has no parameter {unknown[0]!r})"
            )
        return {Variable(name): to_term(known[name], value) for name, value in values.items()}


def to_term(param: Param, value: str) -> URIRef | Literal:
    """Convert a user-supplied string to the RDF term the parameter's type asks for."""
    if param.type == "iri":
        if not re.match(r"^https?://\S+$", value):
            raise DutyGraphError(
                f"参数 {param.name!r} 应为 http(s) IRI，收到 {value!r} (must be an http(s) IRI)"
            )
        return URIRef(value)
    if param.type == "integer":
        if not re.fullmatch(r"[+-]?\d+", value):
            raise DutyGraphError(
                f"参数 {param.name!r} 应为整数，收到 {value!r} (must be an integer)"
            )
        return Literal(int(value))
    if param.type == "date":
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise DutyGraphError(
                f"参数 {param.name!r} 应为日期 YYYY-MM-DD (must be a date YYYY-MM-DD)"
            )
        return Literal(value, datatype=XSD.date)
    return Literal(value)


def read_query(path: Path) -> NamedQuery:
    """Parse one ``.rq`` file's header; a malformed header names the file and line."""
    text = path.read_text(encoding="utf-8")
    query = NamedQuery(name=path.stem, path=path, text=text)
    for lineno, line in enumerate(text.splitlines(), start=1):
        found = _HEADER.match(line)
        if not found:
            continue
        key, value = found.group("key"), found.group("value").strip()
        if key == "name":
            query.name = value
        elif key in ("summary_zh", "summary_en"):
            query.summary[key.removeprefix("summary_")] = value
        elif key == "param":
            parts = value.split(None, 2)
            if len(parts) < 2 or parts[1] not in PARAM_TYPES:
                raise DutyGraphError(
                    f"参数说明 {value!r} 不合规：应为“名称 类型 说明”，类型为 "
                    f"{'、'.join(PARAM_TYPES)} 之一",
                    Location(file=str(path), line=lineno),
                    en=f"bad param header {value!r}; expected 'NAME TYPE text' "
                    f"with TYPE one of {', '.join(PARAM_TYPES)}",
                )
            if parts[0] in RESERVED_PARAMS:
                raise DutyGraphError(
                    f"参数名 {parts[0]!r} 已被网页和查询接口占用（{'、'.join(RESERVED_PARAMS)}），"
                    "请换一个",
                    Location(file=str(path), line=lineno),
                    en=f"parameter name {parts[0]!r} is reserved for the pages and the endpoint "
                    f"({', '.join(RESERVED_PARAMS)}); choose another",
                )
            query.params.append(Param(parts[0], parts[1], parts[2] if len(parts) > 2 else ""))
        elif key == "example":
            for pair in value.split():
                name, _, val = pair.partition("=")
                query.example[name] = val
        elif key == "records":
            query.records = value
        else:  # a closed schema: a typo such as "#+ parm:" must not be ignored
            raise DutyGraphError(
                f"未知的头部键 {key!r}；可用的键：{'、'.join(HEADER_KEYS)}",
                Location(file=str(path), line=lineno),
                en=f"unknown header key {key!r}; known: {', '.join(HEADER_KEYS)}",
            )
    return query


def catalog(folder: str = "cq") -> dict[str, NamedQuery]:
    """All named queries of one folder under queries/, by name."""
    queries = [read_query(p) for p in sorted((resource_dir("queries") / folder).glob("*.rq"))]
    return {q.name: q for q in queries}


@lru_cache(maxsize=256)
def _prepared(text: str) -> Query:
    """Parse once: rdflib's SPARQL parser costs ~0.3 s a query, more than evaluating it here."""
    return prepareQuery(text, initNs=PREFIXES)


def run(graph: Graph, query: NamedQuery, values: dict[str, str] | None = None) -> Result:
    """Evaluate a named query over a graph or dataset with parameters bound, never spliced."""
    return graph.query(_prepared(query.text), initBindings=query.bind(values or {}))


def answer(engine: QueryEngine, query: NamedQuery, values: dict[str, str] | None = None, **limits):
    """Evaluate a named query on an engine (Oxigraph, rdflib or a remote server).

    Parameters are pre-bound; on Oxigraph that is SEP-0007 substitution, which only accepts
    variables the query projects, so every parameter is also a result column (tested).
    """
    return engine.query(query.text, bindings=query.bind(values or {}), prefixes=PREFIXES, **limits)


def select_rows(
    target: Graph | QueryEngine, query: NamedQuery, values: dict[str, str] | None = None
) -> list[dict[str, object]]:
    """A named SELECT's rows as dicts (unbound columns left out), on an rdflib graph or any
    engine: the CLI's ``stats``, ``gaps`` and ``check`` then run on files, a store or a
    remote server alike, and the tests can still hand them a plain rdflib graph."""
    if isinstance(target, Graph):
        result = run(target, query, values)
        names, rows = [str(v) for v in result.vars or []], list(result)
    else:
        found = answer(target, query, values)
        names, rows = [str(v) for v in found.variables], found.rows
    return [{n: v for n, v in zip(names, row, strict=True) if v is not None} for row in rows]
