"""One rdflib SPARQL parse at a time in a threaded server, and never one half-done at a fork.

Why: rdflib parses SPARQL with pyparsing, which is not thread-safe (rdflib issue 1282, open;
pyparsing issue 89): two threads parsing at once can corrupt the shared grammar until the
process restarts. The server runs request threads (server/runner.py) and some pages parse with
rdflib in the worker itself (a section notation such as 一(3), the records form), while
validation children forked from those threads parse again with the grammar they inherited.
The maintainers' workaround is a lock around parsing; this module installs one around rdflib's
two parse entry points, and holds it across ``os.fork`` so a child never inherits a grammar in
the middle of a parse (nor a lock that no thread of its own will ever release).
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Callable

_LOCK = threading.Lock()
_ENTRY_POINTS = ("parseQuery", "parseUpdate")


def installed() -> bool:
    """Whether rdflib's parse entry points are wrapped."""
    from rdflib.plugins.sparql import parser

    return getattr(parser.parseQuery, "_dutygraph_locked", False)


def install() -> None:
    """Wrap rdflib's parseQuery and parseUpdate (where they are defined and where rdflib's
    processor imported them) in one lock, and hold the lock across forks. Idempotent."""
    if installed():
        return
    from rdflib.plugins.sparql import parser, processor

    for name in _ENTRY_POINTS:
        locked = _locked(getattr(parser, name))
        setattr(parser, name, locked)
        setattr(processor, name, locked)
    os.register_at_fork(before=_hold, after_in_parent=_release, after_in_child=_fresh_lock)


def _locked(parse: Callable) -> Callable:
    @functools.wraps(parse)
    def locked(*args, **kwargs):
        with _LOCK:
            return parse(*args, **kwargs)

    locked._dutygraph_locked = True  # type: ignore[attr-defined]
    return locked


# the hooks look the lock up at each fork: a child replaces it (below), and its own children
# must use the new one, not the object its parent held
def _hold() -> None:
    _LOCK.acquire()


def _release() -> None:
    _LOCK.release()


def _fresh_lock() -> None:
    # the child has one thread; the lock it inherited was held by the forking parent's hook
    global _LOCK
    _LOCK = threading.Lock()
