"""Start local SPARQL servers on free loopback ports: ``dutygraph serve`` and ``oxigraph serve``.

Why in the package: the tests and the benchmarks both start real servers (ours, and Oxigraph as
the named peer) and wait until they answer; one module serves both, so bench/ never imports
from tests/. Loopback only: nothing here listens beyond 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LiveServer:
    url: str
    process: subprocess.Popen
    log: Path

    @property
    def sparql(self) -> str:
        return f"{self.url}/sparql"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start(args: list[str], log: Path, env: dict[str, str] | None = None) -> LiveServer:
    """Run ``python -m dutygraph serve ARGS`` and wait for /health (at most 120 s)."""
    port = free_port()
    handle = log.open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "dutygraph", "serve", "--port", str(port), *args],
        stdout=handle,
        stderr=subprocess.STDOUT,
        env={**os.environ, **(env or {})},
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}: {log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
                if json.load(response)["status"] == "ready":
                    return LiveServer(url, process, log)
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"server not ready after 120 s: {log.read_text()}")


def oxigraph_binary() -> str:
    """The ``oxigraph`` CLI of the PyPI package ``oxigraph`` (beside this Python, or on PATH)."""
    return shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")


def start_oxigraph(location: Path, *, read_only: bool = False) -> tuple[subprocess.Popen, str]:
    """Run ``oxigraph serve`` (or ``serve-read-only``) on a free loopback port with the union
    default graph, as the named queries expect; returns the process and its base URL once it
    answers (at most 60 s)."""
    port = free_port()
    process = subprocess.Popen(
        [
            oxigraph_binary(),
            "serve-read-only" if read_only else "serve",
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
            return process, url
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError("oxigraph serve did not start") from None
            time.sleep(0.2)
