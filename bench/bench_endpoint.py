"""Benchmark: the SPARQL endpoint against ``oxigraph serve`` on the same data, same queries.

Peer: Oxigraph's own server (PyPI package ``oxigraph``, ``serve-read-only
--union-default-graph``), loaded with exactly the quads ``dutygraph serve`` holds (bundled
graph plus the cached OWL RL inferences). Both get identical query texts through the SPARQL
1.1 Protocol (POST application/sparql-query, Accept SPARQL JSON): every named query, its
example parameters bound as a VALUES block opening the WHERE group (as dutygraph binds them),
and the two servers' row counts compared before anything is timed. dutygraph is measured
computing every answer (Cache-Control: no-cache) and with its result cache; its own
/queries/NAME (parameters pre-bound) is reported beside it.

For each query: p50 and p99 latency at 1 client; then, over all queries mixed, throughput and
p50/p99 latency with 1, 8 and 32 concurrent clients; last, the latency of a trivial query
while as many runaway queries run as dutygraph has workers. dutygraph runs with its defaults
(Oxigraph engine, 2 workers, 4 request threads and a standing child per thread; --workers 4
held 16 children with their own RocksDB block caches and gave 0.46× the peer at 32 clients
on the 1,000-town store, the default 2 gave 0.70×). Run:

    .venv/bin/python bench/bench_endpoint.py [--rounds 30]
    .venv/bin/python bench/bench_endpoint.py --store PATH --rounds 5   # e.g. 1,000 towns

It prints Markdown and writes bench/results/endpoint.md (endpoint-store.md with --store).
With --store the peer serves the same store directory read-only.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

from dutygraph.graph.build import load
from dutygraph.sparql.catalog import catalog

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from results_file import write_results

from dutygraph.guard.querycheck import bind_as_values
from dutygraph.store.localservers import oxigraph_binary, start, start_oxigraph


def with_values(query, values: dict[str, str]) -> str:
    """The query text with its example parameters bound as the engine binds them: a VALUES
    block opening the WHERE group (and at each ``#+ bind`` mark). A trailing VALUES block, as
    this benchmark once wrote, joins after the pattern and gave 0 rows on both servers for
    duties-by-keyword and items-citing, so those rows timed an empty query."""
    if not values:
        return query.text
    return bind_as_values(query.text, query.bind(values))


def rows_of(port: int, path: str, text: str) -> int:
    """How many result rows a server gives (to check both answer the same before timing)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Accept": "application/sparql-results+json", "Cache-Control": "no-cache"}
    headers["Content-Type"] = "application/sparql-query"
    conn.request("POST", path, body=text.encode("utf-8"), headers=headers)
    answer = json.loads(conn.getresponse().read())
    conn.close()
    return len(answer["results"]["bindings"]) if "results" in answer else int(answer["boolean"])


NO_CACHE = False
"""Set per measurement: True sends Cache-Control: no-cache (dutygraph computes every answer)."""


def call(port: int, path: str, text: str | None = None) -> float:
    """Seconds for one request: POST direct when ``text`` is given, else GET; 200 or raise."""
    began = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Accept": "application/sparql-results+json"}
    if NO_CACHE:
        headers["Cache-Control"] = "no-cache"
    if text is not None:
        headers["Content-Type"] = "application/sparql-query"
    body = text.encode("utf-8") if text is not None else None
    conn.request("POST" if text is not None else "GET", path, body=body, headers=headers)
    response = conn.getresponse()
    response.read()
    conn.close()
    if response.status != 200:
        raise RuntimeError(f"{path}: HTTP {response.status}")
    return time.perf_counter() - began


def post(port: int, path: str, text: str) -> float:
    return call(port, path, text)


def get(port: int, path: str) -> float:
    return call(port, path)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def throughput(call, jobs: list, clients: int) -> tuple[float, list[float]]:
    """Requests per second over all ``jobs`` with ``clients`` at once, and each latency."""
    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        latencies = list(pool.map(call, jobs))
    return len(jobs) / (time.perf_counter() - began), latencies


def load_oxigraph(work: Path) -> tuple[subprocess.Popen, int]:
    """The peer: the same quads loaded with ``oxigraph load``, served read-only."""
    dataset = load()
    quads = work / "data.nq"
    dataset.serialize(quads, format="nquads", encoding="utf-8")
    store = work / "oxigraph-store"
    subprocess.run(
        [oxigraph_binary(), "load", "--location", str(store), "--file", str(quads)],
        check=True,
        capture_output=True,
    )
    process, url = start_oxigraph(store, read_only=True)
    return process, int(url.rsplit(":", 1)[1])


RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE {{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i FILTER(?i != {k}) }}"
"""A query that runs until its deadline (three-way cross product of the whole graph)."""
TRIVIAL = "ASK {{ ?s ?p {k} }}"


def lane(port: int, path: str, runaways: int, tries: int = 10) -> list[float]:
    """Latencies of trivial queries sent while ``runaways`` runaway queries are in flight
    (issue 16: a trivial query answered in < 100 ms while as many runaways run as workers).
    Every text differs so that no answer comes from a cache."""
    import threading

    def runaway(k: int) -> None:
        # dutygraph's 503 at the deadline, the peer's client timeout
        with contextlib.suppress(RuntimeError, OSError):
            call(port, path, RUNAWAY.format(k=k))

    threads = [threading.Thread(target=runaway, args=(k,), daemon=True) for k in range(runaways)]
    for thread in threads:
        thread.start()
    time.sleep(1.0)
    latencies = [call(port, path, TRIVIAL.format(k=1000 + k)) for k in range(tries)]
    return latencies


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30, help="requests per query and server")
    parser.add_argument(
        "--store",
        type=Path,
        help="serve this `dutygraph store` (e.g. 1,000 towns) instead of the bundled graph; "
        "the peer serves the same directory read-only",
    )
    parser.add_argument("--workers", type=int, default=2)  # serve's own default
    parser.add_argument("--timeout", type=float, default=60.0, help="dutygraph's query deadline")
    args = parser.parse_args()
    queries = catalog("cq")
    texts = {name: with_values(q, q.example) for name, q in queries.items()}
    work = Path(tempfile.mkdtemp(prefix="dutygraph-bench-"))
    served = ["--store", str(args.store)] if args.store else []
    ours = start(
        [*served, "--workers", str(args.workers), "--timeout", str(args.timeout)],
        work / "dutygraph.log",
    )
    ours_port = int(ours.url.rsplit(":", 1)[1])
    if args.store:
        peer, peer_url = start_oxigraph(args.store, read_only=True)
        peer_port = int(peer_url.rsplit(":", 1)[1])
    else:
        peer, peer_port = load_oxigraph(work)
    global NO_CACHE
    try:
        rows = []
        for name in sorted(texts):
            text = texts[name]
            mine, theirs = rows_of(ours_port, "/sparql", text), rows_of(peer_port, "/query", text)
            if mine != theirs:
                raise SystemExit(f"{name}: dutygraph gives {mine} rows, the peer {theirs}")
            # warm both; dutygraph's answers come from one standing child per worker thread,
            # each with its own copy of the store's block cache, so on a store every worker
            # is warmed (a query of more than a second once: its cost is not the cache)
            first = post(peer_port, "/query", text) + post(ours_port, "/sparql", text)
            warm = 0 if first > 1 else (2 * args.workers if args.store else 3)
            for _ in range(warm):
                post(ours_port, "/sparql", text)
                post(peer_port, "/query", text)
            NO_CACHE = True
            a = [post(ours_port, "/sparql", text) for _ in range(args.rounds)]
            NO_CACHE = False
            cached = [post(ours_port, "/sparql", text) for _ in range(args.rounds)]
            b = [post(peer_port, "/query", text) for _ in range(args.rounds)]
            bound = f"/queries/{name}?" + urlencode(queries[name].example)
            c = [get(ours_port, bound) for _ in range(args.rounds)]
            rows.append((name, mine, a, cached, b, c))
        # the mixed load: every query, or on a large store the interactive ones (the peer
        # answers in under 100 ms); a 10 s query would make the rate a count of those alone
        mix = [r[0] for r in rows if not args.store or statistics.median(r[4]) < 0.1]
        jobs = [texts[name] for name in mix] * max(2, args.rounds // 3)
        rates = {}
        for clients in (1, 8, 32):
            NO_CACHE = True
            uncached = throughput(lambda t: post(ours_port, "/sparql", t), jobs, clients)
            NO_CACHE = False
            rates[clients] = (
                uncached,
                throughput(lambda t: post(ours_port, "/sparql", t), jobs, clients),
                throughput(lambda t: post(peer_port, "/query", t), jobs, clients),
            )
        NO_CACHE = True
        # each server beside its own runaways only: dutygraph's are ended with it (its standing
        # children end when their worker does) before the peer's are started; the peer's run
        # until it is stopped
        ours_lane = lane(ours_port, "/sparql", args.workers)
        ours.stop()
        lanes = (ours_lane, lane(peer_port, "/query", args.workers))
    finally:
        ours.stop()
        peer.terminate()
        peer.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)

    note = f"{args.rounds} requests per query and server, dutygraph --workers {args.workers}"
    if args.store:
        note += f", store {args.store.name} ({rows_of_store(args.store)})"
    write_results(
        "endpoint-store" if args.store else "endpoint",
        report(rows, rates, lanes, mix, len(rows), args.workers),
        note,
    )
    return 0


def rows_of_store(path: Path) -> str:
    """The store's size in quads, for the results' heading."""
    import pyoxigraph as ox

    return f"{len(ox.Store.read_only(str(path))):,} quads"


def report(rows, rates, lanes, mix, total, workers) -> list[str]:
    """The three tables: each query, the mixed load, a trivial query beside runaways."""
    ms = lambda s: f"{s * 1000:.1f}"  # noqa: E731
    lines = [
        "| query | rows (both) | dutygraph computed p50 ms | p99 ms | dutygraph cached p50 ms | "
        "oxigraph serve p50 ms | p99 ms | computed / oxigraph (p50) | /queries/NAME p50 ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, count, a, cached, b, c in rows:
        ratio = statistics.median(a) / statistics.median(b)
        lines.append(
            f"| {name} | {count} | {ms(statistics.median(a))} | {ms(percentile(a, 0.99))} | "
            f"{ms(statistics.median(cached))} | {ms(statistics.median(b))} | "
            f"{ms(percentile(b, 0.99))} | {ratio:.1f}× | {ms(statistics.median(c))} |"
        )
    lines += [
        "",
        f"Mixed load: {len(mix)} of {total} queries"
        + ("" if len(mix) == total else " (those the peer answers in under 100 ms)")
        + ".",
        "",
        "| clients | dutygraph computed q/s | p50 ms | dutygraph cached q/s | p50 ms | "
        "oxigraph serve q/s | p50 ms | computed / oxigraph (q/s) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for clients, ((mine, a), (hit, h), (theirs, b)) in rates.items():
        lines.append(
            f"| {clients} | {mine:.0f} | {ms(statistics.median(a))} | {hit:.0f} | "
            f"{ms(statistics.median(h))} | {theirs:.0f} | {ms(statistics.median(b))} | "
            f"{mine / theirs:.2f} |"
        )
    (ours, peer) = lanes
    lines += [
        "",
        f"A trivial query (`ASK`) while {workers} runaway queries run (as many as dutygraph's "
        "workers), 10 tries each:",
        "",
        "| server | p50 ms | max ms |",
        "|---|---:|---:|",
        f"| dutygraph | {ms(statistics.median(ours))} | {ms(max(ours))} |",
        f"| oxigraph serve | {ms(statistics.median(peer))} | {ms(max(peer))} |",
    ]
    return lines


if __name__ == "__main__":
    sys.exit(main())
