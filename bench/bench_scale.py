"""Benchmark: how load time, memory, named-query latency and validation grow with townships.

For each size (1, 10, 100, 1,000 synthetic towns beside the bundled list, each town with one
year of generated records), in fresh processes so memory is each one's own:

* dutygraph: ``dutygraph store`` (generation + bulk load) time, peak RSS and size on disk; the
  reopen time; the validation of one township-year on its slice (cold, then warm); p50/p99 of
  every named query (example parameters bound) on the embedded store as opened (RocksDB) and
  copied into RAM (``serve --store --memory``), with the copy's time and memory.
* peer, on the same quads: Oxigraph's own tools (PyPI package ``oxigraph``): ``oxigraph load``
  of the N-Quads dump, then ``oxigraph serve-read-only --union-default-graph`` answering the
  same query texts (parameters as a trailing VALUES block) over HTTP; its peak RSS (VmHWM).

The peer answers over HTTP, dutygraph in process: the peer's latencies include a loopback round
trip (about 1 ms, see bench_endpoint.py for the endpoint against endpoint comparison). Run:

    .venv/bin/python bench/bench_scale.py [--sizes 1 10 100 1000] [--rounds 10]

It prints Markdown tables and writes bench/results/scale.md.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench_endpoint import call
from results_file import write_results

from dutygraph.store.localservers import oxigraph_binary, start_oxigraph


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def build(size: int, path: Path) -> dict:
    """In a fresh process: `dutygraph store PATH --synthetic size`."""
    began = time.perf_counter()
    subprocess.run(
        [
            str(Path(sys.executable).parent / "dutygraph"),
            "store",
            str(path),
            "--synthetic",
            str(size),
        ],
        check=True,
        capture_output=True,
    )
    seconds = time.perf_counter() - began
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    disk = sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20
    return {"seconds": seconds, "rss_mb": rss, "disk_mb": disk}


def measure_ours(path: str, rounds: int) -> dict:
    """In this (fresh) process: reopen, every named query on the store as opened (RocksDB) and
    copied into RAM (``serve --store --memory``), one township-year's validation."""
    from datetime import date

    from dutygraph.namespace import DOC
    from dutygraph.store.engine import Engine
    from dutygraph.validation.townships import validate as validate_township

    began = time.perf_counter()
    engine = Engine.on_disk(Path(path))
    out: dict = {"reopen": time.perf_counter() - began, "quads": len(engine)}
    town = DOC["synthetic-town-0001"]
    runs = []
    for _ in range(4):
        t = time.perf_counter()
        report = validate_township(engine, town, year=2023, as_of=date(2024, 12, 31))
        runs.append(time.perf_counter() - t)
    out["validation"] = {"cold": runs[0], "warm": min(runs[1:]), "entries": len(report.entries)}
    out["disk"] = _queries(engine, rounds)
    out["rss_disk_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    began = time.perf_counter()
    memory = Engine.on_disk(Path(path), memory=True)
    out["to_ram"] = time.perf_counter() - began
    out["memory"] = _queries(memory, rounds)
    out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def _queries(engine, rounds: int) -> dict:
    from dutygraph.sparql.catalog import answer, catalog

    out = {}
    for name, query in sorted(catalog("cq").items()):
        times = []
        for _ in range(rounds):
            t = time.perf_counter()
            result = answer(engine, query, query.example, max_rows=None)
            times.append(time.perf_counter() - t)
        out[name] = {"p50": percentile(times, 0.5), "p99": percentile(times, 0.99),
                     "rows": len(result.rows)}  # fmt: skip
    return out


def measure_peer(path: Path, work: Path, rounds: int) -> dict:
    """Dump our quads, `oxigraph load` them, serve read-only, run the same texts."""
    import pyoxigraph as ox

    from dutygraph.guard.querycheck import bind_as_values
    from dutygraph.rdfterms import PREFIXES
    from dutygraph.sparql.catalog import catalog

    declared = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())

    dump = work / "dump.nq"
    ox.Store.read_only(str(path)).dump(str(dump), ox.RdfFormat.N_QUADS)
    peer_store = work / "peer"
    began = time.perf_counter()
    subprocess.run(
        [oxigraph_binary(), "load", "--location", str(peer_store), "--file", str(dump)],
        check=True,
        capture_output=True,
    )
    load_seconds = time.perf_counter() - began
    process, url = start_oxigraph(peer_store, read_only=True)
    port = int(url.rsplit(":", 1)[1])
    out: dict = {"load": load_seconds, "queries": {}}
    try:
        for name, query in sorted(catalog("cq").items()):
            # exactly the text dutygraph evaluates: parameters as the same VALUES blocks
            text = declared + bind_as_values(query.text, query.bind(query.example))
            times = []
            for _ in range(rounds):
                try:
                    times.append(call(port, "/query", text))
                except TimeoutError:  # recorded, not fatal: the peer gets 60 s a query
                    times.append(float("inf"))
                    break
            out["queries"][name] = {"p50": percentile(times, 0.5), "p99": percentile(times, 0.99)}
        status = Path(f"/proc/{process.pid}/status").read_text()
        out["rss_mb"] = int(status.split("VmHWM:")[1].split()[0]) / 1024
    finally:
        process.kill()
        process.wait()
    dump.unlink()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 100, 1000])
    parser.add_argument("--rounds", type=int, default=10, help="runs per query and size")
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # internal: one fresh process
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure_ours(args.measure, args.rounds)))
        return 0
    rows = {}
    for size in args.sizes:
        work = Path(tempfile.mkdtemp(prefix=f"dg-scale-{size}-"))
        try:
            path = work / "store"
            built = build(size, path)
            ours = json.loads(
                subprocess.run(
                    [
                        sys.executable,
                        __file__,
                        "--measure",
                        str(path),
                        "--rounds",
                        str(args.rounds),
                    ],
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout
            )
            peer = measure_peer(path, work, args.rounds)
            rows[size] = (built, ours, peer)
            print(f"{size} towns done: {ours['quads']} quads", file=sys.stderr, flush=True)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    write_results("scale", report(rows), note=f"{args.rounds} runs per query")
    return 0


def report(rows: dict) -> list[str]:
    sizes = sorted(rows)
    ms = lambda s: "timeout" if s == float("inf") else f"{s * 1000:.0f}"  # noqa: E731
    lines = [
        "| towns | quads | `dutygraph store` s | peer `oxigraph load` s | disk MB | store peak "
        "RSS MB | reopen s | copy to RAM s | RSS after copy MB | peer server RSS MB | one "
        "township-year validation cold / warm s |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for size in sizes:
        built, ours, peer = rows[size]
        lines.append(
            f"| {size} | {ours['quads']} | {built['seconds']:.1f} | {peer['load']:.1f} | "
            f"{built['disk_mb']:.0f} | {built['rss_mb']:.0f} | {ours['reopen']:.2f} | "
            f"{ours['to_ram']:.1f} | {ours['rss_mb']:.0f} | {peer['rss_mb']:.0f} | "
            f"{ours['validation']['cold']:.2f} / {ours['validation']['warm']:.2f} |"
        )
    lines += [
        "",
        "Named queries, p50 / p99 in ms: dutygraph on the store as opened (RocksDB) · dutygraph "
        "with the store copied to RAM (`--memory`) · peer `oxigraph serve-read-only` over HTTP.",
        "",
        "| query | " + " | ".join(f"{s} towns" for s in sizes) + " |",
        "| --- | " + " | ".join("---" for _ in sizes) + " |",
    ]
    for name in sorted(rows[sizes[0]][1]["disk"]):
        cells = []
        for size in sizes:
            _, ours, peer = rows[size]
            parts = [ours["disk"][name], ours["memory"][name], peer["queries"][name]]
            cells.append(" · ".join(f"{ms(p['p50'])}/{ms(p['p99'])}" for p in parts))
        lines.append(f"| `{name}` | " + " | ".join(cells) + " |")
    for mode in ("disk", "memory"):
        worst = {s: max(rows[s][1][mode].items(), key=lambda kv: kv[1]["p99"]) for s in sizes}
        lines += ["", f"Slowest named query (p99), {mode}: " + "; ".join(
            f"{s} towns: `{n}` {v['p99']:.2f} s" for s, (n, v) in worst.items())]  # fmt: skip
    return lines


if __name__ == "__main__":
    sys.exit(main())
