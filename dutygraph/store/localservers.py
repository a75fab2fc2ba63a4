"""Start local SPARQL servers on free loopback ports: ``dutygraph serve``, ``oxigraph serve`` and
Debian's Virtuoso (``virtuoso-t``, a production server with its database in a temp folder).

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


VIRTUOSO_USER = "dba"
VIRTUOSO_PASSWORD = "dba"
"""The account of a fresh Virtuoso database: a throwaway server on loopback, never a real one."""

_VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
Striping = 0
[Parameters]
ServerPort = 127.0.0.1:{isql}
DisableUnixSocket = 1
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = .
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
MaxQueryMem = 1G
ThreadsPerQuery = 2
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {dir}
ServerThreads = 10
MaxClientConnections = 10
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 0
"""


def virtuoso_binary() -> str | None:
    """Debian's ``virtuoso-t`` (package virtuoso-opensource), or None when not installed."""
    return shutil.which("virtuoso-t")


@dataclass
class VirtuosoServer:
    """A Virtuoso started by :func:`start_virtuoso`: its base URL, ISQL port and process.

    ``sparql`` answers queries; ``graph_store`` is the Graph Store endpoint that accepts writes
    (HTTP Digest, account ``dba``)."""

    url: str
    isql_port: int
    process: subprocess.Popen
    folder: Path

    @property
    def sparql(self) -> str:
        return f"{self.url}/sparql"

    @property
    def graph_store(self) -> str:
        return f"{self.url}/sparql-graph-crud-auth"

    def stop(self) -> None:
        """Shut down cleanly through ISQL (a checkpoint, then exit); kill if it hangs."""
        isql = shutil.which("isql-vt")
        if isql and self.process.poll() is None:
            subprocess.run(
                [isql, str(self.isql_port), VIRTUOSO_USER, VIRTUOSO_PASSWORD, "exec=shutdown;"],
                capture_output=True,
                timeout=30,
                check=False,
            )
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def start_virtuoso(folder: Path) -> VirtuosoServer:
    """Run Debian's Virtuoso with its database in ``folder`` and both ports on loopback; return
    once its SPARQL endpoint answers (at most 60 s)."""
    binary = virtuoso_binary()
    if binary is None:
        raise RuntimeError("virtuoso-t is not installed (apt-get install virtuoso-opensource)")
    folder.mkdir(parents=True, exist_ok=True)
    http, isql = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(_VIRTUOSO_INI.format(dir=folder, http=http, isql=isql), encoding="utf-8")
    process = subprocess.Popen(
        [binary, "+foreground", "+configfile", str(ini)],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server = VirtuosoServer(f"http://127.0.0.1:{http}", isql, process, folder)
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{server.sparql}?query=ASK%7B%7D", timeout=2).read()
            return server
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                log = folder / "virtuoso.log"
                tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
                raise RuntimeError(f"virtuoso-t did not start: {tail}") from None
            time.sleep(0.2)
