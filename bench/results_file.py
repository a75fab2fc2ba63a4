"""Writing a benchmark's Markdown table to bench/results/, headed by the machine it ran on."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

RESULTS = Path(__file__).parent / "results"


def write_results(name: str, lines: list[str], note: str = "") -> str:
    """Save ``lines`` as bench/results/NAME.md (with Python version, date, cores) and print."""
    table = "\n".join(lines)
    RESULTS.mkdir(exist_ok=True)
    head = f"Python {sys.version.split()[0]}, {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores"
    (RESULTS / f"{name}.md").write_text(
        f"{head}{', ' + note if note else ''}\n\n{table}\n", encoding="utf-8"
    )
    print(table)
    return table
