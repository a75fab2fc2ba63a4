"""The record-keeping service over HTTP, on a live server with a ledger: sign-in, CSRF and
replay refusal, the API with tokens, concurrent decisions, size limits, the audit trail."""

from __future__ import annotations

import http.cookiejar
import json
import re
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest

from dutygraph.keeping import accounts
from dutygraph.keeping.ledger import Ledger

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "data" / "examples" / "records-2023-conforming.csv"
TOWN = "niuxintuo-2023-25"
PASSWORD = "correct horse battery"
ENGLISH_STATES = re.compile(r">\s*(submitted|approved|returned|superseded|None)\s*<")


@pytest.fixture(scope="module")
def keeper(tmp_path_factory, _cache_dir):
    """A live server with a ledger holding a clerk, a clerk of another town, a reviewer, an
    admin; tokens for the API."""
    from tests.live_server import start

    folder = tmp_path_factory.mktemp("keeping")
    ledger = Ledger(folder / "ledger.sqlite")
    tokens = {}
    for name, role, town in [
        ("clerk-a", "clerk", TOWN),
        ("clerk-b", "clerk", "another-town"),
        ("reviewer-1", "reviewer", None),
        ("admin", "admin", None),
    ]:
        tokens[name] = accounts.issue_token(
            ledger, accounts.add_user(ledger, name, role, PASSWORD, town)
        )
    ledger.close()
    live = start(["--ledger", str(folder / "ledger.sqlite"), "--workers", "2"], folder / "s.log")
    live.tokens = tokens
    yield live
    live.stop()


class Browser:
    """A cookie-keeping client that fills forms as a person's browser would."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(self.base + path, timeout=60) as r:
                return r.status, r.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8")

    def post(self, path: str, fields: dict, files: dict | None = None) -> tuple[int, str]:
        if files:
            body, kind = multipart(fields, files)
        else:
            body, kind = (
                urllib.parse.urlencode(fields).encode(),
                "application/x-www-form-urlencoded",
            )
        request = urllib.request.Request(self.base + path, data=body, method="POST")
        request.add_header("Content-Type", kind)
        try:
            with self.opener.open(request, timeout=120) as r:
                return r.status, r.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8")

    def form_fields(self, page: str, form_id: str) -> dict:
        form = re.search(rf'<form[^>]*id="{form_id}".*?</form>', page, re.S).group(0)
        return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))

    def login(self, name: str, password: str = PASSWORD) -> tuple[int, str]:
        _, page = self.get("/login")
        return self.post(
            "/login", {**self.form_fields(page, "login-form"), "user": name, "password": password}
        )


def multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for key, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n'
            f"{value}\r\n".encode()
        )
    for key, (name, data) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"; '
            f'filename="{name}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
            + data
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def api(keeper, method: str, path: str, who: str, body=None, kind="application/json"):
    request = urllib.request.Request(keeper.url + path, data=body, method=method)
    request.add_header("Authorization", f"Bearer {keeper.tokens[who]}")
    if body is not None:
        request.add_header("Content-Type", kind)
    try:
        with urllib.request.urlopen(request, timeout=120) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


def test_the_clerk_submits_in_the_page_and_a_replay_is_refused(keeper):
    clerk = Browser(keeper.url)
    status, page = clerk.login("clerk-a")
    assert status == 200 and 'id="me">clerk-a' in page
    fields = {**clerk.form_fields(page, "submit-form"), "township": TOWN, "year": "2023"}
    files = {"records": (EXAMPLE.name, EXAMPLE.read_bytes())}
    status, batch_page = clerk.post("/records/submit", fields, files)
    assert status == 200 and "待审核" in batch_page, batch_page[:500]
    assert "None" not in batch_page and "{'" not in batch_page
    assert not ENGLISH_STATES.search(batch_page)
    status, again = clerk.post("/records/submit", fields, files)  # the same form, sent twice
    assert status == 409 and "重复提交" in again


def test_a_cross_site_post_is_refused(keeper):
    clerk = Browser(keeper.url)
    clerk.login("clerk-a")
    files = {"records": (EXAMPLE.name, EXAMPLE.read_bytes())}
    status, page = clerk.post("/records/submit", {"township": TOWN, "year": "2023"}, files)
    assert status == 400 and "来自其他网站" in page


def test_a_wrong_password_is_refused_and_logged(keeper):
    status, page = Browser(keeper.url).login("reviewer-1", "not the password")
    assert status == 401 and "密码不对" in page
    log = urllib.request.Request(keeper.url + "/audit.jsonl")
    log.add_header("Authorization", f"Bearer {keeper.tokens['admin']}")
    with urllib.request.urlopen(log, timeout=30) as r:
        events = [json.loads(line) for line in r.read().decode().splitlines()]
    assert {"action": "login", "who": "reviewer-1", "outcome": "failed"}.items() <= events[
        -1
    ].items()
    assert events[-1]["address"] == "127.0.0.1"


def test_the_api_does_what_the_pages_do(keeper):
    body, kind = multipart(
        {"township": TOWN, "year": "2023"}, {"records": (EXAMPLE.name, EXAMPLE.read_bytes())}
    )
    status, batch = api(keeper, "POST", "/api/batches", "clerk-a", body, kind)
    assert status == 201 and batch["state"] == "submitted"
    status, other = api(keeper, "POST", "/api/batches", "clerk-b", body, kind)
    assert status == 403 and "不能为" in other["error"]
    status, refused = api(
        keeper,
        "POST",
        f"/api/batches/{batch['id']}/review",
        "clerk-a",
        json.dumps({"decision": "approve"}).encode(),
    )
    assert status == 403 and "审核员" in refused["error"]
    decision = json.dumps({"decision": "approve", "comment": "核对无误"}).encode()
    status, approved = api(
        keeper, "POST", f"/api/batches/{batch['id']}/review", "reviewer-1", decision
    )
    assert status == 200 and approved["state"] == "approved"
    status, late = api(keeper, "POST", f"/api/batches/{batch['id']}/review", "admin", decision)
    assert status == 409 and "reviewer-1" in late["error"]


def test_an_upload_over_the_limit_is_a_413(keeper):
    """A submission announced larger than the limit is refused before it is read."""
    import http.client

    parts = urllib.parse.urlsplit(keeper.url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    conn.putrequest("POST", "/api/batches")
    conn.putheader("Authorization", f"Bearer {keeper.tokens['clerk-a']}")
    conn.putheader("Content-Type", "multipart/form-data; boundary=x")
    conn.putheader("Content-Length", str(11 << 20))
    conn.endheaders()
    response = conn.getresponse()
    assert response.status == 413
    conn.close()


def test_no_anonymous_write_and_the_endpoint_stays_read_only(keeper):
    body, kind = multipart(
        {"township": TOWN, "year": "2023"}, {"records": (EXAMPLE.name, EXAMPLE.read_bytes())}
    )
    request = urllib.request.Request(keeper.url + "/api/batches", data=body, method="POST")
    request.add_header("Content-Type", kind)
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=30)
    assert caught.value.code == 401
    update = urllib.parse.urlencode({"update": "INSERT DATA { <a:b> <a:c> <a:d> }"}).encode()
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(
            urllib.request.Request(keeper.url + "/sparql", data=update), timeout=30
        )
    assert caught.value.code == 401  # no account: not even read
    signed = urllib.request.Request(keeper.url + "/sparql", data=update)
    signed.add_header("Authorization", f"Bearer {keeper.tokens['admin']}")
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(signed, timeout=30)
    assert caught.value.code == 403  # an account reads; nobody writes through SPARQL


def test_the_year_page_counts_approved_batches_and_reads_in_chinese(keeper):
    reviewer = Browser(keeper.url)
    reviewer.login("reviewer-1")
    status, page = reviewer.get(f"/records/year?township={TOWN}&year=2023")
    assert status == 200 and 'id="verdict"' in page
    assert "None" not in page and "{'" not in page and not ENGLISH_STATES.search(page)
    assert "下达整改" in page  # a reviewer may open a remediation item on an approved year


def test_with_a_ledger_the_endpoint_reads_for_accounts_only(keeper):
    """The records name who did what: with a ledger, /sparql and /queries need a session or a
    token (serve --sparql-public opens them again); the pages of the list stay public."""
    query = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(f"{keeper.url}/sparql?{query}", timeout=30)
    assert caught.value.code == 401 and "登录" in caught.value.read().decode()
    signed = urllib.request.Request(f"{keeper.url}/sparql?{query}")
    signed.add_header("Authorization", f"Bearer {keeper.tokens['reviewer-1']}")
    signed.add_header("Accept", "application/sparql-results+json")
    with urllib.request.urlopen(signed, timeout=30) as response:
        assert json.loads(response.read())["boolean"] is True
    browser = Browser(keeper.url)
    browser.login("clerk-a")
    status, _ = browser.get("/queries/measures-per-role?format=json")
    assert status == 200
    assert Browser(keeper.url).get("/browse")[0] == 200
