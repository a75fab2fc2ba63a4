"""Benchmark: does an upload storm leave the endpoint answering? (issue 16)

Fifty clients each upload a 5 MB records file to ``/validate`` at once while eight clients
run the named queries in a loop; a probe sends a trivial query (``ASK``, a different text each
time, so no answer comes from the cache) and ``/health`` every 100 ms until the last upload
is answered. Reported: the probe's latency during the storm beside the same probe on the idle
server and on the peer (``oxigraph serve-read-only`` with the same quads, idle; it has no
upload path), how the uploads were answered (validated, or refused at once with 503 and
Retry-After because every validation slot was taken) and how long the storm lasted.
dutygraph runs with its defaults (2 workers, 4 threads each). Run:

    .venv/bin/python bench/bench_uploads.py [--uploads 50] [--megabytes 5]

It prints Markdown and writes bench/results/uploads.md.
"""

from __future__ import annotations

import argparse
import http.client
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_endpoint import load_oxigraph, percentile, with_values
from results_file import write_results

from dutygraph.resources import resource_dir
from dutygraph.sparql.catalog import catalog
from dutygraph.store.localservers import start


def records_file(megabytes: float) -> bytes:
    """The example records repeated to the size (a clerk's year pasted many times over)."""
    example = resource_dir("data") / "examples" / "records-2023-violations.csv"
    text = example.read_text(encoding="utf-8")
    header, *rows = text.splitlines()
    body, size = [header], len(header)
    while size < megabytes * 2**20:
        for row in rows:
            body.append(row)
            size += len(row.encode("utf-8")) + 1
    return ("\n".join(body) + "\n").encode("utf-8")


def send(port: int, method: str, path: str, body: bytes | None = None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    began = time.perf_counter()
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    response.read()
    conn.close()
    return response.status, time.perf_counter() - began, response.getheader("Retry-After")


def probe(port: int, path: str, k: int) -> tuple[int, float]:
    status, seconds, _ = send(port, "GET", f"{path}?query=" + quote(f"ASK {{ ?s ?p {k} }}"))
    return status, seconds


def idle(port: int, path: str, tries: int = 30) -> list[float]:
    return [probe(port, path, 10_000 + k)[1] for k in range(tries)]


def storm(port: int, uploads: int, data: bytes, clients: int) -> dict:
    """The uploads and the query clients at once, with the probe running until the end."""
    texts = [with_values(q, q.example) for q in catalog("cq").values()]
    done = threading.Event()
    probes: list[tuple[int, float]] = []
    health: list[tuple[int, float]] = []
    queries: Counter[int] = Counter()

    def prober() -> None:
        k = 0
        while not done.is_set():
            probes.append(probe(port, "/sparql", 20_000 + k))
            status, seconds, _ = send(port, "GET", "/health")
            health.append((status, seconds))
            k += 1
            time.sleep(0.1)

    def client(n: int) -> None:
        k = n
        while not done.is_set():
            text = texts[k % len(texts)]
            headers = {"Content-Type": "application/sparql-query", "Cache-Control": "no-cache"}
            queries[send(port, "POST", "/sparql", text.encode("utf-8"), headers)[0]] += 1
            k += clients

    def upload(_: int):
        headers = {"Content-Type": "text/csv"}
        return send(port, "POST", "/validate?year=2023&format=json", data, headers)

    background = [threading.Thread(target=prober)]
    background += [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in background:
        thread.start()
    time.sleep(0.5)
    began = time.perf_counter()
    with ThreadPoolExecutor(uploads) as pool:
        answers = list(pool.map(upload, range(uploads)))
    lasted = time.perf_counter() - began
    done.set()
    for thread in background:
        thread.join()
    return {
        "answers": answers,
        "lasted": lasted,
        "probes": probes,
        "health": health,
        "queries": queries,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uploads", type=int, default=50)
    parser.add_argument("--megabytes", type=float, default=5.0)
    parser.add_argument("--clients", type=int, default=8, help="query clients during the storm")
    args = parser.parse_args()
    data = records_file(args.megabytes)
    work = Path(tempfile.mkdtemp(prefix="dutygraph-bench-"))
    ours = start([], work / "dutygraph.log")
    port = int(ours.url.rsplit(":", 1)[1])
    peer, peer_port = load_oxigraph(work)
    try:
        peer_idle = idle(peer_port, "/query")
        ours_idle = idle(port, "/sparql")
        result = storm(port, args.uploads, data, args.clients)
        after = send(port, "GET", "/health")[0]
    finally:
        ours.stop()
        peer.terminate()
        peer.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)
    write_results("uploads", report(result, ours_idle, peer_idle, after, args, len(data)))
    return 0


def report(result: dict, ours_idle, peer_idle, after: int, args, size: int) -> list[str]:
    ms = lambda s: f"{s * 1000:.1f}"  # noqa: E731
    during = [seconds for _, seconds in result["probes"]]
    statuses = Counter(status for status, _, _ in result["answers"])
    busy = sum(1 for a in result["answers"] if a[0] == 503 and a[2])
    overran = sum(1 for a in result["answers"] if a[0] == 503 and not a[2])
    failed = [s for s, _ in result["probes"] + result["health"] if s != 200]
    reference = statistics.median(peer_idle)
    row = lambda name, xs: (  # noqa: E731
        f"| {name} | {len(xs)} | {ms(statistics.median(xs))} | {ms(percentile(xs, 0.99))} | "
        f"{ms(max(xs))} | {statistics.median(xs) / reference:.1f}× |"
    )
    return [
        f"{args.uploads} uploads of {size / 2**20:.1f} MB each to /validate at once, "
        f"{args.clients} query clients running; the storm lasted {result['lasted']:.1f} s.",
        "",
        "| trivial query (`ASK`) | tries | p50 ms | p99 ms | max ms | p50 / peer idle |",
        "|---|---:|---:|---:|---:|---:|",
        row("oxigraph serve, idle", peer_idle),
        row("dutygraph, idle", ours_idle),
        row("dutygraph, during the storm", during),
        "",
        "| what | count |",
        "|---|---:|",
        *(f"| uploads answered {status} | {n} |" for status, n in sorted(statuses.items())),
        f"| of which refused at once, every slot taken (503 with Retry-After) | {busy} |",
        f"| of which validated past the deadline (503, no Retry-After) | {overran} |",
        f"| probe or /health answers other than 200 | {len(failed)} |",
        *(f"| query clients' answers {s} | {n} |" for s, n in sorted(result["queries"].items())),
        f"| /health after the storm | {after} |",
    ]


if __name__ == "__main__":
    sys.exit(main())
