"""The one entry to validation (:func:`validate`): a township-year on its own slice, for the
CLI, the server's uploads and the per-township runs in parallel.

Why slices: pySHACL's cost grows faster than the data graph (every SHACL-SPARQL constraint
scans it), so validating a district's records in one graph grows superlinearly and a city's
does not finish. A township-year needs only the ontology, that township's list and its own
records: about 5,000 triples whatever the size of the store. So each township is validated on
its own slice, read from the store by graph name and by the record's duty, and townships run in
parallel worker processes (fork: each opens the read-only store itself).

Which graphs make a slice:

* the ontology graphs (``graph/ontology/…``): sh:class follows their subClassOf triples;
* the one graph in which the document is declared a ``dg:DutyList`` (not graph/inferred);
* the records fulfilling one of its duties, and every record of a batch read against its list
  (``dct:subject``), from any graph: a record naming a code the list does not have
  (``…/party-23``) is still the township's, and gets its violation.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from multiprocessing import get_context
from pathlib import Path

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef, Variable
from rdflib.namespace import DCTERMS, SKOS

from ..errors import DutyGraphError
from ..namespace import DG, GRAPH
from ..rdfterms import bind_prefixes
from ..store.engine import Engine, QueryEngine
from .shacl import ValidationReport, validate_records

_DOCUMENTS = """
PREFIX dg: <https://w3id.org/dutygraph/ontology#>
SELECT DISTINCT ?document WHERE {
  ?document a dg:DutyList ; dg:level ?level .
  FILTER(?level = dg:township)
} ORDER BY ?document
"""

_LIST_GRAPH = """
PREFIX dg: <https://w3id.org/dutygraph/ontology#>
SELECT DISTINCT ?g ?document WHERE { GRAPH ?g { ?document a dg:DutyList } }
"""

# declared delegates may come in a file of their own (serve --add delegates.ttl)
_DELEGATES = """
PREFIX dg: <https://w3id.org/dutygraph/ontology#>
SELECT ?s ?p ?o ?prefix WHERE {
  ?s dg:delegateRole ?o . BIND(dg:delegateRole AS ?p)
  FILTER(STRSTARTS(STR(?s), ?prefix))
}
"""

# SELECT, not CONSTRUCT: Oxigraph binds parameters only when they are projected.
_GRAPH = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"

# A township's records: those fulfilling one of its list's duties, and every record of a batch
# read against its list (dct:subject), which includes rows naming a code the list lacks. Both
# start from the document: a filter on every record's duty IRI read all towns' records (2.4 s
# at 1,000 towns on disk). Three flat queries per start (the record, its evidence, its batch),
# not one UNION: a UNION branch is evaluated on its own, over the whole store.
_STARTS = (
    "?duty dg:inDocument ?document . ?record dg:fulfils ?duty .",
    "?batch dct:subject ?document . ?record dct:source ?batch .",
)
_RECORDS = tuple(
    f"""
PREFIX dg: <https://w3id.org/dutygraph/ontology#>
PREFIX dct: <http://purl.org/dc/terms/>
SELECT DISTINCT ?s ?p ?o ?document WHERE {{
  {start}
  ?record a dg:FulfilmentRecord .
  {hop}
  ?s ?p ?o .
}}
"""
    for start in _STARTS
    for hop in ("BIND(?record AS ?s)", "?record dg:hasEvidence ?s .", "?record dct:source ?s .")
)


# the same two starts, for the records alone: their triples are then read by index scans
_RECORD_IRIS = tuple(
    f"""
PREFIX dg: <https://w3id.org/dutygraph/ontology#>
PREFIX dct: <http://purl.org/dc/terms/>
SELECT DISTINCT ?record WHERE {{
  {start}
  ?record a dg:FulfilmentRecord .
}}
"""
    for start in _STARTS
)


def township_documents(engine: QueryEngine) -> list[URIRef]:
    """Every township-level duty list the engine holds, in IRI order."""
    return [row[0] for row in engine.query(_DOCUMENTS).rows]


def validation_base(engine: QueryEngine, document: URIRef, into: Graph | None = None) -> Graph:
    """The ontology plus ``document``'s list as asserted (and the delegates declared for its
    duties anywhere): what its records are checked against; added to ``into`` when given (a
    run's own record graph, so the slice is not copied a second time)."""
    base = into if into is not None else bind_prefixes(Graph())
    base.addN((s, p, o, base) for s, p, o in _ontology(engine))
    return add_list(engine, document, base)


def add_list(engine: QueryEngine, document: URIRef, base: Graph) -> Graph:
    """``document``'s list as asserted and its declared delegates, added to ``base`` (a run
    over several townships adds each list to one base holding the ontology once)."""
    bound = {Variable("document"): document}
    holders = [
        row[0]
        for row in engine.query(_LIST_GRAPH, bindings=bound).rows
        if not str(row[0]).endswith("/inferred")
    ]
    if not holders:
        raise DutyGraphError(f"库中没有这份清单 {document} (no duty list {document} in this graph)")
    for name in holders:
        base.addN((*triple, base) for triple in _read(_graph_triples(engine, name)))
    prefix = {Variable("prefix"): Literal(f"{document}/")}
    return _add_rows(base, engine.query(_DELEGATES, bindings=prefix))


# What validation reads of the ontology and of a list (shapes/records.ttl, queries/validation/,
# the report in shacl.py): the slice holds only these. Why: a synthetic town's list graph
# carries its glosses, derivations, ELI links and notes too, 2,954 triples where validation
# reads about a third, and every triple in the slice is read from the store, added to rdflib,
# copied to Oxigraph and scanned by pySHACL (a third of a township's time at 1,000 towns).
# tests/test_validation.py runs every shape case on the slice and on the whole graph.
_READ = frozenset(
    {
        RDF.type,
        RDFS.subClassOf,
        RDFS.label,
        SKOS.prefLabel,
        SKOS.notation,
        DG.code,
        DG.inDocument,
        DG.bearer,
        DG.delegateRole,
        DG.hasRequirement,
        DG.requirementText,
        DG.minimumCount,
        DG.period,
        DG.deadline,
        DG.deadlineYearOffset,
        DG.fixedDate,
        DG.activityKind,
        DG.addressee,
    }
)


def _read(triples: Iterable[tuple]) -> Iterator[tuple]:
    return (t for t in triples if t[1] in _READ)


_ONTOLOGY: dict[int, tuple[object, list[tuple]]] = {}


def _ontology(engine: QueryEngine) -> list[tuple]:
    """The ontology graphs' triples, read once per engine: every township's slice has them,
    and reading them again for each of 1,000 townships was half of each one's time."""
    held = _ONTOLOGY.get(id(engine))
    if held is None or held[0] is not engine:
        triples = [
            triple
            for name in engine.graph_names
            if str(name).startswith(str(GRAPH["ontology/"]))
            for triple in _read(_graph_triples(engine, name))
        ]
        _ONTOLOGY.clear()  # one engine at a time: a worker validates over one store
        held = _ONTOLOGY[id(engine)] = (engine, triples)
    return held[1]


def _graph_triples(engine: QueryEngine, name: URIRef) -> Iterable[tuple]:
    """One named graph's triples: an index scan where the engine offers one (Engine), else a
    SPARQL query (a remote server)."""
    scan = getattr(engine, "graph_triples", None)
    if scan is not None:
        return scan(name)
    return (row[:3] for row in engine.query(_GRAPH, bindings={Variable("g"): name}).rows)


def default_document(engine: QueryEngine) -> URIRef:
    """The list uploads are checked against by default: the first real township list."""
    documents = township_documents(engine)
    real = [d for d in documents if "/synthetic-town-" not in str(d)]
    if not (real or documents):
        raise DutyGraphError("图中没有乡镇职责清单 (the graph holds no township duty list)")
    return (real or documents)[0]


def _add_rows(graph: Graph, answer) -> Graph:
    for row in answer.rows:
        graph.add(row[:3])
    return graph


def stored_records(engine: QueryEngine, document: URIRef) -> Graph:
    """The records kept for ``document`` (of its duties, or in a batch read against its list),
    with their evidence and batch.

    Oxigraph stores every integer-derived literal as xsd:integer ("5"^^nonNegativeInteger comes
    back as "5"^^integer, "-1"^^nonNegativeInteger as "-1"^^integer); a participant count is
    given its declared datatype back when it is one, so only a negative count is reported.
    """
    graph = bind_prefixes(Graph())
    bound = {Variable("document"): document}
    about = getattr(engine, "about", None)
    if about is not None:  # an index scan per record, its evidence and its batch
        records = {
            row[0] for text in _RECORD_IRIS for row in engine.query(text, bindings=bound).rows
        }
        graph.addN((*t, graph) for t in about(sorted(records)))
        hops = {
            o
            for p in (DG.hasEvidence, DCTERMS.source)
            for o in graph.objects(None, p)
            if isinstance(o, URIRef) and (o, None, None) not in graph
        }
        graph.addN((*t, graph) for t in about(sorted(hops)))
    else:
        for text in _RECORDS:
            _add_rows(graph, engine.query(text, bindings=bound))
    for record, value in list(graph.subject_objects(DG.count)):
        if value.datatype == XSD.integer and int(value) >= 0:
            graph.remove((record, DG.count, value))
            graph.add((record, DG.count, Literal(str(value), datatype=XSD.nonNegativeInteger)))
    return graph


@dataclass
class TownshipResult:
    """One township-year's outcome, small enough to send back from a worker process."""

    document: str
    records: int
    conforms: bool
    violations: int
    warnings: int
    pending: int
    seconds: float


def validate(
    engine: QueryEngine,
    document: URIRef,
    *,
    year: int | None,
    as_of: date | None = None,
    records: Iterable[Graph] | None = None,
    base: Graph | None = None,
    owned: bool = False,
) -> ValidationReport:
    """Validate one township-year on its own slice: given records, else the stored ones.

    The one entry to validation: the CLI (files or a store), the server's uploads and the
    per-township runs all come here, so every caller checks against the same slice (the
    ontology, that list as asserted, its declared delegates), never the union of everything
    loaded. ``base`` is that slice when the caller already holds it (the server reads the
    default list's once at start). ``owned``: the given record graphs were read for this run
    and may become its data graph (no copy; the CLI and uploads pass it).
    """
    batches = list(records) if records is not None else [stored_records(engine, document)]
    owned = owned or records is None  # records read here from the store are this run's own
    holder = base
    if base is None and owned and batches:
        # the run's own records graph becomes the data graph: the slice goes straight into it
        # instead of into a base that is then copied (a third of a stored township's time)
        holder, base = validation_base(engine, document, into=batches[0]), Graph()
    elif base is None:
        holder = base = validation_base(engine, document)
    if year is None:  # never judge a 2023 file as this year: take the year from the records
        from .years import infer_year

        year = infer_year(holder, batches)
    return validate_records(base, batches, year=year, as_of=as_of, owned=owned)


def validate_townships(
    store: Path,
    documents: list[URIRef] | None = None,
    *,
    year: int,
    as_of: date | None = None,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[TownshipResult]:
    """Validate the stored records of each township (all when ``documents`` is None) for
    ``year``, one slice per township, across ``workers`` processes (default: the CPU count).
    ``progress(done, total)`` is told after each township (the CLI draws a bar with it).

    One run a township, not several townships a run: twenty townships in one run found the
    same results but took longer (101 towns × 200 records, one worker: 34.6 s one by one,
    47.7 s twenty at a time), as the run's cost follows its triples, not its count."""
    engine = Engine.on_disk(store)
    documents = documents if documents is not None else township_documents(engine)
    workers = max(1, min(workers or os.cpu_count() or 1, len(documents) or 1))
    tell = progress or (lambda done, total: None)
    results: list[TownshipResult] = []
    if workers == 1:
        for document in documents:
            results.append(_summarise(engine, document, year, as_of))
            tell(len(results), len(documents))
        return results
    del engine  # each worker opens the store itself; an open handle must not cross a fork
    with ProcessPoolExecutor(
        workers, mp_context=get_context("fork"), initializer=_open_in_worker, initargs=(store,)
    ) as pool:
        jobs = [(d, year, as_of) for d in documents]
        chunk = max(1, min(8, len(jobs) // (workers * 4)))
        for found in pool.map(_in_worker, jobs, chunksize=chunk):
            results.append(found)
            tell(len(results), len(documents))
    return results


_worker: dict[str, QueryEngine] = {}
"""The store a worker process opened at its start (``_open_in_worker``)."""


def _open_in_worker(store: Path) -> None:
    _worker["engine"] = Engine.on_disk(store)


def _in_worker(job: tuple) -> TownshipResult:
    return _summarise(_worker["engine"], *job)


def _summarise(
    engine: QueryEngine, document: URIRef, year: int, as_of: date | None
) -> TownshipResult:
    began = time.perf_counter()
    records = stored_records(engine, document)
    count = len(set(records.subjects(predicate=DG.fulfils)))  # before the run takes the graph
    report = validate(engine, document, year=year, as_of=as_of, records=[records], owned=True)
    severities = [e.severity for e in report.entries]
    return TownshipResult(
        str(document),
        count,
        report.conforms,
        severities.count("violation"),
        severities.count("warning"),
        severities.count("pending"),
        time.perf_counter() - began,
    )
