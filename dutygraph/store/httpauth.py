"""HTTP requests to a SPARQL server that may ask for a password (Basic or Digest).

Why not urllib's auth handlers: they send the whole body, wait for the 401, then send it
again; Virtuoso answers the 401 and closes the connection while a body of half a megabyte is
still going out, so the client sees a broken pipe (issue 18). Here, as curl does, the first
request to a server goes without its body (same method and URL, ``Content-Length: 0``); the
challenge it earns says which scheme and, for Digest, which nonce; the real request then
carries its ``Authorization`` and body once. The challenge is kept for the next requests
(Digest counts ``nc`` up); a stale nonce or a dropped connection earns one fresh probe and one
retry. The Digest arithmetic is the standard library's (``AbstractDigestAuthHandler``).
"""

from __future__ import annotations

import base64
import urllib.error
import urllib.request
from dataclasses import dataclass, field

from ..errors import DutyGraphError
from .credentials import Credentials, find_credentials


@dataclass
class Reply:
    """What the server answered: its status and body."""

    status: int
    body: bytes


@dataclass
class AuthSession:
    """Requests to one server with the credentials configured for it (or none)."""

    url: str
    credentials: Credentials | None = None
    _challenge: tuple[str, dict[str, str]] | None = field(default=None, repr=False)
    _digest: urllib.request.AbstractDigestAuthHandler | None = field(default=None, repr=False)

    @classmethod
    def for_url(cls, url: str) -> AuthSession:
        return cls(url, find_credentials(url))

    def request(
        self, method: str, url: str, body: bytes | None = None, *, headers=None, timeout=120.0
    ) -> Reply:
        """Send one request; raise ``urllib.error.HTTPError`` for an error status."""
        headers = dict(headers or {})
        if self.credentials is None:
            return _send(method, url, body, headers, timeout)
        if self._challenge is None:
            self._probe(method, url, headers, timeout)
        try:
            return self._signed(method, url, body, headers, timeout)
        except urllib.error.HTTPError as exc:
            if exc.code != 401:
                raise
            self._learn(exc)
        except (BrokenPipeError, ConnectionResetError):
            self._probe(method, url, headers, timeout)
        return self._signed(method, url, body, headers, timeout)

    def _signed(self, method: str, url: str, body, headers: dict, timeout: float) -> Reply:
        return _send(method, url, body, {**headers, **self._authorization(method, url)}, timeout)

    def authorization(self, method: str, url: str, timeout: float = 60.0) -> dict[str, str]:
        """The ``Authorization`` header for one request (probing the server the first time),
        for a client that sends the request itself (SPARQLWrapper, rdflib's SPARQLStore)."""
        if self.credentials is None:
            return {}
        if self._challenge is None:
            self._probe(method, url, {}, timeout)
        return self._authorization(method, url)

    def forget(self) -> None:
        """Drop the challenge (a stale nonce): the next request probes again."""
        self._challenge = None

    def _probe(self, method: str, url: str, headers: dict, timeout: float) -> None:
        """The same request without its body: a 401 tells how to log in."""
        try:
            _send(method, url, b"" if method in ("PUT", "POST") else None, headers, timeout)
            self._challenge = ("none", {})
        except urllib.error.HTTPError as exc:
            if exc.code != 401:  # refused for another reason: the real request will say why
                self._challenge = ("none", {})
                return
            self._learn(exc)

    def _learn(self, exc: urllib.error.HTTPError) -> None:
        offers = [_parse_challenge(h) for h in exc.headers.get_all("WWW-Authenticate") or []]
        offers = [o for o in offers if o[0] in ("digest", "basic")]
        if not offers:
            message = "服务器要求登录，但没有说用 Basic 还是 Digest"
            en = "the server asks for a login but names neither Basic nor Digest"
            raise DutyGraphError(f"{self.url}：{message}", en=f"{self.url}: {en}") from None
        self._challenge = next((o for o in offers if o[0] == "digest"), offers[0])

    def _authorization(self, method: str, url: str) -> dict[str, str]:
        scheme, params = self._challenge or ("none", {})
        assert self.credentials is not None
        if scheme == "basic":
            pair = f"{self.credentials.user}:{self.credentials.password}".encode()
            return {"Authorization": "Basic " + base64.b64encode(pair).decode("ascii")}
        if scheme == "digest":
            if self._digest is None:
                manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
                manager.add_password(None, url, self.credentials.user, self.credentials.password)
                self._digest = urllib.request.AbstractDigestAuthHandler(manager)
            request = urllib.request.Request(url, method=method)
            value = self._digest.get_authorization(request, params)
            if value is None:
                raise DutyGraphError(
                    f"{self.url}：不支持服务器要求的 Digest 算法",
                    en=f"{self.url}: the Digest algorithm the server asks for is not supported",
                ) from None
            return {"Authorization": f"Digest {value}"}
        return {}


def _parse_challenge(header: str) -> tuple[str, dict[str, str]]:
    scheme, _, rest = header.strip().partition(" ")
    items = urllib.request.parse_http_list(rest)
    return scheme.lower(), urllib.request.parse_keqv_list([i for i in items if "=" in i])


_OPENER = urllib.request.build_opener()
"""Our own opener: SPARQLWrapper installs a global one with a Digest handler that resends."""


def _send(method: str, url: str, body: bytes | None, headers: dict, timeout: float) -> Reply:
    request = urllib.request.Request(url, data=body, method=method, headers=headers)
    with _OPENER.open(request, timeout=timeout) as response:
        return Reply(response.status, response.read())
