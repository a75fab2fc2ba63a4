"""A standing child: one forked process that answers request after request under the same
deadline and memory cap as a child per request, and is killed and replaced only when a request
overruns.

Why: a fork per request (isolation.run_isolated) costs a few milliseconds of page-table copying
and process start for every query, which made the endpoint 3–10 times slower than the engine on
the named queries (issue 16). The isolation the fork gives is kept: the child holds the graph
copy-on-write, runs every request under the audit hook (hardening.untrusted) with its address
space capped once (RLIMIT_AS), and when a request passes its deadline the child is killed, as a
per-request child was; the next request starts a fresh one. A request the child cannot take
(it is busy with another thread's request) falls back to a child of its own, so nothing waits.

The handler is fixed when the child is made (the engine and settings it closes over are
inherited by the fork); requests and answers cross a pipe as pickles, length-prefixed.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import resource
import select
import signal
import struct
import threading
import time
from collections.abc import Callable
from functools import partial

from ..errors import WorkFailed
from .isolation import Limits, failed, outcome, overrun, run_isolated

_HEADER = struct.Struct("!Q")


class StandingChild:
    """One long-lived worker process for ``handler``; thread-safe, fork-aware."""

    def __init__(self, handler: Callable[[object], object], memory: int) -> None:
        self.handler, self.memory = handler, memory
        self._lock = threading.Lock()
        self._pid: int | None = None
        self._owner = 0  # the process that forked the child: a gunicorn worker, not the master
        self._to_child = self._from_child = -1
        self.started = 0
        """Children started so far (a test reads it: one for many requests, a new one after a
        runaway)."""

    def run(self, message: object, limits: Limits) -> object:
        """``handler(message)`` in the standing child, or in a child of its own when the
        standing one is busy; its value, or WorkFailed with a status."""
        if not self._lock.acquire(blocking=False):
            return run_isolated(lambda: self.handler(message), limits)
        try:
            return self._ask(message, limits)
        finally:
            self._lock.release()

    def _ask(self, message: object, limits: Limits) -> object:
        if self._pid is None or self._owner != os.getpid():
            self._start()
        payload = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            _write_frame(self._to_child, payload)
        except (BrokenPipeError, OSError):  # it died between requests (memory, a signal)
            self._stop()
            self._start()
            _write_frame(self._to_child, payload)
        data = _read_frame(self._from_child, time.monotonic() + limits.timeout)
        if data is None:  # past the deadline: the child is killed, as a per-request one was
            self._stop()
            raise overrun(limits)
        if data == b"":
            self._stop()
            raise WorkFailed(
                "工作进程未给出结果就结束了（超出资源限制） "
                "(the worker ended without an answer: resource limit)",
                503,
            )
        reply, exhausted = pickle.loads(data)
        if reply[0] == "ok":
            return reply[1]
        if exhausted:  # out of memory: the child has ended; reap it now
            self._stop()
        raise failed(reply)

    def _start(self) -> None:
        down_r, down_w = os.pipe()
        up_r, up_w = os.pipe()
        pid = os.fork()
        if pid == 0:  # child: serve until the parent closes the pipe, never return
            code = 0
            try:
                os.close(down_w)
                os.close(up_r)
                _serve(self.handler, down_r, up_w, self.memory)
            except BaseException:
                code = 1
            finally:
                os._exit(code)
        os.close(down_r)
        os.close(up_w)
        self._pid, self._owner = pid, os.getpid()
        self._to_child, self._from_child = down_w, up_r
        self.started += 1

    def _stop(self) -> None:
        if self._pid is None:
            return
        for fd in (self._to_child, self._from_child):
            with contextlib.suppress(OSError):
                os.close(fd)
        try:
            os.kill(self._pid, signal.SIGKILL)
            os.waitpid(self._pid, 0)
        except (ChildProcessError, ProcessLookupError):
            pass
        self._pid = None

    def close(self) -> None:
        """Stop the child (tests; a serving process just exits and the child sees EOF)."""
        with self._lock:
            self._stop()


class StandingPool:
    """Up to ``size`` standing children for one serving process, one per request in flight.

    Why a pool: with request threads (server/runner.py) several queries of one worker run at
    once. One standing child per worker made every other one fork a child of its own, which
    cost two thirds of the throughput at 8 clients; and a runaway holding the only child sent
    every trivial query through a fork. Each request takes an idle child (making one if fewer
    than ``size`` exist); only beyond ``size`` requests at once does one get a fresh child.
    A runaway still kills only the child it ran in.
    """

    def __init__(self, handler: Callable[[object], object], memory: int, size: int) -> None:
        self.handler, self.memory, self.size = handler, memory, max(1, size)
        self._lock = threading.Lock()
        self._idle: list[StandingChild] = []
        self._members: list[StandingChild] = []

    @property
    def started(self) -> int:
        """Children started so far by this pool's members (a test reads it)."""
        with self._lock:
            return sum(child.started for child in self._members)

    def run(self, message: object, limits: Limits) -> object:
        """``handler(message)`` in an idle standing child, or in a child of its own when every
        one of the ``size`` children is busy."""
        child = self._take()
        if child is None:
            return run_isolated(lambda: self.handler(message), limits)
        try:
            return child.run(message, limits)
        finally:
            with self._lock:
                self._idle.append(child)

    def _take(self) -> StandingChild | None:
        with self._lock:
            if self._idle:
                return self._idle.pop()
            if len(self._members) >= self.size:
                return None
            child = StandingChild(self.handler, self.memory)
            self._members.append(child)
            return child

    def close(self) -> None:
        """Stop every child (tests; a serving process just exits and its children end)."""
        for child in self._members:
            child.close()


def _serve(handler: Callable[[object], object], inbox: int, outbox: int, memory: int) -> None:
    # no die_with_parent() here: Linux ties it to the forking *thread*, which in a threaded
    # server may end before the process; the child ends when its inbox reaches end of file
    # between requests, and the watch below ends it during one
    # the watch thread starts before the cap: its stack is address space too, and a worker
    # whose threads' malloc arenas already fill most of the cap could not start it after
    threading.Thread(target=_end_when_orphaned, args=(os.getppid(),), daemon=True).start()
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    while True:
        data = _read_frame(inbox, None)
        if not data:
            return
        reply, exhausted = outcome(partial(_handle, handler, data))
        _write_frame(outbox, pickle.dumps((reply, exhausted), protocol=pickle.HIGHEST_PROTOCOL))
        if exhausted:  # its heap cannot be trusted any more: the parent starts a fresh one
            return


def _end_when_orphaned(parent: int, every: float = 0.25) -> None:
    """End this child once its parent is gone, even in the middle of a request.

    Why: a worker killed by gunicorn (its timeout, a restart, a signal) never reaches the
    deadline check, and a standing child busy with a runaway query would keep a core busy until
    the query ended on its own; the end of the pipe is only seen between requests."""
    while os.getppid() == parent:
        time.sleep(every)
    os._exit(1)


def _handle(handler: Callable[[object], object], data: bytes) -> object:
    return handler(pickle.loads(data))


def _write_frame(fd: int, payload: bytes) -> None:
    view = memoryview(_HEADER.pack(len(payload)) + payload)
    while view:
        view = view[os.write(fd, view) :]


def _read_frame(fd: int, deadline: float | None) -> bytes | None:
    """One length-prefixed frame; b"" at end of file, None past the deadline."""
    header = _read_exactly(fd, _HEADER.size, deadline)
    if not header:
        return header
    (size,) = _HEADER.unpack(header)
    body = _read_exactly(fd, size, deadline)
    return body if body is None or len(body) == size else b""


def _read_exactly(fd: int, size: int, deadline: float | None) -> bytes | None:
    chunks, have = [], 0
    while have < size:
        if deadline is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            ready, _, _ = select.select([fd], [], [], remaining)
            if not ready:
                return None
        chunk = os.read(fd, min(size - have, 1 << 20))
        if not chunk:
            return b""
        chunks.append(chunk)
        have += len(chunk)
    return b"".join(chunks)
