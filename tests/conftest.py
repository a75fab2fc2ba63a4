"""Shared fixtures. The bundled dataset (with the inferred graph, as users query it) is loaded
once per session; its build cache lives in a session temp folder, never in the user's home."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "sources" / "niuxintuo-2023-25.txt"


LIVE_FIXTURES = {"server", "remote", "oxigraph_server", "virtuoso"}
"""Fixtures that start a real server process: a test using one is marked ``live``."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark tests by what they need, so the fast loop can leave them out.

    ``browser``: drives Debian's chromium (tests/test_browser.py); ``live``: starts a server
    process (gunicorn, oxigraph serve); ``slow`` is set by hand on tests that build a wheel or
    a venv. The fast loop is ``pytest -m "not slow and not browser"``.
    """
    for item in items:
        if item.path.name == "test_browser.py":
            item.add_marker(pytest.mark.browser)
        if LIVE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.live)


@pytest.fixture(scope="session", autouse=True)
def _cache_dir(tmp_path_factory):
    """Point the build cache at a temp folder for the whole test session."""
    folder = tmp_path_factory.mktemp("cache")
    previous = os.environ.get("DUTYGRAPH_CACHE_DIR")
    os.environ["DUTYGRAPH_CACHE_DIR"] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop("DUTYGRAPH_CACHE_DIR", None)
    else:
        os.environ["DUTYGRAPH_CACHE_DIR"] = previous


@pytest.fixture(scope="session")
def bundled(_cache_dir):
    """Ontology + bundled data + the inferred graph, as a Dataset (one named graph per file)."""
    from dutygraph.graph.build import load

    return load()


@pytest.fixture(scope="session")
def asserted():
    """Ontology + bundled data without inferences."""
    from dutygraph.graph.files import load_dataset

    return load_dataset()


@pytest.fixture(scope="session")
def seed_import():
    """A fresh import of the seed text (not the checked-in Turtle)."""
    from dutygraph.importer.document import import_file

    return import_file(SEED)


@pytest.fixture(scope="session", params=["oxigraph", "rdflib"])
def server(request, tmp_path_factory, _cache_dir):
    """A live server per engine, with a short deadline so the timeout tests are quick."""
    from tests.live_server import start

    log = tmp_path_factory.mktemp("server") / f"{request.param}.log"
    live = start(
        ["--engine", request.param, "--timeout", "3", "--workers", "3", "--max-rows", "1000"], log
    )
    live.engine = request.param
    yield live
    live.stop()


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    """Debian's Virtuoso (virtuoso-opensource, installed by .ci/run) with an empty database in
    a temp folder, ports on loopback; skipped only where the binary is absent."""
    from tests.live_server import start_virtuoso, virtuoso_binary

    if virtuoso_binary() is None:
        pytest.skip("virtuoso-t not installed: apt-get install virtuoso-opensource")
    server = start_virtuoso(tmp_path_factory.mktemp("virtuoso"))
    yield server
    server.stop()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Expose each phase's report on the test item (the browser tests screenshot failures)."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
