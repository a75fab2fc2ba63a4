"""Many concurrent uploads while a client asks trivial questions (issue 16): uploads beyond the
validation slots get 503 with Retry-After saying validation (核验), and /health and a trivial
query are still answered quickly. Modest sizes: 8 uploads of the example file, loopback only."""

from __future__ import annotations

import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote

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
