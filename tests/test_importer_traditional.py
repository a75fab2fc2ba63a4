"""A list in Traditional characters keeps its text as written and carries a labelled Simplified
machine conversion beside it (issue 14, pattern 2; the document is tests/importer_cases/
traditional.txt). A Simplified list gets no conversion at all."""

from __future__ import annotations

from pathlib import Path

from rdflib import Literal

from dutygraph.importer.document import import_bytes
from dutygraph.importer.script import is_traditional
from dutygraph.namespace import DG, DOC

CASES = Path(__file__).parent / "importer_cases"


def _import(name: str):
    data = (CASES / name).read_bytes()
    return import_bytes(data, name=name, slug="case")


def test_traditional_text_verbatim_with_simplified_beside_it():
    result = _import("traditional.txt")
    graph, item = result.graph, DOC["case/principle-1"]
    verbatim = "堅持黨的領導，把黨的領導貫徹到法治建設全過程；"
    assert graph.value(item, DG.text) == Literal(verbatim, lang="zh")
    simplified = graph.value(item, DG.simplifiedText)
    assert simplified == Literal("坚持党的领导，把党的领导贯彻到法治建设全过程；", lang="zh-Hans")
    assert graph.value(result.document, DG.simplifiedText).startswith("望川县党政")
    assert Literal("望川縣") in set(graph.objects(result.document, DG.issuerName))
    assert any(d.kind == "traditional-converted" for d in result.diagnostics)


def test_traditional_requirement_found_through_conversion_but_quoted_as_written():
    graph = _import("traditional.txt").graph
    req = graph.value(DOC["case/party-1"], DG.hasRequirement)
    assert req is not None, "每年至少召開1次 must be read as a minimum count"
    assert "召開" in str(graph.value(req, DG.requirementText))
    assert graph.value(req, DG.minimumCount).toPython() == 1


def test_simplified_list_gets_no_conversion():
    result = _import("party-only-municipal.txt")
    assert not list(result.graph.triples((None, DG.simplifiedText, None)))
    assert not any(d.kind == "traditional-converted" for d in result.diagnostics)


def test_detection_ignores_a_stray_variant_character():
    assert is_traditional("一、基本原則\n第五條 黨政主要負責人")
    one_variant = "某某乡人民政府於2023年印发" + "的清单，党政主要负责人职责" * 10
    assert not is_traditional(one_variant)
