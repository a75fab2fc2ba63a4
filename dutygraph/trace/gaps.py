"""Gap analysis: parent provisions with no township counterpart, township additions, and
items linked to nothing at all. Each question is a named query (queries/cq), so SPARQL users
get the same answer as ``dutygraph gaps``."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph

from ..sparql.catalog import catalog, run


@dataclass
class Gaps:
    """The three lists, each a list of plain dicts (one per row of its named query)."""

    uncovered: list[dict[str, str]]
    additions: list[dict[str, str]]
    unlinked: list[dict[str, str]]


def _rows(graph: Graph, name: str, folder: str = "cq") -> list[dict[str, str]]:
    result = run(graph, catalog(folder)[name])
    names = [str(v) for v in result.vars]
    return [{n: str(v) for n, v in zip(names, row, strict=True) if v is not None} for row in result]


def gaps(graph: Graph) -> Gaps:
    """Unlinked items come from the quality query item-without-parent (a defect each).

    Needs the inferred graph: coverage follows dg:derivesFrom, which the build materialises."""
    return Gaps(
        _rows(graph, "uncovered-provisions"),
        _rows(graph, "additions"),
        _rows(graph, "item-without-parent", "quality"),
    )
