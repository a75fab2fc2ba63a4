"""Benchmark: the build's reasoning as lists are added, per-list rules against owlrl at once.

dutygraph (``build.infer``): owlrl closes the shared graphs (ontology, alignments, parent
register) once, then the SPARQL entailment rules close each list on Oxigraph. Peer, on the same
asserted graphs in the same run: owlrl over everything at once (``build.infer_with_owlrl``, what
the build did before). Lists are the bundled list plus generated towns (asserted triples only).
Each size runs in a fresh process so its peak RSS is its own. Run:

    .venv/bin/python bench/bench_build.py [--sizes 1 3 10 30] [--peer-up-to 10]

It prints a Markdown table and writes bench/results/build.md.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from results_file import write_results


def measure(lists: int, which: str) -> dict:
    from dutygraph.graph.build import infer, infer_with_owlrl
    from dutygraph.graph.files import load_dataset
    from dutygraph.validation.synthetic import add_towns

    dataset = load_dataset()
    if lists > 1:
        add_towns(dataset, lists - 1)
    began = time.perf_counter()
    inferred, problems = (infer if which == "rules" else infer_with_owlrl)(dataset)
    return {
        "seconds": time.perf_counter() - began,
        "triples": len(inferred),
        "problems": len(problems),
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 3, 10, 30])
    parser.add_argument("--peer-up-to", type=int, default=10, help="largest size for owlrl")
    parser.add_argument("--measure", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(int(args.measure[0]), args.measure[1])))
        return 0
    lines = [
        "| lists | dutygraph s | dutygraph s per list | inferred triples | peak RSS MB | "
        "peer owlrl s | peer RSS MB | ratio |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for size in args.sizes:
        runs = {}
        for which in ("rules", "owlrl"):
            if which == "owlrl" and size > args.peer_up_to:
                continue
            out = subprocess.run(
                [sys.executable, __file__, "--measure", str(size), which],
                check=True, capture_output=True, text=True,
            ).stdout  # fmt: skip
            runs[which] = json.loads(out)
        ours, peer = runs["rules"], runs.get("owlrl")
        if peer is not None:
            assert peer["triples"] == ours["triples"], "the two must infer the same triples"
        lines.append(
            f"| {size} | {ours['seconds']:.1f} | {ours['seconds'] / size:.2f} | "
            f"{ours['triples']} | {ours['rss_mb']:.0f} | "
            + (
                f"{peer['seconds']:.1f} | {peer['rss_mb']:.0f} | "
                f"{peer['seconds'] / ours['seconds']:.1f}× |"
                if peer
                else "not run | | |"
            )
        )
        print(lines[-1], file=sys.stderr, flush=True)
    write_results("build", lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
