"""The fork-per-call runner: answers, deadlines, memory caps, errors mapped, no zombies."""

from __future__ import annotations

import os
import time

import pytest

from dutygraph.errors import DutyGraphError
from dutygraph.guard.isolation import Limits, WorkFailed, run_isolated


def test_returns_the_value():
    assert run_isolated(lambda: {"rows": [1, 2]}, Limits(timeout=5)) == {"rows": [1, 2]}


def test_large_answers_arrive_whole():
    big = b"x" * (8 << 20)
    assert run_isolated(lambda: big, Limits(timeout=20)) == big


def test_deadline_kills_the_child():
    began = time.monotonic()
    with pytest.raises(WorkFailed) as caught:
        run_isolated(lambda: time.sleep(30), Limits(timeout=0.5))
    assert caught.value.status == 503
    assert time.monotonic() - began < 5


def test_memory_cap():
    def hog():
        return len(bytearray(1 << 30))

    with pytest.raises(WorkFailed) as caught:
        run_isolated(hog, Limits(timeout=20, memory=512 << 20))
    assert caught.value.status == 503


def test_user_errors_keep_their_message():
    def bad():
        raise DutyGraphError("the year must be 4 digits")

    with pytest.raises(WorkFailed) as caught:
        run_isolated(bad, Limits(timeout=5))
    assert (caught.value.status, caught.value.message) == (400, "the year must be 4 digits")


def test_other_errors_say_nothing_of_the_internals():
    def crash():
        raise KeyError("/secret/path")

    with pytest.raises(WorkFailed) as caught:
        run_isolated(crash, Limits(timeout=5))
    assert caught.value.status == 500 and "/secret" not in caught.value.message


def test_children_are_reaped(monkeypatch):
    pids = []
    real_fork = os.fork

    def recording_fork():
        pid = real_fork()
        if pid:
            pids.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", recording_fork)
    run_isolated(lambda: 1, Limits(timeout=5))
    with pytest.raises(WorkFailed):
        run_isolated(lambda: time.sleep(30), Limits(timeout=0.2))
    assert len(pids) == 2
    for pid in pids:
        with pytest.raises(ChildProcessError):  # already collected: no zombie left
            os.waitpid(pid, os.WNOHANG)


def test_a_validation_past_its_deadline_says_validation_not_query():
    import time

    with pytest.raises(WorkFailed) as caught:
        run_isolated(lambda: time.sleep(5), Limits(timeout=0.3, work="validation"))
    assert caught.value.status == 503
    assert "记录核验" in caught.value.message and "query" not in caught.value.message
