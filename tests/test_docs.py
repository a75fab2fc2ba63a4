"""The README is tested: its set-up commands, the CI script and the command list agree."""

from __future__ import annotations

import re
from pathlib import Path

from dutygraph.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _setup_commands() -> list[str]:
    block = re.search(r"```sh\n(.*?)```", README, re.S)
    assert block, "the README must open with a sh block"
    assert README.index(block.group(0)) < README.index("\n## "), "set-up block comes first"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_readme_opens_with_exactly_two_setup_commands():
    commands = _setup_commands()
    assert len(commands) == 2
    assert "dutygraph" in commands[0] and "pip install" in commands[0]
    assert "pytest" in commands[1] and "pip install" in commands[1]


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert _setup_commands()[1] in ci.splitlines()


def test_readme_lists_every_command():
    for name in main.commands:
        assert f"`dutygraph {name}" in README, f"README does not document `dutygraph {name}`"
