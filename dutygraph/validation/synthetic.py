"""Synthetic townships for scale tests and benchmarks: never mixed up with real data.

Why copies of the real list with variation: a slow query shape (NOT EXISTS with two inner
patterns, MINUS) only shows at size, and the named queries must meet data shaped like the real
thing: the same kinds, roles, requirements and derivation links. Each synthetic town is the
bundled list under its own document IRI (``doc/synthetic-town-NNNN``) in its own named graph
(``graph/synthetic/…``), marked by a title suffix (合成数据), a description and a PROV activity
associated with the agent ``dutygraph-synthetic``, with a deterministic share of measures dropped
and texts varied, as real lists differ.

Records are generated per town-year in their own graph (``graph/synthetic/records/…``): each
requirement is met exactly, except for a ``gap`` share left short or missing (the ground truth
the cross-township tests compare queries and per-township validation against), with a few
records by the wrong role and a few without evidence, as real spreadsheets have.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from rdflib import RDF, XSD, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDFS, SKOS

from ..codes import DEFAULT_SLUG
from ..namespace import AGENT, DG, DOC, GRAPH
from ..rdfterms import ADDRESSEE_TERMS
from ..records.kinds import classify_records
from ..records.reader import RECORD

SEED_SLUG = DEFAULT_SLUG
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
    left_out: dict[str, set[str]] = {}
    for town in iter_towns(dataset, count, seed=seed, drop=drop):
        left_out[town.slug] = town.dropped
        graph = dataset.graph(town.graph)
        for triple in town.triples:
            graph.add(triple)
    return left_out


@dataclass
class Town:
    """One generated town: its slug, graph, the measures it left out, and its triples (lazy)."""

    slug: str
    graph: URIRef
    dropped: set[str]
    triples: Iterator[tuple]


def iter_towns(
    dataset: Dataset, count: int, *, seed: int = 2023, drop: float = 0.05
) -> Iterator[Town]:
    """The towns one at a time, so a store can take a thousand without an rdflib copy of all."""
    prefix = str(DOC[SEED_SLUG])
    # real records stay real: a graph holding records (with its batch, which names the seed
    # list as its dct:subject) is never copied into a town
    about_seed = [
        (s, p, o)
        for graph in dataset.graphs()
        if (None, RDF.type, DG.FulfilmentRecord) not in graph
        for s, p, o in graph
        if str(s).startswith(prefix) or str(o).startswith(prefix)
    ]
    measures = sorted(
        str(s)
        for s, p, o in about_seed
        if p == RDF.type and o == DG.Measure and str(s).startswith(prefix)
    )
    rng = random.Random(seed)
    for k in range(1, count + 1):
        slug = town_slug(k)
        dropped = {m for m in measures if rng.random() < drop}
        yield Town(
            slug,
            GRAPH[f"synthetic/{slug}"],
            {m.rsplit("/", 1)[-1] for m in dropped},
            _town_triples(about_seed, dropped, prefix, k),
        )


def _town_triples(about_seed, dropped: set[str], prefix: str, k: int) -> Iterator[tuple]:
    target = str(DOC[town_slug(k)])
    for s, p, o in about_seed:
        if str(s) in dropped or str(o) in dropped:
            continue
        yield (_move(s, prefix, target), p, _vary(_move(o, prefix, target), p, k))
    description = Graph()
    _describe(description, URIRef(target), k)
    yield from description


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


# --- records -----------------------------------------------------------------------------------

# One text per activity kind: each names its kind by the importer's keyword table and no other
# (a publication text must not say 报告, which the table reads as a report).
KIND_TEXT = {
    DG.lecture: "法治专题讲座",
    DG.report: "听取法治建设工作汇报",
    DG.meeting: "召开法治建设专题会议",
    DG.campaign: "国家宪法日集中宣传活动",
    DG.publication: "在政府网站公开年度法治建设情况",
}


ROLES = frozenset({DG.partyLeader, DG.govLeader, DG.leadershipMember})


@dataclass
class TownYear:
    """What the generator put in one town-year's records: the ground truth for tests."""

    slug: str
    graph: URIRef
    records: Graph
    short: set[str] = field(default_factory=set)
    """Requirement IRI endings (``party-21/req/1``) left below their minimum or missing."""
    wrong_role: int = 0
    no_evidence: int = 0


@dataclass(frozen=True)
class _Requirement:
    duty: str  # code, e.g. party-21
    node: str  # IRI ending after the document, e.g. party-21/req/1
    kind: URIRef  # the requirement's class
    activity: URIRef | None
    minimum: int
    offset: int
    month_day: str | None  # --MM-DD of a deadline or fixed date
    bearer: URIRef
    others: tuple[URIRef, ...]  # roles that are neither a bearer nor a declared delegate
    addressed: str = ""  # "向镇党委、镇人大" for a report that names its addressees


def _addressed(dataset: Dataset, requirement) -> str:
    """ "向镇党委、镇人大" from the requirement's addressees, so a generated report goes to the
    body its requirement names (政府(3) has two reports that differ only in that)."""
    order = list(ADDRESSEE_TERMS.values())
    names = [
        str(label)
        for to in sorted(dataset.objects(requirement, DG.addressee), key=order.index)
        for label in dataset.objects(to, SKOS.prefLabel)
        if getattr(label, "language", None) == "zh"
    ]
    return f"向{'、'.join(names)}" if names else ""


def seed_requirements(dataset: Dataset) -> list[_Requirement]:
    """The measurable requirements of the seed list, read from the graph (not hard-coded)."""
    prefix = str(DOC[SEED_SLUG]) + "/"
    out = []
    for duty, _, node in dataset.triples((None, DG.hasRequirement, None)):
        if not str(duty).startswith(prefix):
            continue
        kinds = set(dataset.objects(node, RDF.type)) & {
            DG.MinimumCountRequirement,
            DG.DeadlineRequirement,
            DG.FixedDateRequirement,
        }
        if not kinds:
            continue
        day = dataset.value(node, DG.deadline) or dataset.value(node, DG.fixedDate)
        allowed = set(dataset.objects(duty, DG.bearer)) | set(
            dataset.objects(duty, DG.delegateRole)
        )
        out.append(
            _Requirement(
                str(dataset.value(duty, DG.code)),
                str(node)[len(prefix) :],
                kinds.pop(),
                dataset.value(node, DG.activityKind),
                int(dataset.value(node, DG.minimumCount) or 1),
                int(dataset.value(node, DG.deadlineYearOffset) or 0),
                None if day is None else str(day),
                min(dataset.objects(duty, DG.bearer)),
                tuple(sorted(ROLES - allowed)),
                _addressed(dataset, node),
            )
        )
    return sorted(set(out), key=lambda r: r.node)


def town_records(
    requirements: list[_Requirement],
    slug: str,
    year: int,
    *,
    dropped: set[str] = frozenset(),
    seed: int = 7,
    gap: float = 0.1,
    slip: float = 0.02,
    routine: tuple[str, int] | None = None,
) -> TownYear:
    """One town-year of records: every requirement met, except a ``gap`` share left short;
    a ``slip`` share of records names the wrong role or has no evidence. ``routine`` (the
    codes of duties without requirements, and a row count) fills the year up to that many rows
    with everyday work on those duties, as real sheets are mostly that: the volume grows,
    the verdicts (the ground truth) do not change."""
    rng = random.Random(f"{seed}-{slug}-{year}")
    batch = RECORD[f"synthetic-{slug}-{year}"]
    out = TownYear(slug, GRAPH[f"synthetic/records/{slug}-{year}"], Graph())
    g = out.records
    g.add((batch, RDF.type, PROV.Entity))
    g.add((batch, RDFS.label, Literal(f"synthetic records {slug} {year} (合成数据)")))
    g.add((batch, PROV.wasAttributedTo, SYNTHETIC_AGENT))
    g.add((batch, DCTERMS.subject, DOC[slug]))
    row = 1
    for req in requirements:
        if req.duty in dropped:
            continue
        count = req.minimum
        if rng.random() < gap:
            count = rng.randrange(req.minimum)
            out.short.add(req.node)
        for i in range(count):
            row += 1
            day = _record_day(req, year, rng)
            role = req.bearer
            if req.others and rng.random() < slip:
                role = rng.choice(req.others)
                out.wrong_role += 1
            evidence = rng.random() >= slip
            out.no_evidence += not evidence
            what = KIND_TEXT.get(req.activity, "开展相关工作")
            if req.addressed:
                what = f"{req.addressed}报告上一年度法治政府建设情况"
            text = f"{what}（第{i + 1}次）"
            _add_record(g, batch, row, DOC[f"{slug}/{req.duty}"], day, text, role, evidence)
    if routine is not None:
        codes, rows = routine
        codes = [c for c in codes if c not in dropped]
        while codes and row < rows + 1:
            row += 1
            code = rng.choice(codes)
            day = date(year, 1, 1) + timedelta(days=rng.randrange(360))
            role = DG.govLeader if code.startswith("gov") else DG.partyLeader
            text = f"开展相关工作（第{row}项）"
            _add_record(g, batch, row, DOC[f"{slug}/{code}"], day, text, role, True)
    classify_records(g)
    return out


def routine_duties(dataset: Dataset) -> list[str]:
    """The seed list's measures that carry no measurable requirement (their records never
    change a verdict), by code."""
    prefix = str(DOC[SEED_SLUG]) + "/"
    return sorted(
        str(code)
        for duty, code in dataset.subject_objects(DG.code)
        if str(duty).startswith(prefix)
        and (duty, RDF.type, DG.Measure) in dataset
        and (duty, DG.hasRequirement, None) not in dataset
        and (duty, DG.bearer, None) in dataset
    )


def add_town_records(
    dataset: Dataset,
    left_out: dict[str, set[str]],
    year: int,
    *,
    seed: int = 7,
    gap: float = 0.1,
) -> dict[str, TownYear]:
    """Add one year of records for each town of ``left_out`` (what ``add_towns`` returned),
    each town-year in its own graph; returns what was generated, for tests to check against."""
    requirements = seed_requirements(dataset)
    out = {}
    for slug, dropped in left_out.items():
        town = town_records(requirements, slug, year, dropped=dropped, seed=seed, gap=gap)
        graph = dataset.graph(town.graph)
        for triple in town.records:
            graph.add(triple)
        out[slug] = town
    return out


def synthetic_graphs(
    dataset: Dataset,
    count: int,
    *,
    year: int = 2023,
    seed: int = 2023,
    drop: float = 0.05,
    rows: int = 0,
) -> Iterator[tuple[URIRef, Iterator[tuple]]]:
    """Each town's list graph and its records graph for ``year``, one at a time: what
    ``dutygraph store --synthetic N`` streams into the store without an rdflib copy of all.
    ``rows`` > 0 fills each town-year up to that many records with routine work."""
    requirements = seed_requirements(dataset)
    routine = (routine_duties(dataset), rows) if rows else None
    for town in iter_towns(dataset, count, seed=seed, drop=drop):
        yield town.graph, town.triples
        records = town_records(requirements, town.slug, year, dropped=town.dropped, routine=routine)
        yield records.graph, iter(records.records)


def _record_day(req: _Requirement, year: int, rng: random.Random) -> date:
    """A day that meets the requirement: before a deadline, on a fixed date, else in the year."""
    opens = date(year + req.offset, 1, 1)
    if req.month_day is None:
        return opens + timedelta(days=rng.randrange(360))
    due = date(opens.year, int(req.month_day[2:4]), int(req.month_day[5:7]))
    if req.kind == DG.FixedDateRequirement:
        return due
    return opens + timedelta(days=rng.randrange(max((due - opens).days, 1)))


def _add_record(
    g: Graph, batch: URIRef, row: int, duty: URIRef, day: date, text: str, role, evidence: bool
) -> None:
    node = URIRef(f"{batch}/row-{row}")
    g.add((node, RDF.type, DG.FulfilmentRecord))
    g.add((node, DG.fulfils, duty))
    g.add((node, DG.date, Literal(day.isoformat(), datatype=XSD.date)))
    g.add((node, DG.description, Literal(text, lang="zh")))
    g.add((node, DG.responsibleRole, role))
    g.add((node, DG.sourceRow, Literal(row)))
    g.add((node, DCTERMS.source, batch))
    if evidence:
        proof = URIRef(f"{node}/evidence")
        g.add((node, DG.hasEvidence, proof))
        g.add((proof, RDF.type, DG.Evidence))
        g.add((proof, DG.reference, Literal(f"合成〔{day.year}〕{row}号")))
