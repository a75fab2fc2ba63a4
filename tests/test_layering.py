"""The core never imports Flask; the web layer is installed under the dutygraph name."""

from __future__ import annotations

import subprocess
import sys

CORE_MODULES = [
    "dutygraph.cli",
    "dutygraph.importer",
    "dutygraph.graphs",
    "dutygraph.catalog",
    "dutygraph.quality",
    "dutygraph.reasoning",
    "dutygraph.describe",
    "dutygraph.lookup",
]


def test_core_does_not_import_flask():
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in CORE_MODULES)
        + "print('flask' in sys.modules or 'werkzeug' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_server_is_mapped_under_the_package():
    import dutygraph.server

    assert dutygraph.server.__name__ == "dutygraph.server"
    assert dutygraph.server.__doc__
