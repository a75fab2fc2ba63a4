"""The standing child: many requests, one process; a runaway kills only it; limits hold."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from dutygraph.errors import DutyGraphError, Location, WorkFailed
from dutygraph.guard.isolation import Limits, run_isolated
from dutygraph.guard.standing import StandingChild, StandingPool


def _handler(message):
    kind, value = message
    if kind == "echo":
        return (value, os.getpid())
    if kind == "sleep":
        time.sleep(value)
        return "woke"
    if kind == "refuse":
        raise DutyGraphError(value)
    if kind == "allocate":
        return len(bytearray(value))
    if kind == "bad cell":  # an upload's bad cell: a place and both languages
        raise DutyGraphError("日期无效", Location(file=value, row=3, column="date"), en="bad date")
    raise ValueError(kind)


@pytest.fixture
def child():
    standing = StandingChild(_handler, memory=1 << 30)
    yield standing
    standing.close()


def test_many_requests_one_process(child):
    answers = [child.run(("echo", n), Limits(timeout=5)) for n in range(50)]
    assert [a[0] for a in answers] == list(range(50))
    assert len({a[1] for a in answers}) == 1 and answers[0][1] != os.getpid()
    assert child.started == 1


def test_a_runaway_kills_the_child_and_the_next_request_gets_a_fresh_one(child):
    first = child.run(("echo", 1), Limits(timeout=5))[1]
    began = time.monotonic()
    with pytest.raises(WorkFailed) as caught:
        child.run(("sleep", 30), Limits(timeout=0.5))
    assert caught.value.status == 503 and "0.5 s" in caught.value.message
    assert time.monotonic() - began < 5
    with pytest.raises(ProcessLookupError):
        os.kill(first, 0)  # killed, not left running its 30 s
    began = time.monotonic()
    second = child.run(("echo", 2), Limits(timeout=5))
    assert second[0] == 2 and second[1] != first and time.monotonic() - began < 2
    assert child.started == 2


def test_a_refusal_is_a_400_and_the_child_stays(child):
    child.run(("echo", 0), Limits(timeout=5))
    with pytest.raises(WorkFailed) as caught:
        child.run(("refuse", "不能这样问"), Limits(timeout=5))
    assert caught.value.status == 400 and "不能这样问" in caught.value.message
    assert child.run(("echo", 3), Limits(timeout=5))[0] == 3
    assert child.started == 1


def test_an_error_keeps_its_place_in_both_languages_across_the_pipe(child):
    """A bad cell found in a child reaches the page with its file, row and column in the
    reader's language, from a standing child and from a per-request one alike."""
    for ask in (
        lambda: child.run(("bad cell", "记录.csv"), Limits(timeout=5)),
        lambda: run_isolated(lambda: _handler(("bad cell", "记录.csv")), Limits(timeout=5)),
    ):
        with pytest.raises(WorkFailed) as caught:
            ask()
        assert caught.value.status == 400
        assert caught.value.describe("zh") == "记录.csv，第 3 行，“date”列: 日期无效"
        assert caught.value.describe("en") == "记录.csv, row 3, column date: bad date"


def test_the_memory_cap_holds_and_a_blown_child_is_replaced(child):
    with pytest.raises(WorkFailed) as caught:
        child.run(("allocate", 4 << 30), Limits(timeout=10))
    assert caught.value.status == 503
    assert child.run(("echo", 4), Limits(timeout=5))[0] == 4
    assert child.started == 2


def test_the_validation_deadline_says_validation(child):
    with pytest.raises(WorkFailed) as caught:
        child.run(("sleep", 30), Limits(timeout=0.3, work="validation"))
    assert "记录核验" in caught.value.message


def test_a_per_request_child_dies_with_the_process_that_forked_it(tmp_path):
    """A server killed mid-validation must not leave its child computing for nobody."""
    import signal
    import subprocess
    import sys
    from pathlib import Path

    marker = tmp_path / "child.pid"
    script = (
        "import os, sys, time\n"
        "from dutygraph.guard.isolation import Limits, run_isolated\n"
        "def work():\n"
        f"    open({str(marker)!r}, 'w').write(str(os.getpid()))\n"
        "    time.sleep(60)\n"
        "run_isolated(work, Limits(timeout=60))\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", script])
    try:
        deadline = time.monotonic() + 20
        while not (marker.exists() and marker.read_text()) and time.monotonic() < deadline:
            time.sleep(0.05)
        child = int(marker.read_text())
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=10)
        deadline = time.monotonic() + 5
        status = Path(f"/proc/{child}/status")
        while time.monotonic() < deadline:
            if not status.exists() or "\nState:\tZ" in status.read_text():
                break
            time.sleep(0.05)
        assert not status.exists() or "\nState:\tZ" in status.read_text()
    finally:
        parent.kill()


def test_a_validation_out_of_memory_says_validation():
    """An upload that outgrows the cap is told so as a validation, in Chinese, not as a query."""
    from dutygraph.guard.isolation import run_isolated

    with pytest.raises(WorkFailed) as caught:
        run_isolated(
            lambda: len(bytearray(4 << 30)), Limits(timeout=10, memory=1 << 30, work="validation")
        )
    assert caught.value.status == 503 and "记录核验所需内存" in caught.value.message


def test_a_child_busy_with_a_runaway_ends_when_its_worker_is_killed(tmp_path):
    """A worker killed mid-request (gunicorn's timeout, a restart) must not leave its standing
    child running the runaway: the child notices it is orphaned and ends."""
    report = tmp_path / "child.pid"
    worker = os.fork()
    if worker == 0:  # the "worker": start its child on a 60 s request, say its pid, wait
        try:
            standing = StandingChild(_handler, memory=1 << 30)
            standing.run(("echo", 0), Limits(timeout=5))
            report.write_text(str(standing._pid))
            standing.run(("sleep", 60), Limits(timeout=120))
        finally:
            os._exit(0)
    deadline = time.monotonic() + 10
    while not report.exists() or not report.read_text():
        assert time.monotonic() < deadline
        time.sleep(0.05)
    grandchild = int(report.read_text())
    time.sleep(0.3)  # the sleep request is under way
    os.kill(worker, 9)
    os.waitpid(worker, 0)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if not _running(grandchild):
            return
        time.sleep(0.1)
    os.kill(grandchild, 9)
    pytest.fail("the standing child outlived its killed worker")


def _running(pid: int) -> bool:
    """Alive and not a zombie (an orphan is reaped by PID 1, which in a container may not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def test_a_pool_runs_requests_at_once_each_in_its_own_standing_child():
    """Two requests at once: two standing children, each reused; a third at once while both
    are busy gets a child of its own; a runaway in one leaves the other standing."""
    from concurrent.futures import ThreadPoolExecutor

    pool = StandingPool(_handler, memory=1 << 30, size=2)
    try:
        with ThreadPoolExecutor(max_workers=2) as threads:
            first = list(threads.map(lambda _: pool.run(("sleep", 0.3), Limits(5)), range(2)))
        assert first == ["woke", "woke"] and pool.started == 2
        pids = {pool.run(("echo", n), Limits(timeout=5))[1] for n in range(20)}
        assert len(pids) <= 2 and pool.started == 2  # reused, not forked again
        with ThreadPoolExecutor(max_workers=3) as threads:
            busy = [threads.submit(pool.run, ("sleep", 0.6), Limits(5)) for _ in range(2)]
            time.sleep(0.2)
            extra = pool.run(("echo", "x"), Limits(timeout=5))
            assert [f.result() for f in busy] == ["woke", "woke"]
        assert extra[1] not in pids and pool.started == 2  # its own child, not a third member
        with ThreadPoolExecutor(max_workers=2) as threads:
            runaway = threads.submit(pool.run, ("sleep", 30), Limits(timeout=0.5))
            time.sleep(0.1)
            assert pool.run(("echo", 1), Limits(timeout=5))[0] == 1
            with pytest.raises(WorkFailed):
                runaway.result()
        with ThreadPoolExecutor(max_workers=2) as threads:
            both = list(threads.map(lambda _: pool.run(("sleep", 0.3), Limits(5)), range(2)))
        assert both == ["woke", "woke"]
        assert pool.started == 3  # only the runaway's child was replaced (on its next use)
    finally:
        pool.close()
