"""Validate a year's fulfilment records against the duties' requirements with pySHACL.

Why this shape: pySHACL's ``validate()`` does the checking (shapes/records.ttl); this module
only prepares the data graph and reads the report back into rows a supervisor can act on (duty,
severity, message, file, row, column). Preparation is deliberately small and explicit:

* one ``dg:ValidationRun`` node carries the year and the as-of date that the SHACL-SPARQL reads;
* each record's activity kinds are derived from its activity text (讲座 → lecture …) by
  records.kinds, with the keyword table the importer uses for requirements, so a duty with two
  requirements (政府(3): report and publication) counts the right records for each;
* an ill-typed date (2023-02-30) is re-typed as a plain string: the record shape reports it with
  its raw value, and no SPARQL function ever evaluates an ill-typed date (rdflib's YEAR() raises).

No reasoning run is needed: ``sh:class`` follows the ontology's rdfs:subClassOf triples, which
are in the data graph. Nothing is fetched: owl:imports are never followed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from pyshacl import validate
from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS, SH

from ..graph.files import parse_file
from ..namespace import BASE, DG
from ..records.kinds import classify_records, kinds_in, record_addressees
from ..records.reader import RowProblem
from ..resources import resource_dir
from ..store.oxgraph import oxigraph_view
from . import sparqlresults
from .aggregates import aggregate_store

sparqlresults.install()

RUN = URIRef(BASE + "run/current")
_CJK = re.compile(r"[\u4e00-\u9fff]")
COLUMNS = {
    DG.fulfils: "duty",
    DG.date: "date",
    DG.description: "activity",
    DG.responsibleRole: "role",
    DG.hasEvidence: "evidence",
    DG.count: "count",
}
SEVERITY = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "pending"}


@dataclass
class Entry:
    """One validation result, located in the user's files where it concerns a record."""

    severity: str  # violation | warning | pending
    duty: str | None
    message: dict[str, str]
    file: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None
    requirement: str | None = None
    requirement_text: str | None = None
    """The clause of the requirement a year-level result is about, so a duty with several
    requirements (政府(3): report by 1 March, and publication) says which one failed."""


@dataclass
class RequirementStatus:
    """One requirement of a duty: its clause, the records counted for it and the words that
    decided each record's kind (empty when the kind was undecided, or none was asked)."""

    text: str
    kind: str | None
    counted: list[int]
    matched: dict[int, list[str]] = field(default_factory=dict)
    repeats: dict[int, int] = field(default_factory=dict)
    """Counted rows that repeat an earlier row (row → the first): the pair counts once."""


@dataclass
class DutyStatus:
    """A duty with requirements: what was required, what was achieved, and the status.

    ``achieved`` counts the duty's records in the judged year (or the following year, for a
    requirement filed then), duplicates once; ``status`` is never ``met`` while any violation
    concerns the duty, whether about the year or about one of its records.
    """

    duty: str
    requirements: list[str]
    achieved: int
    status: str  # met | violated | pending
    details: list[RequirementStatus] = field(default_factory=list)


@dataclass
class ValidationReport:
    """The outcome of one run; ``results`` is the standard sh:ValidationReport graph."""

    year: int
    as_of: date
    conforms: bool
    entries: list[Entry]
    duties: list[DutyStatus]
    results: Graph = field(repr=False)
    notices: list[RowProblem] = field(default_factory=list)
    """What the reader skipped on purpose (a title row, an unused column), with its place."""

    def notices_in(self, lang: str) -> list[str]:
        """The notices in the reader's language, each with its place."""
        return [n.describe(lang) for n in self.notices]


@lru_cache(maxsize=1)
def records_shapes() -> Graph:
    """The bundled record and requirement shapes, parsed once per process.

    Once matters: pySHACL writes the shapes' sh:prefixes into each query in set order, so a
    re-parsed shapes graph gives new query texts that miss the parse cache (sparql_cache.py).
    """
    return parse_file(resource_dir("shapes") / "records.ttl")


@lru_cache(maxsize=1)
def _shape_split() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The shapes with a target, split: SHACL-SPARQL ones (run on Oxigraph) and Core ones (on
    rdflib). Read from the shapes, so a new shape lands on the right side by what it is."""
    shapes = records_shapes()
    targets = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
    targeted = {s for t in targets for s in shapes.subjects(t, None)}
    sparql = {s for s in targeted if (s, SH.sparql, None) in shapes}
    return tuple(sorted(map(str, sparql))), tuple(sorted(map(str, targeted - sparql)))


@dataclass
class PreparedRun:
    """A run's data graph on rdflib and the same triples on Oxigraph."""

    graph: Graph
    store: object  # a pyoxigraph.Store


def prepare_run(
    base: Graph, records: list[Graph], *, year: int, as_of: date, owned: bool = False
) -> PreparedRun:
    """The data graph: duty list + ontology + records + the run's parameters and aggregates,
    with an Oxigraph copy for the SHACL-SPARQL constraints.

    ``owned``: the caller hands the record graphs over (it read them for this run only), so
    the first becomes the data graph instead of being copied: a 130,000-row file no longer
    holds its records twice in memory. The ontology and list slice (``base``) is always
    copied in; it is small and callers keep it."""
    if owned and records:
        data = records[0]
        rest = records[1:]
    else:
        data, rest = Graph(), records
    data += base
    for batch in rest:
        data += batch
    classify_records(data)
    data.add((RUN, RDF.type, DG.ValidationRun))
    data.add((RUN, DG.year, Literal(year)))
    data.add((RUN, DG.asOf, Literal(as_of.isoformat(), datatype=XSD.date)))
    store = aggregate_store(data)
    return PreparedRun(data, store)


def prepare(base: Graph, records: list[Graph], *, year: int, as_of: date) -> Graph:
    """The data graph alone, for the reference run (pySHACL on rdflib only)."""
    return prepare_run(base, records, year=year, as_of=as_of).graph


def validate_records(
    base: Graph,
    records: list[Graph],
    *,
    year: int,
    as_of: date | None = None,
    owned: bool = False,
) -> ValidationReport:
    """Run the shapes over one year's records; ``base`` is ontology + duty list (asserted).
    ``owned``: the record graphs are the run's to change (see :func:`prepare_run`)."""
    as_of = as_of or date.today()
    run = prepare_run(base, records, year=year, as_of=as_of, owned=owned)
    data = run.graph
    results = run_shapes(data, store=run.store)
    entries = sorted(
        (_entry(data, results, r) for r in results.subjects(RDF.type, SH.ValidationResult)),
        key=lambda e: (
            e.duty or "",
            e.row or 0,
            e.severity,
            e.column or "",
            e.message.get("zh", ""),
            e.requirement or "",
            e.message.get("en", ""),
            e.value or "",
        ),
    )
    violations = any(e.severity == "violation" for e in entries)
    return ValidationReport(
        year, as_of, not violations, entries, _statuses(data, entries, year), results
    )


def run_shapes(data: Graph, *, inference: str = "none", store: object = None) -> Graph:
    """pySHACL with the records shapes over a prepared data graph: the results graph.

    With ``store`` (the run's Oxigraph copy, from :func:`prepare_run`), pySHACL runs twice over
    the same shapes: the SHACL-SPARQL shapes on an Oxigraph view (Oxigraph evaluates their
    queries, 100× faster than rdflib's engine on 20,000 records) and the Core shapes on rdflib
    (triple lookups are cheaper there); the two reports are merged. Without it, one pySHACL run
    on rdflib: the reference the tests compare the split run with, on every shape case.

    SHACL-SPARQL constraints are core SHACL-SPARQL: SHACL-AF ("advanced") is not needed, and
    leaving it off saves a tenth of a second a run; owl:imports are never followed. The tests
    (TopBraid comparison) and the benchmark's peer (``inference="rdfs"``) call this too.
    """
    if store is None:
        return _pyshacl(data, inference=inference)
    sparql, core = _shape_split()
    return _merge(
        _pyshacl(data, inference=inference, use_shapes=core),
        _pyshacl(oxigraph_view(store), inference=inference, use_shapes=sparql),
    )


def _pyshacl(data: Graph, *, inference: str, use_shapes: tuple[str, ...] | None = None) -> Graph:
    _, results, _ = validate(
        data,
        shacl_graph=records_shapes(),
        inference=inference,
        advanced=False,
        allow_warnings=True,
        allow_infos=True,
        do_owl_imports=False,
        use_shapes=list(use_shapes) if use_shapes else None,
    )
    return results


def _merge(first: Graph, second: Graph) -> Graph:
    """One sh:ValidationReport holding both runs' results (conforms when both do), built in
    the larger of the two graphs so only the smaller one is copied."""
    big, small = (first, second) if len(first) >= len(second) else (second, first)
    keep = next(big.subjects(RDF.type, SH.ValidationReport))
    drop = next(small.subjects(RDF.type, SH.ValidationReport))
    conforms = bool(big.value(keep, SH.conforms).toPython()) and bool(
        small.value(drop, SH.conforms).toPython()
    )
    for s, p, o in small:
        if s == drop:
            if p == SH.result:
                big.add((keep, p, o))
        else:
            big.add((s, p, o))
    big.set((keep, SH.conforms, Literal(conforms)))
    return big


def _code(data: Graph, node) -> str | None:
    code = data.value(node, DG.code) if node is not None else None
    return str(code) if code is not None else (str(node) if node is not None else None)


def _entry(data: Graph, results: Graph, result) -> Entry:
    focus = results.value(result, SH.focusNode)
    path = results.value(result, SH.resultPath)
    value = results.value(result, SH.value)
    # pySHACL drops the language tags of SPARQL constraint messages: tell them apart by script
    messages = {
        m.language or ("zh" if _CJK.search(str(m)) else "en"): str(m)
        for m in results.objects(result, SH.resultMessage)
    }
    entry = Entry(
        SEVERITY.get(results.value(result, SH.resultSeverity), "violation"),
        None,
        messages,
        value=None if value is None else str(value),
    )
    # the record concerned: the focus itself, or the sh:value of a run- or requirement-level check
    record = next(
        (
            n
            for n in (focus, value)
            if isinstance(n, URIRef) and (n, RDF.type, DG.FulfilmentRecord) in data
        ),
        None,
    )
    if (focus, RDF.type, DG.ValidationRun) not in data and record != focus:
        duty = data.value(predicate=DG.hasRequirement, object=focus)
        entry.duty, entry.requirement = _code(data, duty), str(focus)
        text = data.value(focus, DG.requirementText)
        entry.requirement_text = str(text) if text is not None else None
    if record is not None:
        duty = data.value(record, DG.fulfils)
        if entry.duty is None and duty is not None:
            entry.duty = (
                _code(data, duty)
                if (duty, DG.code, None) in data
                else (str(duty).rsplit("/", 1)[-1])
            )
        row = data.value(record, DG.sourceRow)
        entry.row = int(row) if row is not None else None
        batch = data.value(record, DCTERMS.source)
        entry.file = str(data.value(batch, RDFS.label) or batch) if batch is not None else None
        entry.column = COLUMNS.get(path, "date" if record != focus and path is None else None)
        if record == value:
            entry.value = None
    return entry


def _statuses(data: Graph, entries: list[Entry], year: int) -> list[DutyStatus]:
    statuses = []
    for duty in sorted(set(data.subjects(DG.hasRequirement, None)), key=str):
        code = _code(data, duty) or str(duty)
        requirements = sorted(data.objects(duty, DG.hasRequirement), key=str)
        details = [_requirement_status(data, duty, r, year) for r in requirements]
        # achieved: the records counted for any requirement, duplicates (same date, activity
        # and role) once; a record outside the judged window is never in it
        counted = {row for d in details for row in d.counted}
        keys = {_record_key(data, r) for r in _records(data, duty) if _row(data, r) in counted}
        mine = [e for e in entries if e.duty == code]
        status = (
            "violated"
            if any(e.severity == "violation" for e in mine)
            else "pending"
            if any(e.severity == "pending" for e in mine)
            else "met"
        )
        texts = sorted(d.text for d in details)
        statuses.append(DutyStatus(code, texts, len(keys), status, details))
    return statuses


def _records(data: Graph, duty) -> list:
    return [
        r for r in data.subjects(DG.fulfils, duty) if (r, RDF.type, DG.FulfilmentRecord) in data
    ]


def _row(data: Graph, record) -> int:
    row = data.value(record, DG.sourceRow)
    return int(row) if row is not None else 0


def _record_key(data: Graph, record) -> tuple[str, str, str]:
    return (
        str(data.value(record, DG.date)),
        str(data.value(record, DG.description)),
        str(data.value(record, DG.responsibleRole)),
    )


def _words_for(data: Graph, record, kind) -> list[str]:
    """The words of the record's text that gave it ``kind``; ["活动类型列"] when the kind
    column said so (no words were matched)."""
    if (record, DG.matchedText, None) not in data:
        return ["活动类型列"]
    words = set()
    for text in data.objects(record, DG.description):
        words.update(kinds_in(str(text)).get(kind, []))
    return sorted(words)


def _addressee_words(data: Graph, record, addressees: set) -> list[str]:
    """The words of the record's text that sent it to one of ``addressees`` (区政府, 镇党委)."""
    words: set[str] = set()
    for text in data.objects(record, DG.description):
        for addressee, named in record_addressees(str(text)).items():
            if addressee in addressees:
                words.update(named)
    return sorted(words)


def _requirement_status(data: Graph, duty, requirement, year: int) -> RequirementStatus:
    """The records a requirement counts, as the run decided them (dg:countedFor, written by
    queries/validation/counted-records.rq): the report lists what the shapes counted."""
    kind = data.value(requirement, DG.activityKind)
    to = set(data.objects(requirement, DG.addressee))
    counted, matched, repeats = [], {}, {}
    for record in data.subjects(DG.countedFor, requirement):
        row = _row(data, record)
        counted.append(row)
        first = data.value(record, DG.duplicateOfRow)
        if first is not None:
            repeats[row] = int(first)
        if kind is not None and (record, DG.activityKind, None) in data:
            matched[row] = _words_for(data, record, kind)
        if to:  # and the words that sent it to this requirement's addressee
            sent = _addressee_words(data, record, to)
            if sent:
                matched[row] = [*matched.get(row, []), *sent]
    text = data.value(requirement, DG.requirementText)
    return RequirementStatus(
        str(text) if text is not None else str(requirement),
        str(kind).rsplit("#", 1)[-1] if kind is not None else None,
        sorted(counted),
        matched,
        repeats,
    )
