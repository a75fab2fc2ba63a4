"""Oxigraph and rdflib terms and stores: the conversions both engines and the store share.

Why a module of its own: the in-memory engine, the on-disk store and the entailment rules all
move data between rdflib and Oxigraph; keeping the conversions here lets each import them
without importing the others (the engine and the disk store used to import each other).
"""

from __future__ import annotations

from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.term import Node

from ..errors import DutyGraphError

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


_CONVERTED: dict[object, Node] = {}
_CONVERTED_MAX = 1 << 19
"""Terms converted so far (at most half a million, then forgotten at once)."""


def from_ox(term) -> Node:
    """An Oxigraph term as rdflib's; simple literals stay simple ("a" is "a"^^xsd:string).

    Remembered: a township's slice repeats the same predicates, classes, codes and dates
    thousands of times, and making an rdflib term (an IRI's validity check, a literal's
    parsing) was a fifth of a stored township's validation time; a dictionary lookup on the
    Oxigraph term is five times cheaper. rdflib terms are immutable, so sharing them is safe."""
    return _remembered(_CONVERTED, _convert, term)


def _remembered(cache: dict, convert, term):
    known = cache.get(term)
    if known is None:
        if len(cache) >= _CONVERTED_MAX:
            cache.clear()
        known = cache[term] = convert(term)
    return known


def _convert(term) -> Node:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype == _XSD_STRING else datatype)
    kind = type(term).__name__
    raise DutyGraphError(
        f"结果中有本程序不支持的 RDF 项（{kind}，如 RDF-star 三元组项）",
        en=f"unsupported term in a result: {kind}",
    )


_TO_OX: dict[Node, object] = {}


def to_ox(term: Node):
    """An rdflib term as Oxigraph's (remembered, as :func:`from_ox` remembers the other way)."""
    return _remembered(_TO_OX, _to_ox, term)


def _to_ox(term: Node):
    import pyoxigraph as ox

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        datatype = ox.NamedNode(str(term.datatype)) if term.datatype else None
        return ox.Literal(str(term), language=term.language, datatype=datatype)
    kind = type(term).__name__
    raise DutyGraphError(
        f"图中有本程序不支持的 RDF 项（{kind}）", en=f"unsupported term in a graph: {kind}"
    )


def graph_to_ox(graph, store) -> None:
    """Add every triple of an rdflib graph to an Oxigraph store's default graph.

    Why not serialize and bulk-load: writing N-Triples in Python was a fifth of a stored
    township's validation time; converting term by term, each distinct term once, is cheaper."""
    import pyoxigraph as ox

    store.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph)


def oxigraph_store(dataset: Dataset, path: str | None = None):
    """Copy every named graph of an rdflib Dataset into an Oxigraph store (on disk at
    ``path``, else in memory), in one bulk load."""
    import pyoxigraph as ox

    store = ox.Store(path) if path is not None else ox.Store()
    data = dataset.serialize(format="nquads", encoding="utf-8")
    store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
    return store
