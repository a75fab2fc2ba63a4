"""The Flask app factory: blueprints, request log, CORS and error pages.

Why a factory: tests and the gunicorn runner build apps around a loaded :class:`ServerState`;
nothing global, nothing loaded at import time.
"""

from __future__ import annotations

import logging
import time

from flask import Flask, Response, g, request
from werkzeug.exceptions import HTTPException

from dutygraph.errors import DutyGraphError
from dutygraph.guard.isolation import WorkFailed
from dutygraph.guard.querycheck import UpdateRefused

from .admission import Admission, Busy, QueryGate, ValidationGate
from .state import ServerState, current_state

ACCESS_LOG = logging.getLogger("dutygraph.access")


def create_app(state: ServerState) -> Flask:
    """A WSGI app serving ``state``: /sparql, /queries, /validate, /health."""
    from .health import health
    from .named import named
    from .overview import overview
    from .pages import pages
    from .sparql import sparql
    from .validate import validate

    app = Flask("dutygraph.server")
    app.config["MAX_CONTENT_LENGTH"] = state.settings.max_body_bytes
    app.extensions["dutygraph"] = state
    for blueprint in (sparql, named, validate, health, pages, overview):
        app.register_blueprint(blueprint)
    if state.settings.ledger is not None:
        _keep_records(app, state.settings.ledger, public=bool(state.settings.sparql_public))
    _read_templates(app, state)
    app.before_request(_start_clock)
    app.after_request(_cors)
    app.after_request(_cache_header)
    app.after_request(_log)
    app.register_error_handler(WorkFailed, _work_failed)
    app.extensions["dutygraph.admission"] = Admission()
    app.extensions["dutygraph.validation_gate"] = ValidationGate(state.settings.workers - 1)
    settings = state.settings
    app.extensions["dutygraph.query_gate"] = QueryGate(
        settings.query_slots or 2 * settings.workers, wait=settings.timeout
    )
    app.register_error_handler(DutyGraphError, lambda exc: error(str(exc), 400))
    app.register_error_handler(UpdateRefused, lambda exc: error(str(exc), 403))
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)
    return app


def _read_templates(app: Flask, state: ServerState) -> None:
    """Compile every template at start (Jinja keeps them in memory): a reinstall of the package
    under a running server must not break the pages; what fails is reported by /health."""
    for name in app.jinja_env.list_templates():
        try:
            app.jinja_env.get_template(name)
        except Exception as exc:
            state.missing.append(f"templates/{name}: {exc}")


def _keep_records(app: Flask, path, *, public: bool) -> None:
    """The record-keeping pages and API (server/keeping.py), signed sessions included."""
    from dutygraph.keeping.ledger import Ledger

    from .keeping import keeping

    ledger = Ledger(path)  # read the key in the master, closed before any worker forks
    app.secret_key = ledger.secret()
    ledger.close()
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        WTF_CSRF_TIME_LIMIT=3600,
    )
    app.register_blueprint(keeping)
    if not public:
        app.before_request(_signed_in_for_sparql)


def _signed_in_for_sparql():
    """With a ledger, the endpoint reads for signed-in users and token holders only, unless
    ``serve --sparql-public`` says otherwise (the records name who did what)."""
    if not request.path.startswith(("/sparql", "/queries")):
        return None
    from dutygraph.keeping.accounts import AuthError, user_for_token

    from .keeping import ledger, signed_in_anywhere

    header = request.headers.get("Authorization", "")
    try:
        if header.startswith("Bearer "):
            user_for_token(ledger(), header.removeprefix("Bearer ").strip())
            return None
    except AuthError:
        pass
    if signed_in_anywhere() is not None:
        return None
    return error(
        "查询接口需要登录或令牌（Authorization: Bearer TOKEN） (sign in or send a token)", 401
    )


def _work_failed(exc: WorkFailed) -> Response:
    """The work's own status; a refusal for lack of room says when to come back (RFC 9110)."""
    response = error(str(exc), exc.status)  # "中文 (English)": one line for people and programs
    if isinstance(exc, Busy):
        response.headers["Retry-After"] = str(exc.retry_after)
    return response


def error(message: str, status: int) -> Response:
    """A plain-text error: one line a person and a program can read; never a traceback."""
    return Response(message + "\n", status=status, mimetype="text/plain")


def _http_error(exc: HTTPException):
    """Plain text for programs; a page in the site's frame for a browser on a page path."""
    api = request.path.startswith(("/sparql", "/queries", "/validate", "/api/", "/health"))
    html = request.accept_mimetypes.best_match(["text/html", "text/plain"]) == "text/html"
    if html and not api and exc.code == 404:
        from .pages import error_page

        return error_page(exc)
    return _plain_error(exc)


def _plain_error(exc: HTTPException) -> Response:
    limit = current_state().settings.max_body_bytes
    messages = {
        404: f"没有这个地址：{request.path} (not found)",
        405: f"此地址不接受 {request.method} 请求 (method {request.method} is not allowed here)",
        413: f"上传内容超过本服务器的上限 {limit / (1 << 20):g} MB：请拆分后分别上传 "
        f"(the request body is larger than this server accepts: {limit} bytes at most)",
    }
    response = error(messages.get(exc.code) or _in_chinese(exc), exc.code or 500)
    if exc.code == 405:
        response.headers["Allow"] = ", ".join(exc.valid_methods or [])
    return response


def _in_chinese(exc: HTTPException) -> str:
    """A message of our own (abort(400, "中文 (English)")) as it is; werkzeug's English default
    behind a Chinese line naming the status."""
    text = exc.description or exc.name
    if any("\u4e00" <= ch <= "\u9fff" for ch in text):
        return text
    return f"请求未能完成（HTTP {exc.code}） ({exc.name}: {text})"


def _unexpected(exc: Exception) -> Response:
    ACCESS_LOG.exception("unexpected error")
    return error(f"服务器内部错误 (internal error: {type(exc).__name__})", 500)


def _start_clock() -> None:
    g.started = time.perf_counter()
    g.query_hash = "-"


def _cors(response: Response) -> Response:
    origins = current_state().settings.cors_origins
    origin = request.headers.get("Origin")
    if origins and request.method in ("GET", "POST", "OPTIONS", "HEAD"):
        if "*" in origins:
            response.headers["Access-Control-Allow-Origin"] = "*"
        elif origin in origins:
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Vary"] = "Origin"
        response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "Content-Type, Accept"
    return response


def _cache_header(response: Response) -> Response:
    """X-Cache: hit or miss, for a query answered from the result cache or computed."""
    if g.get("cache"):
        response.headers["X-Cache"] = g.cache
    return response


def _log(response: Response) -> Response:
    took = (time.perf_counter() - g.get("started", time.perf_counter())) * 1000
    ACCESS_LOG.info(
        "%s %d %.1fms %s %s q=%s",
        time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        response.status_code,
        took,
        request.method,
        request.path,
        g.get("query_hash", "-"),
    )
    return response
