"""Issue 3: every duty traces to its source; the reasoner derives what is not hand-copied."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, Graph, URIRef

from dutygraph.cli import main
from dutygraph.graph.build import INFERRED_GRAPH, apply_rules, build, load
from dutygraph.graph.files import load_dataset, union_graph
from dutygraph.graph.quality import run_checks
from dutygraph.namespace import DG, DOC
from dutygraph.resources import data_files, ontology_files
from dutygraph.sparql.catalog import catalog, run
from dutygraph.trace.walk import trace_down, trace_up

ROOT = Path(__file__).resolve().parents[1]
CFR = "https://w3id.org/dutygraph/eli/cn/reg/2016/first-responsible-person-duties"
SYNTHETIC = Path(__file__).parent / "regulation_cases" / "central-2016-synthetic.txt"
SEED = "niuxintuo-2023-25"


def test_party_21_traces_to_its_central_article(bundled):
    trace = trace_up(bundled, DOC[f"{SEED}/party-21"])
    levels = [level.level for level in trace.levels]
    assert levels == ["township", "municipal", "provincial", "central"]
    central = next(level for level in trace.levels if level.level == "central")
    step = next(s for s in central.steps if s.parent and s.parent.iri == f"{CFR}/art_5/item_6")
    assert (step.relation, step.evidence, step.via) == ("restates", "inferred", "group party-g6")
    assert step.parent.summary_zh and step.parent.summary_en
    municipal = next(level for level in trace.levels if level.level == "municipal")
    assert municipal.documents and not municipal.steps  # the gap shows: text not available


def test_gov_3_shows_what_it_drops(bundled):
    trace = trace_up(bundled, DOC[f"{SEED}/gov-3"])
    own = [
        s
        for level in trace.levels
        for s in level.steps
        if s.source == "gov-3" and not s.via and s.parent and "inspection" in s.parent.iri
    ]
    # two links of its own: the 1 March reporting rule, and Art. 24's publication (whose
    # 1 April deadline the measure drops)
    assert len(own) == 2 and {s.evidence for s in own} == {"corroborated"}
    art_24 = next(s for s in own if s.parent.iri.endswith("/art_24"))
    assert any("4月1日" in d or "1 April" in d for d in art_24.dropped)


def test_measures_reach_central_by_reasoning_not_by_hand(bundled, asserted):
    assert not list(asserted.triples((None, DG.derivesFrom, None))), "no hand-copied links"
    measures = set(bundled.subjects(DG.inGroup, None))
    linked_by_hand = {m for m in measures if (m, DG.qualifiedDerivation, None) in asserted}
    assert linked_by_hand == {DOC[f"{SEED}/gov-3"]}
    inferred = bundled.graph(INFERRED_GRAPH)
    assert (DOC[f"{SEED}/party-1"], DG.derivesFrom, URIRef(f"{CFR}/art_5/item_1")) in inferred


def test_every_item_has_a_path_or_is_an_addition(bundled):
    assert list(run(bundled, catalog("quality")["item-without-parent"])) == []


def test_losing_a_link_is_caught(tmp_path, _cache_dir):
    """Remove party group 1's derivation: it and its four measures have no path any more."""
    derivations = next(p for p in data_files() if p.parent.name == "derivations")
    graph = Graph().parse(derivations)
    graph.remove((DOC[f"{SEED}/party-g1"], DG.qualifiedDerivation, None))
    broken = tmp_path / "derivations.ttl"
    graph.serialize(broken, format="turtle")
    files = [p for p in data_files() if p != derivations] + [broken]
    rows = run(load(files), catalog("quality")["item-without-parent"])
    flagged = {str(row.focus).rsplit("/", 1)[-1] for row in rows}
    assert flagged == {"party-g1", "party-1", "party-2", "party-3", "party-4"}


def test_every_derivation_keeps_its_evidence_level(asserted):
    derivations = set(asserted.subjects(RDF.type, DG.Derivation))
    assert len(derivations) >= 30
    missing = [d for d in derivations if (d, DG.evidenceLevel, None) not in asserted]
    assert missing == []


def test_build_is_cached_stale_cache_rebuilt_and_asserted_data_untouched(tmp_path):
    files = [*ontology_files(), *data_files()]
    dataset = load_dataset()
    before = {g.identifier: len(g) for g in dataset.graphs()}
    first = build(dataset, files, directory=tmp_path)
    assert first.problems == [] and not first.from_cache
    assert {g.identifier: len(g) for g in dataset.graphs()} == before, "reasoner wrote data"
    second = build(load_dataset(), files, directory=tmp_path)
    assert second.from_cache and second.path == first.path
    assert len(second.inferred) == len(first.inferred)
    glosses = next(p for p in files if p.parent.name == "glosses")
    changed = tmp_path / glosses.name
    changed.write_text(glosses.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    files = [changed if p == glosses else p for p in files]
    third = build(load_dataset(files[len(ontology_files()) :]), files, directory=tmp_path)
    assert not third.from_cache and third.path != first.path


def test_reverse_trace_lists_groups_and_measures(bundled):
    found = {d.item.code: d for d in trace_down(bundled, URIRef(f"{CFR}/art_5/item_6"))}
    assert set(found) == {"party-g6", "party-19", "party-20", "party-21"}
    assert found["party-g6"].direct and found["party-21"].via == "group party-g6"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_cli_trace_formats(runner):
    text = runner.invoke(main, ["trace", "党委(21)"])
    assert text.exit_code == 0, text.output
    assert "第五条（六）" in text.output and "本级没有已知的对应条款" in text.output
    assert "【中央】" in text.output and "关系: 复述" in text.output
    assert "evidence" not in text.output
    english = runner.invoke(main, ["trace", "党委(21)", "--lang", "en"])
    assert "no provision known at this level" in english.output and "[central]" in english.output
    as_json = json.loads(runner.invoke(main, ["trace", "party-21", "--format", "json"]).output)
    assert as_json["item"]["code"] == "party-21"
    turtle = runner.invoke(main, ["trace", "party-21", "--format", "ttl"]).output
    assert (URIRef(f"{CFR}/art_5/item_6"), None, None) in Graph().parse(data=turtle)


def test_cli_reverse_and_gaps(runner):
    reverse = runner.invoke(main, ["trace", "--reverse", "art-5-6"])
    assert reverse.exit_code == 0 and "party-21" in reverse.output
    assert reverse.output.startswith("《职责规定》第五条（六）")  # the name, not only the IRI
    gaps = json.loads(runner.invoke(main, ["gaps", "--format", "json"]).output)
    assert {r["provision"].rsplit("/", 1)[-1] for r in gaps["uncovered"]} >= {"art_1", "art_2"}
    assert {r["code"] for r in gaps["additions"] if r["kind"] == "new-item"} == {
        "principle-1",
        "general-5",
        "party-g7",
        "gov-g7",
    }
    assert gaps["unlinked"] == []


def test_imported_official_text_shows_beside_summary(runner, tmp_path):
    out = tmp_path / "central.ttl"
    result = runner.invoke(
        main,
        ["import", str(SYNTHETIC), "--document", "first-responsible-person-duties", "-o", str(out)],
    )
    assert result.exit_code == 0, result.output
    graph = Graph().parse(out)
    item = URIRef(f"{CFR}/art_5/item_1")
    assert str(graph.value(item, DG.text)) == "测试用第五条第一项，分页后的接续文字。"
    assert "\n" in str(graph.value(URIRef(f"{CFR}/art_6"), DG.text))  # two paragraphs (款)
    trace = runner.invoke(main, ["trace", "party-21", "--add", str(out)])
    assert "原文: 测试用第五条第六项" in trace.output and "摘要:" in trace.output
    english = runner.invoke(main, ["trace", "party-21", "--add", str(out), "--lang", "en"])
    assert "text: 测试用第五条第六项" in english.output and "summary:" in english.output
    assert runner.invoke(main, ["check", "--add", str(out)]).exit_code == 0


def test_conflicting_official_text_is_flagged(runner, tmp_path):
    """A text whose structure disagrees with the register (items missing) fails the check."""
    text = SYNTHETIC.read_text(encoding="utf-8")
    for k in "二三四五":
        text = text.replace(f"（{k}）测试用第五条第{k}项。", "")
    source = tmp_path / "partial.txt"
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "partial.ttl"
    runner.invoke(main, ["import", str(source), "--document", CFR, "-o", str(out)])
    report = run_checks(load([*data_files(), out], inferred=False))  # a conflict of asserted data
    assert not report.clean
    assert any("art_5/item_6" in d.focus and "order" in d.detail for d in report.defects)


def test_unknown_register_document_is_a_one_line_error(runner):
    result = runner.invoke(main, ["import", str(SYNTHETIC), "--document", "nosuch", "--lang", "en"])
    assert result.exit_code == 2 and "no document with code 'nosuch'" in result.output
    result = runner.invoke(main, ["import", str(SYNTHETIC), "--document", "nosuch", "--lang", "zh"])
    assert result.exit_code == 2 and "没有编码为 'nosuch' 的文件" in result.output


def test_unresolved_citation_is_recorded_not_dropped(runner, tmp_path):
    out = tmp_path / "t.ttl"
    case = Path(__file__).parent / "tracing_cases" / "unresolved-citation.txt"
    assert runner.invoke(main, ["import", str(case), "--id", "t", "-o", str(out)]).exit_code == 0
    dataset = load([*data_files(), out], inferred=False)
    unresolved = {str(r.title) for r in run(dataset, catalog("cq")["unresolved-citations"])}
    assert unresolved == {"并不存在的测试办法"}
    resolved = apply_rules(union_graph(dataset))  # the build's citation rules, without OWL
    cited = {str(o) for o in resolved.objects(DOC["t/principle-1"], DG.cites)}
    assert cited == {"https://w3id.org/dutygraph/eli/cn/law/2020/civil-code"}


def test_the_chain_says_who_names_each_document_as_a_basis_and_how_sure():
    """Shenyang → Liaoning and Liaoning → the regulation are inferred; the township list names
    all three itself (checked): the trace shows each link, strongest first."""
    from dutygraph.graph.files import load_dataset
    from dutygraph.trace.render import render_up
    from dutygraph.trace.walk import trace_up

    graph = load_dataset()
    trace = trace_up(graph, URIRef("https://w3id.org/dutygraph/doc/niuxintuo-2023-25/party-21"))
    named = {
        d["title"]: [(b["by"], b["evidence"]) for b in d.get("basis of", [])]
        for level in trace.levels
        for d in level.documents
    }
    assert named["辽宁省党政主要负责人履行推进法治建设第一责任人职责清单"] == [
        ("牛委字〔2023〕25号", "checked"),
        ("沈阳市职责清单", "inferred"),
    ]
    assert named["党政主要负责人履行推进法治建设第一责任人职责规定"] == [
        ("牛委字〔2023〕25号", "checked"),
        ("辽法委发〔2023〕2号", "inferred"),
    ]
    assert named["沈阳市辽中区牛心坨镇党政主要负责人履行推进法治建设第一责任人职责清单"] == []
    text = render_up(graph, trace, "text", "zh")
    assert "沈阳市职责清单→本文件，推断" in text and "inferred" not in text
    assert "沈阳市职责清单 → this, inferred" in render_up(graph, trace, "text", "en")
