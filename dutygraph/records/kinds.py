"""What kind of activity a record reports (meeting, lecture, report, publication, campaign).

Why every kind the text supports, not the first: township clerks write one row for one
event, and one event often does two things a duty asks for. "报告…并在政府网站公开" is the
report *and* the publication of 政府(3); "召开…委员会会议，听取…汇报" is a meeting whose
agenda was a report. A record therefore counts toward every requirement of its duty whose kind
its text names; the words that decided are kept (``dg:matchedText``) so the report can show
them. An explicit kind (the optional 活动类型 / ``kind`` column) replaces the guess. A record
whose text names no kind gets none: the shapes then count it for each requirement of its duty
and warn on its row that the kind could not be decided.

The table the importer uses to read requirements (importer.requirements.ACTIVITY_WORDS) reads
records too, so a requirement and the records that fulfil it are read alike; records add the
words clerks write that duty texts do not (听取, 述法, 报送 or 上报 a report, 发布 or 公示 a
catalogue, 普法 for a campaign, 培训 for a lecture). They are kept out of the importer's table,
where they would change what is read from duty lists.
"""

from __future__ import annotations

from rdflib import RDF, XSD, Graph, Literal, URIRef

from ..importer.requirements import ACTIVITY_WORDS, ADDRESSEE_WORDS, addressees_in
from ..namespace import DG
from ..rdfterms import ACTIVITY_TERMS, ADDRESSEE_TERMS

KIND_NAMES = {
    "meeting": ("会议", "meeting"),
    "lecture": ("讲座", "lecture"),
    "report": ("报告", "report"),
    "publication": ("公开", "publication"),
    "campaign": ("宣传", "campaign"),
}
"""Each kind's name as a clerk writes it in the kind column, and in English."""


CLERK_WORDS: tuple[tuple[str, str], ...] = (
    ("听取", "report"),
    ("述法", "report"),
    ("报送", "report"),
    ("上报", "report"),
    ("发布", "publication"),
    ("公示", "publication"),
    ("挂网", "publication"),
    ("普法", "campaign"),
    ("培训", "lecture"),
    ("学法", "lecture"),
)
"""Words township clerks use in records for a kind, beyond the duty texts' own words."""


CLERK_ADDRESSEES: tuple[tuple[str, str], ...] = (
    ("区政府", "higherGovernment"),
    ("区人民政府", "higherGovernment"),
    ("县政府", "higherGovernment"),
    ("县人民政府", "higherGovernment"),
    ("依法治区办", "higherInspection"),
    ("依法治县办", "higherInspection"),
)
"""Names clerks give the bodies above the township (辽中区政府, 区委依法治区办), beyond the
duty texts' "上一级政府" and "上一级法治督察单位"."""


CLERK_MARKERS = ("向", "报", "抄送", "提交")
"""What comes before the body a report went to, as clerks write it: 向…报告, 报区政府, 报送 and
上报…, 抄送…, 提交…. "报" also ends 汇报 and 报告, so a name after those counts too ("汇报，报镇
党委"), while a name before every marker is the actor or the meeting (党委会议听取…汇报)."""


def record_addressees(text: str, *, cell: bool = False) -> dict[URIRef, list[str]]:
    """Every body the record's text says a report went to, with the words that named it.

    Why: 政府(3) asks for two reports before 1 March that differ only in their addressee (the
    township's Party committee and congress; the government above). A record names its
    addressee, so it counts toward the requirement it fulfils, not toward both.
    """
    # a 报送对象 cell holds names only ("区政府、依法治区办"): all of it is read
    markers = None if cell else CLERK_MARKERS
    found = addressees_in(text, (*ADDRESSEE_WORDS, *CLERK_ADDRESSEES), markers)
    return {ADDRESSEE_TERMS[name]: words for name, words in found.items()}


def kinds_in(text: str) -> dict[URIRef, list[str]]:
    """Every activity kind the text names, with the words that named it."""
    found: dict[URIRef, list[str]] = {}
    for word, kind in (*ACTIVITY_WORDS, *CLERK_WORDS):
        if word in text:
            found.setdefault(ACTIVITY_TERMS[kind], []).append(word)
    return found


def kind_from_cell(value: str) -> list[URIRef] | None:
    """An explicit kind column (会议、公开 / meeting;publication); None if a name is unknown."""
    names = [
        n.strip().lower()
        for n in value.replace("，", "、")
        .replace(",", "、")
        .replace(";", "、")
        .replace("；", "、")
        .split("、")
        if n.strip()
    ]
    by_name = {name: kind for kind, pair in KIND_NAMES.items() for name in pair}
    if not names or any(n not in by_name for n in names):
        return None
    return [ACTIVITY_TERMS[by_name[n]] for n in names]


def classify_records(graph: Graph) -> Graph:
    """Give each record its activity kinds and re-type ill-typed dates, in place.

    Records kept in a store (``dutygraph store --records``, the ledger, the synthetic towns) are
    classified the same way before loading, so the cross-township named queries count exactly
    the records the shapes count. A record that already has kinds (an explicit column, or
    classified before) keeps them.
    """
    for record in set(graph.subjects(RDF.type, DG.FulfilmentRecord)):
        for value in list(graph.objects(record, DG.date)):
            if isinstance(value, Literal) and value.datatype == XSD.date and value.ill_typed:
                graph.remove((record, DG.date, value))
                graph.add((record, DG.date, Literal(str(value))))
        texts = [str(t) for t in graph.objects(record, DG.description)]
        if (record, DG.addressedTo, None) not in graph:
            for text in texts:
                for addressee in record_addressees(text):
                    graph.add((record, DG.addressedTo, addressee))
        if (record, DG.activityKind, None) in graph:
            continue
        for text in texts:
            for kind, words in kinds_in(text).items():
                graph.add((record, DG.activityKind, kind))
                for word in words:
                    graph.add((record, DG.matchedText, Literal(word, lang="zh")))
    return graph
