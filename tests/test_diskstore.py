"""The on-disk Oxigraph store: same answers as the in-memory engine, safe overwrite rules, and
``serve --store`` answering queries and pages."""

from __future__ import annotations

import json
import urllib.request

import pytest

from dutygraph.errors import DutyGraphError
from dutygraph.sparql.catalog import answer, catalog
from dutygraph.store.diskstore import write_store
from dutygraph.store.engine import Engine
from tests.live_server import start
from tests.test_competency_questions import table

QUERIES = catalog("cq")


@pytest.fixture(scope="module")
def store_path(bundled, tmp_path_factory):
    path = tmp_path_factory.mktemp("store") / "oxigraph"
    report = write_store(bundled, path)
    assert report.quads == len(Engine(bundled, "oxigraph"))
    return path


@pytest.mark.parametrize("memory", [False, True], ids=["on-disk", "copied-to-ram"])
@pytest.mark.parametrize("name", sorted(QUERIES))
def test_same_answers_as_in_memory(bundled, store_path, name, memory):
    query = QUERIES[name]
    on_disk = answer(Engine.on_disk(store_path, memory=memory), query, query.example)
    in_memory = answer(Engine(bundled, "oxigraph"), query, query.example)
    assert table(on_disk.variables, on_disk.rows) == table(in_memory.variables, in_memory.rows)


def test_never_overwrites_a_folder_that_is_not_a_store(bundled, tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "thesis.docx").write_text("precious")
    with pytest.raises(DutyGraphError, match="not empty"):
        write_store(bundled, folder)
    with pytest.raises(DutyGraphError, match="not a dutygraph store"):
        write_store(bundled, folder, force=True)
    assert (folder / "thesis.docx").read_text() == "precious"


def test_force_replaces_a_store(bundled, tmp_path):
    path = tmp_path / "store"
    write_store(bundled, path)
    with pytest.raises(DutyGraphError, match="--force"):
        write_store(bundled, path)
    assert write_store(bundled, path, force=True).quads > 0


def test_opening_something_else_is_a_clear_error(tmp_path):
    with pytest.raises(DutyGraphError, match="dutygraph store"):
        Engine.on_disk(tmp_path)


@pytest.mark.parametrize("memory", [[], ["--memory"]], ids=["on-disk", "copied-to-ram"])
def test_serve_from_the_store(store_path, tmp_path, memory):
    live = start(["--store", str(store_path), *memory], tmp_path / "store-server.log")
    try:
        with urllib.request.urlopen(f"{live.url}/health") as response:
            health = json.load(response)
        assert health["triples"] > 5000
        url = f"{live.url}/queries/trace-up?code=party-21&format=csv"
        with urllib.request.urlopen(url) as response:
            assert "art_5/item_6" in response.read().decode()
        with urllib.request.urlopen(f"{live.url}/item/party-21") as response:
            assert "《职责规定》第五条（六）" in response.read().decode()
    finally:
        live.stop()


@pytest.mark.parametrize(
    ("command", "expect"),
    [
        (["stats", "--format", "json"], '"Measure": 52'),
        (["show", "party-21"], "每年举办2期以上法治专题讲座"),
        (["gaps", "--format", "json"], '"uncovered"'),
        (["query", "measures-per-role"], "gov-leader | 28"),
    ],
)
def test_every_reading_command_takes_the_store(store_path, command, expect):
    """One source option group: the commands that could only read files now read a store."""
    from click.testing import CliRunner

    from dutygraph.cli import main

    result = CliRunner().invoke(main, [*command, "--store", str(store_path)])
    assert result.exit_code == 0, result.output
    assert expect in result.output


def test_a_store_and_files_together_are_refused(store_path):
    from click.testing import CliRunner

    from dutygraph.cli import main

    result = CliRunner().invoke(main, ["stats", "--store", str(store_path), "--add", __file__])
    assert result.exit_code == 2
    assert "--store" in result.output and "Traceback" not in result.output
