"""Gap analysis: parent provisions with no township counterpart, township additions, and
items linked to nothing at all. Each question is a named query (queries/cq), so SPARQL users
get the same answer as ``dutygraph gaps``."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph

from ..sparql.catalog import catalog, select_rows
from ..store.engine import QueryEngine


@dataclass
class Gaps:
    """The three lists, each a list of plain dicts (one per row of its named query)."""

    uncovered: list[dict[str, str]]
    additions: list[dict[str, str]]
    unlinked: list[dict[str, str]]


def _rows(target: Graph | QueryEngine, name: str, folder: str = "cq") -> list[dict[str, str]]:
    return [
        {k: str(v) for k, v in row.items()} for row in select_rows(target, catalog(folder)[name])
    ]


def gaps(graph: Graph | QueryEngine) -> Gaps:
    """Unlinked items come from the quality query item-without-parent (a defect each).

    Needs the inferred graph: coverage follows dg:derivesFrom, which the build materialises."""
    return Gaps(
        _rows(graph, "uncovered-provisions"),
        _rows(graph, "additions"),
        _rows(graph, "item-without-parent", "quality"),
    )
