"""rdflib's SPARQL parser under one lock in a threaded server (dutygraph/guard/parselock.py)."""

from __future__ import annotations

import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from rdflib import Graph
from rdflib.plugins.sparql import parser, processor

from dutygraph.guard import parselock


def test_install_wraps_both_entry_points_once():
    parselock.install()
    parselock.install()
    for name in ("parseQuery", "parseUpdate"):
        assert getattr(parser, name) is getattr(processor, name)
        assert getattr(parser, name)._dutygraph_locked
        # wrapped once, not a wrapper of a wrapper
        assert not getattr(getattr(parser, name).__wrapped__, "_dutygraph_locked", False)


def test_parses_are_serialised():
    """While one thread holds the lock, another thread's parse waits for it."""
    parselock.install()
    done = threading.Event()
    with parselock._LOCK:
        thread = threading.Thread(target=lambda: (parser.parseQuery("ASK {}"), done.set()))
        thread.start()
        assert not done.wait(0.3)
    assert done.wait(5)
    thread.join()


def test_a_fork_waits_for_a_parse_in_progress_and_the_child_can_parse():
    parselock.install()
    held = threading.Event()

    def parse_slowly():
        with parselock._LOCK:
            held.set()
            time.sleep(0.4)

    thread = threading.Thread(target=parse_slowly)
    thread.start()
    held.wait(5)
    began = time.monotonic()
    pid = os.fork()
    if pid == 0:  # the child: its lock is free and a parse works (no deadlock)
        try:
            Graph().query("SELECT ?s WHERE { ?s ?p ?o }")
            os._exit(0 if parselock._LOCK.acquire(timeout=1) else 3)
        finally:
            os._exit(4)
    waited = time.monotonic() - began
    _, status = os.waitpid(pid, 0)
    thread.join()
    assert waited >= 0.2, "the fork did not wait for the parse in progress"
    assert os.waitstatus_to_exitcode(status) == 0
    parser.parseQuery("ASK {}")  # and the parent's lock was released after the fork


def test_many_threads_parsing_at_once_all_succeed():
    parselock.install()
    texts = [
        f"SELECT ?s (COUNT(?o) AS ?n) WHERE {{ ?s ?p ?o FILTER(STRLEN(STR(?o)) > {k}) }} "
        "GROUP BY ?s"
        for k in range(64)
    ]
    graph = Graph()
    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(lambda t: list(graph.query(t)), texts))
    assert results == [[]] * len(texts)
