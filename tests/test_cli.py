"""The CLI as a user meets it: output, exit codes, one-line errors (click's runner, in-process)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import URIRef

from dutygraph.cli import main
from dutygraph.namespace import GRAPH

ROOT = Path(__file__).resolve().parents[1]
CASES = Path(__file__).parent / "importer_cases"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_stats_counts(runner):
    result = runner.invoke(main, ["stats", "--format", "json"])
    assert result.exit_code == 0, result.output
    stats = json.loads(result.output)
    assert stats["per_kind"]["Measure"] == 52
    assert stats["per_role"]["party-leader"]["Measure"] == 24
    assert stats["per_role"]["gov-leader"]["Measure"] == 28
    assert stats["requirements"] == 10  # 政府(3) has two report duties, 政府(6) a catalogue


@pytest.mark.parametrize("spelling", ["party-21", "党委(21)", "党委（21）", "PARTY-21"])
def test_show_accepts_codes_and_notation(runner, spelling):
    result = runner.invoke(main, ["show", spelling])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("party-21 ")
    assert "每年举办2期以上法治专题讲座" in result.output
    assert "每年至少 2 次" in result.output and "[具体措施]" in result.output


def test_show_section_item_notation(runner):
    result = runner.invoke(main, ["show", "四(一)", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["code"] == "discipline-1"


def test_show_missing_23_says_the_list_skips_it(runner):
    result = runner.invoke(main, ["show", "party-23"])
    assert result.exit_code == 2
    assert "skips" in result.output and "party-22" in result.output
    assert "Traceback" not in result.output and result.output.count("\n") == 1


def test_show_notes_on_carryover(runner):
    result = runner.invoke(main, ["show", "gov-3"])
    assert result.exit_code == 0
    assert "各行政村" in result.output and "人大常委会" in result.output
    assert "次年3月1日前" in result.output and "沿用上级模板" in result.output
    english = runner.invoke(main, ["show", "gov-3", "--lang", "en"])
    assert "by 3/1 of the next year" in english.output and "bearer:" in english.output


@pytest.mark.parametrize(
    "command", [["stats"], ["show", "party-21"], ["gaps"], ["trace", "party-21"]]
)
def test_text_output_is_chinese_by_default(runner, command):
    """No English labels, class names or notations where a Chinese word exists."""
    import re

    out = runner.invoke(main, command).output
    english = re.compile(
        r"\b(document|bearer|requirement|evidence|refines|restates|inferred|corroborated|"
        r"Measure|DutyGroup|MinimumCountRequirement|party-leader|gov-leader|central|township|"
        r"triples|items per kind)\b"
    )
    text = re.sub(r"https?://\S+", " ", out)
    lines = [line for line in text.splitlines() if "英文" not in line]  # the glosses are English
    assert not english.findall("\n".join(lines)), english.findall("\n".join(lines))


@pytest.mark.parametrize(("lang", "ending"), [("zh", "个缺陷"), ("en", "checks")])
def test_check_is_clean_on_bundled_graph(runner, lang, ending):
    result = runner.invoke(main, ["check", "--lang", lang])
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith(ending)


def test_import_writes_turtle_and_warnings(runner, tmp_path):
    out = tmp_path / "seed.ttl"
    seed = str(ROOT / "data/sources/niuxintuo-2023-25.txt")
    result = runner.invoke(main, ["import", seed, "-o", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert ":117: warning: numbering-gap" in result.output
    assert "party-24" in out.read_text(encoding="utf-8")
    result = runner.invoke(main, ["import", seed, "-o", str(out), "--lang", "zh"])
    assert "第 117 行：警告［numbering-gap］：" in result.output
    assert "个三元组写入" in result.output


@pytest.mark.parametrize(
    ("name", "needle", "lang"),
    [
        ("empty.txt", "empty", "en"),
        ("empty.txt", "文件是空的", "zh"),
        ("not-a-list.txt", "not a duty list", "en"),
        ("not-a-list.txt", "不是职责清单", "zh"),
        ("undecodable.bin", "decode", "en"),
        ("undecodable.bin", "第 7 行: 无法解码", "zh"),
    ],
)
def test_import_refuses_bad_files_in_one_line(runner, tmp_path, name, needle, lang):
    target = tmp_path / "bad.txt"
    target.write_bytes((CASES / name).read_bytes())
    result = runner.invoke(main, ["import", str(target), "--lang", lang])
    assert result.exit_code == 2
    assert needle in result.output and str(target) in result.output
    assert result.output.count("\n") == 1 and "Traceback" not in result.output


def test_import_many_files_into_a_folder(runner, tmp_path):
    """Each list its own document and graph: IRIs and graph names from each file's stem."""
    seed = (ROOT / "data/sources/niuxintuo-2023-25.txt").read_bytes()
    for name in ("town-a.txt", "town-b.txt"):
        (tmp_path / name).write_bytes(seed)
    out = tmp_path / "out"
    result = runner.invoke(
        main, ["import", str(tmp_path / "town-a.txt"), str(tmp_path / "town-b.txt"), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    a, b = (out / "town-a.ttl").read_text("utf-8"), (out / "town-b.ttl").read_text("utf-8")
    assert "doc/town-a/party-21" in a and "doc/town-b/party-21" in b
    assert "graph/town-a" in a and "graph/town-b" not in a


def test_import_records_who_ran_it(runner, tmp_path):
    """--by adds a person to the import activity, beside the software agent."""
    from rdflib import Graph
    from rdflib.namespace import PROV, RDF, RDFS

    source = tmp_path / "town-c.txt"
    source.write_bytes((ROOT / "data/sources/niuxintuo-2023-25.txt").read_bytes())
    out = tmp_path / "town-c.ttl"
    result = runner.invoke(main, ["import", str(source), "-o", str(out), "--by", "王 司法所"])
    assert result.exit_code == 0, result.output
    graph = Graph().parse(out)
    activity = graph.value(URIRef(GRAPH["town-c"]), PROV.wasGeneratedBy)
    agents = set(graph.objects(activity, PROV.wasAssociatedWith))
    people = [a for a in agents if (a, RDF.type, PROV.Person) in graph]
    assert len(agents) == 2 and [str(graph.value(p, RDFS.label)) for p in people] == ["王 司法所"]
    blank = runner.invoke(main, ["import", str(source), "-o", str(out), "--by", " "])
    assert blank.exit_code == 2 and "--by 需要一个名字" in blank.output


@pytest.mark.parametrize(
    ("extra", "needle"),
    [(["--lang", "en"], "-o FOLDER"), (["-o", "x", "--id", "y", "--lang", "en"], "no --id")],
)
def test_import_many_files_needs_a_folder(runner, tmp_path, extra, needle):
    seed = ROOT / "data/sources/niuxintuo-2023-25.txt"
    result = runner.invoke(main, ["import", str(seed), str(seed), *extra])
    assert result.exit_code == 2 and needle in result.output


def test_import_missing_file(runner, tmp_path):
    result = runner.invoke(main, ["import", str(tmp_path / "nope.txt"), "--lang", "en"])
    assert result.exit_code == 2
    assert "cannot read file" in result.output
    result = runner.invoke(main, ["import", str(tmp_path / "nope.txt")], env={"LANG": "C.UTF-8"})
    assert "读不了文件" in result.output


def test_every_command_has_help(runner):
    for name, command in main.commands.items():
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0, name
        assert command.help and len(command.help.strip()) > 20, name


def test_a_parameter_given_twice_is_refused(runner):
    """CLI and HTTP read name=value parameters with one parser: a duplicate is refused."""
    result = runner.invoke(
        main, ["query", "trace-up", "--param", "code=party-21", "--param", "code=party-22"]
    )
    assert result.exit_code == 2
    assert "两次" in result.output


@pytest.mark.parametrize(
    ("new", "old"),
    [
        (["--by", "张三"], ["--entered-by", "张三"]),
        (["--list", "niuxintuo-2023-25"], ["--document", "niuxintuo-2023-25"]),
    ],
)
def test_old_option_spellings_still_work(runner, new, old):
    """Renamed flags keep their old spelling as a hidden alias for one release."""
    example = str(ROOT / "data" / "examples" / "records-2023-conforming.csv")
    args = ["validate", example, "--year", "2023", "--as-of", "2024-12-31", "--format", "json"]
    first, second = runner.invoke(main, [*args, *new]), runner.invoke(main, [*args, *old])
    assert first.exit_code == second.exit_code == 0, first.output + second.output
    assert json.loads(first.output) == json.loads(second.output)
    assert "--entered-by" not in runner.invoke(main, ["validate", "-h"]).output


def test_query_takes_data_like_every_command(runner):
    seed = str(ROOT / "data" / "niuxintuo-2023-25.ttl")
    positional = runner.invoke(main, ["query", "measures-per-role", seed])
    old = runner.invoke(main, ["query", "measures-per-role", "--data", seed])
    assert positional.exit_code == 0, positional.output
    assert positional.output == old.output and "party-leader | 24" in positional.output


def test_build_says_what_it_did_in_either_language():
    """build prints its one line in Chinese, and in English with --lang en."""
    import re

    zh = CliRunner().invoke(main, ["build"])
    en = CliRunner().invoke(main, ["build", "--lang", "en"])
    assert zh.exit_code == en.exit_code == 0, zh.output + en.output
    assert "个推理所得三元组" in zh.output
    assert re.match(r"(cache still fresh|inferred): \d+ inferred triples, in ", en.output)
