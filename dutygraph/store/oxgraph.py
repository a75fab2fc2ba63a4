"""An rdflib ``Graph`` over an in-memory Oxigraph store, for libraries that take rdflib graphs
(pySHACL) and whose SPARQL should then run on Oxigraph.

Why: pySHACL evaluates each SHACL-SPARQL constraint with ``graph.query``; on rdflib's own
store that is rdflib's Python SPARQL engine (20,000 records: 20 s for the run-level checks), on
an oxrdflib store it is Oxigraph's (0.2 s). oxrdflib (by Oxigraph's authors) does the
translation; this module adds the two things a validation run needs from it:

* a length computed once: ``bool(graph)`` is ``len(graph)``, which oxrdflib answers with a
  ``COUNT(*)`` over the store, and pySHACL asks it hundreds of times per run (14 s of a 19 s
  run on 2,000 records before this);
* no writes: the view is read-only, so a library cannot change the data it is judging.

Triple-pattern lookups through the view cost more than rdflib's own store (each converts
terms), so SHACL Core constraints stay on rdflib (validation/shacl.py splits the shapes).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from oxrdflib import OxigraphStore
from rdflib import Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

if TYPE_CHECKING:
    import pyoxigraph


class FrozenOxigraphStore(OxigraphStore):
    """An OxigraphStore whose size is counted once and which refuses changes."""

    _size: int | None = None

    def __len__(self, context=None) -> int:
        if context is not None and context.identifier != DATASET_DEFAULT_GRAPH_ID:
            return super().__len__(context)
        if self._size is None:
            self._size = super().__len__(context)
        return self._size

    def add(self, *args: object, **kwargs: object) -> None:
        raise TypeError("the Oxigraph view of a validation run is read-only")

    addN = add
    remove = add
    update = add


def oxigraph_view(store: pyoxigraph.Store) -> Graph:
    """A read-only rdflib Graph over ``store``'s default graph (a ``pyoxigraph.Store``)."""
    return Graph(store=FrozenOxigraphStore(store=store), identifier=DATASET_DEFAULT_GRAPH_ID)
