"""Many concurrent uploads while a client asks trivial questions (issue 16): uploads beyond the
validation slots get 503 with Retry-After saying validation (核验), and /health and a trivial
query are still answered quickly. Modest sizes: 8 uploads of the example file, loopback only."""

from __future__ import annotations

import socket
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote

import pytest

from tests.test_protocol import request
from tests.test_validate_http import EXAMPLES

UPLOADS = 8


def test_uploads_never_take_every_worker(server):
    data = (EXAMPLES / "records-2023-violations.csv").read_bytes()
    headers = {"Content-Type": "text/csv"}

    def upload(_):
        return request(server, "POST", "/validate?year=2023&format=json", headers, data)

    def timed(path):
        start = time.monotonic()
        response, _ = request(server, "GET", path)
        return response.status, time.monotonic() - start

    trivial = "/sparql?query=" + quote("ASK {}")
    with ThreadPoolExecutor(UPLOADS) as pool:
        uploads = [pool.submit(upload, i) for i in range(UPLOADS)]
        time.sleep(0.05)  # the uploads are in flight
        probes = [timed(trivial) for _ in range(10)] + [timed("/health")]
        answers = [u.result() for u in uploads]
    statuses = [r.status for r, _ in answers]
    assert set(statuses) <= {200, 503}, statuses
    for response, payload in answers:
        if response.status == 503:
            assert int(response.getheader("Retry-After")) > 0
            assert "核验" in payload.decode("utf-8")
    assert all(status == 200 for status, _ in probes), probes
    assert statistics.median(t for _, t in probes) < 0.1, probes


@pytest.mark.slow
def test_an_upload_whose_client_left_is_stopped(tmp_path):
    """A large upload's client goes away mid-validation: its child is killed within a second,
    so the one validation slot (two workers) is free for the next upload, which is checked
    (200) instead of being told the server is busy validating (503) for half a minute."""
    from tests.live_server import start

    rows = ["职责编码,日期,开展的活动,责任人角色,证据"]
    rows += [
        f"党委(21),2023-{1 + n % 12}-{1 + n % 28},法治专题讲座第{n}期,党委主要负责人,"
        f"牛委办〔2023〕{n}号"
        for n in range(60_000)
    ]
    big = ("\n".join(rows) + "\n").encode("utf-8")
    live = start(["--workers", "2"], tmp_path / "server.log")
    try:
        host, port = live.url.removeprefix("http://").split(":")
        head = (
            f"POST /validate?year=2023 HTTP/1.1\r\nHost: {host}\r\n"
            f"Content-Type: text/csv\r\nContent-Length: {len(big)}\r\n\r\n"
        ).encode()
        with socket.create_connection((host, int(port))) as leaving:
            leaving.sendall(head + big)
            time.sleep(2.0)  # read, and validating in its child
        time.sleep(1.0)
        small = (EXAMPLES / "records-2023-violations.csv").read_bytes()
        response, payload = request(
            live, "POST", "/validate?year=2023&format=json", {"Content-Type": "text/csv"}, small
        )
        assert response.status == 200, payload.decode("utf-8")[:300]
    finally:
        live.stop()
