"""Load ontology and data files into one rdflib Dataset, one named graph per file.

Why named graphs: every fact must stay traceable to where it came from, so the imported list,
the maintainers' English glosses and the ontology each keep their own graph, whose name is the
dataset IRI the file describes itself with (e.g. graph/niuxintuo-2023-25). Queries see the union.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rdflib import RDF, Dataset, Graph, URIRef
from rdflib.namespace import PROV

from ..errors import DutyGraphError, Location
from ..namespace import GRAPH
from ..rdfterms import bind_prefixes
from ..resources import data_files, ontology_files


def parse_file(path: Path) -> Graph:
    """Parse one local RDF file (format from its suffix) with the error located in the file."""
    fmt = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".trig": "trig"}.get(path.suffix)
    if fmt is None:
        raise DutyGraphError(
            f"不支持的 RDF 文件类型 {path.suffix!r} (unsupported RDF file type)",
            Location(file=str(path)),
        )
    graph = Graph()
    try:
        graph.parse(
            data=path.read_text(encoding="utf-8"), format=fmt, publicID=f"file:///{path.name}"
        )
    except OSError as exc:
        raise DutyGraphError(
            f"无法读取文件 (cannot read file: {exc.strerror})", Location(file=str(path))
        ) from exc
    except Exception as exc:  # rdflib raises many parser-specific types
        raise DutyGraphError(
            f"不是有效的 {fmt} 文件 (not valid {fmt}: {exc})", Location(file=str(path))
        ) from exc
    return graph


def graph_name(graph: Graph, path: Path) -> URIRef:
    """The dataset IRI a file declares for itself, else one derived from its file name."""
    declared = sorted(
        s
        for s in graph.subjects(RDF.type, PROV.Entity)
        if isinstance(s, URIRef)
        and str(s).startswith(str(GRAPH))
        and "/" not in str(s)[len(str(GRAPH)) :]
    )
    if len(declared) == 1:
        return declared[0]
    return GRAPH[f"file/{path.name.split('.')[0]}"]


def load_dataset(paths: Iterable[Path] | None = None, *, ontology: bool = True) -> Dataset:
    """A Dataset holding each file in its own named graph; the default graph is their union."""
    dataset = Dataset(default_union=True)
    bind_prefixes(dataset)
    files = list(ontology_files()) if ontology else []
    files += list(paths) if paths is not None else data_files()
    for path in files:
        parsed = parse_file(path)
        name = (
            GRAPH[f"ontology/{path.stem}"]
            if path.parent.name == "ontology"
            else graph_name(parsed, path)
        )
        target = dataset.graph(name)
        for triple in parsed:
            target.add(triple)
    return dataset


def union_graph(dataset: Dataset) -> Graph:
    """All triples of a dataset in one plain Graph (for reasoning and SHACL, which want one)."""
    merged = bind_prefixes(Graph())
    for triple in dataset.triples((None, None, None)):
        merged.add(triple)
    return merged
