"""The CLI does what the pages and the API do: accounts, submission, review, the audit log, and
a store in which only approved batches count (issue 17)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dutygraph.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "data" / "examples"
ENV = {"DUTYGRAPH_PASSWORD": "correct horse battery"}


@pytest.fixture
def ledger(tmp_path) -> Path:
    path = tmp_path / "office.sqlite"
    runner = CliRunner(env=ENV)
    for args in (
        ["user", "add", "张敏", "--role", "clerk", "--township", "niuxintuo-2023-25"],
        ["user", "add", "李审", "--role", "reviewer"],
    ):
        result = runner.invoke(main, [*args, "--ledger", str(path)])
        assert result.exit_code == 0, result.output
    return path


def run(ledger: Path, *args: str, env=ENV):
    return CliRunner(env=env).invoke(main, [*args, "--ledger", str(ledger)])


def test_submit_review_and_the_log_from_the_shell(ledger):
    listed = run(ledger, "user", "list")
    assert "张敏\t乡镇填报员\tniuxintuo-2023-25\t启用" in listed.output
    good = EXAMPLES / "records-2023-conforming.csv"
    bad = EXAMPLES / "records-2023-violations.csv"
    first = run(ledger, "ledger", "submit", str(good), "--year", "2023", "--user", "张敏")
    assert first.exit_code == 0 and "批次 1：待审核" in first.output, first.output
    second = run(
        ledger,
        "ledger",
        "submit",
        str(bad),
        "--year",
        "2023",
        "--user",
        "张敏",
        "--comment",
        "试报",
    )
    assert "批次 2：已退回" in second.output and "违反" in second.output
    approved = run(ledger, "ledger", "review", "1", "approve", "--user", "李审")
    assert "批次 1：已批准" in approved.output
    refused = run(ledger, "ledger", "review", "1", "return", "--comment", "晚了", "--user", "李审")
    assert refused.exit_code == 2 and "已由 李审" in refused.output
    wrong = run(
        ledger,
        "ledger",
        "review",
        "2",
        "approve",
        "--user",
        "李审",
        env={"DUTYGRAPH_PASSWORD": "not the password"},
    )
    assert wrong.exit_code == 2 and "密码不对" in wrong.output
    events = [json.loads(line) for line in run(ledger, "ledger", "log").output.splitlines()]
    story = [(e["action"], e["who"], e["outcome"]) for e in events if e["who"] in ("张敏", "李审")]
    assert ("submit", "张敏", "submitted") in story and ("submit", "张敏", "returned") in story
    assert ("approve", "李审", "ok") in story and ("login", "李审", "failed") in story


def test_a_store_built_from_the_ledger_counts_approved_records_only(ledger, tmp_path):
    good = EXAMPLES / "records-2023-conforming.csv"
    run(ledger, "ledger", "submit", str(good), "--year", "2023", "--user", "张敏")
    store = tmp_path / "store"

    def records_in(store_args: list[str]) -> int:
        built = CliRunner().invoke(main, ["store", str(store), "--force", *store_args])
        assert built.exit_code == 0, built.output
        answer = CliRunner().invoke(
            main,
            [
                "query",
                "records-per-duty",
                "--param",
                "year=2023",
                "--format",
                "json",
                "--store",
                str(store),
            ],
        )
        rows = json.loads(answer.output)["results"]["bindings"]
        return sum(int(r["records"]["value"]) for r in rows)

    assert records_in(["--ledger", str(ledger)]) == 0  # submitted, not yet approved
    assert records_in(["--ledger", str(ledger), "--pending"]) > 0
    run(ledger, "ledger", "review", "1", "approve", "--user", "李审")
    approved = records_in(["--ledger", str(ledger)])
    assert approved == records_in(["--ledger", str(ledger), "--pending"]) > 0


def test_the_keeping_commands_speak_english_on_request(ledger):
    """--lang en (or DUTYGRAPH_LANG=en) turns every word the commands print into English; the
    data (names, townships, file names) stay as written."""
    import re

    han = re.compile(r"[\u4e00-\u9fff]")
    names = {"张敏", "李审"}
    good = str(EXAMPLES / "records-2023-conforming.csv")
    bad = str(EXAMPLES / "records-2023-violations.csv")
    said = [
        run(ledger, "user", "list", "--lang", "en"),
        run(ledger, "ledger", "submit", good, "--year", "2023", "--user", "张敏", "--lang", "en"),
        run(ledger, "ledger", "review", "1", "approve", "--user", "李审", "--lang", "en"),
        run(ledger, "ledger", "batches", "--lang", "en"),
        run(ledger, "user", "disable", "李审", env={**ENV, "DUTYGRAPH_LANG": "en"}),
    ]
    for result in said:
        assert result.exit_code == 0, result.output
        words = result.output
        for name in names:
            words = words.replace(name, "")
        assert not han.search(words), result.output
    assert "张敏\ttownship clerk\tniuxintuo-2023-25\tactive" in said[0].output
    assert "batch 1: submitted" in said[1].output and "batch 1: approved" in said[2].output
    assert "\tapproved\t" in said[3].output and "disabled 李审" in said[4].output
    returned = run(
        ledger,
        "ledger",
        "submit",
        bad,
        "--year",
        "2023",
        "--user",
        "张敏",
        "--comment",
        "trial",
        "--lang",
        "en",
    )
    assert "batch 2: returned" in returned.output and "violation" in returned.output
