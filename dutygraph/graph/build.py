"""The build step: citation rules and the OWL 2 RL closure, cached on disk.

Why a build step: owlrl takes seconds over the bundled graph, too slow for every ``trace`` call,
every validation or every server start. The result (the inferred triples only) is written once
to a cache file whose name is a fingerprint of everything it depends on (each input file's
SHA-256, the rule files, the versions of dutygraph, owlrl and rdflib); any change gives a new
fingerprint, so a stale cache is never read, and the next call rebuilds it.

Rules (queries/rules/*.rq) are SPARQL CONSTRUCT queries run before the reasoner, e.g. to resolve
titles quoted in 《》 to the documents of the register.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

from rdflib import RDF, XSD, Dataset, Graph, Literal, URIRef
from rdflib.namespace import PROV

from .. import __version__
from ..namespace import AGENT, DG, DOC, GRAPH
from ..sparql.catalog import catalog, run
from .reasoning import rl_closure, useful_inferences

INFERRED_GRAPH = GRAPH["inferred"]
KEEP_CACHE_FILES = 8


@dataclass
class BuildResult:
    """What the build produced and whether it came from the cache."""

    inferred: Graph
    path: Path
    from_cache: bool
    problems: list[str]


def cache_dir() -> Path:
    """DUTYGRAPH_CACHE_DIR, else $XDG_CACHE_HOME/dutygraph, else ~/.cache/dutygraph."""
    explicit = os.environ.get("DUTYGRAPH_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "dutygraph"


def fingerprint(files: list[Path]) -> str:
    """A hash of every input the closure depends on (content, not names or times)."""
    digest = hashlib.sha256()
    for part in (__version__, version("owlrl"), version("rdflib")):
        digest.update(part.encode() + b"\0")
    for folder in ("rules", "entailment", "consistency"):
        for query in sorted(catalog(folder).values(), key=lambda q: q.name):
            digest.update(query.text.encode("utf-8") + b"\0")
    for path in sorted(files, key=lambda p: p.name):
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def apply_rules(graph: Graph) -> Graph:
    """Run every CONSTRUCT rule over ``graph``; returns only the triples the rules add."""
    added = Graph()
    for query in catalog("rules").values():
        for triple in run(graph, query):
            if triple not in graph:
                added.add(triple)
    return added


def infer(dataset: Dataset) -> tuple[Graph, list[str]]:
    """The inferred triples and problems: owlrl over the shared graphs, SPARQL rules per list.

    Why: owlrl's cost is about 10 s per list whatever the list (it re-derives the schema every
    time), so a city's lists would take an hour and a province's a day. The shared graphs
    (ontology, alignments, parent register) are closed once by owlrl; each list's instance
    triples then need only the rules in ``queries/entailment/`` over that closed schema
    (dutygraph/entailment.py), about a second a list. Nothing in one list can entail anything
    about another (items link only to their own list and to shared nodes, and the key includes
    the document), so the lists are independent and the cost is linear in their number.
    tests/test_reasoning.py checks the result equals :func:`infer_with_owlrl`'s.
    """
    from .entailment import close_list
    from .reasoning import Closure

    shared, groups = partition(dataset)
    schema = _union(dataset, shared)
    ruled = apply_rules(schema)
    closure = rl_closure(schema + ruled)
    closed = closure.asserted + closure.inferred
    inferred = useful_inferences(closure) + ruled
    problems = list(closure.problems)
    for group in groups:
        part = _union(dataset, group)
        added, found = close_list(closed, part)
        inferred += useful_inferences(Closure(part, added, found))  # reads .inferred only
        problems += found
    return inferred, sorted(set(problems))


def infer_with_owlrl(dataset: Dataset) -> tuple[Graph, list[str]]:
    """The reference: rules, then owlrl over everything at once (slow; for tests and checks)."""
    asserted = _union(dataset, [g.identifier for g in dataset.graphs()])
    ruled = apply_rules(asserted)
    closure = rl_closure(asserted + ruled)
    return useful_inferences(closure) + ruled, closure.problems


def _union(dataset: Dataset, names: list) -> Graph:
    out = Graph()
    for name in names:
        if name != INFERRED_GRAPH:
            out += dataset.graph(name)
    return out


def partition(dataset: Dataset) -> tuple[list[URIRef], list[list[URIRef]]]:
    """The graphs no duty list's items appear in (shared), and the graphs of each list: a graph
    whose subjects fall under two lists' IRIs joins their groups (union-find)."""
    lists = {str(d) for d in dataset.subjects(RDF.type, DG.DutyList)}
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    owners: dict[URIRef, set[str]] = {}
    for graph in dataset.graphs():
        name = graph.identifier
        if not isinstance(name, URIRef) or name == INFERRED_GRAPH:
            continue
        found = set()
        for subject in set(graph.subjects()):
            text = str(subject)
            rest = text[len(str(DOC)) :]
            if text.startswith(str(DOC)) and "/" in rest:  # an item (the register names lists)
                document = str(DOC) + rest.split("/", 1)[0]
                if document in lists:
                    found.add(document)
        owners[name] = found
        for other in list(found)[1:]:
            parent[find(other)] = find(next(iter(found)))
    shared = sorted(n for n, f in owners.items() if not f)
    groups: dict[str, list[URIRef]] = {}
    for name, found in sorted(owners.items()):
        if found:
            groups.setdefault(find(next(iter(found))), []).append(name)
    return shared, [groups[k] for k in sorted(groups)]


def build(
    dataset: Dataset, files: list[Path], *, force: bool = False, directory: Path | None = None
) -> BuildResult:
    """The inferred graph for ``files`` (loaded in ``dataset``): from the cache when fresh."""
    folder = directory or cache_dir()
    key = fingerprint(files)
    path = folder / f"inferred-{key[:24]}.nt"
    if path.exists() and not force:
        inferred = Graph().parse(path, format="nt")
        return BuildResult(inferred, path, True, [])
    inferred, problems = infer(dataset)
    _describe(inferred, files, key)
    folder.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".tmp")
    inferred.serialize(partial, format="nt", encoding="utf-8")
    partial.replace(path)  # atomic: a reader never sees half a cache file
    _prune(folder, keep=path)
    return BuildResult(inferred, path, False, problems)


def _describe(inferred: Graph, files: list[Path], key: str) -> None:
    """Provenance of the inferred graph, inside it: what it used and what made it."""
    activity = GRAPH[f"inferred/build-{key[:24]}"]
    inferred.add((INFERRED_GRAPH, RDF.type, PROV.Entity))
    inferred.add((INFERRED_GRAPH, PROV.wasGeneratedBy, activity))
    inferred.add((activity, RDF.type, PROV.Activity))
    inferred.add((activity, PROV.wasAssociatedWith, AGENT[f"dutygraph-{__version__}"]))
    inferred.add((activity, PROV.wasAssociatedWith, AGENT[f"owlrl-{version('owlrl')}"]))
    inferred.add(
        (
            activity,
            PROV.endedAtTime,
            Literal(datetime.now(UTC).replace(microsecond=0).isoformat(), datatype=XSD.dateTime),
        )
    )
    for path in sorted(files, key=lambda p: p.name):
        inferred.add((activity, PROV.used, Literal(path.name)))


def _prune(folder: Path, *, keep: Path) -> None:
    """Keep the newest few cache files (other data sets may be in use), delete the rest."""
    files = sorted(folder.glob("inferred-*.nt"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[KEEP_CACHE_FILES:]:
        if old != keep:
            old.unlink(missing_ok=True)


def load(paths: list[Path] | None = None, *, inferred: bool = True, force: bool = False) -> Dataset:
    """Ontology + data (bundled or ``paths``) and, unless ``inferred=False``, the cached
    inferred graph in its own named graph (graph/inferred), built first if stale or missing."""
    from ..resources import data_files, ontology_files
    from .files import load_dataset

    files = list(paths) if paths is not None else data_files()
    dataset = load_dataset(files)
    if inferred:
        result = build(dataset, [*ontology_files(), *files], force=force)
        target = dataset.graph(INFERRED_GRAPH)
        for triple in result.inferred:
            target.add(triple)
    return dataset
