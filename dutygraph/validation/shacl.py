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
from ..records.kinds import classify_records
from ..resources import resource_dir

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


@dataclass
class DutyStatus:
    """A duty with requirements: what was required, what was achieved, and the status."""

    duty: str
    requirements: list[str]
    achieved: int
    status: str  # met | violated | pending


@dataclass
class ValidationReport:
    """The outcome of one run; ``results`` is the standard sh:ValidationReport graph."""

    year: int
    as_of: date
    conforms: bool
    entries: list[Entry]
    duties: list[DutyStatus]
    results: Graph = field(repr=False)


@lru_cache(maxsize=1)
def records_shapes() -> Graph:
    """The bundled record and requirement shapes, parsed once per process.

    Once matters: pySHACL writes the shapes' sh:prefixes into each query in set order, so a
    re-parsed shapes graph gives new query texts that miss the parse cache (sparql_cache.py).
    """
    return parse_file(resource_dir("shapes") / "records.ttl")


def prepare(base: Graph, records: list[Graph], *, year: int, as_of: date) -> Graph:
    """The data graph: duty list + ontology + records + the run's parameters."""
    data = Graph()
    data += base
    for batch in records:
        data += batch
    classify_records(data)
    data.add((RUN, RDF.type, DG.ValidationRun))
    data.add((RUN, DG.year, Literal(year)))
    data.add((RUN, DG.asOf, Literal(as_of.isoformat(), datatype=XSD.date)))
    return data


def validate_records(
    base: Graph, records: list[Graph], *, year: int, as_of: date | None = None
) -> ValidationReport:
    """Run the shapes over one year's records; ``base`` is ontology + duty list (asserted)."""
    as_of = as_of or date.today()
    data = prepare(base, records, year=year, as_of=as_of)
    # SHACL-SPARQL constraints are core SHACL-SPARQL: SHACL-AF ("advanced") is not needed,
    # and leaving it off saves a tenth of a second a run.
    _, results, _ = validate(
        data,
        shacl_graph=records_shapes(),
        inference="none",
        advanced=False,
        allow_warnings=True,
        allow_infos=True,
        do_owl_imports=False,
    )
    entries = sorted(
        (_entry(data, results, r) for r in results.subjects(RDF.type, SH.ValidationResult)),
        key=lambda e: (e.duty or "", e.row or 0, e.severity, e.column or "", str(e.message)),
    )
    violations = any(e.severity == "violation" for e in entries)
    return ValidationReport(
        year, as_of, not violations, entries, _statuses(data, entries, year), results
    )


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
        texts = [
            str(data.value(r, DG.requirementText)) for r in data.objects(duty, DG.hasRequirement)
        ]
        # achieved: records of this duty with a real date, in the files given for the year
        # (a report on the year is filed early the next year, so the year is not filtered here)
        achieved = len(
            {
                (str(d), str(data.value(r, DG.description)))
                for r in data.subjects(DG.fulfils, duty)
                for d in data.objects(r, DG.date)
                if isinstance(d, Literal) and d.datatype == XSD.date
            }
        )
        mine = [e for e in entries if e.duty == code and e.requirement]
        status = (
            "violated"
            if any(e.severity == "violation" for e in mine)
            else "pending"
            if mine
            else "met"
        )
        statuses.append(DutyStatus(code, sorted(texts), achieved, status))
    return statuses
