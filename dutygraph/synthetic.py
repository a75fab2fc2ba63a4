"""Synthetic townships for scale tests and benchmarks: never mixed up with real data.

Why copies of the real list with variation: a slow query shape (NOT EXISTS with two inner
patterns, MINUS) only shows at size, and the named queries must meet data shaped like the real
thing: the same kinds, roles, requirements and derivation links. Each synthetic town is the
bundled list under its own document IRI (``doc/synthetic-town-NNNN``) in its own named graph
(``graph/synthetic/…``), marked by a title suffix (合成数据), a description and a PROV activity
associated with the agent ``dutygraph-synthetic``, with a deterministic share of measures dropped
and texts varied, as real lists differ.
"""

from __future__ import annotations

import random
import zlib

from rdflib import RDF, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from .namespace import AGENT, DG, DOC, GRAPH

SEED_SLUG = "niuxintuo-2023-25"
SYNTHETIC_AGENT = AGENT["dutygraph-synthetic"]


def town_slug(k: int) -> str:
    """The document slug of synthetic town ``k`` (k = 1, 2, …)."""
    return f"synthetic-town-{k:04d}"


def add_towns(
    dataset: Dataset, count: int, *, seed: int = 2023, drop: float = 0.05
) -> dict[str, set[str]]:
    """Add ``count`` synthetic towns to ``dataset`` (which holds the bundled list), in place;
    returns each town's slug with the codes of the measures it left out (the ground truth the
    cross-township tests check queries against).

    Every triple about the seed document's items (asserted, glosses, derivations, inferred) is
    copied with the items' IRIs moved to the town's; a ``drop`` share of measures is left out
    and every tenth measure text gets a local suffix, so towns are not identical.
    """
    prefix = str(DOC[SEED_SLUG])
    about_seed = [
        (s, p, o)
        for s, p, o in dataset.triples((None, None, None))
        if str(s).startswith(prefix) or str(o).startswith(prefix)
    ]
    measures = sorted(
        str(s)
        for s, p, o in about_seed
        if p == RDF.type and o == DG.Measure and str(s).startswith(prefix)
    )
    rng = random.Random(seed)
    left_out: dict[str, set[str]] = {}
    for k in range(1, count + 1):
        slug = town_slug(k)
        target = str(DOC[slug])
        dropped = {m for m in measures if rng.random() < drop}
        left_out[slug] = {m.rsplit("/", 1)[-1] for m in dropped}
        graph = dataset.graph(GRAPH[f"synthetic/{slug}"])
        for s, p, o in about_seed:
            if str(s) in dropped or str(o) in dropped:
                continue
            graph.add((_move(s, prefix, target), p, _vary(_move(o, prefix, target), p, k)))
        _describe(graph, URIRef(target), k)
    return left_out


def _move(node, prefix: str, target: str):
    if isinstance(node, URIRef) and str(node).startswith(prefix):
        return URIRef(target + str(node)[len(prefix) :])
    return node


def _vary(node, predicate, k: int):
    """Titles say they are synthetic; some texts carry a local addition."""
    if predicate == DCTERMS.title and isinstance(node, Literal):
        return Literal(f"{node}（合成数据 {k:04d}）", lang=node.language)
    if (
        predicate == DG.text
        and isinstance(node, Literal)
        and zlib.crc32(str(node).encode()) % 10 == k % 10
    ):
        return Literal(f"{node}结合本镇实际细化落实。", lang=node.language)
    return node


def _describe(graph: Graph, document: URIRef, k: int) -> None:
    activity = URIRef(f"{document}/generation")
    graph.add((document, PROV.wasGeneratedBy, activity))
    graph.add((activity, RDF.type, PROV.Activity))
    graph.add((activity, PROV.wasAssociatedWith, SYNTHETIC_AGENT))
    graph.add(
        (document, DCTERMS.description, Literal(f"synthetic town {k}: not real data", lang="en"))
    )
