"""Only here to build the web assets (YASGUI from the locked npm dependency) before packaging.

Everything else about the package is in pyproject.toml.
"""

import subprocess
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithAssets(build_py):
    """build_py, after running server/assets/build_assets.py (npm ci + copy)."""

    def run(self):
        script = Path(__file__).resolve().parent / "server" / "assets" / "build_assets.py"
        subprocess.run([sys.executable, str(script)], check=True)
        super().run()


setup(cmdclass={"build_py": BuildWithAssets})
