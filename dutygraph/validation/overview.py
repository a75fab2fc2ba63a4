"""The year's overview: a township × duty matrix of statuses, computed from whole-store scans
(one predicate each, joined in Python) instead of one pySHACL run per township.

Why not the shapes: pySHACL takes about half a second per township-year (bench/results/
scale.md), so 1,000 townships take minutes; the overview is asked for first and must answer in
seconds. The counting rule is the shapes' (queries/validation/counted.rq, shapes/records.ttl):
records of the duty in its counting year (the year plus the requirement's offset; a fixed-date
campaign in its month), of the requirement's kind or of none, sent to an addressee the
requirement names or to none, a duplicate once; short after the
counting year (month, deadline) is over is a violation, before it pending. A record of the duty
in the year window without evidence or by a role that is neither bearer nor delegate makes the
cell violated, as the record shapes do. A cell whose duty has no record in the window and is
not pending is "no record" (无记录), which an office reads apart from "filed but short".
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from rdflib import Literal, URIRef

from ..store.engine import QueryEngine

STATUSES = ("met", "pending", "violated", "no_record")

# One pattern per query, joined here in Python. Why: on the on-disk store (RocksDB) every
# pattern joined in a query is a random index lookup per row, and the two joined queries this
# replaced took 3.2 s and 2.0 s at 1,000 towns; a pattern with only its predicate bound is one
# ordered range scan (bench/bench_overview.py keeps the joined form as its peer). The rows
# built below are the joined queries' rows, so the fold that follows is theirs.
_P = "PREFIX dg: <https://w3id.org/dutygraph/ontology#>\n"
_TOWNSHIPS = _P + "SELECT ?d WHERE { ?d a dg:DutyList ; dg:level dg:township }"
# the duties with requirements, their list, code, requirements and bearers in one pass (the
# three joins it replaced read every duty three times: 0.74 s against 0.56 s at 1,000 towns)
_DUTY_TABLE = _P + (
    "SELECT ?duty ?document ?code ?req ?bearer WHERE { ?duty dg:hasRequirement ?req ; "
    "dg:inDocument ?document ; dg:code ?code . OPTIONAL { ?duty dg:bearer ?bearer } }"
)
_PAIRS = _P + "SELECT ?s ?o WHERE {{ ?s {p} ?o }}"
_TYPED = _P + "SELECT ?s WHERE {{ ?s a {c} }}"
_REQ_TYPES = ("MinimumCountRequirement", "DeadlineRequirement", "FixedDateRequirement")
_REQ_FIELDS = ("minimumCount", "deadline", "fixedDate", "deadlineYearOffset", "activityKind")
_RECORD_FIELDS = (
    "date",
    "description",
    "responsibleRole",
    "sourceRow",
    "activityKind",
    "hasEvidence",
)
_KINDS = _RECORD_FIELDS.index("activityKind")  # a record may have several: all are read


_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {_XSD + t for t in ("integer", "nonNegativeInteger", "positiveInteger", "int", "long")}


def _plain_ox(term):
    """An Oxigraph term as the plain value the fold reads: an IRI's string, an integer, a
    date (an ill-typed one stays its text, as rdflib leaves it), else the lexical form."""
    if term is None:
        return None
    value = term.value
    datatype = getattr(term, "datatype", None)
    if datatype is None:
        return value  # an IRI or a blank node
    kind = datatype.value
    try:
        if kind in _INTEGERS:
            return int(value)
        if kind == _XSD + "date":
            return date.fromisoformat(value)
        if kind == _XSD + "dateTime":
            return datetime.fromisoformat(value)
    except ValueError:
        return value
    return value


def _plain_rdflib(term):
    """An rdflib term as the same plain value (the rdflib engine, a remote server)."""
    if term is None or isinstance(term, URIRef):
        return None if term is None else str(term)
    if isinstance(term, Literal):
        value = term.toPython()
        return value if isinstance(value, int | date) and not isinstance(value, bool) else str(term)
    return str(term)


def _rows(engine: QueryEngine, text: str) -> list[tuple]:
    """A SELECT's rows as plain values, read as Oxigraph's own terms where the engine can."""
    raw = getattr(engine, "oxigraph_rows", lambda _: None)(text)
    if raw is not None:
        memo: dict = {}  # the same role, kind, date and duty come back thousands of times
        out = []
        for row in raw:
            values = []
            for term in row:
                plain = memo.get(term, memo)
                if plain is memo:
                    plain = memo[term] = _plain_ox(term)
                values.append(plain)
            out.append(tuple(values))
        return out
    return [tuple(_plain_rdflib(t) for t in row) for row in engine.query(text).rows]


def _pairs(engine: QueryEngine, predicate: str, seen: dict | None = None) -> dict[str, list]:
    """Subject → its values of one dg: predicate (first seen first); ``seen`` keeps scans
    already made (activityKind serves requirements and records)."""
    if seen is not None and predicate in seen:
        return seen[predicate]
    out: dict[str, list] = {}
    for s, o in _rows(engine, _PAIRS.format(p=f"dg:{predicate}")):
        out.setdefault(s, []).append(o)
    if seen is not None:
        seen[predicate] = out
    return out


def _typed(engine: QueryEngine, cls: str) -> set[str]:
    return {r[0] for r in _rows(engine, _TYPED.format(c=f"dg:{cls}"))}


def _first(values: dict[str, list], key: str):
    found = values.get(key)
    return found[0] if found else None


def _requirement_rows(engine: QueryEngine, table: list[tuple], seen: dict) -> list[tuple]:
    """Rows (document, duty, code, req, type, min, deadline, fixed, offset, kind) of every
    township list's measurable requirements, as plain values."""
    townships = {r[0] for r in _rows(engine, _TOWNSHIPS)}
    duties: dict[tuple, None] = {}
    reqs: dict[str, dict] = {}
    for duty, document, code, req, _ in table:
        if document in townships:
            duties[(duty, document, code)] = None
            reqs.setdefault(duty, {})[req] = None
    types = {t: _typed(engine, t) for t in _REQ_TYPES}
    fields = [_pairs(engine, f, seen) for f in _REQ_FIELDS]
    addressees = _pairs(engine, "addressee")
    rows = []
    for duty, document, code in duties:
        for req in reqs.get(duty, []):
            for name, members in types.items():
                if req in members:
                    values = [_first(f, req) for f in fields]
                    to = frozenset(addressees.get(req, ()))
                    rows.append((document, duty, code, req, name, *values, to))
    return rows


def _record_rows(
    engine: QueryEngine, duties: set[str], table: list[tuple], seen: dict
) -> list[tuple]:
    """Rows (duty, record, date, desc, role, row, kinds, evidence, bearer, delegate, anyBearer,
    addressees) of every record of ``duties``: the role columns say whether the role is a
    bearer or a delegate of the duty, and whether the duty names a bearer at all. Kinds and
    addressees are sets: "报告…并在政府网站公开" is a report and a publication."""
    records = _typed(engine, "FulfilmentRecord")
    fields = [_pairs(engine, f, seen) for f in _RECORD_FIELDS]
    sent = _pairs(engine, "addressedTo")
    roles: dict[str, dict[str, set]] = {"dg:bearer": {}}
    for duty, _, _, _, role in table:
        found = roles["dg:bearer"].setdefault(duty, set())
        if role is not None:
            found.add(role)
    # few duties name a delegate: a plain scan, not a join per duty
    roles["dg:delegateRole"] = {k: set(v) for k, v in _pairs(engine, "delegateRole").items()}
    rows = []
    for record, targets in _pairs(engine, "fulfils", seen).items():
        if record not in records:
            continue
        values = [_first(f, record) for f in fields]
        values[_KINDS] = frozenset(fields[_KINDS].get(record, ()))  # every activity kind
        role = values[2]
        for duty in targets:
            if duty not in duties:
                continue
            bearers = roles["dg:bearer"].get(duty, set())
            delegates = roles["dg:delegateRole"].get(duty, set())
            rows.append(
                (
                    duty,
                    record,
                    *values,
                    role if role in bearers else None,
                    role if role in delegates else None,
                    next(iter(bearers), None),
                    frozenset(sent.get(record, ())),
                )
            )
    return rows


@dataclass
class Cell:
    """One township's status on one duty, with the records counted and the rows that failed."""

    status: str = "no_record"
    records: int = 0
    failing_rows: list[int] = field(default_factory=list)


@dataclass
class Overview:
    """The matrix (document → code → cell) and its counts per row and column."""

    year: int
    as_of: date
    cells: dict[str, dict[str, Cell]]
    document: URIRef | None = None
    """The one list asked for; None for every township list."""
    scans: dict = field(default_factory=dict, repr=False)
    """The predicate scans made (records_per_month reads them again instead of the store)."""

    def row_counts(self, document: str) -> Counter:
        return Counter(c.status for c in self.cells[document].values())

    def column_counts(self, code: str) -> Counter:
        return Counter(r[code].status for r in self.cells.values() if code in r)


def compute_overview(
    engine: QueryEngine, year: int, *, as_of: date | None = None, document: URIRef | None = None
) -> Overview:
    """The matrix for every township list in the store (or only ``document``)."""
    as_of = as_of or date.today()
    reqs: dict[str, list[dict]] = {}
    where: dict[str, tuple[str, str]] = {}
    seen: dict = {}
    table = _rows(engine, _DUTY_TABLE)
    for row in _requirement_rows(engine, table, seen):
        doc, duty = str(row[0]), str(row[1])
        if document is not None and doc != str(document):
            continue
        where[duty] = (doc, str(row[2]))
        names = ("type", "min", "deadline", "fixed", "offset", "kind", "to")
        reqs.setdefault(duty, []).append(dict(zip(names, row[4:], strict=True)))
    folded: dict[str, list] = {}
    for row in _record_rows(engine, set(where), table, seen):
        ok = row[8] is not None or row[9] is not None or row[10] is None
        first = folded.get(str(row[1]))
        if first is None:  # duty record date desc role row kinds evidence role-ok addressees
            evidence = "true" if row[7] is not None else "false"
            folded[str(row[1])] = [*row[:7], evidence, ok, row[11]]
        else:
            first[8] = first[8] or ok
    records: dict[str, list] = {}
    for row in folded.values():
        row[8] = "true" if row[4] is not None and row[8] else "false"
        records.setdefault(str(row[0]), []).append(row)
    cells: dict[str, dict[str, Cell]] = {}
    for duty, (doc, code) in where.items():
        cells.setdefault(doc, {})[code] = _cell(reqs[duty], records.get(duty, []), year, as_of)
    return Overview(year, as_of, cells, document, seen)


def records_per_month(engine: QueryEngine, overview: Overview) -> Counter:
    """Records per month of the overview's year, of every duty of the township lists (or of
    its one list), from the scans the matrix already made (``Overview.scans``).

    Why not a query of its own: at 1,000 towns the GROUP BY over every record's duty and date
    took 1.4 s, the page's whole margin over the matrix. Why not inside the matrix: it needs
    every duty's list (a scan of dg:inDocument, half a second at 1,000 towns), which the
    matrix does not, and the matrix is what the year's files and the bench ask for first."""
    year, document, seen = overview.year, overview.document, overview.scans
    lists = {str(document)} if document is not None else {r[0] for r in _rows(engine, _TOWNSHIPS)}
    of_list = {
        duty for duty, docs in _pairs(engine, "inDocument").items() if lists.intersection(docs)
    }
    dates = _pairs(engine, "date", seen)
    counts: Counter = Counter()
    for record, duties in _pairs(engine, "fulfils", seen).items():
        if of_list.intersection(duties):
            days = dates.get(record, ())
            counts.update({d.month for d in days if isinstance(d, date) and d.year == year})
    return counts


def _day(value) -> date | None:
    return value if isinstance(value, date) else None


def _cell(reqs: list[dict], rows: list, year: int, as_of: date) -> Cell:
    window = {year + int(r["offset"] or 0) for r in reqs} | {year}
    dated = [(r, _day(r[2]) if r[2] is not None else None) for r in rows]
    inside = [(r, d) for r, d in dated if d is None or d.year in window]
    cell = Cell(records=len({(d, str(r[3]), str(r[4])) for r, d in inside if d is not None}))
    failing = {
        int(r[5])
        for r, d in inside
        if d is None or str(r[7]) != "true" or str(r[8]) != "true"
        if r[5] is not None
    }
    verdicts = [_requirement(q, dated, year, as_of) for q in reqs]
    if failing or "violated" in verdicts:
        cell.status = "violated"
    elif "pending" in verdicts:
        cell.status = "pending"
    else:
        cell.status = "met"
    if cell.records == 0 and cell.status != "pending":
        cell.status = "no_record"
    cell.failing_rows = sorted(failing)
    return cell


def _requirement(q: dict, dated: list, year: int, as_of: date) -> str:
    count_year = year + int(q["offset"] or 0)
    kind = q["kind"]
    fixed = str(q["fixed"]) if q["fixed"] is not None else None
    keys = set()
    for r, d in dated:
        if d is None or d.year != count_year:
            continue
        if fixed and d.month != int(fixed[2:4]):
            continue
        if kind is not None and r[6] and kind not in r[6]:
            continue
        if q["to"] and r[9] and not q["to"] & r[9]:  # the same rule as counted-records.rq
            continue
        keys.add((d, str(r[3]), str(r[4])))
    n = len(keys)
    if "MinimumCount" in str(q["type"]):
        if n >= int(q["min"] or 1):
            return "met"
        return "violated" if as_of > date(count_year, 12, 31) else "pending"
    if "FixedDate" in str(q["type"]):
        if n:
            return "met"
        month = int(fixed[2:4])
        over = as_of > (date(year, month + 1, 1) if month < 12 else date(year, 12, 31))
        return "violated" if over else "pending"
    md = str(q["deadline"])
    due = date(count_year, int(md[2:4]), int(md[5:7]))
    on_time = {k for k in keys if k[0] < due}
    if on_time:
        return "met"
    if n:
        return "violated"  # only late reports
    return "violated" if as_of >= due else "pending"
