"""Issue 14, pattern 7: article-form rules nest 章 → 节 → 条 → 项 → 目 (a 节 heading no longer
merges into its chapter), and a lone 第X条 fragment is read as a regulation. Both texts are
synthetic (tests/regulation_cases/)."""

from __future__ import annotations

from pathlib import Path

from rdflib import RDF, Literal, URIRef
from rdflib.namespace import DCTERMS

from dutygraph.importer.document import import_bytes
from dutygraph.namespace import DG, DOC

CASES = Path(__file__).parent / "regulation_cases"


def _graph(name: str):
    return import_bytes((CASES / name).read_bytes(), name=name, slug="reg").graph


def _iri(path: str) -> URIRef:
    return URIRef(f"{DOC['reg']}/{path}")


def test_divisions_nest_in_their_chapter_and_hold_their_articles():
    graph = _graph("nested-sections.txt")
    chapter, division = _iri("chp_2"), _iri("chp_2/sec_1")
    assert graph.value(chapter, DG.text) == Literal("职责", lang="zh")
    assert graph.value(division, DG.text) == Literal("党委主要负责人", lang="zh")
    assert (chapter, DCTERMS.hasPart, division) in graph
    assert (division, DCTERMS.hasPart, _iri("art_2")) in graph
    assert (division, DCTERMS.hasPart, _iri("art_3")) in graph
    assert (_iri("chp_2/sec_2"), DCTERMS.hasPart, _iri("art_4")) in graph
    assert (_iri("chp_3"), DCTERMS.hasPart, _iri("art_5")) in graph
    assert (chapter, DCTERMS.hasPart, _iri("art_2")) not in graph


def test_items_hold_their_sub_items_and_a_paragraph_stays_in_its_article():
    graph = _graph("nested-sections.txt")
    sub = _iri("art_2/item_2/sub_1")
    assert graph.value(sub, DG.partOf) == _iri("art_2/item_2")
    assert str(graph.value(sub, DG.text)) == "年初部署督察计划；"
    assert str(graph.value(sub, DG.code)) == "art-2-2-1"
    assert str(graph.value(_iri("art_2/item_2"), DG.text)) == "推动法治督察，具体包括："
    second_paragraph = "\n本条第一款规定的学法每年不少于四次。"
    assert str(graph.value(_iri("art_4"), DG.text)).endswith(second_paragraph)


def test_a_lone_article_is_a_regulation():
    graph = _graph("lone-article.txt")
    assert (_iri("art_5"), RDF.type, DG.Article) in graph
    assert str(graph.value(_iri("art_5/item_2"), DG.text)) == "每年向上级报告一次履职情况。"
