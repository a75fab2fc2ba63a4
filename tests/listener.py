"""A loopback HTTP listener that records every request, for tests that prove nothing reaches out.

It answers GET with a valid JSON-LD context and POST with a valid SPARQL JSON result, so a
client that does reach it succeeds quietly; only the recorded hits tell.
"""

from __future__ import annotations

import http.server
import json
import threading

SPARQL_JSON = {
    "head": {"vars": ["x"]},
    "results": {"bindings": [{"x": {"type": "literal", "value": "FROM-LISTENER"}}]},
}


class Listener:
    """Start on a free loopback port; ``hits`` lists (method, path) of every request."""

    def __init__(self) -> None:
        hits = self.hits = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self, body: bytes, media: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                hits.append((self.command, self.path))
                self.send_response(200)
                self.send_header("Content-Type", media)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                context = {"@context": {"name": "http://example.invalid/name"}}
                self._answer(json.dumps(context).encode(), "application/ld+json")

            def do_POST(self) -> None:
                self._answer(json.dumps(SPARQL_JSON).encode(), "application/sparql-results+json")

            def log_message(self, *args) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )
        self.thread.start()

    @property
    def paths(self) -> list[str]:
        return [path for _, path in self.hits]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
