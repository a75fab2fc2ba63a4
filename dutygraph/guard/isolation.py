"""Run one piece of untrusted work in a forked child with a deadline and a memory cap.

Why a process and not a thread: neither rdflib nor pyoxigraph can cancel a running query, and
Python's ``re`` holds the GIL inside a catastrophic REGEX, freezing every thread
(docs/security-notes.md F5). A fork inherits the loaded graph copy-on-write (a few ms), is
killed cleanly at the deadline, and its crashes, memory blow-ups and pyparsing races (F6) die
with it. The parent relays bytes only, so a half-written answer never reaches a client.
"""

from __future__ import annotations

import os
import pickle
import resource
import select
import signal
import struct
import time
from collections.abc import Callable
from dataclasses import dataclass

from ..errors import DutyGraphError, WorkFailed


@dataclass(frozen=True)
class Limits:
    """Deadline in seconds and address-space cap in bytes for one child."""

    timeout: float = 10.0
    memory: int = 2 << 30
    work: str = "query"
    """What runs, for the message at the deadline: ``query`` or ``validation`` (an upload's
    check must not be reported as a query that should be narrowed)."""


_HEADER = struct.Struct("!Q")


def die_with_parent() -> None:
    """Ask Linux to kill this child when the process that forked it dies (prctl
    PR_SET_PDEATHSIG): a server stopped mid-validation must not leave an orphan computing for
    nobody. Linux ties it to the forking thread, which here waits for the child until it is
    reaped. Elsewhere a no-op; the deadline and the closed pipe still end the child."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def outcome(work: Callable[[], object], kind: str = "query") -> tuple[tuple, bool]:
    """``work()`` run under the audit hook, as the message a child sends back: ``("ok",
    value)`` or ``("err", status, text[, english])``; and whether the memory cap was hit (a
    child whose heap ran out is not trusted with another request). One translation of
    failures for the child per request and the standing child."""
    from .hardening import untrusted

    try:
        with untrusted():
            return ("ok", work()), False
    except WorkFailed as exc:
        return ("err", exc.status, *_both(exc)), False
    except DutyGraphError as exc:
        return ("err", 400, *_both(exc)), False
    except MemoryError:
        return ("err", 503, out_of_memory(kind)), True
    except RecursionError:
        return ("err", 400, "输入嵌套过深 (the input is nested too deeply)"), False
    except Exception as exc:  # an engine's own error type; say what, never where in our code
        return ("err", 500, _internal(exc)), False


def _both(exc: DutyGraphError) -> tuple[str, str | None]:
    """The error in each language with its place (file, row, column), for the parent to
    rebuild: one "中文 (English)" line used to cross the pipe, and the English view lost the
    row and column of an upload's bad cell."""
    if exc.en:
        return exc.describe("zh"), exc.describe("en")
    return str(exc), None


def failed(message: tuple) -> WorkFailed:
    """The WorkFailed a child's ``("err", status, text[, english])`` stands for."""
    return WorkFailed(message[2], message[1], en=message[3] if len(message) > 3 else None)


def _internal(exc: Exception) -> str:
    return f"服务器内部错误（{type(exc).__name__}） (internal error: {type(exc).__name__})"


def _child(work: Callable[[], object], write_fd: int, memory: int, kind: str = "query") -> None:
    try:
        die_with_parent()
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    except Exception as exc:  # the limits could not be set: refuse rather than run unbounded
        message = ("err", 500, _internal(exc))
    else:
        message, _ = outcome(work, kind)
    payload = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    with os.fdopen(write_fd, "wb") as out:
        out.write(_HEADER.pack(len(payload)))
        out.write(payload)


_GONE = object()


def run_isolated(
    work: Callable[[], object],
    limits: Limits,
    *,
    abandoned: Callable[[], bool] | None = None,
) -> object:
    """``work()`` evaluated in a child; its return value, or WorkFailed with a status.

    ``abandoned`` is asked a few times a second while the child works: when it says the
    client has gone, the child is killed at once instead of working on for nobody (an upload's
    validation used to run its full minute after its client had left)."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: never return into the caller's stack
        code = 0
        try:
            os.close(read_fd)
            _child(work, write_fd, limits.memory, limits.work)
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(write_fd)
    try:
        data = _read_all(read_fd, time.monotonic() + limits.timeout, abandoned)
    finally:
        os.close(read_fd)
        _reap(pid)
    if data is _GONE:
        raise WorkFailed(
            "客户端已断开，工作已取消 (the client went away; the work was stopped)", 503
        )
    if data is None:
        raise overrun(limits)
    if len(data) < _HEADER.size:
        raise WorkFailed(
            "工作进程未给出结果就结束了（超出资源限制） "
            "(the worker ended without an answer: resource limit)",
            503,
        )
    message = pickle.loads(data[_HEADER.size :])
    if message[0] == "ok":
        return message[1]
    raise failed(message)


def out_of_memory(kind: str) -> str:
    """What to say when the work outgrew the memory cap, for a query or for a validation."""
    if kind == "validation":
        return (
            "记录核验所需内存超过了本服务器的上限：请把文件按乡镇或月份拆开后分别上传，"
            "或用 `dutygraph validate` 在本机核验 "
            "(validating the records needed more memory than this server allows: split the "
            "file by township or month, or check it with `dutygraph validate` locally)"
        )
    return (
        "查询所需内存超过了本服务器的上限，请缩小查询范围（LIMIT、更具体的模式） "
        "(the query needed more memory than this server allows)"
    )


def overrun(limits: Limits) -> WorkFailed:
    """The 503 for work past its deadline, saying which work it was."""
    if limits.work == "validation":
        return WorkFailed(
            f"记录核验超过了本服务器允许的 {limits.timeout:g} 秒：请把文件按乡镇或月份拆开后"
            "分别上传，或用 `dutygraph validate` 在本机核验 "
            f"(validating the records took longer than the {limits.timeout:g} s this server "
            "allows: split the file by township or month, or check it with "
            "`dutygraph validate` locally)",
            503,
        )
    return WorkFailed(
        f"查询超过了本服务器允许的 {limits.timeout:g} 秒，请缩小查询范围（LIMIT、更具体的模式） "
        f"(the query took longer than the {limits.timeout:g} s this server allows; narrow it)",
        503,
    )


def _read_all(fd: int, deadline: float, abandoned: Callable[[], bool] | None = None):
    """Everything the child writes until it closes the pipe; None past the deadline, _GONE
    when ``abandoned()`` says nobody waits for it any more."""
    chunks = []
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return None
        wait = remaining if abandoned is None else min(remaining, 0.2)
        ready, _, _ = select.select([fd], [], [], wait)
        if not ready:
            if abandoned is not None and abandoned():
                return _GONE
            continue
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _reap(pid: int) -> None:
    """Kill the child if it still runs and collect it, so no zombie is left behind."""
    try:
        finished, _ = os.waitpid(pid, os.WNOHANG)
        if finished == 0:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    except ChildProcessError:
        pass
