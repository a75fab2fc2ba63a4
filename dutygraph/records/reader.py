"""Read fulfilment records (履职记录) from a spreadsheet, or from RDF, into the records model.

Formats, by file suffix: ``.csv`` (UTF-8, UTF-8 with BOM or GB18030), ``.xlsx`` (the sheet named
"records", else the first sheet), and for machine users ``.ttl`` and ``.jsonld`` already written
in the model. Columns: duty, date, activity, role, evidence, and optionally note and count (or
职责, 日期, 活动, 角色, 证据, 备注, 人数). Rows whose first cell starts with # are comments.

Why nothing is dropped: every data row becomes one dg:FulfilmentRecord named after its row in
the spreadsheet, even when a value cannot be interpreted. The raw value is kept where the SHACL
shapes reject it (recordcells.py), so the validation report names the row and the column. Only a
file that cannot be taken apart is fatal: too big, undecodable, not a workbook, RDF that does not
parse, a missing, unknown or repeated column, a value outside the named columns, or no records.

RDF uploads are taken as given, parsed so that they cannot fetch or read anything
(recordrdf.py); spreadsheets are taken apart into numbered rows by recordsheets.py.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path, PurePath
from urllib.parse import quote

from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, XSD

from ..codes import DEFAULT_SLUG
from ..errors import DutyGraphError, Location
from ..importer.decoding import decode_bytes
from ..namespace import AGENT, BASE, DG, DOC
from ..rdfterms import bind_prefixes
from .cells import count_term, date_term, duty_term, role_term, text_term
from .kinds import kind_from_cell, record_addressees
from .rdfupload import UPLOAD_BASE, parse_upload
from .sheets import Row, cell_text, csv_rows, is_comment, xlsx_rows

__all__ = [
    "COLUMNS",
    "DEFAULT_SLUG",
    "MAX_BYTES",
    "TEMPLATE_COLUMNS",
    "UPLOAD_BASE",
    "RecordBatch",
    "RowProblem",
    "batch_id",
    "read_records",
    "read_records_bytes",
]

RECORD = Namespace(BASE + "record/")
MAX_BYTES = 10 * 1024 * 1024

REQUIRED = ("duty", "date", "activity", "role", "evidence")
TEMPLATE_COLUMNS = (*REQUIRED, "note", "count")
"""The template's columns; ``kind`` and ``addressee`` are optional columns a clerk may add."""
COLUMNS = (*TEMPLATE_COLUMNS, "kind", "addressee")
CHINESE_COLUMNS = {
    # the template's headers first, then the words clerks put in their own sheets
    "职责编码": "duty",
    "日期": "date",
    "开展的活动": "activity",
    "责任人角色": "role",
    "证据": "evidence",
    "备注": "note",
    "人数": "count",
    "活动类型": "kind",
    "报送对象": "addressee",
    "职责": "duty",
    "职责编号": "duty",
    "时间": "date",
    "开展时间": "date",
    "活动": "activity",
    "活动内容": "activity",
    "履职活动": "activity",
    "工作内容": "activity",
    "角色": "role",
    "责任角色": "role",
    "证据材料": "evidence",
    "佐证材料": "evidence",
    "参加人数": "count",
    "说明": "note",
    "报告对象": "addressee",
}
FORMATS = {".csv": "csv", ".xlsx": "xlsx", ".ttl": "ttl", ".jsonld": "jsonld"}
_ALIASES = {"turtle": "ttl", "json-ld": "jsonld"}


@dataclass(frozen=True)
class RowProblem:
    """A value the reader could not interpret but kept; the record shapes report it too."""

    file: str
    row: int
    column: str
    message: str
    en: str = ""
    """The English wording (--lang en, ?lang=en); the Chinese when none was given."""

    def describe(self, lang: str = "zh") -> str:
        """The place and the message in the reader's language."""
        where = Location(file=self.file, row=self.row, column=self.column or None)
        text = self.en if lang == "en" and self.en else self.message
        return f"{where.describe(lang)}: {text}"

    def __str__(self) -> str:
        where = Location(file=self.file, row=self.row, column=self.column or None)
        return f"{where}: {self.message}"


@dataclass
class RecordBatch:
    """The records of one file as RDF, how many there are, the batch IRI and the reader's notes."""

    graph: Graph
    rows: int
    batch: URIRef
    problems: list[RowProblem] = field(default_factory=list)
    notices: list[RowProblem] = field(default_factory=list)
    """What the reader skipped on purpose (a title row above the header, a column it does not
    use), each with its place: nothing is left out without saying so."""


def read_records(
    path: Path,
    *,
    document_slug: str = DEFAULT_SLUG,
    entered_by: str | None = None,
    now: datetime | None = None,
) -> RecordBatch:
    """Read one records file; the format comes from its suffix."""
    name = str(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        hint = "; save it as .xlsx" if path.suffix.lower() == ".xls" else ""
        raise DutyGraphError(
            f"不支持的文件类型“{path.suffix}”，请用 .csv、.xlsx、.ttl 或 .jsonld "
            f"(unsupported file type {path.suffix!r}: use .csv, .xlsx, .ttl or .jsonld{hint})",
            Location(file=name),
        )
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise _too_big(size, name)
        data = path.read_bytes()
    except OSError as exc:
        raise DutyGraphError(
            f"无法读取文件 (cannot read file: {exc.strerror})", Location(file=name)
        ) from exc
    return read_records_bytes(
        data, name=name, fmt=fmt, document_slug=document_slug, entered_by=entered_by, now=now
    )


def read_records_bytes(
    data: bytes,
    *,
    name: str,
    fmt: str,
    document_slug: str = DEFAULT_SLUG,
    entered_by: str | None = None,
    now: datetime | None = None,
) -> RecordBatch:
    """Read records from bytes (an upload); fmt is csv, xlsx, ttl or jsonld."""
    kind = fmt.lower().lstrip(".")
    kind = _ALIASES.get(kind, kind)
    if kind not in FORMATS.values():
        raise DutyGraphError(
            f"不支持的格式“{fmt}”，请用 csv、xlsx、ttl 或 jsonld "
            f"(unsupported format {fmt!r}: use csv, xlsx, ttl or jsonld)",
            Location(file=name),
        )
    if len(data) > MAX_BYTES:
        raise _too_big(len(data), name)
    if not data.strip():
        raise DutyGraphError(
            "没有记录：文件是空的 (no records: the file is empty)", Location(file=name)
        )
    if kind in ("ttl", "jsonld"):
        return _read_rdf(data, name, kind)
    batch = RECORD[batch_id(name)]
    table = _Table(bind_prefixes(Graph()), batch, name, document_slug)
    rows = table.read(csv_rows(data, name) if kind == "csv" else xlsx_rows(data, name))
    _describe_batch(table.graph, batch, data, PurePath(name).name, now, entered_by)
    # the list the rows' codes were read against: how a store finds a township's records,
    # including rows whose code that list lacks
    table.graph.add((batch, DCTERMS.subject, DOC[document_slug]))
    return RecordBatch(table.graph, rows, batch, table.problems, table.notices)


def batch_id(name: str) -> str:
    """The batch's IRI segment: the file name's stem, or a hash of it when it is not ASCII."""
    stem = PurePath(name).stem
    if stem and stem.isascii():
        return re.sub(r"[^a-z0-9-]", "-", stem.lower())
    return hashlib.sha256(stem.encode("utf-8")).hexdigest()[:12]


def _too_big(size: int, name: str) -> DutyGraphError:
    return DutyGraphError(
        f"文件 {size / 1024 / 1024:.1f} MB，超过 {MAX_BYTES // 1024 // 1024} MB 的上限，"
        "请拆成几个文件 "
        f"(file is {size / 1024 / 1024:.1f} MB, over the limit of {MAX_BYTES // 1024 // 1024} MB;"
        " split it into several files)",
        Location(file=name),
    )


# --- spreadsheets ---------------------------------------------------------------------------


class _Table:
    """Spreadsheet rows to records: the first row that is neither blank nor a comment is the
    header, every later one is a record named after its row number."""

    def __init__(self, graph: Graph, batch: URIRef, name: str, slug: str) -> None:
        self.graph, self.batch, self.name = graph, batch, name
        self.problems: list[RowProblem] = []
        self.notices: list[RowProblem] = []
        self.ignored: dict[int, str] = {}
        self.cells = (
            ("duty", DG.fulfils, partial(duty_term, slug=slug)),
            ("date", DG.date, date_term),
            ("activity", DG.description, text_term),
            ("role", DG.responsibleRole, role_term),
            ("note", RDFS.comment, text_term),
            ("count", DG.count, count_term),
        )

    def read(self, rows: Iterable[Row]) -> int:
        columns: dict[str, int] | None = None
        count = 0
        for number, line, values in rows:
            texts = [cell_text(v) for v in values]
            if not any(texts) or is_comment(values, texts):
                continue
            where = Location(file=self.name, line=line, row=number)
            if columns is None and _is_title(texts):
                # a merged title above the header (2023年度履职记录台账): skipped, and said
                title = " ".join(x for x in texts if x)
                self.notices.append(
                    RowProblem(
                        self.name,
                        number,
                        "",
                        f"已跳过表头上方的标题行“{title[:40]}”",
                        f"skipped the title row above the header: '{title[:40]}'",
                    )
                )
                continue
            if columns is None:
                columns, ignored = _columns(texts, where)
                self.ignored = ignored
                for index, label in ignored.items():
                    name = f"“{label}”" if label else "（无表头）"
                    name_en = f" '{label}'" if label else " (no header)"
                    self.notices.append(
                        RowProblem(
                            self.name,
                            number,
                            str(index + 1),
                            f"已忽略第 {index + 1} 列{name}：不是记录所用的列",
                            f"ignored column {index + 1}{name_en}: not a column records use",
                        )
                    )
            else:
                self._record(number, _values(texts, columns, self.ignored, where))
                count += 1
        if columns is None:
            raise DutyGraphError(
                "没有记录：文件既无表头也无数据行 (no records: the file has no header and no rows)",
                Location(file=self.name),
            )
        if count == 0:
            raise DutyGraphError(
                "没有记录：只有表头（首格以 # 开头的行是注释） "
                "(no records: only a header; rows whose first cell starts with # are comments)",
                Location(file=self.name),
            )
        return count

    def _record(self, number: int, values: dict[str, str]) -> None:
        record = URIRef(f"{self.batch}/row-{number}")
        self.graph.add((record, RDF.type, DG.FulfilmentRecord))
        self.graph.add((record, DG.sourceRow, Literal(number)))
        self.graph.add((record, DCTERMS.source, self.batch))
        for column, predicate, interpret in self.cells:
            raw = values.get(column, "")
            if not raw:
                continue
            term, note = interpret(raw)
            self.graph.add((record, predicate, term))
            if note:
                self.problems.append(RowProblem(self.name, number, column, *note))
        if values.get("kind"):
            kinds = kind_from_cell(values["kind"])
            if kinds is None:
                self.problems.append(
                    RowProblem(
                        self.name,
                        number,
                        "kind",
                        f"活动类型“{values['kind']}”无法识别（可填：会议、讲座、报告、公开、宣传），"
                        "已改按活动内容判断",
                        f"the kind '{values['kind']}' is not known (meeting, lecture, report, "
                        "publication, campaign); the activity text decides instead",
                    )
                )
            else:
                for kind in kinds:
                    self.graph.add((record, DG.activityKind, kind))
        if values.get("addressee"):  # 报送对象 (区政府、依法治区办): not read from the text
            sent = record_addressees(values["addressee"], cell=True)
            if not sent:
                self.problems.append(
                    RowProblem(
                        self.name,
                        number,
                        "addressee",
                        f"报送对象“{values['addressee']}”无法识别（可填：镇党委、镇人大、区政府、"
                        "依法治区办），已改按活动内容判断",
                        f"the addressee '{values['addressee']}' is not known (write the township "
                        "Party committee or congress, the district government or its rule-of-law "
                        "office, in Chinese); the activity text decides instead",
                    )
                )
            for addressee in sent:
                self.graph.add((record, DG.addressedTo, addressee))
        if values["evidence"]:
            evidence = URIRef(f"{record}/evidence")
            self.graph.add((record, DG.hasEvidence, evidence))
            self.graph.add((evidence, RDF.type, DG.Evidence))
            self.graph.add((evidence, DG.reference, Literal(values["evidence"])))


_NOTE_IN_HEADER = re.compile(r"[（(][^）)]*[）)]|[*＊\s]")
_LABELLED_CELL = re.compile(r"^[^：:]{1,12}[：:]")


def column_key(label: str) -> str:
    """A header as the reader knows it: 日期（年月日）, 日期(必填), ＊日期 and 日 期 are 日期."""
    bare = _NOTE_IN_HEADER.sub("", label) or label
    return CHINESE_COLUMNS.get(label) or CHINESE_COLUMNS.get(bare) or bare.lower()


def _is_title(texts: list[str]) -> bool:
    """A row above the header that names no record column: a sheet's title (at most two cells
    filled, as a merged title is) or a subtitle of labelled cells (填报单位：…, 填报日期：…).
    A header with typos still names some columns, and gets the header's error."""
    filled = [x for x in texts if x]
    known = [x for x in filled if column_key(x) in COLUMNS]
    separated = any(re.search(r"[;\t|]", x) for x in filled)  # a header split wrongly
    labelled = all(_LABELLED_CELL.match(x) for x in filled)
    return not known and not separated and (len(filled) <= 2 or labelled)


def _columns(texts: list[str], where: Location) -> tuple[dict[str, int], dict[int, str]]:
    """Column positions by canonical name, and the columns to ignore (序号, 备注2, a blank
    header) by position. A missing or repeated column is fatal; an unknown one is fatal only
    when a required column is missing too (then it is most likely the misspelt one)."""
    columns: dict[str, int] = {}
    unknown: list[str] = []
    ignored: dict[int, str] = {}
    for index, label in enumerate(texts):
        if not label:
            ignored[index] = ""
            continue
        key = column_key(label)
        if key not in COLUMNS:
            unknown.append(label)
            ignored[index] = label
        elif key in columns:
            raise DutyGraphError(
                f"“{key}”列出现了两次（第 {columns[key] + 1} 列和第 {index + 1} 列） "
                f"(column {key!r} appears twice)",
                replace(where, column=index + 1),
            )
        else:
            columns[key] = index
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise DutyGraphError(_header_message(unknown, missing, texts), where)
    last = max(columns.values())
    return columns, {i: label for i, label in ignored.items() if label or i < last}


_ZH_NAMES = {key: zh for zh, key in reversed(list(CHINESE_COLUMNS.items()))}
"""Each column key's first Chinese header (the template's), for messages."""


def _header_message(unknown: list[str], missing: list[str], texts: list[str]) -> str:
    parts = []
    for label in unknown:
        close = difflib.get_close_matches(label.lower(), COLUMNS, n=1)
        parts.append(
            f"无法识别的列“{label}” (unknown column {label!r})"
            + (f"，是否应为“{close[0]}” (did you mean {close[0]!r}?)" if close else "")
        )
    if missing:
        parts.append(
            f"缺少必需的列 {'、'.join(_ZH_NAMES[m] for m in missing)} "
            f"(missing required column{'s' if len(missing) > 1 else ''} {', '.join(missing)})"
        )
    found = [t for t in texts if t]
    parts.append(f"表头中的列 (found columns: {', '.join(found)})")
    if len(found) == 1 and re.search(r"[;\t|]", found[0]):
        parts.append("文件是否用分号或制表符而不是逗号分隔？ (separated by ';' or tabs?)")
    parts.append(
        f"应有 {'、'.join(_ZH_NAMES[c] for c in REQUIRED)}，可选 备注、人数、活动类型 "
        f"(expected {', '.join(REQUIRED)} and optionally note, count; "
        f"also read: {', '.join(CHINESE_COLUMNS)})"
    )
    return "；".join(parts)


def _values(
    texts: list[str], columns: dict[str, int], ignored: dict[int, str], where: Location
) -> dict[str, str]:
    named = set(columns.values()) | {i for i, label in ignored.items() if label}
    for index, text in enumerate(texts):
        if text and index not in named:
            raise DutyGraphError(
                f"值“{text[:40]}”所在的列没有表头，请补上表头或移动该值 "
                f"(value {text[:40]!r} is in a column without a header)",
                replace(where, column=index + 1),
            )
    return {key: texts[index] if index < len(texts) else "" for key, index in columns.items()}


def _describe_batch(
    graph: Graph,
    batch: URIRef,
    data: bytes,
    label: str,
    now: datetime | None,
    entered_by: str | None,
) -> None:
    graph.add((batch, RDF.type, PROV.Entity))
    graph.add((batch, RDFS.label, Literal(label)))
    graph.add((batch, DG.sha256, Literal(hashlib.sha256(data).hexdigest())))
    moment = now or datetime.now(UTC)
    graph.add((batch, PROV.generatedAtTime, Literal(moment, datatype=XSD.dateTime)))
    if entered_by and entered_by.strip():
        agent = AGENT[quote(entered_by.strip(), safe="")]
        graph.add((batch, PROV.wasAttributedTo, agent))
        graph.add((agent, RDF.type, PROV.Agent))
        graph.add((agent, RDFS.label, Literal(entered_by.strip())))


# --- RDF uploads ----------------------------------------------------------------------------


def _read_rdf(data: bytes, name: str, kind: str) -> RecordBatch:
    """Records already in the model, taken as given; the batch is the one they name."""
    text, encoding = decode_bytes(data, name=name)
    if encoding == "gb18030":
        raise DutyGraphError(
            f"{kind} 文件须为 UTF-8 编码 ({kind} must be UTF-8; this file is not)",
            Location(file=name),
        )
    graph = parse_upload(text, kind, name)
    records = set(graph.subjects(RDF.type, DG.FulfilmentRecord))
    if not records:
        raise DutyGraphError(
            "没有记录：文件中没有 dg:FulfilmentRecord (no records)", Location(file=name)
        )
    sources = {s for record in records for s in graph.objects(record, DCTERMS.source)}
    named = [s for s in sources if isinstance(s, URIRef)]
    batch = named[0] if len(sources) == 1 and named else RECORD[batch_id(name)]
    return RecordBatch(graph, len(records), batch, [])
