"""Issue 14, pattern 5: a covering notice (a township forwarding provincial rules) is modelled as
its own document — number, issuers, date, addressees — that cites the rules it carries, instead
of leaving its lines as 'unplaced' warnings. The text is synthetic
(tests/regulation_cases/township-notice.txt)."""

from __future__ import annotations

from pathlib import Path

from rdflib import RDF, Literal
from rdflib.namespace import DCTERMS, XSD

from dutygraph.importer.document import import_bytes
from dutygraph.namespace import DG, DOC

NOTICE = Path(__file__).parent / "regulation_cases" / "township-notice.txt"
RULES = "某某省党政主要负责人履行推进法治建设第一责任人职责实施办法"


def _result():
    return import_bytes(NOTICE.read_bytes(), name=NOTICE.name, slug="qs")


def test_notice_is_its_own_document_citing_what_it_forwards():
    result = _result()
    graph, notice = result.graph, DOC["qs-notice"]
    assert (notice, RDF.type, DG.CoveringNotice) in graph
    assert graph.value(notice, DG.documentNumber) == Literal("青委发〔2020〕8号")
    assert graph.value(notice, DCTERMS.issued) == Literal("2020-05-06", datatype=XSD.date)
    issuers = {str(o) for o in graph.objects(notice, DG.issuerName)}
    assert issuers == {"中共青石镇委员会", "青石镇人民政府"}
    assert str(graph.value(notice, DCTERMS.title)).startswith("关于转发《某某省")
    assert Literal(RULES, lang="zh") in set(graph.objects(notice, DG.citesTitle))
    assert (notice, DG.cites, result.document) in graph


def test_the_rules_keep_their_own_title_and_the_notice_lines_are_placed():
    result = _result()
    title = str(result.graph.value(result.document, DCTERMS.title))
    assert title.startswith(RULES)
    assert [d.line for d in result.diagnostics if d.kind == "unplaced-text"] == []
    assert (result.document, RDF.type, DG.Article) not in result.graph
    assert (DOC["qs/art_3"], DG.code, Literal("art-3")) in result.graph
