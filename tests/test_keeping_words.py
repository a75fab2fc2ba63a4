"""Every record-keeping page, and every message it can show, reads whole in the reader's language
(issue 15): Chinese by default, English with ``?lang=en``.

Why one table of pages and not a test per page: a page or a message added later is one more
row, and the check itself knows no word of any page. In the Chinese view no English word is
left (data such as user names, file names, codes and addresses aside), in the English view no
Chinese character (data the page marks ``lang="zh"``, such as requirement texts, aside); in
neither a ``None`` or a raw dict.
"""

from __future__ import annotations

import csv
import json
import re

import pytest

from dutygraph.namespace import DG
from tests.test_keeping_http import EXAMPLE, TOWN, Browser, api, keeper, multipart  # noqa: F401

VIOLATIONS = EXAMPLE.with_name("records-2023-violations.csv")
FINDING = "会议记录缺签到表"
"""A reviewer's finding (data: it stays as written in both views)."""
DATA = [
    "clerk-a",
    "clerk-b",
    "reviewer-1",
    "admin",
    TOWN,
    "another-town",
    EXAMPLE.name,
    VIOLATIONS.name,
    FINDING,
    "nobody",
    "notes.txt",
    "broken.jsonld",
]
"""What the fixture itself put into the ledger: shown as written in either language."""
ALLOWED_EN = {"SPARQL", "SHACL", "CSV", "XLSX", "JSONL", "JSON", "LD", "TTL", "MB", "IRI"}
ALLOWED_EN |= {"csv", "xlsx", "ttl", "jsonld"}
"""Names of formats and standards, and file types, written so in Chinese text too."""
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+")


@pytest.fixture(scope="module")
def data_text(asserted) -> str:
    """The data a report quotes as written: the uploaded cells (not the notes) and the
    requirement texts of the bundled lists. A word of the page found in here is data."""
    cells = []
    for path in (EXAMPLE, VIOLATIONS):
        lines = [line for line in path.read_text("utf-8").splitlines() if not line.startswith("#")]
        for row in csv.DictReader(lines):
            cells += [v for k, v in row.items() if k != "note" and v]
    cells += [str(t) for t in asserted.objects(None, DG.requirementText)]
    return "\n".join(cells)


@pytest.fixture(scope="module")
def ledger_made(keeper):  # noqa: F811
    """Batches in every state the pages show: submitted, approved (with a remediation item),
    returned by the shapes; their numbers by name."""
    made = {}
    for name, path in (("submitted", EXAMPLE), ("approved", EXAMPLE), ("returned", VIOLATIONS)):
        fields = {"township": TOWN, "year": "2023"}
        body, kind = multipart(fields, {"records": (path.name, path.read_bytes())})
        status, batch = api(keeper, "POST", "/api/batches", "clerk-a", body, kind)
        assert status == 201, batch
        made[name] = batch["id"]
    decision = json.dumps({"decision": "approve"}).encode()
    path = f"/api/batches/{made['approved']}/review"
    assert api(keeper, "POST", path, "reviewer-1", decision)[0] == 200
    reviewer = Browser(keeper.url)
    reviewer.login("reviewer-1")
    _, page = reviewer.get(f"/records/year?township={TOWN}&year=2023")
    fields = {
        **reviewer.form_fields(page, "remediation-form"),
        "batch": str(made["approved"]),
        "duty": "party-21",
        "finding": FINDING,
        "due": "2024-03-31",
    }
    status, _ = reviewer.post("/records/remediation", fields)
    assert status == 200
    return made


# (name, who signs in, method, path, status): each page and each message of the keeping pages
PAGES = [
    ("login", None, "GET", "/login", 200),
    ("records as clerk", "clerk-a", "GET", "/records", 200),
    ("records as reviewer", "reviewer-1", "GET", "/records", 200),
    ("form", "clerk-a", "GET", "/records/form", 200),
    ("batch submitted, for review", "reviewer-1", "GET", "/records/batch/{submitted}", 200),
    ("batch approved", "clerk-a", "GET", "/records/batch/{approved}", 200),
    ("batch returned by the shapes", "clerk-a", "GET", "/records/batch/{returned}", 200),
    ("year", "reviewer-1", "GET", f"/records/year?township={TOWN}&year=2023", 200),
    (
        "year, pending too",
        "clerk-a",
        "GET",
        f"/records/year?township={TOWN}&year=2023&pending=1",
        200,
    ),
    ("year without records", "clerk-a", "GET", f"/records/year?township={TOWN}&year=2001", 200),
    ("audit", "admin", "GET", "/audit", 200),
    # messages
    ("not signed in", None, "GET", "/records/year", 401),
    ("no such batch", "reviewer-1", "GET", "/records/batch/99999", 404),
    ("another township's batch", "clerk-b", "GET", "/records/batch/{submitted}", 403),
    ("audit for admins only", "clerk-a", "GET", "/audit", 403),
    ("a year that is no year", "clerk-a", "GET", "/records/year?year=20x3", 400),
    ("wrong password", None, "POST", "/login", 401),
    ("cross-site post", "clerk-a", "POST", "/records/submit", 400),
    ("no file", "clerk-a", "POST", "/records/submit", 400),
    ("replayed form", "clerk-a", "POST", "/records/submit", 409),
    ("not a records format", "clerk-a", "POST", "/records/submit", 400),
    ("records the reader refuses", "clerk-a", "POST", "/records/submit", 400),
    ("remediation without a due date", "reviewer-1", "POST", "/records/remediation", 400),
    ("review twice", "reviewer-1", "POST", "/records/batch/{approved}/review", 409),
]


def _with_lang(path: str, lang: str) -> str:
    return path if lang == "zh" else path + ("&" if "?" in path else "?") + "lang=en"


def _post(browser: Browser, name: str, path: str, made: dict) -> tuple[int, str]:
    """The form post each message row stands for, as a person's browser would send it."""
    if name == "wrong password":
        _, page = browser.get("/login")
        fields = {**browser.form_fields(page, "login-form"), "user": "nobody", "password": "x"}
        return browser.post(path, fields)
    if name == "review twice":
        _, page = browser.get(f"/records/batch/{made['submitted']}")
        fields = browser.form_fields(page, "review-form")
        return browser.post(path, {**fields, "decision": "approve"})
    if "remediation" in name:
        _, page = browser.get(f"/records/year?township={TOWN}&year=2023")
        fields = browser.form_fields(page, "remediation-form")
        return browser.post(path, {**fields, "batch": str(made["approved"]), "duty": "party-21"})
    _, page = browser.get("/records")
    fields = {} if name == "cross-site post" else browser.form_fields(page, "submit-form")
    files = {
        "not a records format": {"records": ("notes.txt", b"party-21")},
        "records the reader refuses": {"records": ("broken.jsonld", b"{")},
        "cross-site post": {"records": (EXAMPLE.name, EXAMPLE.read_bytes())},
    }.get(name)
    fields = {**fields, "township": TOWN, "year": "2023"}
    if name == "replayed form":  # the first post spends the form (no file: refused, 400)
        assert browser.post(path, fields)[0] == 400
    return browser.post(path, fields, files)


def visible_text(page: str, lang: str) -> str:
    """What a reader sees: no markup, scripts or attribute values; without what the page marks
    as written in the other language (the language switch, Chinese data) and the fixture's data."""
    other = "en" if lang == "zh" else "zh"
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    for _ in range(3):  # marked elements may nest
        text = re.sub(rf'<(\w+)[^>]*\blang="{other}"[^>]*>.*?</\1>', " ", text, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    for value in sorted(DATA, key=len, reverse=True):
        text = text.replace(value, " ")
    text = re.sub(r"\b\d{4}-\d\d-\d\d(T[\d:+]+)?", " ", text)  # dates and times
    text = re.sub(r"\b(?:party|gov|general|discipline)-g?\d+\b", " ", text)  # duty codes
    return re.sub(r"\S*[/.]\S*", " ", text)  # paths, addresses, file names


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name,who,method,path,status", PAGES, ids=[p[0] for p in PAGES])
def test_keeping_pages_read_in_one_language(
    keeper,  # noqa: F811
    ledger_made,
    data_text,
    name,
    who,
    method,
    path,
    status,
    lang,
):
    browser = Browser(keeper.url)
    if who is not None:
        assert browser.login(who)[0] == 200
    path = _with_lang(path.format(**ledger_made), lang)
    if method == "GET":
        got, page = browser.get(path)
    else:
        got, page = _post(browser, name, path, ledger_made)
    assert got == status, page[:600]
    assert "None" not in page and "{'" not in page, page
    text = visible_text(page, lang)
    if lang == "zh":
        words = set(re.findall(r"[A-Za-z]{2,}", text)) - ALLOWED_EN
        english = sorted(w for w in words if not re.search(rf"\b{w}\b", data_text))
        assert not english, f"{name}: English words in the Chinese view: {english}\n{text}"
        assert CJK.search(text), text
    else:
        chinese = sorted({run for run in CJK.findall(text) if run not in data_text})
        assert not chinese, f"{name}: Chinese in the English view: {chinese}\n{text}"


def test_the_batch_report_is_in_the_readers_language(keeper, ledger_made):  # noqa: F811
    """The report the shapes wrote at submission, on the batch page: English with ?lang=en
    (the page marks Chinese text lang="zh", so the table above would not see it there)."""
    browser = Browser(keeper.url)
    browser.login("clerk-a")
    for lang, words in (("zh", "违反"), ("en", "violation")):
        _, page = browser.get(_with_lang(f"/records/batch/{ledger_made['returned']}", lang))
        report = re.search(r'<pre id="report" lang="(\w+)">(.*?)</pre>', page, re.S)
        assert report and report.group(1) == lang and words in report.group(2), page[-2000:]
