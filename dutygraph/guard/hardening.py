"""Process-wide defences for code that evaluates other people's queries and uploads.

Why: rdflib dereferences ``FROM``/``FROM NAMED``/``LOAD`` IRIs (http and file), runs
``SERVICE`` as an outbound request, and JSON-LD contexts are fetched; each was verified to reach
a loopback listener or read a local file (docs/security-notes.md, F1-F4). The server calls
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
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from ..resources import resource_dir
from .querycheck import ForbiddenQuery

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
_state: dict = {"hardened": False}
_ALLOW: dict[str, frozenset] = {"urls": frozenset(), "hosts": frozenset(), "addresses": frozenset()}


class ForbiddenAccess(ForbiddenQuery):
    """Something tried to open a connection or a file while handling untrusted input."""


def _library_dirs() -> tuple[str, ...]:
    """Where lazy imports legitimately read from: the stdlib, site-packages and dutygraph's
    own code and bundled resources (public anyway); never the user's files or the system's."""
    keys = ("stdlib", "platstdlib", "purelib", "platlib")
    folders = {sysconfig.get_paths()[k] for k in keys}
    folders.add(os.path.dirname(os.path.dirname(__file__)))  # the dutygraph package
    folders.update(str(resource_dir(name)) for name in ("ontology", "data", "shapes", "queries"))
    return tuple({os.path.realpath(f) + os.sep for f in folders})


def _allowed(event: str, args: tuple) -> bool:
    """Whether a network event goes to the one SPARQL server ``harden(allow=…)`` named."""
    if not _ALLOW["urls"]:
        return False
    if event == "urllib.Request":
        return _url_allowed(str(args[0]))
    if event in ("socket.getaddrinfo", "socket.gethostbyname"):
        return str(args[0]) in _ALLOW["hosts"]
    if event == "http.client.connect":
        return (str(args[1]), int(args[2])) in _ALLOW["addresses"]
    if event == "socket.connect":
        address = args[1]
        return isinstance(address, tuple) and (address[0], address[1]) in _ALLOW["addresses"]
    return False


def _url_allowed(url: str) -> bool:
    return any(url == base or url.startswith(base + "?") for base in _ALLOW["urls"])


def _audit(event: str, args: tuple) -> None:
    if not _UNTRUSTED.get():
        return
    if event in _NETWORK_EVENTS and not _allowed(event, args):
        raise ForbiddenAccess(
            f"处理请求时不得访问网络（{event}）",
            en=f"network access is disabled while handling a request ({event})",
        )
    if event == "open" and not isinstance(args[0], int):
        path = os.path.realpath(os.fsdecode(args[0]))
        if not path.startswith(_ALLOWED):
            raise ForbiddenAccess(
                "处理请求时不得读取文件", en="file access is disabled while handling a request"
            )


def _no_service(ctx, part):
    """rdflib CUSTOM_EVALS hook: SERVICE fails wherever a query came from (sh:sparql too)."""
    if part.name == "ServiceGraphPattern":
        raise ForbiddenQuery(
            "本服务器不执行 SERVICE（联邦查询）",
            en="SERVICE (federated query) is disabled on this server",
        )
    raise NotImplementedError


class _DenyAll(urllib.request.BaseHandler):
    """Refuses every URL but the allowed SPARQL server's (redirects come back through here)."""

    def default_open(self, req):
        if _url_allowed(req.full_url):
            return None  # on to the http(s) handler
        raise ForbiddenAccess(
            "本服务器不访问外部网址", en="outbound URL access is disabled on this server"
        )


_ALLOWED = _library_dirs()


def harden(allow: Sequence[str] = ()) -> None:
    """Switch off every outbound path rdflib has; idempotent, irreversible (audit hooks are).

    ``allow`` names the SPARQL server of ``serve --sparql-endpoint``: requests to exactly that
    URL (and sockets to its resolved addresses) still go out, from the server and its query
    children; no proxy from the environment is used, and nothing else is reachable.
    """
    if _state["hardened"]:
        if tuple(allow) != _state["allow"]:
            raise RuntimeError("harden() was already called with another allowance")
        return
    import rdflib.plugins.sparql as sparql

    sparql.SPARQL_LOAD_GRAPHS = False
    sparql.CUSTOM_EVALS["dutygraph_no_service"] = _no_service
    if allow:
        _allow(allow)
        handlers = [urllib.request.ProxyHandler({}), urllib.request.HTTPHandler()]
        handlers += [urllib.request.HTTPSHandler(), urllib.request.HTTPErrorProcessor()]
        handlers += [urllib.request.HTTPDefaultErrorHandler(), urllib.request.HTTPRedirectHandler()]
    else:
        handlers = []
    opener = urllib.request.OpenerDirector()
    for handler in [_DenyAll(), *handlers]:
        opener.add_handler(handler)
    urllib.request.install_opener(opener)
    _state["allow"] = tuple(allow)
    sys.addaudithook(_audit)
    _state["hardened"] = True


def _allow(urls: Sequence[str]) -> None:
    """Resolve the allowed servers' hosts once, so the children need no resolver files."""
    import socket
    import ssl
    from urllib.parse import urlsplit

    hosts, addresses = set(), set()
    for url in urls:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        hosts.add(parts.hostname)
        addresses.add((parts.hostname, port))
        for info in socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM):
            addresses.add((info[4][0], port))
    _ALLOW.update(urls=frozenset(urls), hosts=frozenset(hosts), addresses=frozenset(addresses))
    global _ALLOWED
    paths = ssl.get_default_verify_paths()  # https: the CA bundle is read per connection
    extra = [p for p in (paths.cafile, paths.capath, "/etc/ssl/") if p]
    _ALLOWED = _ALLOWED + tuple(os.path.realpath(p) for p in extra)


@contextmanager
def untrusted() -> Iterator[None]:
    """Within this block no socket is opened and no file outside the libraries is read."""
    token = _UNTRUSTED.set(True)
    try:
        yield
    finally:
        _UNTRUSTED.reset(token)
