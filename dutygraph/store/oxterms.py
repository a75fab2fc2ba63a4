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


def from_ox(term) -> Node:
    """An Oxigraph term as rdflib's; simple literals stay simple ("a" is "a"^^xsd:string)."""
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
    raise DutyGraphError(f"unsupported term in a result: {type(term).__name__}")


def oxigraph_store(dataset: Dataset, path: str | None = None):
    """Copy every named graph of an rdflib Dataset into an Oxigraph store (on disk at
    ``path``, else in memory), in one bulk load."""
    import pyoxigraph as ox

    store = ox.Store(path) if path is not None else ox.Store()
    data = dataset.serialize(format="nquads", encoding="utf-8")
    store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
    return store
