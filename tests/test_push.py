"""``dutygraph push`` into a real ``oxigraph serve`` (PyPI package oxigraph) started here, then
queried back with ``dutygraph query --endpoint`` (SPARQLWrapper)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.live_server import free_port


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dutygraph", *args], capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory):
    binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    location = tmp_path_factory.mktemp("oxigraph")
    port = free_port()
    process = subprocess.Popen(
        [
            binary,
            "serve",
            "--location",
            str(location),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=2).read()
            break
        except OSError:
            assert time.monotonic() < deadline, "oxigraph serve did not start"
            time.sleep(0.2)
    yield url
    process.terminate()
    process.wait(timeout=10)


def test_push_then_query_back(oxigraph_server):
    url = oxigraph_server
    out = run("push", "--graph-store", f"{url}/store", "--endpoint", f"{url}/query")
    assert out.returncode == 0, out.stderr
    assert "same counts" in out.stderr
    # repeatable: PUT replaces each graph, nothing doubles
    again = run("push", "--graph-store", f"{url}/store", "--endpoint", f"{url}/query")
    assert again.returncode == 0, again.stderr
    answer = run("query", "measures-per-role", "--endpoint", f"{url}/query", "--format", "csv")
    assert answer.returncode == 0, answer.stderr
    rows = set(answer.stdout.split())
    assert {"party-leader,24", "gov-leader,28"} <= rows


def test_push_errors_are_one_line(oxigraph_server):
    out = run("push", "--graph-store", f"{oxigraph_server}/no-such-path")
    assert out.returncode == 2
    assert out.stderr.startswith("dutygraph: ") and "HTTP 404" in out.stderr
    out = run("push", "--graph-store", "file:///etc/passwd")
    assert out.returncode == 2 and "http(s) URL" in out.stderr
