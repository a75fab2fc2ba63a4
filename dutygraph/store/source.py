"""Which graph, through which engine: the one description of a source every command shares.

Why one place: the answer used to be decided five times (each CLI command, the server's start,
the CLI's ``query``), so each command took a different subset of the options (``--store`` only
on serve and validate, ``--add`` missing on stats). Every command and the server now describe
their source with :class:`Source`; ``graph.opening.open_engine`` opens it. What differs between
sources (files parsed into rdflib, an on-disk Oxigraph store, a remote SPARQL server) stays
behind the engine interface (``store.engine.QueryEngine``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import DutyGraphError
from ..resources import data_files
from .engine import ENGINES


@dataclass(frozen=True)
class Source:
    """Where the graph comes from: bundled or given files, a store, or a remote server."""

    data: tuple[Path, ...] = ()
    """Files that replace the bundled data (the ontology is always loaded)."""
    add: tuple[Path, ...] = ()
    """Files loaded on top of the data, e.g. an imported official text."""
    store: Path | None = None
    """An on-disk Oxigraph store written by ``dutygraph store`` (opened read-only)."""
    memory: bool = False
    """Copy the store into RAM at start (slower start, about ten times faster lookups)."""
    endpoint: str | None = None
    """A SPARQL 1.1 endpoint that holds the graph (loaded by ``dutygraph push``)."""
    engine: str | None = None
    """oxigraph or rdflib, for files (a store is Oxigraph; a remote server is itself)."""
    timeout: float = 60.0
    """Seconds a remote server may take for one query."""

    def __post_init__(self) -> None:
        if self.engine is not None and self.engine not in ENGINES:
            raise DutyGraphError(
                f"--engine 只能是 {'、'.join(ENGINES)}，收到 {self.engine!r}",
                en=f"--engine is one of {', '.join(ENGINES)}, not {self.engine!r}",
            )
        if self.store is not None and (self.data or self.add or self.engine == "rdflib"):
            raise DutyGraphError(
                "--store 按原样使用已建好的库：不能再给 DATA、--add 或 rdflib 引擎",
                en="--store uses a built store as it is: no DATA, --add or rdflib engine with it",
            )
        if self.endpoint is not None and (self.data or self.add or self.engine or self.store):
            raise DutyGraphError(
                "--endpoint 使用该服务器上的图：不能再给 DATA、--add、--engine 或 --store",
                en="--endpoint uses the server's graph: no DATA, --add, --engine or --store "
                "with it",
            )
        if self.memory and self.store is None:
            raise DutyGraphError(
                "--memory 把 --store 复制到内存，需要同时给出 --store PATH",
                en="--memory copies a --store into memory: give --store PATH too",
            )
        if self.endpoint is not None:
            from .remote import check_endpoint

            check_endpoint(self.endpoint)

    @property
    def kind(self) -> str:
        """files, store or endpoint: what the caller must expect of the graph."""
        return "endpoint" if self.endpoint else "store" if self.store else "files"

    def files(self) -> list[Path]:
        """The files this source loads (bundled data unless DATA), then the --add files."""
        return [*(self.data or data_files()), *self.add]
