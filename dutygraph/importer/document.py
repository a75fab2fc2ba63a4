"""Import a duty-list document into RDF: the one entry point behind ``dutygraph import``.

Why this shape: parsing (listparser), classification (classify), requirement extraction
(requirements) and carry-over detection (carryover) are plain functions; this module only
orchestrates them and writes triples, so each part is testable on its own. The graph records
where every item came from (RFC 5147 ``#line=`` fragments of the source file) and how it was
made (PROV-O), and is deterministic for a given input and ``generated_at``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import quote

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from .. import __version__
from ..errors import Location
from ..namespace import AGENT, DG, DOC, GRAPH, SOURCE, TIME
from ..rdfterms import ACTIVITY_TERMS, ADDRESSEE_TERMS, KIND_CLASS, ROLE_TERMS, bind_prefixes
from .carryover import find_carryover
from .classify import ROLE_CODES, ROLE_NAMES, ROLE_PATTERN, classify
from .decoding import decode_bytes
from .listparser import Diagnostic, Node, ParsedList, parse_lines
from .messages import OS_REASONS, refusal, say
from .notice import CoveringNotice, find_notice
from .regulation import (
    ParsedRegulation,
    looks_like_regulation,
    parse_regulation,
    regulation_graph,
)
from .requirements import Requirement, extract_requirements
from .script import is_traditional, to_simplified, verbatim_slice

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,80}$")
# the place a title names → its level; checked in order (自治区 before 区, 开发区 before 区)
_LEVELS = (
    (("开发区", "高新区"), DG.zone),
    (("街道",), DG.township),
    (("镇", "乡"), DG.township),
    (("自治区", "省"), DG.provincial),
    (("区", "县", "旗"), DG.district),
    (("市", "州", "盟"), DG.municipal),
)
# whose list a title announces: "…党政主要负责人…" both heads, "…人民政府主要负责人…" one
_TITLE_ROLE = re.compile(r"(党政|人民政府|党工委|党委|政府|管委会|管理委员会|办事处)主要负责人履行")
_ONE_HEAD = {
    "人民政府": "gov",
    "政府": "gov",
    "管委会": "gov",
    "管理委员会": "gov",
    "办事处": "gov",
    "党委": "party",
    "党工委": "party",
}


@dataclass
class ImportResult:
    """What an import produced: the graph, its identifiers and what the reader should know."""

    graph: Graph
    document: URIRef
    graph_name: URIRef
    parsed: ParsedList
    encoding: str
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "warning"]


def slug_for(path: Path) -> str:
    """The document identifier derived from the file name (niuxintuo-2023-25.txt → …);
    underscores and spaces, common in saved file names (baita_2023_list.docx), become '-'."""
    stem = re.sub(r"[_\s]+", "-", path.name.split(".")[0].lower()).strip("-")
    if not _SLUG.match(stem):
        raise refusal("no-document-id", Location(file=str(path)), name=repr(path.name))
    return stem


def import_bytes(
    data: bytes,
    *,
    name: str,
    slug: str,
    generated_at: datetime | None = None,
    display_name: str | None = None,
    document: URIRef | None = None,
    original: bytes | None = None,
) -> ImportResult:
    """Import one document given as bytes: a duty list, or a regulation in 第X条 form.

    ``original`` is the file as received when ``data`` is text read out of it (a .docx):
    its SHA-256 is what the provenance records.

    ``name`` is the source file name recorded in the graph; ``display_name`` (default: name)
    is how errors refer to the input, e.g. the path the user typed. For a regulation,
    ``document`` is the register document it is the text of (its provisions are minted under
    that IRI); without it a new dg:Regulation is minted under doc/{slug}.
    """
    where = display_name or name
    if not _SLUG.match(slug):
        raise refusal("bad-document-id", slug=repr(slug))
    text, encoding = decode_bytes(data, name=where)
    lines = _LINE_BREAK.split(text)  # not splitlines(): \f or \x1c must not shift line numbers
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()  # a final line break ends the last line; it does not open one more
    if not any(line.strip() for line in lines):
        raise refusal("empty-file", Location(file=where))
    if looks_like_regulation(lines):
        result = _import_regulation(
            lines,
            original or data,
            name=name,
            where=where,
            slug=slug,
            generated_at=generated_at,
            document=document,
        )
        result.encoding = encoding
        return result
    if document is not None:
        raise refusal("document-for-list", Location(file=where))
    parsed = _parse(lines)
    if not any(n.kind in KIND_CLASS and n.kind not in ("section", "item") for n in parsed.nodes()):
        raise refusal("not-a-duty-list", Location(file=where))
    graph = _Writer(
        parsed, slug=slug, name=name, data=original or data, generated_at=generated_at
    ).write()
    diagnostics = sorted(parsed.diagnostics, key=lambda d: (d.line, d.kind))
    return ImportResult(graph, DOC[slug], GRAPH[slug], parsed, encoding, diagnostics)


def _parse(lines: list[str]) -> ParsedList:
    """Parse and classify; a Traditional document is recognised through its Simplified
    conversion (importer/script.py) while every node keeps its text as written."""
    if not is_traditional("\n".join(lines)):
        parsed = parse_lines(lines)
        classify(parsed)
        return parsed
    parsed = parse_lines(lines, probe=to_simplified)
    parsed.simplified_title = to_simplified(parsed.title) if parsed.title else None
    nodes = list(parsed.nodes())
    verbatim = [(node.text, node.lead_in) for node in nodes]
    for node in nodes:
        node.simplified = to_simplified(node.text)
        node.simplified_lead_in = to_simplified(node.lead_in) if node.lead_in else None
        node.text, node.lead_in = node.simplified, node.simplified_lead_in
    classify(parsed)  # section kinds and roles are read from Simplified keywords
    for node, (text, lead_in) in zip(nodes, verbatim, strict=True):
        node.text, node.lead_in = text, lead_in
    parsed.diagnostics.append(Diagnostic.of(1, "traditional-converted", "info"))
    return parsed


def _import_regulation(
    lines: list[str],
    data: bytes,
    *,
    name: str,
    where: str,
    slug: str,
    generated_at: datetime | None,
    document: URIRef | None,
) -> ImportResult:
    parsed_reg = parse_regulation(lines)
    notice = _take_notice(parsed_reg, lines)
    writer = _Writer(ParsedList(), slug=slug, name=name, data=data, generated_at=generated_at)
    writer._provenance()
    target = document or DOC[slug]
    graph = writer.g
    if notice is not None:
        writer.notice(notice, DOC[f"{slug}-notice"], target)
    if document is None:
        graph.add((target, RDF.type, DG.Regulation))
        graph.add((target, DG.code, Literal(slug)))
        if parsed_reg.title:
            graph.add((target, DCTERMS.title, Literal(parsed_reg.title, lang="zh")))
    graph.add((target, PROV.wasGeneratedBy, GRAPH[f"{slug}/import"]))
    graph += regulation_graph(parsed_reg, document=target, source=writer.source, name=where)
    diagnostics = [Diagnostic.of(n, "unplaced-text") for n, _ in parsed_reg.preamble]
    return ImportResult(graph, target, GRAPH[slug], ParsedList(), "", diagnostics)


def _take_notice(parsed: ParsedRegulation, lines: list[str]) -> CoveringNotice | None:
    """A covering notice in front of the rules: take its lines out of the title and preamble
    (the rules' own title is then the first line after it)."""
    first = min((part.first_line for part in parsed.parts), default=len(lines) + 1)
    head = [(n, text.strip()) for n, text in enumerate(lines[: first - 1], 1) if text.strip()]
    notice = find_notice(head)
    if notice is None:
        return None
    rest = [(n, text) for n, text in head if n not in notice.placed]
    parsed.title = rest[0][1] if rest else None
    parsed.preamble = rest[1:]
    return notice


def attribute(result: ImportResult, person: str) -> ImportResult:
    """Record who ran the import (a person, beside the software agent), in place.

    Why after the fact: the import is deterministic for a given input, and who ran it is not
    part of the input; this adds only the activity's second associated agent.
    """
    name = person.strip()
    if not name:
        raise refusal("by-needs-name")
    activity = result.graph.value(result.graph_name, PROV.wasGeneratedBy)
    agent = AGENT[quote(name, safe="")]
    result.graph.add((activity, PROV.wasAssociatedWith, agent))
    result.graph.add((agent, RDF.type, PROV.Person))
    result.graph.add((agent, RDFS.label, Literal(name)))
    return result


def import_file(
    path: Path,
    *,
    slug: str | None = None,
    generated_at: datetime | None = None,
    document: URIRef | None = None,
) -> ImportResult:
    """Import one document file: text (UTF-8, UTF-8 with BOM or GB18030), Word (.docx), a
    PDF with a text layer (page numbers and running headers removed, each with a notice) or a
    saved web page (.html/.htm: its main text only, importer/html.py).

    A .docx is read as its body's lines (importer/docx.py: Word's own numbering rendered in
    front of each numbered paragraph, one line a paragraph or table row); the graph records the
    .docx itself as the source, with its SHA-256, and line N is the document's Nth body block.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        reason = OS_REASONS.get(type(exc).__name__, "系统拒绝读取")
        raise refusal(
            "unreadable-file", Location(file=str(path)), detail=exc.strerror, reason=reason
        ) from exc
    original, notices = None, []
    if path.suffix.lower() == ".docx":
        from .docx import docx_lines

        original, data = data, "\n".join(docx_lines(data, str(path))).encode("utf-8")
    elif path.suffix.lower() == ".pdf":
        from .pdf import pdf_lines

        lines, notices = pdf_lines(data, str(path))
        original, data = data, "\n".join(lines).encode("utf-8")
    elif path.suffix.lower() in (".html", ".htm"):
        from .html import html_lines

        lines, notices = html_lines(data, str(path))
        original, data = data, "\n".join(lines).encode("utf-8")
    result = import_bytes(
        data,
        name=path.name,
        slug=slug or slug_for(path),
        generated_at=generated_at,
        display_name=str(path),
        document=document,
        original=original,
    )
    result.diagnostics[:0] = notices  # page numbers and headers removed, each said
    return result


class _Writer:
    """Turns a classified parse into triples under the document's IRIs."""

    def __init__(
        self,
        parsed: ParsedList,
        *,
        slug: str,
        name: str,
        data: bytes,
        generated_at: datetime | None,
    ) -> None:
        self.parsed, self.slug, self.name = parsed, slug, name
        self.doc = DOC[slug]
        self.source = SOURCE[name]
        self.sha256 = hashlib.sha256(data).hexdigest()
        self.generated_at = generated_at
        one_head = _title_role(parsed)[1]
        self.heads = (one_head,) if one_head else ("party", "gov")
        self.g = Graph()
        bind_prefixes(self.g)

    def add(self, s, p, o) -> None:
        self.g.add((s, p, o))

    def lines_iri(self, first: int, last: int) -> URIRef:
        """RFC 5147 fragment: positions are between lines, so lines a..b are a-1,b."""
        return URIRef(f"{self.source}#line={first - 1},{last}")

    def write(self) -> Graph:
        self._provenance()
        self._document()
        for node in self.parsed.nodes():
            self._node(node)
        return self.g

    def _provenance(self) -> None:
        graph, activity = GRAPH[self.slug], GRAPH[f"{self.slug}/import"]
        agent = AGENT[f"dutygraph-{__version__}"]
        self.add(graph, RDF.type, PROV.Entity)
        self.add(graph, DCTERMS.title, Literal(f"dutygraph import of {self.name}", lang="en"))
        self.add(graph, PROV.wasGeneratedBy, activity)
        self.add(graph, PROV.wasDerivedFrom, self.source)
        self.add(graph, DCTERMS.source, self.source)
        self.add(activity, RDF.type, DG.ImportActivity)
        self.add(activity, PROV.used, self.source)
        self.add(activity, PROV.wasAssociatedWith, agent)
        if self.generated_at is not None:
            stamp = self.generated_at.astimezone(UTC).replace(microsecond=0)
            self.add(activity, PROV.endedAtTime, Literal(stamp.isoformat(), datatype=XSD.dateTime))
        self.add(agent, RDF.type, PROV.SoftwareAgent)
        self.add(agent, RDFS.label, Literal(f"dutygraph {__version__}"))
        self.add(self.source, RDF.type, DG.SourceText)
        self.add(self.source, RDFS.label, Literal(self.name))
        self.add(self.source, DG.sha256, Literal(self.sha256))
        self.add(self.source, DCTERMS.format, Literal("text/plain"))

    def notice(self, notice: CoveringNotice, iri: URIRef, forwarded: URIRef) -> None:
        """The covering notice as a document of its own that cites what it forwards."""
        self.add(iri, RDF.type, DG.CoveringNotice)
        self.add(iri, DG.code, Literal(f"{self.slug}-notice"))
        self.add(iri, DCTERMS.language, Literal("zh"))
        self.add(iri, DCTERMS.source, self.lines_iri(notice.first_line, notice.last_line))
        self.add(iri, PROV.wasGeneratedBy, GRAPH[f"{self.slug}/import"])
        if notice.title:
            self.add(iri, DCTERMS.title, Literal(notice.title, lang="zh"))
            self.add(iri, RDFS.label, Literal(notice.title, lang="zh"))
        if notice.number:
            self.add(iri, DG.documentNumber, Literal(notice.number))
        if notice.date:
            self.add(
                iri, DCTERMS.issued, Literal(date(*notice.date).isoformat(), datatype=XSD.date)
            )
        for issuer in notice.issuers:
            self.add(iri, DG.issuerName, Literal(issuer))
        body = "\n".join(filter(None, [notice.addressee, *notice.body]))
        if body:
            self.add(iri, DG.preamble, Literal(body, lang="zh"))
        for title in notice.forwards:
            self.add(iri, DG.citesTitle, Literal(title, lang="zh"))
        self.add(iri, DG.cites, forwarded)

    def _document(self) -> None:
        p, doc = self.parsed, self.doc
        self.add(doc, RDF.type, DG.DutyList)
        self.add(doc, DG.code, Literal(self.slug))
        self.add(doc, DCTERMS.language, Literal("zh"))
        self.add(doc, DCTERMS.source, self.lines_iri(1, p.line_count))
        self.add(doc, PROV.wasGeneratedBy, GRAPH[f"{self.slug}/import"])
        for prop, value in (
            (DG.masthead, p.masthead),
            (DG.preamble, p.preamble),
            (DG.imprint, p.imprint),
            (DG.approvalNote, p.approval),
        ):
            if value:
                self.add(doc, prop, Literal(value, lang="zh"))
        if p.title:
            self.add(doc, DCTERMS.title, Literal(p.title, lang="zh"))
            self.add(doc, RDFS.label, Literal(p.title, lang="zh"))
        if p.simplified_title and p.simplified_title != p.title:
            self.add(doc, DG.simplifiedText, Literal(p.simplified_title, lang="zh-Hans"))
        if p.number:
            self.add(doc, DG.documentNumber, Literal(p.number))
        if p.date:
            self.add(doc, DCTERMS.issued, Literal(date(*p.date).isoformat(), datatype=XSD.date))
        for issuer in _issuer_names(p):
            self.add(doc, DG.issuerName, Literal(issuer))
        level = _level(p)
        if level is not None:
            self.add(doc, DG.level, level)
        for title in quoted_titles(p.preamble or ""):
            if title != p.title:  # 现将《（本清单）》印发给你们: the list itself, not a citation
                self.add(doc, DG.citesTitle, Literal(title, lang="zh"))
        for k, entry in enumerate(find_carryover(p.preamble or ""), start=1):
            self._note(
                doc,
                URIRef(f"{doc}/note/{k}"),
                DG.templateCarryOver,
                entry.phrase,
                (entry.zh, entry.en),
                p.preamble_lines,
            )

    def _node(self, node: Node) -> None:
        iri = DOC[f"{self.slug}/{node.code}"]
        self.add(iri, RDF.type, KIND_CLASS[node.kind])
        self.add(iri, DG.code, Literal(node.code))
        self.add(iri, DG.inDocument, self.doc)
        self.add(
            iri, DG.partOf, DOC[f"{self.slug}/{node.parent.code}"] if node.parent else self.doc
        )
        self.add(iri, DG.order, Literal(self._order(node)))
        self.add(iri, RDFS.label, Literal(_label(node), lang="zh"))
        self.add(iri, DCTERMS.source, self.lines_iri(node.first_line, node.last_line))
        if node.mark:
            self.add(iri, DG.numberAsWritten, Literal(node.mark))
            self.add(iri, DG.ordinal, Literal(node.value))
        if node.kind == "measure" and node.parent is not None and node.parent.kind == "group":
            self.add(iri, DG.inGroup, DOC[f"{self.slug}/{node.parent.code}"])
        if node.text:
            self.add(iri, DG.text, Literal(node.text, lang="zh"))
            for title in quoted_titles(node.text):
                self.add(iri, DG.citesTitle, Literal(title, lang="zh"))
        if node.simplified and node.simplified != node.text:
            self.add(iri, DG.simplifiedText, Literal(node.simplified, lang="zh-Hans"))
        if node.lead_in:
            self.add(iri, DG.leadIn, Literal(node.lead_in, lang="zh"))
        for role in _bearers(node, self.heads):
            self.add(iri, DG.bearer, role)
        if node.kind not in ("section", "role"):
            matching = node.simplified or node.text
            for k, req in enumerate(extract_requirements(matching), start=1):
                req = replace(req, text=verbatim_slice(node.text, matching, req.text))
                self._requirement(iri, URIRef(f"{iri}/req/{k}"), req, node)
        self._notes(iri, node)

    def _order(self, node: Node) -> int:
        """1-based position among siblings; a top-level section counts among the sections
        (Node.order sees no siblings without a parent and would give every section 1)."""
        if node.parent is None and node in self.parsed.sections:
            return self.parsed.sections.index(node) + 1
        return node.order

    def _requirement(self, item: URIRef, iri: URIRef, req: Requirement, node: Node) -> None:
        cls = {
            "minimum-count": DG.MinimumCountRequirement,
            "deadline": DG.DeadlineRequirement,
            "fixed-date": DG.FixedDateRequirement,
        }[req.kind]
        self.add(item, DG.hasRequirement, iri)
        self.add(iri, RDF.type, cls)
        self.add(iri, DG.requirementText, Literal(req.text, lang="zh"))
        self.add(iri, DCTERMS.source, self.lines_iri(node.first_line, node.last_line))
        if req.activity:
            self.add(iri, DG.activityKind, ACTIVITY_TERMS[req.activity])
        for addressee in req.addressees:
            self.add(iri, DG.addressee, ADDRESSEE_TERMS[addressee])
        for role in _bearers(node, self.heads):
            self.add(iri, DG.bearer, role)
        if req.minimum is not None:
            self.add(iri, DG.minimumCount, Literal(req.minimum, datatype=XSD.nonNegativeInteger))
            self.add(iri, DG.period, TIME.unitYear)
        if req.deadline is not None:
            self.add(iri, DG.deadline, _month_day(req.deadline))
        if req.deadline is not None or req.year_offset:
            self.add(iri, DG.deadlineYearOffset, Literal(req.year_offset or 0))
        if req.fixed_date is not None:
            self.add(iri, DG.fixedDate, _month_day(req.fixed_date))

    def _notes(self, iri: URIRef, node: Node) -> None:
        matching = node.simplified or node.text
        notes = [(DG.templateCarryOver, e.phrase, (e.zh, e.en)) for e in find_carryover(matching)]
        for line in node.repaired_lines:
            notes.append(
                (
                    DG.pageBreakRepair,
                    None,
                    (
                        f"原文在第{line}行前分页，句子被拆开；导入时已按原文接合。",
                        f"A page break before line {line} split the text; "
                        "the importer rejoined it.",
                    ),
                )
            )
        for diag in self.parsed.diagnostics:
            if diag.line == node.first_line and diag.kind.startswith("numbering-"):
                notes.append(
                    (
                        DG.numberingGap,
                        node.mark,
                        (
                            _numbering_zh(diag.kind, node),
                            say(diag.kind, "en", quote=False, **diag.args),
                        ),
                    )
                )
        if _odd_full_stop(node):
            notes.append(
                (
                    DG.punctuation,
                    "。",
                    (
                        "本项以句号结尾，而同级前列各项以分号结尾（按原文保留）。",
                        "This item ends with a full stop where its earlier siblings end with a "
                        "semicolon (kept as written).",
                    ),
                )
            )
        if "\n" in node.text:
            notes.append(
                (
                    DG.unnumberedParagraph,
                    None,
                    (
                        "原文此处有一段未编号的文字，已附在本项之后。",
                        "An unnumbered paragraph in the source was appended to this item.",
                    ),
                )
            )
        for k, (kind, matched, texts) in enumerate(notes, start=1):
            self._note(
                iri,
                URIRef(f"{iri}/note/{k}"),
                kind,
                matched,
                texts,
                (node.first_line, node.last_line),
            )

    def _note(
        self,
        subject: URIRef,
        iri: URIRef,
        kind: URIRef,
        matched: str | None,
        texts: tuple[str, str],
        lines: tuple[int, int] | None,
    ) -> None:
        self.add(subject, DG.hasNote, iri)
        self.add(iri, RDF.type, DG.DataQualityNote)
        self.add(iri, DG.noteKind, kind)
        if matched:
            self.add(iri, DG.matchedText, Literal(matched))
        self.add(iri, DG.explanation, Literal(texts[0], lang="zh"))
        self.add(iri, DG.explanation, Literal(texts[1], lang="en"))
        self.add(iri, PROV.wasGeneratedBy, GRAPH[f"{self.slug}/import"])
        if lines:
            self.add(iri, DCTERMS.source, self.lines_iri(*lines))


_QUOTED_TITLE = re.compile(r"《([^《》]{2,80})》")


def quoted_titles(text: str) -> list[str]:
    """Document titles quoted in 《》, in order, each once (nested 〈〉 kept as written)."""
    return list(dict.fromkeys(_QUOTED_TITLE.findall(text)))


def _numbering_zh(kind: str, node: Node) -> str:
    """The Chinese explanation of a numbering note (the note says more than the terminal
    diagnostic): which number is missing, repeated or out of order, kept as written."""
    label = _label(node)
    if kind == "numbering-gap":
        run = _numbering_run(node)
        start = max((n.value for n in run[: run.index(node)] if n.mark), default=0) + 1
        missing = "、".join(str(n) for n in range(start, node.value))
        return f"{label}：编号跳到{node.mark}，缺少第{missing}号（按原文保留，未重新编号）。"
    if kind == "numbering-duplicate":
        return f"{label}：编号{node.mark}重复出现（按原文保留，未重新编号）。"
    return f"{label}：编号{node.mark}排在更大的编号之后（按原文保留，未重新编号）。"


def _numbering_run(node: Node) -> list[Node]:
    """The nodes numbered in one sequence with this one (measures count across their role's
    groups, as classify.check_numbering counts them)."""
    if node.kind == "measure":
        role = node.parent
        while role is not None and role.kind != "role":
            role = role.parent
        if role is not None:
            return [m for m in role.walk() if m.kind == "measure"]
    return node.parent.children if node.parent else [node]


def _odd_full_stop(node: Node) -> bool:
    """A non-last item ending in 。 among siblings that end in ； (二(四) in the seed)."""
    siblings = node.parent.children if node.parent else []
    if node.kind not in ("principle", "general", "discipline") or node is siblings[-1]:
        return False
    before = [s.text.rstrip()[-1:] for s in siblings[: siblings.index(node)]]
    return node.text.rstrip().endswith("。") and bool(before) and all(e in "；;" for e in before)


def _month_day(month_day: tuple[int, int]) -> Literal:
    return Literal(f"--{month_day[0]:02d}-{month_day[1]:02d}", datatype=XSD.gMonthDay)


def _title_role(p: ParsedList) -> tuple[str, str | None, str]:
    """(place, the one head a single-head list is for or None, the issuer named in the title)
    read from the title, e.g. 宁安市人民政府主要负责人… → (宁安市, gov, 宁安市人民政府)."""
    title = p.simplified_title or p.title or ""
    found = _TITLE_ROLE.search(title)
    if not found:
        return "", None, ""
    place = title[: found.start()].strip()
    issuer = place if found.group(1) == "党政" else title[: found.start(1) + len(found.group(1))]
    return place, _ONE_HEAD.get(found.group(1)), verbatim_slice(p.title or "", title, issuer)


def _issuer_names(p: ParsedList) -> list[str]:
    names = []
    if p.masthead:
        names.append(p.masthead.removesuffix("文件").strip())
    names.append(_title_role(p)[2].strip())
    if p.issuer_in_imprint:
        names.append(p.issuer_in_imprint)
    return [n for n in dict.fromkeys(names) if n]


def _level(p: ParsedList) -> URIRef | None:
    place = _title_role(p)[0].removeprefix("中共")
    for words, level in _LEVELS:
        hit = any(w in place for w in words) if level == DG.zone else place.endswith(words)
        if hit:
            return level
    return None


def _bearers(node: Node, heads: tuple[str, ...] = ("party", "gov")) -> list[URIRef]:
    """Who bears an item: its role section's head; for general duties and discipline items the
    heads the list is for (``heads``, from its title), narrowed to one head when the section's
    lead-in names only that one (政府主要负责人作为…第一责任人，应当做到：)."""
    if node.role:
        return [ROLE_TERMS[node.role]]
    if node.kind not in ("general", "discipline"):
        return []
    if node.kind == "discipline" and ("领导班子成员" in node.text or "班子成员" in node.text[:20]):
        return [DG.leadershipMember]
    parent = node.parent
    lead_in = (parent.simplified_lead_in or parent.lead_in or "") if parent else ""
    named = {ROLE_CODES[m] for m in ROLE_PATTERN.findall(lead_in)}
    chosen = tuple(named) if len(named) == 1 and "党政" not in lead_in else heads
    return [ROLE_TERMS[h] for h in ("party", "gov") if h in chosen]


def _label(node: Node) -> str:
    role = ROLE_NAMES.get(node.role or "", "")
    return {
        "measure": f"{role}{node.mark}",
        "group": f"{role}{node.mark}",
        "role": f"{role}主要负责人职责",
        "principle": f"基本原则{node.mark}",
        "general": f"一般职责{node.mark}",
        "discipline": f"纪律要求{node.mark}",
        "section": f"{node.mark}{node.text}",
    }.get(node.kind, node.mark or node.code)
