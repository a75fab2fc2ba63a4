"""The checked-in graph never drifts from what the importer makes of the checked-in source."""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path

from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import PROV

from dutygraph.importer.document import import_file
from dutygraph.namespace import DG, SOURCE

ROOT = Path(__file__).resolve().parents[1]
SOURCE_TXT = ROOT / "data" / "sources" / "niuxintuo-2023-25.txt"
BUNDLED = ROOT / "data" / "niuxintuo-2023-25.ttl"
SHARED = ROOT.parent / "shared" / "sources" / "niuxintuo-2023-25.txt"


def test_bundled_graph_is_what_the_importer_makes():
    bundled = Graph().parse(BUNDLED)
    stamp = next(bundled.objects(None, PROV.endedAtTime))
    fresh = import_file(SOURCE_TXT, generated_at=datetime.fromisoformat(str(stamp))).graph
    if not isomorphic(bundled, fresh):
        _, only_bundled, only_fresh = graph_diff(to_isomorphic(bundled), to_isomorphic(fresh))
        raise AssertionError(
            "data/niuxintuo-2023-25.ttl drifted from the importer; regenerate it (README). "
            f"only in file: {sorted(only_bundled)[:5]} only in fresh import: "
            f"{sorted(only_fresh)[:5]}"
        )


def test_source_copy_matches_the_reference_and_its_recorded_hash():
    data = SOURCE_TXT.read_bytes()
    if SHARED.exists():  # the reference copy beside the project, where CI has it
        assert data == SHARED.read_bytes()
    bundled = Graph().parse(BUNDLED)
    recorded = bundled.value(SOURCE["niuxintuo-2023-25.txt"], DG.sha256)
    assert str(recorded) == hashlib.sha256(data).hexdigest()
