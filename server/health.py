"""/health: readiness for load balancers and the tests (the graph is loaded before binding)."""

from __future__ import annotations

import time

from flask import Blueprint, Response, jsonify

from dutygraph import __version__

from .state import current_state

health = Blueprint("health", __name__)


@health.route("/health")
def ready() -> Response:
    """200 with what is served once the graph is loaded (gunicorn binds only after that)."""
    state = current_state()
    return jsonify(
        status="degraded" if state.missing else "ready",
        cannot_serve=state.missing,
        version=__version__,
        engine=state.engine.kind,
        triples=state.triples,
        graphs=len(state.engine.graph_names),
        load_seconds=round(state.load_seconds, 3),
        uptime_seconds=round(time.time() - state.started, 1),
        max_upload_bytes=state.settings.max_body_bytes,
    )
