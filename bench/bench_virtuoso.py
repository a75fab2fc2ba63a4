"""Benchmark: the graph on Virtuoso (Debian's virtuoso-opensource 7.2) beside ``oxigraph serve``
and the embedded store, at N synthetic towns (issue 18).

Peers, measured in the same run on the same quads (bundled graph, cached OWL RL inferences,
N towns from validation.synthetic): the embedded Oxigraph store (store.engine.Engine, what
``dutygraph serve`` uses by default), ``oxigraph serve`` and Virtuoso, each started here on
loopback. Push time is ``graphstore.push`` (one PUT per graph, Digest for Virtuoso) for the two
servers and loading the Dataset into the store for the embedded one. Query time is each named
query with its example parameters, through the remote engine (SPARQLWrapper) for the servers,
p50 of ROUNDS after one warm-up; the ratio is Virtuoso over each peer. Run:

    .venv/bin/python bench/bench_virtuoso.py [--towns 100 1000] [--rounds 7]

It prints Markdown and writes bench/results/virtuoso.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from rdflib import Dataset

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from results_file import write_results

from dutygraph.graph.build import load
from dutygraph.sparql.catalog import answer, catalog
from dutygraph.store.engine import Engine
from dutygraph.store.graphstore import push
from dutygraph.store.localservers import (
    VIRTUOSO_PASSWORD,
    VIRTUOSO_USER,
    start_oxigraph,
    start_virtuoso,
)
from dutygraph.store.remote import RemoteEngine
from dutygraph.validation.synthetic import add_towns

QUERIES = {n: q for n, q in sorted(catalog("cq").items()) if "#+ records:" not in q.text}


def dataset(towns: int) -> Dataset:
    data = Dataset(default_union=True)
    for graph in load().graphs():
        target = data.graph(graph.identifier)
        for triple in graph:
            target.add(triple)
    add_towns(data, towns)
    return data


def p50(engine, name: str, rounds: int) -> float | None:
    query = QUERIES[name]
    try:
        answer(engine, query, query.example)
    except Exception:  # a query the server refuses (SP031) has no time
        return None
    times = []
    for _ in range(rounds):
        began = time.perf_counter()
        answer(engine, query, query.example)
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def measure(towns: int, rounds: int, folder: Path) -> list[str]:
    data = dataset(towns)
    triples = sum(len(g) for g in data.graphs())
    began = time.perf_counter()
    embedded = Engine(data, "oxigraph")
    load_embedded = time.perf_counter() - began
    oxi_process, oxi_url = start_oxigraph(folder / f"oxigraph-{towns}")
    virtuoso = start_virtuoso(folder / f"virtuoso-{towns}")
    try:
        began = time.perf_counter()
        push(data, f"{oxi_url}/store", timeout=1200)
        push_oxigraph = time.perf_counter() - began
        os.environ["DUTYGRAPH_SPARQL_USER"] = VIRTUOSO_USER
        os.environ["DUTYGRAPH_SPARQL_PASSWORD"] = VIRTUOSO_PASSWORD
        began = time.perf_counter()
        push(data, virtuoso.graph_store, timeout=1200)
        push_virtuoso = time.perf_counter() - began
        for name in ("DUTYGRAPH_SPARQL_USER", "DUTYGRAPH_SPARQL_PASSWORD"):
            os.environ.pop(name)
        oxigraph = RemoteEngine(f"{oxi_url}/query", timeout=300)
        remote = RemoteEngine(virtuoso.sparql, timeout=300)
        assert len(remote) == len(oxigraph) == triples, (len(remote), len(oxigraph), triples)
        size = sum(f.stat().st_size for f in virtuoso.folder.glob("virtuoso*") if f.is_file())
        lines = [
            f"### {towns} towns ({triples:,} triples; Virtuoso's files {size / 2**20:.0f} MB)",
            "",
            "| | embedded | oxigraph serve | Virtuoso | Virtuoso ÷ embedded | ÷ oxigraph serve |",
            "|---|---:|---:|---:|---:|---:|",
            _row("load / push (s)", load_embedded, push_oxigraph, push_virtuoso, "{:.1f}"),
        ]
        for name in QUERIES:
            times = [p50(e, name, rounds) for e in (embedded, oxigraph, remote)]
            lines.append(_row(f"`{name}` p50 (ms)", *[t and t * 1000 for t in times], "{:.0f}"))
        memory = [None, rss(oxi_process.pid), rss(virtuoso.process.pid)]
        lines.append(_row("server resident memory after the queries (MB)", *memory, "{:.0f}"))
        return [*lines, ""]
    finally:
        virtuoso.stop()
        oxi_process.terminate()
        oxi_process.wait(timeout=30)


def rss(pid: int) -> float | None:
    """A server's resident memory in MB (Linux /proc), for sizing."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return None


def _row(label: str, embedded, oxigraph, virtuoso, fmt: str) -> str:
    def show(value):
        return "—" if value is None else fmt.format(value)

    def ratio(a, b):
        return "—" if a is None or not b else f"{a / b:.1f}×"

    cells = [show(embedded), show(oxigraph), show(virtuoso)]
    return f"| {label} | {' | '.join(cells)} | {ratio(virtuoso, embedded)} | " + (
        f"{ratio(virtuoso, oxigraph)} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--towns", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        lines = []
        for towns in args.towns:
            lines += measure(towns, args.rounds, Path(folder))
    note = "queries through SPARQLWrapper for both servers; — is a query a server refused"
    write_results("virtuoso", lines, note)


if __name__ == "__main__":
    main()
