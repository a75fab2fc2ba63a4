"""The package's rooms and the directions imports may take between them.

The core never imports Flask; the web layer is installed under the dutygraph name; each room
(sub-package) imports only the rooms below it in the order the data flows, and opens with a
docstring that says what it owns and what it may import.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "dutygraph"

# Lowest first. The base modules (errors, namespace, rdfterms, resources, codes) sit under every
# room; cli and the web layer (server/) sit above every room.
ROOMS = [
    "guard",
    "importer",
    "store",
    "sparql",
    "graph",
    "trace",
    "records",
    "validation",
    "keeping",
]
BASE = "base"
TOP = "top"


def core_modules() -> list[str]:
    """Every module of the core package, rooms included (the server subpackage excluded)."""
    import pkgutil

    import dutygraph

    return [
        m.name
        for m in pkgutil.walk_packages(dutygraph.__path__, prefix="dutygraph.")
        if not m.name.startswith("dutygraph.server") and m.name != "dutygraph.__main__"
    ]


def test_core_does_not_import_flask():
    assert len(core_modules()) > 40
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in core_modules())
        + "print('flask' in sys.modules or 'werkzeug' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_server_is_mapped_under_the_package():
    import dutygraph.server

    assert dutygraph.server.__name__ == "dutygraph.server"
    assert dutygraph.server.__doc__


def room_of(module: str) -> str:
    """The room a dotted module name belongs to: a room, BASE or TOP (cli, server)."""
    parts = module.split(".")
    if len(parts) < 2:
        return BASE  # ``from dutygraph import __version__``
    if parts[1] in ROOMS:
        return parts[1]
    if parts[1] in ("cli", "server", "__main__", "__init__"):
        return TOP
    return BASE


def rank(room: str) -> int:
    return -1 if room == BASE else len(ROOMS) if room == TOP else ROOMS.index(room)


def imports_of(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module) for every dutygraph import in one file, lazy ones included."""
    rel = path.relative_to(ROOT).with_suffix("").parts
    package = list(rel[:-1])  # a module and a package's __init__ resolve "." alike
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
                if node.module is None:  # from . import a  -> each name may be a module
                    found += [(node.lineno, f"{target}.{a.name}") for a in node.names]
                    continue
            else:
                target = node.module or ""
            if target.startswith("dutygraph"):
                found.append((node.lineno, target))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("dutygraph")]
    return found


def core_files() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", core_files(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_go_down_the_rooms(path: Path):
    here = room_of(".".join(path.relative_to(ROOT).with_suffix("").parts))
    wrong = [
        f"line {line}: {target} ({room_of(target)})"
        for line, target in imports_of(path)
        if room_of(target) != here and rank(room_of(target)) > rank(here)
    ]
    assert not wrong, f"{path.relative_to(ROOT)} ({here}) imports upward: {wrong}"


def test_the_check_catches_an_upward_import(tmp_path):
    """The rooms test can fail: a guard module importing validation is reported."""
    assert rank(room_of("dutygraph.validation.shacl")) > rank(room_of("dutygraph.guard.x"))
    assert room_of("dutygraph.errors") == BASE
    assert room_of("dutygraph.cli") == TOP


@pytest.mark.parametrize("room", ROOMS)
def test_each_room_says_what_it_owns_and_may_import(room: str):
    doc = ast.get_docstring(ast.parse((PACKAGE / room / "__init__.py").read_text()))
    assert doc and "May import" in doc
    assert all(
        part.name == "__init__.py" or part.suffix == ".py"
        for part in (PACKAGE / room).iterdir()
        if part.is_file()
    )


def test_no_flat_modules_beyond_the_base():
    """A new module goes into a room; only the shared base and the entry points stay flat."""
    flat = {p.stem for p in PACKAGE.glob("*.py")}
    assert flat <= {
        "__init__",
        "__main__",
        "cli",
        "errors",
        "namespace",
        "rdfterms",
        "resources",
        "codes",
    }


@pytest.mark.parametrize(
    ("module", "must_not_load"),
    [
        ("dutygraph.graph.build", "dutygraph.guard.isolation"),  # reasoning needs no fork sandbox
        ("dutygraph.graph.entailment", "dutygraph.guard.isolation"),
        ("dutygraph.records.reader", "dutygraph.graph.lookup"),  # reading needs no tracing lookup
        ("dutygraph.records.reader", "dutygraph.trace.walk"),
        ("dutygraph.store.diskstore", "dutygraph.store.engine"),  # the old engine-diskstore circle
    ],
)
def test_a_module_does_not_drag_in(module: str, must_not_load: str):
    code = f"import sys, {module}; print({must_not_load!r} in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False", f"importing {module} loads {must_not_load}"


def test_no_blueprint_imports_the_app_module():
    """Blueprints take shared state from server/state.py, so app.py and they form no circle."""
    server = ROOT / "server"
    for path in server.glob("*.py"):
        if path.name in ("app.py", "runner.py"):
            continue
        text = path.read_text(encoding="utf-8")
        assert "from .app import" not in text, path.name


def test_no_blueprint_imports_another_blueprint():
    """Shared server code lives in modules of its own (state, guarded, uploads, protocol …),
    so no blueprint module imports another one."""
    server = ROOT / "server"
    blueprints = {
        p.stem for p in server.glob("*.py") if "Blueprint(" in p.read_text(encoding="utf-8")
    }
    assert {"sparql", "named", "validate", "pages", "health"} <= blueprints
    for name in blueprints:
        for _, target in imports_of(server / f"{name}.py"):
            if target.startswith("server."):  # our own modules, not dutygraph.sparql & co.
                assert target.removeprefix("server.") not in blueprints - {name}, (name, target)
