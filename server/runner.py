"""``dutygraph serve``: the app under gunicorn, threaded workers, graph loaded before the fork.

Why gunicorn's ``gthread`` workers: a request thread only relays its query to a child process
(the worker's standing child, or a child of its own when that one is busy) and waits, so while
a runaway query holds one thread until its deadline, a trivial query on another thread is
answered at once; with ``sync`` workers it waited for the deadline (issue 16). rdflib's SPARQL
parser is not thread-safe (rdflib issue 1282): the server parses under one lock
(dutygraph.guard.parselock), held across forks too. The master loads the graph once and
forks the workers, so memory is shared copy-on-write and gunicorn's own timeout
is only a backstop.
"""

from __future__ import annotations

import logging
import sys

from gunicorn.app.base import BaseApplication

from dutygraph.sparql.settings import ServerSettings

from .app import create_app
from .state import load_state


class _Gunicorn(BaseApplication):
    def __init__(self, app, options: dict[str, object]) -> None:
        self.application = app
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return self.application


def _few_malloc_arenas(count: int = 2) -> None:
    """Ask glibc for at most ``count`` malloc arenas (mallopt M_ARENA_MAX; elsewhere a no-op).

    Why: every request thread gets an arena of its own, each reserving 64 MiB of address
    space, and the query children inherit it; their memory cap counts address space
    (RLIMIT_AS), so a worker with many threads would leave its children less room for the
    query itself. Two arenas keep threads from contending much and the reservation small."""
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
        if libc is not None and hasattr(libc, "mallopt"):
            libc.mallopt(-8, count)  # M_ARENA_MAX
    except OSError:
        pass


def serve(settings: ServerSettings) -> None:
    """Load, then serve until interrupted; a line on stderr says where and when ready."""
    _few_malloc_arenas()
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    logging.getLogger("rdflib.term").setLevel(logging.CRITICAL)
    state = load_state(settings)
    url = f"http://{settings.host}:{settings.port}"

    def when_ready(_server) -> None:
        print(
            f"dutygraph: serving {state.triples} triples in {len(state.engine.graph_names)} "
            f"graphs ({state.engine.kind}, loaded in {state.load_seconds:.1f} s) at {url}/sparql",
            file=sys.stderr,
            flush=True,
        )

    threads = max(1, settings.threads)
    options = {
        "bind": f"{settings.host}:{settings.port}",
        "workers": settings.workers,
        "worker_class": "gthread" if threads > 1 else "sync",
        "threads": threads,
        "timeout": int(max(settings.timeout, settings.validate_timeout) + 30),
        "graceful_timeout": 5,
        "limit_request_line": 8190,
        "accesslog": None,
        "loglevel": "warning",
        "when_ready": when_ready,
        "proc_name": "dutygraph",
    }
    _Gunicorn(create_app(state), options).run()
