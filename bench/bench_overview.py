"""Benchmark: the year's overview (township × duty matrix) from the on-disk store at scale.

The target (issue 15): the matrix for 1,000 townships from the on-disk store in under 2 s.
For each size, ``dutygraph store PATH --synthetic N`` builds the store (the bundled list plus
N generated towns, each with a year of records); then, in a fresh process (so the store is
opened cold):

* dutygraph: ``compute_overview`` (validation/overview.py: two whole-store queries and a fold
  in Python) cold, then warm over ``--rounds``; ``year_view`` (the matrix plus titles and
  records per month, what /overview and ``dutygraph report`` show); the XLSX and PDF writers.
* peer A, same run, same towns: per-township SHACL validation (validation/townships.validate,
  what ``dutygraph validate --store`` runs once per township), timed on ``--sample`` towns and
  scaled to N (one process; ``validate --store`` spreads it over the cores).
* peer B, same store: the same rows as two joined queries (the overview's first form, kept
  below) run by Oxigraph's own CLI (``oxigraph query --union-default-graph``, PyPI package
  ``oxigraph``), process start included: what the engine does with the joins itself, before
  any Python. The overview now reads one predicate per query and joins in Python, because
  every joined pattern is a random RocksDB lookup per row.

Run:  .venv/bin/python bench/bench_overview.py [--sizes 100 1000] [--rounds 5] [--sample 20]
It prints a Markdown table and writes bench/results/overview.md.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from results_file import write_results

from dutygraph.store.localservers import oxigraph_binary

YEAR, AS_OF = 2023, "2024-12-31"

# The overview's first form (validation/overview.py before the one-predicate scans): the
# township lists' measurable requirements, and every record with its role checked.
_REQUIREMENTS = """
PREFIX dg: <https://w3id.org/dutygraph/ontology#>
SELECT ?document ?duty ?code ?req ?type ?min ?deadline ?fixed ?offset ?kind WHERE {
  ?document a dg:DutyList ; dg:level dg:township .
  ?duty dg:inDocument ?document ; dg:hasRequirement ?req ; dg:code ?code .
  VALUES ?type { dg:MinimumCountRequirement dg:DeadlineRequirement dg:FixedDateRequirement }
  ?req a ?type .
  OPTIONAL { ?req dg:minimumCount ?min }
  OPTIONAL { ?req dg:deadline ?deadline }
  OPTIONAL { ?req dg:fixedDate ?fixed }
  OPTIONAL { ?req dg:deadlineYearOffset ?offset }
  OPTIONAL { ?req dg:activityKind ?kind }
}
"""

# Every record with its role checked: the named query behind one cell (queries/overview/
# cell-records.rq), run here with its parameters unbound, i.e. over every township list.
_RECORDS = (
    Path(__file__).resolve().parents[1] / "queries" / "overview" / "cell-records.rq"
).read_text(encoding="utf-8")


def build(size: int, path: Path) -> float:
    began = time.perf_counter()
    dutygraph = str(Path(sys.executable).parent / "dutygraph")
    subprocess.run(
        [dutygraph, "store", str(path), "--synthetic", str(size), "--force"],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - began


def measure_ours(path: str, rounds: int, sample: int) -> dict:
    """In this (fresh) process: open the store, the matrix cold and warm, the view, the files,
    and the per-township SHACL peer on a sample."""
    from datetime import date

    from dutygraph.namespace import DOC
    from dutygraph.store.engine import Engine
    from dutygraph.validation.overview import compute_overview
    from dutygraph.validation.synthetic import town_slug
    from dutygraph.validation.townships import validate as validate_township
    from dutygraph.validation.yearfiles import write_pdf, write_xlsx
    from dutygraph.validation.yearreport import year_view

    as_of = date.fromisoformat(AS_OF)
    began = time.perf_counter()
    engine = Engine.on_disk(Path(path))
    out: dict = {"open": time.perf_counter() - began}
    began = time.perf_counter()
    overview = compute_overview(engine, YEAR, as_of=as_of)
    out["cold"] = time.perf_counter() - began
    out["towns"] = len(overview.cells)
    out["cells"] = sum(len(r) for r in overview.cells.values())
    warm = []
    for _ in range(rounds):
        began = time.perf_counter()
        compute_overview(engine, YEAR, as_of=as_of)
        warm.append(time.perf_counter() - began)
    out["warm"], out["warm_max"] = statistics.median(warm), max(warm)
    began = time.perf_counter()
    view = year_view(engine, YEAR, as_of=as_of)
    out["view"] = time.perf_counter() - began
    for name, writer in (("xlsx", write_xlsx), ("pdf", write_pdf)):
        began = time.perf_counter()
        out[f"{name}_bytes"] = len(writer(view))
        out[name] = time.perf_counter() - began
    shacl = []
    for k in range(1, sample + 1):
        began = time.perf_counter()
        validate_township(engine, DOC[town_slug(k)], year=YEAR, as_of=as_of)
        shacl.append(time.perf_counter() - began)
    out["shacl_each"] = statistics.median(shacl[1:] or shacl)  # the first pays the imports
    out["shacl_total"] = out["shacl_each"] * out["towns"]
    return out


def measure_peer(path: Path, rounds: int) -> dict:
    """The overview's two queries on `oxigraph query`, process start included."""
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(rounds):
            began = time.perf_counter()
            for i, text in enumerate((_REQUIREMENTS, _RECORDS)):
                subprocess.run(
                    [
                        oxigraph_binary(),
                        "query",
                        "--location",
                        str(path),
                        "--query",
                        text,
                        "--union-default-graph",
                        "--results-file",
                        f"{tmp}/{i}.tsv",
                    ],
                    check=True,
                    capture_output=True,
                )
            times.append(time.perf_counter() - began)
    return {"peer": statistics.median(times)}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--sample", type=int, default=20)
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure_ours(args.measure, args.rounds, args.sample)))
        return 0
    rows = []
    with tempfile.TemporaryDirectory(prefix="dutygraph-overview-") as tmp:
        for size in args.sizes:
            path = Path(tmp) / f"store-{size}"
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
                        "--sample",
                        str(args.sample),
                    ],
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout
            )
            ours.update(measure_peer(path, args.rounds), size=size, built=built)
            rows.append(ours)
            print(json.dumps(ours), file=sys.stderr)
    lines = report(rows)
    write_results(
        "overview",
        lines,
        note=f"{args.rounds} warm rounds, SHACL peer on {args.sample} towns scaled to all",
    )
    return 0


def report(rows: list[dict]) -> list[str]:
    lines = [
        "| towns | cells | store built s | open s | matrix cold s | matrix warm s (median / max)"
        " | page view s | xlsx s | pdf s | peer A: SHACL per township s (× towns) | ratio A"
        " | peer B: `oxigraph query` the two queries s | ratio B |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in rows:
        lines.append(
            f"| {r['towns']} | {r['cells']} | {r['built']:.1f} | {r['open']:.2f} | {r['cold']:.2f}"
            f" | {r['warm']:.2f} / {r['warm_max']:.2f} | {r['view']:.2f} | {r['xlsx']:.2f}"
            f" | {r['pdf']:.2f} | {r['shacl_each']:.2f} ({r['shacl_total']:.0f})"
            f" | {r['shacl_total'] / r['warm']:.0f}× slower | {r['peer']:.2f}"
            f" | ours {r['warm'] / r['peer']:.2f}× the peer |"
        )
    lines += [
        "",
        "towns counts every township list in the store (the bundled one and the generated ones);"
        " cells are township × duty pairs with a measurable requirement. Ratio A: per-township"
        " SHACL validation of every town (one process) over our warm matrix; ratio B: our warm"
        " matrix (queries through pyoxigraph plus the fold in Python) over the two raw queries"
        " (the joined form) on Oxigraph's CLI.",
    ]
    return lines


if __name__ == "__main__":
    sys.exit(main())
