"""Process-wide defences for code that evaluates other people's queries and uploads.

Why: rdflib dereferences ``FROM``/``FROM NAMED``/``LOAD`` IRIs (http and file), runs
``SERVICE`` as an outbound request, and JSON-LD contexts are fetched; each was verified to reach
a loopback listener or read a local file (../shared/security-notes.md, F1-F4). The server calls
:func:`harden` once at start; every isolated worker runs under :func:`untrusted`, where an audit
hook refuses sockets and file opens outside the interpreter's own library folders. These are
defence in depth: the static check (querycheck) refuses SERVICE before any engine runs, and
deployments should still deny egress at the OS level.
"""

from __future__ import annotations

import contextvars
import os
import sys
import sysconfig
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

from .querycheck import ForbiddenQuery
from .resources import resource_dir

_UNTRUSTED = contextvars.ContextVar("dutygraph_untrusted", default=False)
_NETWORK_EVENTS = frozenset(
    {
        "urllib.Request",
        "socket.connect",
        "socket.getaddrinfo",
        "socket.gethostbyname",
        "http.client.connect",
        "ftplib.connect",
    }
)
_state = {"hardened": False}


class ForbiddenAccess(ForbiddenQuery):
    """Something tried to open a connection or a file while handling untrusted input."""


def _library_dirs() -> tuple[str, ...]:
    """Where lazy imports legitimately read from: the stdlib, site-packages and dutygraph's
    own code and bundled resources (public anyway); never the user's files or the system's."""
    keys = ("stdlib", "platstdlib", "purelib", "platlib")
    folders = {sysconfig.get_paths()[k] for k in keys}
    folders.add(os.path.dirname(__file__))
    folders.update(str(resource_dir(name)) for name in ("ontology", "data", "shapes", "queries"))
    return tuple({os.path.realpath(f) + os.sep for f in folders})


def _audit(event: str, args: tuple) -> None:
    if not _UNTRUSTED.get():
        return
    if event in _NETWORK_EVENTS:
        raise ForbiddenAccess(f"network access is disabled while handling a request ({event})")
    if event == "open" and not isinstance(args[0], int):
        path = os.path.realpath(os.fsdecode(args[0]))
        if not path.startswith(_ALLOWED):
            raise ForbiddenAccess("file access is disabled while handling a request")


def _no_service(ctx, part):
    """rdflib CUSTOM_EVALS hook: SERVICE fails wherever a query came from (sh:sparql too)."""
    if part.name == "ServiceGraphPattern":
        raise ForbiddenQuery("SERVICE (federated query) is disabled on this server")
    raise NotImplementedError


class _DenyAll(urllib.request.BaseHandler):
    def default_open(self, req):
        raise ForbiddenAccess("outbound URL access is disabled on this server")


_ALLOWED = _library_dirs()


def harden() -> None:
    """Switch off every outbound path rdflib has; idempotent, irreversible (audit hooks are)."""
    if _state["hardened"]:
        return
    import rdflib.plugins.sparql as sparql

    sparql.SPARQL_LOAD_GRAPHS = False
    sparql.CUSTOM_EVALS["dutygraph_no_service"] = _no_service
    opener = urllib.request.OpenerDirector()
    opener.add_handler(_DenyAll())
    urllib.request.install_opener(opener)
    sys.addaudithook(_audit)
    _state["hardened"] = True


@contextmanager
def untrusted() -> Iterator[None]:
    """Within this block no socket is opened and no file outside the libraries is read."""
    token = _UNTRUSTED.set(True)
    try:
        yield
    finally:
        _UNTRUSTED.reset(token)
