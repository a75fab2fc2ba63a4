"""SPARQL evaluation on Oxigraph (default) or rdflib, behind one call with one answer type.

Why two engines: rdflib's SPARQL engine is 10-100 times slower than Oxigraph on the trace,
group-by and NOT EXISTS shapes the named queries use, and its parser is not thread-safe; but
rdflib is the reference the project's tests were written against and needs no native wheel.
Both see the same rdflib Dataset (one named graph per file, the default graph their union), so
the rest of dutygraph keeps the rdflib Graph API; only evaluation moves. :class:`Answer` is
engine-neutral rdflib terms, so results serialize the same way and tests compare engines
directly.

The request's dataset (SPARQL Protocol ``default-graph-uri``/``named-graph-uri``, or FROM /
FROM NAMED in the text) only ever selects graphs this store already holds; nothing is fetched.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from rdflib import Dataset, Graph, URIRef, Variable
from rdflib.query import Result
from rdflib.term import Identifier, Node

from ..errors import DutyGraphError, WorkFailed
from ..guard.querycheck import NoWhereClause, bind_as_values, keywords
from .oxterms import from_ox, oxigraph_store

ENGINES = ("oxigraph", "rdflib")
DEFAULT_ENGINE = "oxigraph"


class QuerySyntaxError(DutyGraphError):
    """The engine could not parse the query; the message carries its line and column."""


class ResultTooLarge(WorkFailed):
    """More rows or triples than the configured cap: refused whole, never cut silently."""

    def __init__(self, message: str, *, en: str | None = None) -> None:
        super().__init__(message, 413, en=en)


@dataclass
class Answer:
    """An evaluated query in rdflib terms: rows for SELECT, a boolean for ASK, else a graph."""

    form: str
    variables: list[Variable] = field(default_factory=list)
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None

    @classmethod
    def from_result(cls, result: Result, graph_form: str, *, max_rows: int | None = None) -> Answer:
        """An rdflib Result as an Answer (``graph_form``: CONSTRUCT or DESCRIBE for graphs)."""
        if result.type == "ASK":
            return cls("ASK", boolean=bool(result.askAnswer))
        if result.type == "SELECT":
            variables = list(result.vars or [])
            rows = []
            for row in result:  # lazily: the cap stops a huge answer early
                rows.append(tuple(row))
                check_size(len(rows), max_rows, "rows")
            return cls("SELECT", variables=variables, rows=rows)
        check_size(len(result.graph), max_rows, "triples")
        return cls(graph_form, graph=result.graph)

    def to_result(self) -> Result:
        """The same answer as an rdflib Result, for rdflib's result serializers."""
        result = Result("CONSTRUCT" if self.form == "DESCRIBE" else self.form)
        if self.form == "SELECT":
            result.vars = self.variables
            result.bindings = [
                {v: t for v, t in zip(self.variables, row, strict=True) if t is not None}
                for row in self.rows
            ]
        elif self.form == "ASK":
            result.askAnswer = bool(self.boolean)
        else:
            result.graph = self.graph
        return result


class QueryEngine(Protocol):
    """What every engine offers the rest of dutygraph: the in-memory and on-disk
    :class:`Engine` and the remote one (``store.remote.RemoteEngine``) alike.

    Why a Protocol: callers (the catalog, the pages, validation) must not care where the graph
    lives, and the remote engine must not reach into this module's private helpers.
    """

    kind: str
    source: Dataset
    """The rdflib Graph API over the same data (the pages and the trace read it)."""
    graph_names: list[URIRef]

    def __len__(self) -> int: ...

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
    ) -> Answer: ...


def default_engine() -> str:
    """DUTYGRAPH_ENGINE when set (oxigraph or rdflib), else oxigraph."""
    kind = os.environ.get("DUTYGRAPH_ENGINE", DEFAULT_ENGINE)
    if kind not in ENGINES:
        raise DutyGraphError(
            f"DUTYGRAPH_ENGINE 只能是 {'、'.join(ENGINES)}，收到 {kind!r} "
            "(DUTYGRAPH_ENGINE must be one of these)"
        )
    return kind


class Engine:
    """A loaded dataset and the engine that evaluates SPARQL over it."""

    def __init__(self, dataset: Dataset, kind: str | None = None, *, store=None) -> None:
        self.kind = kind or default_engine()
        if self.kind not in ENGINES:
            raise DutyGraphError(
                f"未知的查询引擎 {self.kind!r}，可选：{'、'.join(ENGINES)} (unknown engine)"
            )
        self.source = dataset
        if store is not None:  # an on-disk store: the dataset is its oxrdflib view
            self._store = store
            from .diskstore import graph_names

            self.graph_names = graph_names(store)
            return
        self._store = oxigraph_store(dataset) if self.kind == "oxigraph" else None
        self.graph_names = sorted(
            g.identifier for g in dataset.graphs() if isinstance(g.identifier, URIRef)
        )

    @property
    def version(self) -> str:
        """What the answers depend on: this engine's graph, fixed for its lifetime (a server's
        graph is read-only), so answers may be cached under it."""
        if not hasattr(self, "_version"):
            names = ",".join(str(g) for g in self.graph_names)
            self._version = f"{self.kind}:{id(self)}:{len(self)}:{hash(names)}"
        return self._version

    @classmethod
    def on_disk(cls, path, *, memory: bool = False) -> Engine:
        """An Oxigraph engine over a store written by ``dutygraph store`` (opened read-only).

        ``memory`` copies the store into RAM first: the start takes about a minute at 1,000
        towns and RAM about twice the store's size, but every index lookup is ten times
        faster than RocksDB's (bench/bench_scale.py), which the cross-township queries need.
        """
        from oxrdflib import OxigraphStore

        from ..rdfterms import bind_prefixes
        from .diskstore import open_store

        store = open_store(path)
        if memory:
            import pyoxigraph as ox

            copy = ox.Store()
            copy.bulk_extend(store.quads_for_pattern(None, None, None, None))
            store = copy
        view = bind_prefixes(Dataset(store=OxigraphStore(store=store), default_union=True))
        return cls(view, "oxigraph", store=store)

    def graph_triples(self, name: URIRef) -> Iterator[tuple]:
        """Every triple of one named graph, as rdflib terms.

        Why not a SPARQL query: on Oxigraph an index scan of the graph skips the parse and
        the solution machinery, and a township's slice is read from a dozen graphs a run
        (validation/townships.py)."""
        return self._scan(None, name)

    def about(self, subjects: Iterable[URIRef]) -> Iterator[tuple]:
        """Every triple whose subject is one of ``subjects``, from any graph, as rdflib terms
        (a triple held in two graphs comes twice; an rdflib Graph keeps it once)."""
        for subject in subjects:
            yield from self._scan(subject, None)

    def _scan(self, subject: URIRef | None, graph: URIRef | None) -> Iterator[tuple]:
        """An index scan by subject and/or graph name, as rdflib triples, on either engine."""
        if self._store is not None:
            import pyoxigraph as ox

            node = None if subject is None else ox.NamedNode(str(subject))
            name = None if graph is None else ox.NamedNode(str(graph))
            for quad in self._store.quads_for_pattern(node, None, None, name):
                yield from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)
            return
        for s, p, o, _ in self.source.quads((subject, None, None, graph)):
            yield s, p, o

    def oxigraph_rows(self, text: str) -> Iterator[tuple] | None:
        """A SELECT's rows as Oxigraph's own terms (None unbound), over the union of the graphs;
        None on an rdflib engine. Why: a caller reading a hundred thousand rows (the year's
        overview) wants plain values, and an rdflib term per value was a fifth of its time.
        ``text`` is the caller's own query: no parameters, no user input."""
        if self._store is None:
            return None
        return (tuple(row) for row in self._store.query(text, use_default_graph_as_union=True))

    def __len__(self) -> int:
        if self._store is not None:
            return len(self._store)
        return sum(len(g) for g in self.source.graphs())

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
        """Evaluate ``text`` with parameters pre-bound (never spliced into the text).

        ``base`` resolves relative IRIs (``<s>``) when the text has no BASE: the SPARQL
        Protocol lets a service use its own URL, and the endpoint passes it.

        ``default_graphs``/``named_graphs`` are the SPARQL Protocol's dataset: when either is
        given it replaces the query's FROM / FROM NAMED; a graph this store lacks is empty.
        Without them the default graph is the union of all graphs.
        """
        defaults = list(default_graphs) if default_graphs is not None else None
        named = list(named_graphs) if named_graphs is not None else None
        if self._store is not None:
            return self._oxigraph(text, bindings or {}, defaults, named, prefixes, max_rows, base)
        return self._rdflib(text, bindings or {}, defaults, named, prefixes, max_rows, base)

    def _oxigraph(self, text, bindings, defaults, named, prefixes, max_rows, base) -> Answer:
        import pyoxigraph as ox
        from oxrdflib._converter import to_ox

        options: dict[str, object] = {"prefixes": {k: str(v) for k, v in (prefixes or {}).items()}}
        if base:
            options["base_iri"] = base
        if bindings:
            # A VALUES block opening the WHERE group, not SEP-0007 substitution: Oxigraph 0.5
            # filters a substituted variable after evaluation instead of starting from it
            # (carryover-bodies: 86 s against 0.01 s at 1,000 towns, bench/bench_scale.py).
            # Each term is written by rdflib's escaping; an IRI that could end early is refused.
            try:
                text = bind_as_values(text, bindings)
            except NoWhereClause:  # ASK { … }: substitution still binds it (projected)
                options["substitutions"] = {
                    ox.Variable(str(k)): to_ox(v) for k, v in bindings.items()
                }
        if defaults is None and named is None:
            # FROM / FROM NAMED in the text pick store graphs; without them, the union.
            options["use_default_graph_as_union"] = "FROM" not in keywords(text)
        else:
            options["default_graph"] = [ox.NamedNode(str(g)) for g in defaults or []]
            options["named_graphs"] = [ox.NamedNode(str(g)) for g in named or []]
        try:
            result = self._store.query(text, **options)
        except SyntaxError as exc:
            raise QuerySyntaxError(_syntax_message(str(exc), text)) from None
        if isinstance(result, ox.QueryBoolean):
            return Answer("ASK", boolean=bool(result))
        if isinstance(result, ox.QuerySolutions):
            variables = [Variable(v.value) for v in result.variables]
            rows = []
            for solution in result:
                rows.append(tuple(None if t is None else from_ox(t) for t in solution))
                check_size(len(rows), max_rows, "rows")
            return Answer("SELECT", variables=variables, rows=rows)
        graph = Graph()
        for triple in result:
            graph.add((from_ox(triple.subject), from_ox(triple.predicate), from_ox(triple.object)))
            check_size(len(graph), max_rows, "triples")
        return Answer(graph_form(text), graph=graph)

    def _rdflib(self, text, bindings, defaults, named, prefixes, max_rows, base) -> Answer:
        from pyparsing import ParseException

        from .parsecache import parse_cached

        # initBindings, not VALUES: rdflib evaluates an OPTIONAL's inside with the outer
        # solution's bindings (sub-SELECTs included), and refuses to re-bind them from a VALUES
        try:
            query = parse_cached(text, base, dict(prefixes or {}))
        except ParseException as exc:
            raise QuerySyntaxError(
                _syntax_message(f"error at {exc.lineno}:{exc.col}: {exc.msg}", text)
            ) from None
        target: Dataset = self.source
        clause = query.algebra.get("datasetClause")
        if defaults is None and named is None and clause:
            defaults = [d.default for d in clause if d.default is not None]
            named = [d.named for d in clause if d.named is not None]
        if defaults is not None or named is not None:
            target = self._view(defaults or [], named or [])
            query = _without_dataset_clause(query)
        result = target.query(query, initBindings=dict(bindings))
        return Answer.from_result(result, graph_form(text), max_rows=max_rows)

    def _view(self, defaults: list[URIRef], named: list[URIRef]) -> Dataset:
        """A dataset made only of graphs this store holds (rdflib would fetch the others)."""
        view = Dataset()
        for name in defaults:
            for triple in self.source.graph(name):
                view.add(triple)
        for name in named:
            target = view.graph(name)
            for triple in self.source.graph(name):
                target.add(triple)
        return view


def _syntax_message(raw: str, text: str = "", width: int = 240) -> str:
    """Where and what, for a person: the line and column, the text around that place marked
    with ▶, then the engine's own words (engines give multi-line lists of expected tokens)."""
    found = re.search(r"(?:at |^)(?:line )?(\d+)(?::| column )(\d+):\s*(.*)", raw, re.DOTALL)
    where, what, around = "", raw, ""
    if found:
        line, column = int(found.group(1)), int(found.group(2))
        where = f" 第 {line} 行第 {column} 列 (line {line}, column {column})"
        what = found.group(3)
        lines = text.splitlines()
        if 0 < line <= len(lines):
            source = lines[line - 1]
            at = max(0, min(column - 1, len(source)))
            before, after = source[max(0, at - 30) : at], source[at : at + 30]
            around = f"：“{before}▶{after}”"
    what = " ".join(what.split())
    if len(what) > width:
        what = what[:width].rsplit(" ", 1)[0] + " …"
    return f"SPARQL 语法错误 (syntax error){where}{around}：{what}"


def _without_dataset_clause(query):
    """A copy of a parsed query whose FROM / FROM NAMED are gone (already applied)."""
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.plugins.sparql.sparql import Query

    algebra = CompValue(query.algebra.name)
    algebra.update(query.algebra)
    algebra["datasetClause"] = None
    return Query(query.prologue, algebra)


def graph_form(text: str) -> str:
    return "DESCRIBE" if "DESCRIBE" in keywords(text) else "CONSTRUCT"


WHAT_ZH = {"rows": "行", "triples": "个三元组"}
"""What :func:`check_size` counts, as the Chinese message says it."""


def check_size(count: int, cap: int | None, what: str) -> None:
    if cap is not None and count > cap:
        raise ResultTooLarge(
            f"结果超过 {cap} {WHAT_ZH.get(what, what)}，这是本服务器返回的上限：请加 LIMIT "
            "或缩小查询",
            en=f"the result has more than {cap} {what}, the most this server returns; "
            "add LIMIT or narrow the query",
        )
