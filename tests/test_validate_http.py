"""POST /validate on a live server: same report as the library, every upload form, clear
errors with where, size limit, and nothing stored."""

from __future__ import annotations

import csv
import http.client
import io
import json
import uuid
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from openpyxl import Workbook
from rdflib import Graph
from rdflib.namespace import SH

from dutygraph.graph.files import load_dataset, union_graph
from dutygraph.records.reader import read_records
from dutygraph.resources import resource_dir
from dutygraph.validation.report import render_json
from dutygraph.validation.shacl import validate_records
from tests.test_protocol import request

EXAMPLES = resource_dir("data") / "examples"
CASES = Path(__file__).parent / "records_cases"
AS_OF = "2024-06-01"


def multipart(name: str, data: bytes, fields: dict[str, str]) -> tuple[dict, bytes]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="records"; filename="{name}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + data
        + b"\r\n"
    )
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return {"Content-Type": f"multipart/form-data; boundary={boundary}"}, body


@pytest.fixture(scope="module")
def base():
    return union_graph(load_dataset())


def library_json(base, path: Path) -> dict:
    batch = read_records(path)
    report = validate_records(base, [batch.graph], year=2023, as_of=date.fromisoformat(AS_OF))
    return json.loads(render_json(report, "en"))


@pytest.mark.parametrize("name", ["records-2023-conforming.csv", "records-2023-violations.csv"])
def test_multipart_matches_the_library(server, base, name):
    path = EXAMPLES / name
    headers, body = multipart(name, path.read_bytes(), {"year": "2023", "as_of": AS_OF})
    response, payload = request(server, "POST", "/validate?format=json&lang=en", headers, body)
    assert response.status == 200, payload
    assert response.getheader("X-Conforms") == ("true" if "conforming" in name else "false")
    assert json.loads(payload) == library_json(base, path)


def test_direct_csv_body_and_formats(server):
    data = (EXAMPLES / "records-2023-violations.csv").read_bytes()
    path = f"/validate?year=2023&as_of={AS_OF}"
    response, payload = request(
        server, "POST", path + "&format=ttl", {"Content-Type": "text/csv"}, data
    )
    assert response.status == 200
    report = Graph().parse(data=payload, format="turtle")
    assert (None, SH.conforms, None) in report
    response, payload = request(
        server, "POST", path, {"Content-Type": "text/csv", "Accept": "text/html"}, data
    )
    assert response.getheader("Content-Type").startswith("text/html")
    assert "party-23" in payload.decode()


def test_xlsx_upload(server):
    rows = list(
        csv.reader(io.StringIO((EXAMPLES / "records-2023-conforming.csv").read_text("utf-8-sig")))
    )
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    headers, body = multipart("records.xlsx", buffer.getvalue(), {"year": "2023", "as_of": AS_OF})
    response, payload = request(server, "POST", "/validate?format=json", headers, body)
    assert response.status == 200, payload
    assert response.getheader("X-Conforms") == "true"


def test_unusable_file_says_where(server):
    headers, body = multipart("missing-column.csv", (CASES / "missing-column.csv").read_bytes(), {})
    response, payload = request(server, "POST", "/validate?year=2023", headers, body)
    assert response.status == 400
    text = payload.decode()
    assert "missing-column.csv" in text and "第 1 行" in text and "证据" in text


@pytest.mark.parametrize(
    ("headers", "body", "status", "says"),
    [
        ({"Content-Type": "application/pdf"}, b"%PDF", 415, "multipart/form-data"),
        ({"Content-Type": "text/csv"}, b"", 400, "empty"),
    ],
    ids=["wrong-type", "empty"],
)
def test_bad_uploads(server, headers, body, status, says):
    response, payload = request(server, "POST", "/validate?year=2023", headers, body)
    assert response.status == status
    assert says in payload.decode()


def test_declared_size_over_the_limit_is_refused_before_reading(server):
    """A body announced larger than the limit gets 413 before a byte of it is read."""
    parts = urlsplit(server.url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    conn.putrequest("POST", "/validate?year=2023")
    conn.putheader("Content-Type", "text/csv")
    conn.putheader("Content-Length", str(11 << 20))
    conn.endheaders()
    response = conn.getresponse()
    assert response.status == 413
    assert b"larger than this server accepts" in response.read()
    conn.close()


def test_nothing_is_stored(server):
    data = (EXAMPLES / "records-2023-violations.csv").read_bytes()
    request(server, "POST", "/validate?year=2023", {"Content-Type": "text/csv"}, data)
    ask = "ASK { ?r a <https://w3id.org/dutygraph/ontology#FulfilmentRecord> }"
    _response, payload = request(
        server, "POST", "/sparql", {"Content-Type": "application/sparql-query"}, ask
    )
    assert json.loads(payload)["boolean"] is False


def test_without_a_year_the_records_own_year_is_judged(server):
    """A 2023 file posted without `year` is judged as 2023, not as the current year; a file
    whose records span years is refused with a message that asks for the year."""
    data = (EXAMPLES / "records-2023-conforming.csv").read_bytes()
    response, payload = request(
        server, "POST", f"/validate?as_of={AS_OF}", {"Content-Type": "text/csv"}, data
    )
    assert response.status == 200 and json.loads(payload)["year"] == 2023
    mixed = (
        "duty,date,activity,role,evidence\n"
        "party-21,2022-11-08,法治专题讲座,party-leader,a\n"
        "party-21,2023-03-15,法治专题讲座,party-leader,b\n"
    ).encode()
    response, payload = request(server, "POST", "/validate", {"Content-Type": "text/csv"}, mixed)
    assert response.status == 400 and "2022、2023" in payload.decode()


def test_the_upload_limit_is_stated_and_passing_it_is_a_413(server):
    """The page and /health state the limit; passing it is a 413 that names it (not a 503)."""
    response, payload = request(server, "GET", "/validate/page", {}, None)
    assert "文件不超过 10 MB" in payload.decode()
    response, payload = request(server, "GET", "/health", {}, None)
    assert json.loads(payload)["max_upload_bytes"] == 10 << 20
    parts = urlsplit(server.url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    conn.putrequest("POST", "/validate")
    conn.putheader("Content-Type", "text/csv")
    conn.putheader("Content-Length", str((10 << 20) + 1))
    conn.endheaders()
    response = conn.getresponse()
    assert response.status == 413 and "上限 10 MB" in response.read().decode()
    conn.close()
