"""A bounded cache of serialized answers over a read-only graph.

Why: the graph never changes while a server runs (the store is opened read-only, files are
loaded once), so the same query text with the same bindings, dataset, base and format always
gives the same bytes. Analysts re-run the named queries all day; answering those from memory
skips the isolated child (a fork, the engine, the writer) and keeps the engine's workers for
new questions. The key holds the graph's version, so a server over a different graph, or a
remote server whose data may change (no version: never cached), never serves a stale answer.
Bounded by entries and by bytes; least recently used entries go first. One cache per process
(each gunicorn worker keeps its own).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Hashable


class ResultCache:
    """Least-recently-used bytes, bounded by ``max_entries`` and ``max_bytes``."""

    def __init__(self, max_entries: int = 1024, max_bytes: int = 64 << 20) -> None:
        self.max_entries, self.max_bytes = max_entries, max_bytes
        self._items: OrderedDict[Hashable, bytes] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: Hashable) -> bytes | None:
        with self._lock:
            body = self._items.get(key)
            if body is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return body

    def put(self, key: Hashable, body: bytes) -> None:
        if len(body) > self.max_bytes // 4:  # one answer never takes most of the cache
            return
        with self._lock:
            if key in self._items:
                self._bytes -= len(self._items.pop(key))
            self._items[key] = body
            self._bytes += len(body)
            while len(self._items) > self.max_entries or self._bytes > self.max_bytes:
                _, old = self._items.popitem(last=False)
                self._bytes -= len(old)

    def __len__(self) -> int:
        return len(self._items)


def request_key(request, fmt_key: str, version: str) -> str:
    """A digest of everything that decides the answer's bytes."""
    parts = [
        version,
        fmt_key,
        request.text,
        request.base or "",
        repr(sorted((str(k), v.n3()) for k, v in request.bindings.items())),
        repr(request.default_graphs),
        repr(request.named_graphs),
        repr(sorted((k, str(v)) for k, v in request.prefixes.items())),
    ]
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()
