"""SPARQL result formats: which media types fit which query form, and writing an answer.

Why one table: content negotiation (Accept with q-values), the ``format`` parameter of links,
the CLI's ``--format`` and the 406 list all read the same mapping, so they cannot disagree.
Writers are rdflib's (SPARQL JSON, XML, CSV; Turtle, N-Triples, JSON-LD, RDF/XML); TSV is
written here because rdflib has a TSV result parser but no serializer.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from ..errors import DutyGraphError
from ..rdfterms import bind_prefixes
from ..store.engine import Answer


@dataclass(frozen=True)
class Format:
    """A result format: its short name (``format=`` value), media type and rdflib writer."""

    key: str
    media_type: str
    writer: str


TABLE_FORMATS = (
    Format("json", "application/sparql-results+json", "json"),
    Format("xml", "application/sparql-results+xml", "xml"),
    Format("csv", "text/csv", "csv"),
    Format("tsv", "text/tab-separated-values", "tsv"),
)
GRAPH_FORMATS = (
    Format("ttl", "text/turtle", "turtle"),
    Format("nt", "application/n-triples", "nt"),
    Format("jsonld", "application/ld+json", "json-ld"),
    Format("rdfxml", "application/rdf+xml", "xml"),
)
# Names and media types clients send for the same formats: SPARQLWrapper adds format=turtle,
# format=json-ld …; Jena and curl users send application/turtle, text/plain.
ALIASES = {
    "turtle": "ttl",
    "application/turtle": "ttl",
    "json-ld": "jsonld",
    "n-triples": "nt",
    "ntriples": "nt",
    "rdf+xml": "rdfxml",
    "rdf": "rdfxml",
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
    "application/x-turtle": "ttl",
    "text/plain": "nt",
}


def formats_for(form: str) -> tuple[Format, ...]:
    """The formats a query form can be written in; ASK has no CSV/TSV in the standard."""
    if form in ("CONSTRUCT", "DESCRIBE"):
        return GRAPH_FORMATS
    if form == "ASK":
        return TABLE_FORMATS[:2]
    return TABLE_FORMATS


def by_key(form: str, key: str) -> Format:
    """The format named by a ``format=`` value (short name or media type) for this form."""
    wanted = ALIASES.get(key, key)
    for fmt in formats_for(form):
        if wanted in (fmt.key, fmt.media_type):
            return fmt
    names = ", ".join(f.key for f in formats_for(form))
    raise DutyGraphError(
        f"这类查询结果不能写成 {key!r}，可用：{names} "
        f"({form or 'this'} query results cannot be written as {key!r})"
    )


def media_types(form: str) -> dict[str, Format]:
    """Every media type (with aliases) this form can answer in, preferred first."""
    table = {fmt.media_type: fmt for fmt in formats_for(form)}
    for alias, key in ALIASES.items():
        if "/" not in alias:
            continue
        match = [f for f in formats_for(form) if f.key == key]
        if match:
            table[alias] = match[0]
    return table


def write(answer: Answer, fmt: Format) -> bytes:
    """The answer in ``fmt``, as UTF-8 bytes."""
    if answer.graph is not None:
        graph = bind_prefixes(answer.graph)
        return graph.serialize(format=fmt.writer, encoding="utf-8")
    if fmt.writer == "tsv":
        return _tsv(answer).encode("utf-8")
    return answer.to_result().serialize(format=fmt.writer, encoding="utf-8")


def _tsv(answer: Answer) -> str:
    """SPARQL 1.1 TSV: ?-prefixed header, terms in Turtle syntax, tabs and newlines escaped."""
    lines = ["\t".join(f"?{v}" for v in answer.variables)]
    for row in answer.rows:
        lines.append("\t".join(_tsv_term(t) for t in row))
    return "\n".join(lines) + "\n"


def _tsv_term(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef | BNode):
        return term.n3()
    if isinstance(term, Literal):
        return term.n3().replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n")
    return str(term)
