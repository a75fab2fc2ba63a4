"""Open a :class:`~dutygraph.store.source.Source`: the engine over it, or its files as rdflib.

Why here and not in store/: opening files means parsing them with the cached OWL 2 RL closure
(graph.build), which sits above the store; a store or a remote server is opened as it is.
"""

from __future__ import annotations

from rdflib import Dataset

from ..errors import DutyGraphError
from ..store.engine import Engine, QueryEngine
from ..store.source import Source


def open_engine(source: Source, *, inferred: bool = True) -> QueryEngine:
    """The engine over ``source``; files are parsed with (or without) the cached closure.

    A store and a remote server always hold the inferences they were built or pushed with.
    """
    if source.endpoint is not None:
        from ..store.remote import RemoteEngine

        return RemoteEngine(source.endpoint, timeout=source.timeout)
    if source.store is not None:
        return Engine.on_disk(source.store, memory=source.memory)
    return Engine(load_files(source, inferred=inferred), source.engine)


def load_files(source: Source, *, inferred: bool = True) -> Dataset:
    """The source's files as an rdflib Dataset, one named graph per file (and the closure).

    For the few jobs that write the graph somewhere else (``store``, ``push``, ``build``):
    they need the files themselves, so a store or an endpoint is refused with a reason.
    """
    if source.kind != "files":
        raise DutyGraphError(
            "这一步读取文件（DATA、--add），不能用 --store 或 --endpoint",
            en="this step reads files (DATA, --add), not a --store or an --endpoint",
        )
    from .build import load

    return load(source.files(), inferred=inferred)
