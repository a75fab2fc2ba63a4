"""Benchmark: validating fulfilment records, and how time and memory grow with records and towns.

Peer, measured in the same run on the same data: pySHACL's own ``validate(...,
inference="owlrl")``, i.e. a full OWL 2 RL closure on every call, which is what a naive setup
does and what issue 4 rules out. dutygraph validates with ``inference="none"`` (sh:class
follows the ontology's subClassOf triples) and a parse cache for the SHACL-SPARQL.

Synthetic data only: towns are copies of the bundled list under other document IRIs; records are
generated per town-year (about 200, meeting every requirement). Run:

    .venv/bin/python bench/bench_validation.py [--quick]

It prints a Markdown table (also written to bench/results/validation.md). Timings are wall-clock
seconds, best of N runs; memory is the tracemalloc peak of one run.
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import time
import tracemalloc
from datetime import date, timedelta
from functools import partial
from pathlib import Path

from pyshacl import validate
from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from dutygraph.graphs import load_dataset, union_graph
from dutygraph.namespace import DG, DOC
from dutygraph.validation import prepare, records_shapes, validate_records

RESULTS = Path(__file__).parent / "results"
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


def _best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def _peak_mib(fn) -> float:
    gc.collect()
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, one repeat")
    args = parser.parse_args()
    base = union_graph(load_dataset())
    scales = (
        [(1, 200), (1, 2000), (10, 200)]
        if args.quick
        else [(1, 200), (1, 2000), (1, 20000), (10, 200), (100, 200)]
    )
    peer_max_records = 2000
    repeat = 1 if args.quick else 3
    lines = [
        "| towns | records | triples | dutygraph s | dutygraph MiB | peer (pySHACL "
        "inference=owlrl) s | peer MiB | peer / dutygraph |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    records_shapes()  # parsed once per process, as in a server or a CLI run
    for town_count, per_town in scales:
        data_towns = towns(base, town_count)
        recs = records(town_count, per_town)
        run = partial(validate_records, data_towns, [recs], year=2023, as_of=date(2024, 6, 1))
        run()  # warm: the parse cache holds the constraint queries after the first run
        ours = _best(run, repeat)
        ours_mem = _peak_mib(run)
        peer, peer_mem, ratio = "–", "–", "–"
        if town_count * per_town <= peer_max_records:
            data = prepare(data_towns, [recs], year=2023, as_of=date(2024, 6, 1))
            shapes = records_shapes()
            # the peer differs from dutygraph's own call only in running OWL RL first
            peer_run = partial(
                validate,
                data,
                shacl_graph=shapes,
                inference="owlrl",
                advanced=False,
                allow_warnings=True,
                allow_infos=True,
                do_owl_imports=False,
            )
            peer_s = _best(peer_run, 1)
            peer, peer_mem = f"{peer_s:.2f}", f"{_peak_mib(peer_run):.0f}"
            ratio = f"{peer_s / ours:.1f}×"
        triples = len(data_towns) + len(recs)
        lines.append(
            f"| {town_count} | {town_count * per_town} | {triples} | {ours:.2f} | "
            f"{ours_mem:.0f} | {peer} | {peer_mem} | {ratio} |"
        )
        print(lines[-1], flush=True)
    table = "\n".join(lines)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "validation.md").write_text(
        f"Python {sys.version.split()[0]}, {time.strftime('%Y-%m-%d')}\n\n{table}\n",
        encoding="utf-8",
    )
    print(table)
    print(
        "cold start (first run in a process, includes parsing the shapes' SPARQL): "
        f"{_cold(base):.2f} s"
    )
    return 0


def _cold(base: Graph) -> float:
    """One town-year in a fresh interpreter state is approximated by clearing the parse cache."""
    from dutygraph.sparql_cache import _translated

    _translated.cache_clear()
    recs = records(1, 200)
    start = time.perf_counter()
    validate_records(base, [recs], year=2023, as_of=date(2024, 6, 1))
    return time.perf_counter() - start


if __name__ == "__main__":
    sys.exit(main())
