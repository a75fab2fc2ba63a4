"""A static look at a SPARQL text before any engine sees it: its form, updates, SERVICE.

Why a lexer of our own: Oxigraph parses SPARQL in Rust and exposes no algebra, yet it runs
``SERVICE`` as an outbound HTTP request by default (verified with a loopback listener), and the
endpoint must never reach out. rdflib's parser could tell, but it costs ~0.1 s a query and is
not thread-safe. A token scan is enough because the question is narrow: does the keyword
SERVICE occur outside strings, IRIs and comments? Codepoint escapes (``\\u0053ERVICE``) are
decoded first, as the SPARQL grammar does, and a false alarm only costs a clear refusal.
The same scan names the query form, so content negotiation can happen before evaluation, and
recognises updates, so the read-only endpoint refuses them with a message instead of a parse
error.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from ..errors import DutyGraphError

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
)

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
             |'''(?:[^'\\]|\\.|'(?!''))*'''
             |"(?:[^"\\\n]|\\.)*"
             |'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<word>[?$]?[A-Za-z_][\w.-]*(?::[\w.:%-]*)?|:[\w.:%-]*)
  | (?P<other>\S)
    """,
    re.VERBOSE | re.DOTALL,
)


class NoWhereClause(DutyGraphError):
    """A query without the WHERE keyword (``ASK { … }``): no place for a VALUES block."""


BIND_MARK = "#+ bind"
"""A comment line in a query marking where its parameters' VALUES block goes (each place)."""
_UNSAFE_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def bind_as_values(text: str, bindings: Mapping) -> str:
    """The query with ``bindings`` (variable or name → rdflib IRI or literal) as a VALUES block
    opening the
    top-level WHERE group: how parameters reach a remote endpoint, which has no pre-binding.

    Why there and not at the end: a trailing VALUES joins after grouping, so an aggregate would
    be computed over every value first; opening the group joins before anything else, which
    for the named queries is the same as pre-binding. A query whose sub-SELECT needs the
    parameter too marks each place with a ``#+ bind`` line, and the block goes there instead.
    Each term is written by rdflib's own escaping, and an IRI with a character that could end
    it is refused, so a value never becomes query syntax.
    """
    from rdflib import Literal, URIRef

    if not bindings:
        return text
    cells = []
    for name, term in bindings.items():
        if isinstance(term, URIRef) and _UNSAFE_IRI.search(str(term)):
            raise DutyGraphError(f"参数 {name!r} 不是可用的 IRI (not a usable IRI)")
        if not isinstance(term, URIRef | Literal):
            raise DutyGraphError(
                f"参数 {name!r} 只能绑定 IRI 或字面量 (only IRIs and literals can be bound)"
            )
        cells.append(term.n3())
    names = " ".join(f"?{name}" for name in map(str, bindings))
    block = f" VALUES ({names}) {{ ({' '.join(cells)}) }}"
    markers = [m for m in _TOKEN.finditer(text) if (m.group("comment") or "").strip() == BIND_MARK]
    if markers:  # the query says where: e.g. also inside a sub-SELECT, which sees no outer VALUES
        for marker in reversed(markers):
            text = text[: marker.start()] + block.strip() + " " + text[marker.start() :]
        return text
    tokens = [m for m in _TOKEN.finditer(text) if not m.group("comment")]
    for i, match in enumerate(tokens):
        word = match.group("word")
        if word and word.upper() == "WHERE" and i + 1 < len(tokens):
            brace = tokens[i + 1]
            if brace.group("other") == "{":
                return text[: brace.end()] + block + text[brace.end() :]
    raise NoWhereClause(
        "带参数的查询须有 WHERE 子句（参数以 VALUES 块放在其开头）",
        en="parameters need a query with a WHERE clause",
    )


class ForbiddenQuery(DutyGraphError):
    """The text asks for something the read-only, offline endpoint never does."""


class UpdateRefused(ForbiddenQuery):
    """The text is a SPARQL Update; the endpoint is read-only."""


MAX_DEPTH = 64
"""Nested groups a query may have: deeper ones are refused before any engine recurses."""


class QueryTooDeep(DutyGraphError):
    """Groups nested deeper than MAX_DEPTH: refused as a bad request, before evaluation."""


@dataclass(frozen=True)
class QueryShape:
    """What the scan learnt: the query form."""

    form: str


def keywords(text: str) -> list[str]:
    """The bare words of a query (upper-cased), outside strings, IRIs and comments."""
    decoded = _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)
    words = []
    for match in _TOKEN.finditer(decoded):
        word = match.group("word")
        if word and word[0] not in "?$" and ":" not in word:
            words.append(word.rstrip(".").upper())
    return words


def check_query(text: str) -> QueryShape:
    """Refuse updates and SERVICE; return the form. Syntax errors are left to the engine."""
    words = keywords(text)
    head = [w for w in words if w not in ("BASE", "PREFIX")]
    first = head[0] if head else ""
    if first in UPDATE_KEYWORDS:
        raise UpdateRefused(
            f"拒绝 SPARQL 更新（{first}）：本接口只读；数据请用 `dutygraph import` 导入后"
            "重启服务器",
            en=f"SPARQL Update ({first}) is refused: this endpoint is read-only; "
            "load data with `dutygraph import` and restart the server",
        )
    if "SERVICE" in words:
        raise ForbiddenQuery(
            "拒绝 SERVICE（联邦查询）：本服务器从不向外连接",
            en="SERVICE (federated query) is refused: this server never opens outbound connections",
        )
    depth = nesting(text)
    if depth > MAX_DEPTH:
        raise QueryTooDeep(
            f"查询嵌套过深（{depth} 层花括号，最多 {MAX_DEPTH} 层），请简化后再试 "
            f"(the query nests {depth} groups; at most {MAX_DEPTH} are accepted)"
        )
    form = next((w for w in words if w in QUERY_FORMS), "")
    return QueryShape(form=form)


_OPAQUE = re.compile(
    "|".join(
        [
            r'"""[\s\S]*?"""',
            r"'''[\s\S]*?'''",
            r'"(?:\\.|[^"\\\n])*"',
            r"'(?:\\.|[^'\\\n])*'",
            r'<[^<>"{}|^`\\\s]*>',
            r"#[^\n]*",
        ]
    )
)
"""Strings, IRIs and comments: their braces are text, not groups."""


def nesting(text: str) -> int:
    """The deepest nesting of { } groups, outside strings, IRIs and comments."""
    depth = deepest = 0
    for char in _OPAQUE.sub(" ", text):
        if char == "{":
            depth += 1
            deepest = max(deepest, depth)
        elif char == "}":
            depth -= 1
    return deepest
