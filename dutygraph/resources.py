"""Locate the bundled artefacts (ontology, data, shapes, queries) in a wheel or a checkout.

Why two places: the user fixed the top level of the repository (ontology/ data/ shapes/ …), and
pyproject.toml maps those folders under ``dutygraph/`` in the wheel. An editable install or a
plain checkout has them beside the package instead, so we look inside first, then beside.
"""

from __future__ import annotations

from pathlib import Path

KINDS = ("ontology", "data", "shapes", "queries")
_PACKAGE_DIR = Path(__file__).resolve().parent


def resource_dir(kind: str) -> Path:
    """The folder holding one kind of bundled artefact."""
    if kind not in KINDS:
        raise ValueError(f"unknown resource kind {kind!r}; expected one of {', '.join(KINDS)}")
    for candidate in (_PACKAGE_DIR / kind, _PACKAGE_DIR.parent / kind):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"bundled {kind}/ folder not found beside or inside {_PACKAGE_DIR}")


def ontology_files() -> list[Path]:
    """The TBox, the concept schemes and the alignments, in a stable order."""
    return sorted(resource_dir("ontology").glob("*.ttl"))


DATA_FOLDERS = ("glosses", "parents", "derivations")


def data_files() -> list[Path]:
    """The bundled data graphs: generated lists, glosses, parent documents, derivation links
    (not examples, which are illustrative and loaded only on request)."""
    root = resource_dir("data")
    files = sorted(root.glob("*.ttl"))
    for folder in DATA_FOLDERS:
        files += sorted((root / folder).glob("*.ttl"))
    return files
