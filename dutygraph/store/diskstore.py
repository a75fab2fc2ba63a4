"""An Oxigraph store on disk: load the graph once, reopen it in a second for every start.

Why: parsing Turtle and the cached closure into memory takes seconds per start for one
township and minutes for a city's worth; Oxigraph's on-disk store (RocksDB) is bulk-loaded once
by ``dutygraph store`` and opened read-only by ``dutygraph serve --store PATH``. The store keeps
the same named graphs as the in-memory path (one per file, graph/inferred for the closure), so
every query and page works the same on either.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, URIRef

from ..errors import DutyGraphError, Location
from .oxterms import oxigraph_store

MARKER = "dutygraph-store.txt"


@dataclass
class LoadReport:
    """What a bulk load wrote and how long it took."""

    path: Path
    quads: int
    graphs: int
    seconds: float


def write_store(
    dataset: Dataset,
    path: Path,
    *,
    force: bool = False,
    extra: Iterable[tuple[URIRef, Iterable[tuple]]] = (),
) -> LoadReport:
    """Bulk-load every named graph of ``dataset`` into a new on-disk store at ``path``, then
    ``extra`` (graph name, triples) pairs streamed in without an rdflib copy (synthetic towns)."""

    if path.exists() and any(path.iterdir()):
        if not force:
            raise DutyGraphError(
                "目录不是空的；要替换请加 --force "
                "(the folder is not empty; give --force to replace it)",
                Location(file=str(path)),
            )
        if not (path / MARKER).exists():
            raise DutyGraphError(
                "这不是 dutygraph 存储（没有标记文件），拒绝删除 "
                "(not a dutygraph store; refusing to delete it)",
                Location(file=str(path)),
            )
        shutil.rmtree(path)
    began = time.perf_counter()
    path.mkdir(parents=True, exist_ok=True)
    store = oxigraph_store(dataset, str(path))
    if extra:
        store.bulk_extend(_quads(extra))
    store.flush()
    quads = len(store)
    graphs = sum(1 for _ in store.named_graphs())
    del store
    (path / MARKER).write_text(
        f"dutygraph Oxigraph store: {quads} quads in {graphs} named graphs\n", encoding="utf-8"
    )
    return LoadReport(path, quads, graphs, time.perf_counter() - began)


def _quads(graphs: Iterable[tuple[URIRef, Iterable[tuple]]]):
    import pyoxigraph as ox
    from oxrdflib._converter import to_ox

    for name, triples in graphs:
        graph = ox.NamedNode(str(name))
        for s, p, o in triples:
            yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), graph)


def open_store(path: Path):
    """The store at ``path``, read-only (a server never writes)."""
    import pyoxigraph as ox

    if not (path / MARKER).exists():
        raise DutyGraphError(
            "这不是 dutygraph 存储；请用 `dutygraph store PATH` 生成 (not a dutygraph store)",
            Location(file=str(path)),
        )
    return ox.Store.read_only(str(path))


def graph_names(store) -> list[URIRef]:
    """The named graphs of an Oxigraph store, as rdflib IRIs."""
    return sorted(URIRef(g.value) for g in store.named_graphs() if hasattr(g, "value"))
