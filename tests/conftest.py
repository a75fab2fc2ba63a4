"""Shared fixtures: the bundled dataset is loaded once per session (it is read-only in tests)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "sources" / "niuxintuo-2023-25.txt"


@pytest.fixture(scope="session")
def bundled():
    """Ontology + bundled data as a Dataset (one named graph per file)."""
    from dutygraph.graphs import load_dataset

    return load_dataset()


@pytest.fixture(scope="session")
def seed_import():
    """A fresh import of the seed text (not the checked-in Turtle)."""
    from dutygraph.importer import import_file

    return import_file(SEED)
