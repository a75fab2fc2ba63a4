"""Logging in to a SPARQL server: where the password comes from (store.credentials) and how a
body is sent to a server that asks for one (store.httpauth): once, after a body-less probe."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from dutygraph.errors import DutyGraphError
from dutygraph.store.credentials import Credentials, find_credentials
from dutygraph.store.httpauth import AuthSession

DIGEST = 'Digest realm="SPARQL", nonce="n1", opaque="o", qop="auth", algorithm="MD5"'


class Recorder(BaseHTTPRequestHandler):
    """Asks for a login (Digest or Basic, as the server says) and records every request."""

    def do_PUT(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        auth = self.headers.get("Authorization")
        self.server.seen.append((auth, len(body)))
        if auth is None or self.server.refuse_next:
            self.server.refuse_next = False
            self.send_response(401)
            self.send_header("WWW-Authenticate", self.server.challenge)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(201)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def recorder():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    server.seen, server.challenge, server.refuse_next = [], DIGEST, False
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{server.server_address[1]}/gsp"
    yield server
    server.shutdown()


def test_digest_sends_the_body_once_after_a_probe(recorder):
    session = AuthSession(recorder.url, Credentials("dba", "secret"))
    body = b"<urn:a> <urn:b> <urn:c> .\n" * 40_000  # about a megabyte
    for _ in range(2):
        assert session.request("PUT", f"{recorder.url}?graph=g", body).status == 201
    (probe, _), (first, sent), (second, again) = recorder.seen
    assert probe is None and recorder.seen[0][1] == 0  # the probe carries no body
    assert first.startswith("Digest ") and 'username="dba"' in first and "nc=00000001" in first
    assert second.startswith("Digest ") and "nc=00000002" in second  # no second probe
    assert sent == again == len(body) and "secret" not in first


def test_a_stale_nonce_costs_one_probe_and_one_retry(recorder):
    session = AuthSession(recorder.url, Credentials("dba", "secret"))
    session.request("PUT", recorder.url, b"x")
    recorder.refuse_next = True
    assert session.request("PUT", recorder.url, b"y").status == 201
    assert [auth is not None for auth, _ in recorder.seen] == [False, True, True, True]


def test_basic_when_the_server_offers_only_basic(recorder):
    recorder.challenge = 'Basic realm="SPARQL"'
    session = AuthSession(recorder.url, Credentials("dba", "secret"))
    session.request("PUT", recorder.url, b"x")
    assert recorder.seen[-1] == ("Basic ZGJhOnNlY3JldA==", 1)


def test_without_credentials_nothing_is_added(recorder):
    with pytest.raises(Exception) as raised:
        AuthSession(recorder.url).request("PUT", recorder.url, b"x")
    assert getattr(raised.value, "code", None) == 401 and recorder.seen == [(None, 1)]


def test_credentials_from_the_environment_win(tmp_path):
    netrc = tmp_path / "netrc"
    netrc.write_text("machine db.example login n password p\n")
    env = {"DUTYGRAPH_SPARQL_USER": "u", "DUTYGRAPH_SPARQL_PASSWORD": "p2"}
    env["DUTYGRAPH_NETRC"] = str(netrc)
    assert find_credentials("http://db.example/sparql", env) == Credentials("u", "p2")
    assert "p2" not in repr(Credentials("u", "p2"))
    with pytest.raises(DutyGraphError, match="要同时设置"):
        find_credentials("http://db.example/", {"DUTYGRAPH_SPARQL_USER": "u"})


def test_netrc_matches_host_and_port_first(tmp_path):
    netrc = tmp_path / "netrc"
    netrc.write_text(
        "machine db.example:8890 login virtuoso password a\n"
        "machine db.example login other password b\n"
    )
    env = {"DUTYGRAPH_NETRC": str(netrc), "HOME": str(tmp_path)}
    assert find_credentials("http://db.example:8890/sparql", env) == Credentials("virtuoso", "a")
    assert find_credentials("http://db.example:3030/ds", env) == Credentials("other", "b")
    assert find_credentials("http://elsewhere/sparql", env) is None
    assert find_credentials("http://db.example/", {"HOME": str(tmp_path / "none")}) is None


def test_a_bad_netrc_says_where(tmp_path):
    netrc = tmp_path / "netrc"
    netrc.write_text("machine db.example login u password p\nport 8890\n")
    with pytest.raises(DutyGraphError, match="第 2 行，netrc 文件格式不对"):
        find_credentials("http://db.example/", {"DUTYGRAPH_NETRC": str(netrc)})
    with pytest.raises(DutyGraphError, match="找不到 netrc 文件"):
        find_credentials("http://db.example/", {"DUTYGRAPH_NETRC": str(tmp_path / "missing")})
