"""Admission control (server/admission.py): bounds on queries in flight, per client address,
released when a query ends, and a 503 with Retry-After in Chinese when refused."""

from __future__ import annotations

import pytest
from flask import Flask

from server.admission import Admission, Busy, ValidationGate
from server.app import _work_failed


def test_per_client_limit_refuses_the_extra_query_only():
    gate = Admission(total=8, per_client=2)
    with gate.slot("10.0.0.1"), gate.slot("10.0.0.1"):
        with pytest.raises(Busy) as refused, gate.slot("10.0.0.1"):
            pass
        assert refused.value.status == 503 and "最多 2 个" in refused.value.message
        with gate.slot("10.0.0.2"):  # another address still gets in
            pass


def test_total_limit_and_release():
    gate = Admission(total=2, per_client=2)
    with gate.slot("a"), gate.slot("b"), pytest.raises(Busy), gate.slot("c"):
        pass
    with gate.slot("c"):  # both slots were given back when the queries ended
        pass


def test_release_after_a_failed_query():
    gate = Admission(total=1, per_client=1)
    with pytest.raises(RuntimeError), gate.slot("a"):
        raise RuntimeError("the query failed")
    with gate.slot("a"):
        pass


def test_refusal_is_503_with_retry_after():
    with Flask(__name__).test_request_context():
        response = _work_failed(Busy("服务器正忙", en="the server is busy"))
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0
    # one line, Chinese first with the English beside it: the endpoint's callers are programs
    assert response.get_data(as_text=True) == "服务器正忙 (the server is busy)\n"


def test_validation_gate_is_shared_across_forked_workers():
    """A slot taken in one gunicorn worker (a forked process) is taken for every worker."""
    import os
    import time

    gate = ValidationGate(1)
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the "other worker": hold the only slot until told to stop
        with gate.slot():
            os.write(write_fd, b"x")
            time.sleep(1.0)
        os._exit(0)
    try:
        assert os.read(read_fd, 1) == b"x"
        with pytest.raises(Busy) as refused, gate.slot():
            pass
        assert "核验" in refused.value.message and "查询" not in refused.value.message
        assert "validat" in refused.value.en and "quer" not in refused.value.en
    finally:
        os.waitpid(pid, 0)
    with gate.slot():  # given back when that worker's validation ended
        pass


def test_query_gate_queues_then_refuses_and_is_shared_by_forked_workers():
    """Slots are shared across processes (made before gunicorn forks); a query waits for one,
    and is refused with a 503 when none frees within the wait."""
    import os
    import threading
    import time

    from server.admission import QueryGate

    gate = QueryGate(2, wait=0.3)
    held = threading.Event()
    release = threading.Event()

    def hold():
        with gate.slot():
            held.set()
            release.wait(5)

    thread = threading.Thread(target=hold)
    thread.start()
    held.wait(5)
    pid = os.fork()
    if pid == 0:  # another "worker": takes the last slot, so the parent's next query waits
        with gate.slot():
            time.sleep(0.6)
        os._exit(0)
    time.sleep(0.1)
    began = time.monotonic()
    with pytest.raises(Busy) as refused, gate.slot():
        pass
    assert time.monotonic() - began >= 0.25 and "服务器正忙" in refused.value.message
    os.waitpid(pid, 0)
    with gate.slot():  # the forked worker's slot came back: a query gets in again
        pass
    began = time.monotonic()
    threading.Timer(0.1, release.set).start()
    with gate.slot(), gate.slot():  # waits for the held one instead of failing
        pass
    assert time.monotonic() - began < 0.3
    thread.join()
