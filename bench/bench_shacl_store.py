"""Benchmark: pySHACL over rdflib's memory store against pySHACL over an Oxigraph store.

The issue that asked for per-township validation expected pySHACL to run about 40 times faster
over an Oxigraph store (oxrdflib) than over rdflib's memory store. This measures it on our
shapes: the same prepared data graph (ontology + N towns' lists + their stored records + the run
node), validated with the same call, once in rdflib's ``Memory`` store and once in a
``Graph(store="Oxigraph")``. After one warm-up run (the SHACL-SPARQL parsed once for both),
each store gets three runs; the table gives the best and the worst. Needs a store with
generated towns:

    .venv/bin/dutygraph store /tmp/towns --synthetic 20
    .venv/bin/python bench/bench_shacl_store.py /tmp/towns [--towns 1 10]

It prints a Markdown table and writes bench/results/shacl-store.md.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from results_file import write_results


def main() -> int:
    from pyshacl import validate
    from rdflib import Graph

    from dutygraph.store.engine import Engine
    from dutygraph.validation.shacl import prepare, records_shapes
    from dutygraph.validation.townships import (
        stored_records,
        township_documents,
        validation_base,
    )

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--towns", type=int, nargs="+", default=[1, 10])
    args = parser.parse_args()
    engine = Engine.on_disk(args.store)
    towns = [d for d in township_documents(engine) if "/synthetic-town-" in str(d)]
    shapes = records_shapes()
    lines = [
        "| towns in one data graph | triples | rdflib memory best / worst s | Oxigraph store "
        "best / worst s | results (both) |",
        "| --- | --- | --- | --- | --- |",
    ]
    for count in args.towns:
        base, records = Graph(), Graph()
        for document in towns[:count]:
            base += validation_base(engine, document)
            records += stored_records(engine, document)
        data = prepare(base, [records], year=2023, as_of=date(2024, 12, 31))
        oxigraph = Graph(store="Oxigraph")
        for triple in data:
            oxigraph.add(triple)
        cells, found = [], set()
        validate(data, shacl_graph=shapes, inference="none", advanced=False)  # warm-up
        for graph in (data, oxigraph):
            runs = []
            for _ in range(3):
                began = time.perf_counter()
                _, results, _ = validate(
                    graph,
                    shacl_graph=shapes,
                    inference="none",
                    advanced=False,
                    allow_warnings=True,
                    allow_infos=True,
                    do_owl_imports=False,
                )
                runs.append(time.perf_counter() - began)
            found.add(len(results))
            cells.append(f"{min(runs):.2f} / {max(runs):.2f}")
        assert len(found) == 1, "both stores must give the same report"
        lines.append(f"| {count} | {len(data)} | {cells[0]} | {cells[1]} | {found.pop()} |")
    write_results("shacl-store", lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
