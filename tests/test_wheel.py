"""`pip install .` (not editable) gives a working CLI with ontology, data, shapes and queries.

Slow (builds a wheel and a fresh venv) but it is the only test that catches a file left out of
the wheel, so CI runs it too.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
import venv
import zipfile
from pathlib import Path

import pytest

from tests.live_server import free_port

ROOT = Path(__file__).resolve().parents[1]
IGNORE = shutil.ignore_patterns(
    ".git",
    ".venv",
    "build",
    "dist",
    "*.egg-info",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    "artifacts",
    "node_modules",  # the built vendor files (and their stamp) are copied, so npm is not rerun
)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    src = work / "src"
    shutil.copytree(ROOT, src, ignore=IGNORE)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            "-w",
            str(work / "dist"),
            str(src),
        ],
        check=True,
    )
    (built,) = (work / "dist").glob("dutygraph-*.whl")
    return built


@pytest.mark.slow
def test_wheel_carries_artefacts_under_the_package(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    for needed in (
        "dutygraph/ontology/dutygraph.ttl",
        "dutygraph/data/niuxintuo-2023-25.ttl",
        "dutygraph/data/sources/niuxintuo-2023-25.txt",
        "dutygraph/data/glosses/niuxintuo-2023-25.en.ttl",
        "dutygraph/shapes/integrity.ttl",
        "dutygraph/queries/cq/measures-per-role.rq",
        "dutygraph/queries/entailment/prp-spo2.rq",
        "dutygraph/queries/consistency/prp-key.rq",
        "dutygraph/queries/cq/measures-per-role.srj",
        "dutygraph/queries/rules/resolve-quoted-titles.rq",
        "dutygraph/data/parents/provisions.ttl",
        "dutygraph/data/derivations/niuxintuo-2023-25.ttl",
        "dutygraph/server/app.py",
        "dutygraph/server/sparql.py",
        "dutygraph/server/templates/item.html",
        "dutygraph/server/static/vendor/yasgui.min.js",
        "dutygraph/server/static/vendor/yasgui.min.css",
    ):
        assert needed in names, f"{needed} missing from the wheel"
    top_level = {name.split("/")[0] for name in names}
    assert "server" not in top_level, "a generic top-level 'server' package would be installed"


@pytest.mark.slow
def test_fresh_venv_runs_the_cli(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / "bin"
    subprocess.run([str(bin_dir / "pip"), "install", "-q", str(wheel)], check=True)
    out = subprocess.run(
        [str(bin_dir / "dutygraph"), "stats", "--format", "json"],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert json.loads(out.stdout)["per_kind"]["Measure"] == 52
    out = subprocess.run(
        [str(bin_dir / "python"), "-m", "dutygraph", "show", "党委(21)"],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert "每年举办2期以上法治专题讲座" in out.stdout
    out = subprocess.run(
        [str(bin_dir / "dutygraph"), "check"], capture_output=True, text=True, cwd=tmp_path
    )
    assert out.returncode == 0, out.stdout + out.stderr
    # the main job: serve the bundled graph from the installed wheel and answer a named query
    port = free_port()
    server = subprocess.Popen(
        [str(bin_dir / "dutygraph"), "serve", "--port", str(port)],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "DUTYGRAPH_CACHE_DIR": str(tmp_path / "cache")},
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                url = f"http://127.0.0.1:{port}/queries/trace-up?code=party-21&format=csv"
                with urllib.request.urlopen(url, timeout=5) as response:
                    body = response.read().decode("utf-8")
                break
            except OSError:
                assert time.monotonic() < deadline, "the installed server never answered"
                time.sleep(0.5)
        assert "art_5/item_6" in body
    finally:
        server.terminate()
        server.wait(timeout=10)
