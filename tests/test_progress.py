"""Long validations show a progress bar on stderr; short ones and pipes stay quiet (issue 13)."""

from __future__ import annotations

import io
import sys

from dutygraph.cli import _progress


def test_the_bar_counts_townships_after_its_delay(monkeypatch):
    err = io.StringIO()
    err.isatty = lambda: True  # a terminal: tqdm draws
    monkeypatch.setattr(sys, "stderr", err)
    clock = iter(range(0, 1000, 3))  # every tqdm time check is 3 s later: past the delay
    monkeypatch.setattr("tqdm.std.time", lambda: next(clock))
    with _progress("已核验乡镇", "个") as tell:
        for done in range(1, 4):
            tell(done, 3)
    assert "已核验乡镇" in err.getvalue() and "3/3" in err.getvalue()


def test_no_bar_on_a_pipe(monkeypatch):
    err = io.StringIO()  # not a terminal: tqdm's disable=None keeps logs clean
    monkeypatch.setattr(sys, "stderr", err)
    with _progress("已核验乡镇", "个") as tell:
        tell(1, 1)
    assert err.getvalue() == ""
