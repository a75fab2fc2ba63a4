"""``dutygraph push`` into a real ``oxigraph serve`` (PyPI package oxigraph) started here, then
queried back with ``dutygraph query --endpoint`` (SPARQLWrapper)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.live_server import start_oxigraph


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dutygraph", *args], capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory):
    process, url = start_oxigraph(tmp_path_factory.mktemp("oxigraph"))
    yield url
    process.terminate()
    process.wait(timeout=10)


def test_push_then_query_back(oxigraph_server):
    url = oxigraph_server
    out = run("push", "--graph-store", f"{url}/store", "--endpoint", f"{url}/query")
    assert out.returncode == 0, out.stderr
    assert "same counts" in out.stderr
    assert "已推送" in out.stderr and "pushed" not in out.stderr
    # repeatable: PUT replaces each graph, nothing doubles; in English on request
    again = run(
        "push", "--graph-store", f"{url}/store", "--endpoint", f"{url}/query", "--lang", "en"
    )
    assert again.returncode == 0, again.stderr
    assert "pushed " in again.stderr and "checked: every graph" in again.stderr
    assert "已推送" not in again.stderr
    answer = run("query", "measures-per-role", "--endpoint", f"{url}/query", "--format", "csv")
    assert answer.returncode == 0, answer.stderr
    rows = {row.rsplit(",", 2)[-2] + "," + row.rsplit(",", 2)[-1] for row in answer.stdout.split()}
    assert {"party-leader,24", "gov-leader,28"} <= rows
    # parameters travel as a VALUES block; a header comment saying "add" stays a comment
    bound = run("query", "trace-up", "--endpoint", f"{url}/query", "--param", "code=party-21",
                "--format", "csv")  # fmt: skip
    assert bound.returncode == 0, bound.stderr
    assert "art_5/item_6" in bound.stdout and len(bound.stdout.splitlines()) == 2
    diff = run("query", "list-differences", "--endpoint", f"{url}/query", "--format", "csv")
    assert diff.returncode == 0 and "principle-1" in diff.stdout, diff.stderr


def test_push_errors_are_one_line(oxigraph_server):
    out = run("push", "--graph-store", f"{oxigraph_server}/no-such-path")
    assert out.returncode == 2
    assert out.stderr.startswith("dutygraph: ") and "HTTP 404" in out.stderr
    out = run("push", "--graph-store", "file:///etc/passwd")
    assert out.returncode == 2 and "http(s) URL" in out.stderr


def test_chunks_keep_blank_nodes_together():
    """A blank node's label names one node only within one request: every triple with one goes
    in the first (the PUT), the rest in requests of at most ``size`` triples."""
    from dutygraph.store.graphstore import _chunks

    ground = [f"<urn:s{i}> <urn:p> <urn:o{i}> ." for i in range(25)]
    blank = ["_:b1 <urn:p> <urn:o> .", "<urn:s> <urn:p> _:b1 .", '<urn:s> <urn:p> "_:b1 ." .']
    chunks = [c.decode().splitlines() for c in _chunks("\n".join(ground + blank), 10)]
    assert chunks[0][:2] == blank[:2] and blank[2] not in chunks[0][:2]
    assert [len(c) for c in chunks] == [10, 10, 8]
    assert sorted(line for chunk in chunks for line in chunk) == sorted(ground + blank)


def test_push_in_chunks_holds_the_same_counts(oxigraph_server):
    url = oxigraph_server
    out = run("push", "--graph-store", f"{url}/store", "--endpoint", f"{url}/query",
              "--chunk", "1000")  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "same counts" in out.stderr
