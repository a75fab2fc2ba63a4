"""Admission control for isolated queries: a bound on work in flight and on each client address.

Why: each admitted query costs a forked child (dutygraph/guard/isolation.py). Without a bound, a
burst of runaway queries queues behind the workers and a trivial query waits for all of them
(issue 16: 8 s with two runaways). Refusing early with 503 and Retry-After tells a client to
come back instead of holding a connection, and the per-address limit keeps one client from
taking every slot. A cached answer never comes here (server/guarded.py answers it first).
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from dutygraph.errors import WorkFailed

RETRY_AFTER = 2
"""Seconds a refused client is asked to wait (about one query deadline's worth of turnover)."""


class Admission:
    """How many queries may be in flight in this process, and how many per client address."""

    def __init__(self, total: int = 8, per_client: int = 4) -> None:
        self.total, self.per_client = total, per_client
        self._lock = threading.Lock()
        self._by_client: Counter[str] = Counter()

    @contextmanager
    def slot(self, client: str) -> Iterator[None]:
        """Hold a slot for one query; WorkFailed 503 (with Retry-After) when none is free."""
        with self._lock:
            if sum(self._by_client.values()) >= self.total:
                raise Busy(
                    "服务器正忙：正在处理的查询已满，请稍后重试",
                    en="the server is busy: every query slot is taken; try again shortly",
                )
            if self._by_client[client] >= self.per_client:
                raise Busy(
                    f"您同时提交的查询过多（最多 {self.per_client} 个），请等前面的查询完成后再试",
                    en=f"too many queries at once from you (at most {self.per_client}); "
                    "wait for the earlier ones to finish",
                )
            self._by_client[client] += 1
        try:
            yield
        finally:
            with self._lock:
                self._by_client[client] -= 1
                if self._by_client[client] <= 0:
                    del self._by_client[client]


class Busy(WorkFailed):
    """A 503 that carries Retry-After (the error handler adds the header)."""

    retry_after = RETRY_AFTER

    def __init__(self, message: str, *, en: str | None = None) -> None:
        super().__init__(message, 503, en=en)


class QueryGate:
    """How many queries may be evaluated at once across every gunicorn worker; the others wait
    for a slot (up to one query deadline), then get 503 with Retry-After.

    Why: request threads (server/runner.py) let a trivial query past runaways, but they also
    let every client's query run at once; on two cores twelve CPU-bound queries each took six
    times as long and passed their deadline, where sync workers had queued them (0 5xx under
    32 clients, issue 16). Twice as many slots as workers keeps both: as many runaways as
    workers still leave as many slots for anything else, and the rest queue instead of sharing
    the cores (one spare slot queued the store's I/O-bound queries: 0.37× the peer's throughput
    at 8 clients on 1,001 towns).
    Waiting does not count against the query's deadline, which starts in the child.
    """

    def __init__(self, slots: int, wait: float) -> None:
        import multiprocessing

        self.slots, self.wait = max(1, slots), wait
        self._free = multiprocessing.get_context("fork").BoundedSemaphore(self.slots)

    @contextmanager
    def slot(self) -> Iterator[None]:
        """Hold an evaluation slot, waiting up to ``wait`` seconds; Busy (503) if none frees."""
        if not self._free.acquire(timeout=self.wait):
            raise Busy(
                f"服务器正忙：{self.slots} 个查询正在运行，"
                f"等待 {self.wait:g} 秒仍无空位，请稍后重试",
                en=f"the server is busy: {self.slots} queries are running and no slot freed "
                f"in {self.wait:g} s; try again shortly",
            )
        try:
            yield
        finally:
            self._free.release()


class ValidationGate:
    """How many uploads may be validated at once across every gunicorn worker.

    Why a process-shared semaphore made before gunicorn forks: a validation holds a sync worker
    for up to its deadline, so fifty uploads used to take every worker and leave /health and
    trivial queries unanswered (issue 16). With at most ``workers - 1`` validations in flight,
    one worker is always left for queries; the next upload is refused at once with a 503 that
    says validation, not query, and when to try again.
    """

    def __init__(self, slots: int) -> None:
        import multiprocessing

        self.slots = max(1, slots)
        self._free = multiprocessing.get_context("fork").BoundedSemaphore(self.slots)

    @contextmanager
    def slot(self) -> Iterator[None]:
        """Hold a validation slot; Busy (503, Retry-After) when every slot is taken."""
        if not self._free.acquire(block=False):
            raise Busy(
                f"核验繁忙：已有 {self.slots} 个上传的记录在核验，请稍后重新上传"
                "（或用 `dutygraph validate` 在本机核验）",
                en=f"validation is busy: {self.slots} uploads are being validated; upload again "
                "shortly (or run `dutygraph validate` on your own machine)",
            )
        try:
            yield
        finally:
            self._free.release()
