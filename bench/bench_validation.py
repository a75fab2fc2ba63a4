"""Benchmark: validating fulfilment records, and how time and memory grow with records and towns.

Two paths, as users run them:

* one file, one township (``dutygraph validate FILE``): 200 to 130,000 rows checked in one run
  against the township's list. Peer, measured in the same run on the same data and shapes:
  pySHACL's own ``validate(..., inference="rdfs")`` on rdflib alone, which is what a setup
  without a build step does (``inference="owlrl"`` did not finish in 600 s on one town-year:
  owlrl's prp-key defect merges every provision of a document). dutygraph runs the same shapes
  with pySHACL twice: the SHACL-SPARQL shapes on an Oxigraph view, the Core shapes on rdflib
  (validation/shacl.py); the tests check both give the same report on every shape case.
* a store of many townships (``dutygraph validate --store``): T towns × 200 records, each
  township on its own slice, in 1 and 2 worker processes. Peer: the same slices, each checked
  by the reference run (pySHACL on rdflib alone), one process.

Each one-file measurement runs in a fresh subprocess, so its peak RSS (ru_maxrss) is its own:
"cold" is the first validation in that process (parsing the constraint queries included),
"warm" the best of the following runs. Synthetic data only. Run:

    .venv/bin/python bench/bench_validation.py [--quick]

It prints Markdown tables and writes them to bench/results/validation.md (``--part file`` or
``--part store``: validation-file.md or validation-store.md).
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import random
import resource
import subprocess
import sys
import time
from datetime import date, timedelta
from functools import partial

from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS
from results_file import write_results

from dutygraph.graph.files import load_dataset, union_graph
from dutygraph.namespace import DG, DOC
from dutygraph.validation.shacl import prepare, run_shapes, validate_records

SEED_SLUG = "niuxintuo-2023-25"
REQUIRED = {"party-1": 2, "party-21": 3, "party-22": 2, "gov-22": 2, "discipline-1": 1}
ROLE = {"party": DG.partyLeader, "gov": DG.govLeader}


def towns(base: Graph, count: int) -> Graph:
    """The ontology + ``count`` copies of the township list under distinct document IRIs."""
    prefix = str(DOC[SEED_SLUG])
    out = Graph()
    for s, p, o in base:
        if not (str(s).startswith(prefix) or str(o).startswith(prefix)):
            out.add((s, p, o))
    for k in range(count):
        slug = SEED_SLUG if k == 0 else f"synthetic-town-{k:04d}"
        swap = partial(_swap, prefix=prefix, target=str(DOC[slug]))
        for s, p, o in base:
            if str(s).startswith(prefix) or str(o).startswith(prefix):
                out.add((swap(s), p, swap(o)))
    return out


def _swap(node, *, prefix: str, target: str):
    """The node moved from the seed document's IRIs to another town's."""
    if isinstance(node, URIRef) and str(node).startswith(prefix):
        return URIRef(str(node).replace(prefix, target, 1))
    return node


def records(town_count: int, per_town: int, seed: int = 7) -> Graph:
    """``per_town`` records a town for 2023 (plus the 政府(3) report and publication in 2024)."""
    rng = random.Random(seed)
    graph = Graph()
    duties = [f"party-{n}" for n in range(1, 26) if n != 23] + [f"gov-{n}" for n in range(1, 29)]
    for k in range(town_count):
        slug = SEED_SLUG if k == 0 else f"synthetic-town-{k:04d}"
        batch = URIRef(f"https://w3id.org/dutygraph/record/bench-{k}")
        graph.add((batch, DCTERMS.title, Literal(f"bench {k}")))
        plan = [(code, n) for code, n in REQUIRED.items()]
        plan += [("gov-3", 1), ("gov-24", 1)]
        plan += [(rng.choice(duties), 1) for _ in range(per_town - sum(n for _, n in plan))]
        row = 1
        for code, n in plan:
            for i in range(n):
                row += 1
                _record(graph, batch, slug, code, row, i, rng)
    return graph


def _record(
    graph: Graph, batch: URIRef, slug: str, code: str, row: int, i: int, rng: random.Random
) -> None:
    node = URIRef(f"{batch}/row-{row}")
    day = date(2023, 1, 1) + timedelta(days=rng.randrange(0, 330))
    text = {
        "party-1": "党委会议听取法治建设工作汇报",
        "party-21": "法治专题讲座",
        "party-22": "召开法治建设委员会会议",
        "gov-22": "法治专题讲座",
        "discipline-1": "年终述职",
        "gov-24": "国家宪法日集中宣传活动",
    }.get(code, "工作")
    if code == "gov-24":
        day = date(2023, 12, 4)
    if code == "gov-3":
        day, text = date(2024, 2, 20), "报告2023年度法治政府建设情况"
    graph.add((node, RDF.type, DG.FulfilmentRecord))
    graph.add((node, DG.fulfils, DOC[f"{slug}/{code}"]))
    graph.add((node, DG.date, Literal(day.isoformat(), datatype=XSD.date)))
    graph.add((node, DG.description, Literal(f"{text} {i}", lang="zh")))
    role = DG.partyLeader if code.startswith(("party", "discipline")) else DG.govLeader
    graph.add((node, DG.responsibleRole, role))
    evidence = URIRef(f"{node}/evidence")
    graph.add((node, DG.hasEvidence, evidence))
    graph.add((evidence, RDF.type, DG.Evidence))
    graph.add((evidence, DG.reference, Literal(f"牛委办〔2023〕{row}号")))
    graph.add((node, DG.sourceRow, Literal(row)))
    graph.add((node, DCTERMS.source, batch))


def measure(engine: str, town_count: int, per_town: int, repeat: int) -> dict:
    """One engine at one scale, in this process: cold and warm seconds, peak RSS."""
    base = union_graph(load_dataset())
    data_towns = towns(base, town_count)
    recs = records(town_count, per_town) if engine != "dutygraph" else None
    triples = len(data_towns) + len(recs if recs is not None else records(town_count, per_town))
    times = []
    for _ in range(repeat + 1):
        if engine == "dutygraph":  # as the CLI runs: the file's records are the run's own
            recs = fresh = None
            gc.collect()
            fresh = records(town_count, per_town)  # regenerated (same seed): one copy alive
            run = partial(
                validate_records,
                data_towns,
                [fresh],
                year=2023,
                as_of=date(2024, 6, 1),
                owned=True,
            )
        else:
            data = prepare(data_towns, [recs], year=2023, as_of=date(2024, 6, 1))
            run = partial(run_shapes, data, inference="rdfs")
        gc.collect()
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
        del run
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "cold": times[0],
        "warm": min(times[1:]) if len(times) > 1 else times[0],
        "rss_mib": rss,
        "triples": triples,
    }


CHILD_TIMEOUT = 600


def _child(engine: str, town_count: int, per_town: int, repeat: int) -> dict | None:
    """One measurement in a fresh process; None when it does not finish in CHILD_TIMEOUT s."""
    try:
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "--one",
                engine,
                str(town_count),
                str(per_town),
                str(repeat),
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=CHILD_TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        return None
    return json.loads(out.stdout.strip().splitlines()[-1])


def store_run(path: str, workers: int, engine: str) -> dict:
    """Every township of the store at ``path`` validated for 2023; seconds and peak RSS of this
    process and its workers."""
    from pathlib import Path

    from dutygraph.store.engine import Engine
    from dutygraph.validation.townships import (
        stored_records,
        township_documents,
        validate_townships,
        validation_base,
    )

    start = time.perf_counter()
    if engine == "dutygraph":
        results = validate_townships(Path(path), year=2023, as_of=date(2024, 6, 1), workers=workers)
        count, records_n = len(results), sum(r.records for r in results)
    else:
        store = Engine.on_disk(Path(path))
        count = records_n = 0
        for document in township_documents(store):
            base, recs = validation_base(store, document), stored_records(store, document)
            run_shapes(prepare(base, [recs], year=2023, as_of=date(2024, 6, 1)), inference="rdfs")
            count += 1
            records_n += len(set(recs.subjects(RDF.type, DG.FulfilmentRecord)))
    seconds = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"seconds": seconds, "towns": count, "records": records_n, "rss_mib": max(own, kids)}


def _store(towns_n: int, rows: int) -> str:
    """A store of ``towns_n`` synthetic towns (plus the seed) with ``rows`` records each."""
    import tempfile

    path = tempfile.mkdtemp(prefix=f"bench-validation-{towns_n}-")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "dutygraph",
            "store",
            f"{path}/store",
            "--synthetic",
            str(towns_n),
            "--synthetic-rows",
            str(rows),
            "--force",
        ],
        check=True,
        capture_output=True,
    )
    return f"{path}/store"


def _store_child(path: str, workers: int, engine: str) -> dict | None:
    try:
        out = subprocess.run(
            [sys.executable, __file__, "--store-run", path, str(workers), engine],
            capture_output=True,
            text=True,
            check=True,
            timeout=CHILD_TIMEOUT * 3,
        )
    except subprocess.TimeoutExpired:
        return None
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes")
    parser.add_argument(
        "--one", nargs=4, metavar=("ENGINE", "TOWNS", "PER_TOWN", "REPEAT"), help=argparse.SUPPRESS
    )
    parser.add_argument("--store-run", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument(
        "--part", choices=("all", "file", "store"), default="all", help="which table to measure"
    )
    args = parser.parse_args()
    if args.one:
        engine, towns_n, per_town, repeat = args.one
        print(json.dumps(measure(engine, int(towns_n), int(per_town), int(repeat))))
        return 0
    if args.store_run:
        path, workers, engine = args.store_run
        print(json.dumps(store_run(path, int(workers), engine)))
        return 0
    lines: list[str] = []
    if args.part in ("all", "file"):
        lines += _one_file(
            [200, 2000, 20000] if args.quick else [200, 1000, 2000, 5000, 20000, 130000],
            peer_up_to=2000 if args.quick else 20000,
        )
    if args.part in ("all", "store"):
        lines += ["", *_stores([10] if args.quick else [100, 1000], peer_up_to=100)]
    write_results("validation" if args.part == "all" else f"validation-{args.part}", lines)
    return 0


def _one_file(sizes: list[int], peer_up_to: int) -> list[str]:
    lines = [
        "One file, one township (`dutygraph validate FILE`):",
        "",
        "| records | triples | dutygraph warm s | dutygraph cold s | dutygraph MiB | peer warm s "
        "| peer MiB | peer / dutygraph (warm) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    measured: list[tuple[int, float]] = []
    for per_town in sizes:
        repeat = 3 if per_town <= 2000 else 1 if per_town <= 20000 else 0  # 130,000: once
        ours = _child("dutygraph", 1, per_town, repeat)
        if ours is None:
            lines.append(f"| {per_town} | – | did not finish in {CHILD_TIMEOUT} s | | | | | |")
            print(lines[-1], flush=True)
            continue
        measured.append((per_town, ours["warm"]))
        peer = _child("peer", 1, per_town, repeat) if per_town <= peer_up_to else None
        peer_cells = (
            f"{peer['warm']:.2f} | {peer['rss_mib']:.0f} | {peer['warm'] / ours['warm']:.1f}×"
            if peer
            else "– | – | –"
        )
        lines.append(
            f"| {per_town} | {ours['triples']} | {ours['warm']:.2f} | {ours['cold']:.2f} | "
            f"{ours['rss_mib']:.0f} | {peer_cells} |"
        )
        print(lines[-1], flush=True)
    lines += ["", _growth(measured)]
    print(lines[-1], flush=True)
    return lines


def _stores(sizes: list[int], peer_up_to: int) -> list[str]:
    lines = [
        "A store of townships (`dutygraph validate --store`), 200 records a town, each town on "
        "its own slice:",
        "",
        "| towns | records | dutygraph 1 worker s | dutygraph 2 workers s | ms a town (2 workers) "
        "| peak MiB | peer 1 process s | peer / dutygraph (1 worker) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    measured: list[tuple[int, float]] = []
    for towns_n in sizes:
        path = _store(towns_n, 200)
        one = _store_child(path, 1, "dutygraph")
        two = _store_child(path, 2, "dutygraph")
        peer = _store_child(path, 1, "peer") if towns_n <= peer_up_to else None
        if one is None or two is None:
            lines.append(f"| {towns_n} | – | did not finish | | | | | |")
            continue
        peer_cells = (
            f"{peer['seconds']:.1f} | {peer['seconds'] / one['seconds']:.1f}×" if peer else "– | –"
        )
        per_town = 1000 * two["seconds"] / two["towns"]
        peak = max(one["rss_mib"], two["rss_mib"])
        lines.append(
            f"| {two['towns']} | {two['records']} | {one['seconds']:.1f} | {two['seconds']:.1f} "
            f"| {per_town:.0f} | {peak:.0f} | {peer_cells} |"
        )
        print(lines[-1], flush=True)
        measured.append((two["records"], two["seconds"]))
    lines += ["", _growth(measured, "2-worker seconds")]
    print(lines[-1], flush=True)
    return lines


def _growth(measured: list[tuple[int, float]], what: str = "warm seconds") -> str:
    """The exponent k of time ~ records^k, fitted by least squares on log-log: 1 is linear."""
    points = [(math.log(n), math.log(s)) for n, s in measured if s > 0]
    if len(points) < 2:
        return "growth exponent: not enough points"
    mx = sum(x for x, _ in points) / len(points)
    my = sum(y for _, y in points) / len(points)
    k = sum((x - mx) * (y - my) for x, y in points) / sum((x - mx) ** 2 for x, _ in points)
    runs = len(points)
    return f"growth exponent ({what} against records, log-log fit, {runs} runs): {k:.2f}"


if __name__ == "__main__":
    sys.exit(main())
