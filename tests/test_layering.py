"""The core never imports Flask; the web layer is installed under the dutygraph name."""

from __future__ import annotations

import subprocess
import sys


def core_modules() -> list[str]:
    """Every module of the core package (the server subpackage excluded)."""
    import pkgutil

    import dutygraph

    return [
        f"dutygraph.{m.name}"
        for m in pkgutil.iter_modules(dutygraph.__path__)
        if m.name not in ("server", "__main__")
    ]


def test_core_does_not_import_flask():
    assert len(core_modules()) > 30
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
