"""Reading a SPARQL 1.1 Protocol request strictly: methods, media types, parameters, UTF-8.

Why by hand: Werkzeug decodes forms with ``errors="replace"``, so a body that is not UTF-8 would
silently become U+FFFD; the protocol also forbids a repeated ``query`` and gives
``default-graph-uri``/``named-graph-uri`` their own meaning. Every refusal here says why.
"""

from __future__ import annotations

from urllib.parse import parse_qsl

from flask import Request
from rdflib import URIRef

from dutygraph.guard.isolation import WorkFailed
from dutygraph.sparql.queryservice import QueryRequest

FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"


class ProtocolError(WorkFailed):
    """A request the protocol does not allow; carries the HTTP status."""


WHERE_ZH = {"query string": "查询字符串", "request body": "请求正文"}
"""Where a parameter came from, in the words of the Chinese error message."""


def decode_params(raw: bytes, where: str) -> list[tuple[str, str]]:
    """``a=1&b=2`` bytes as (name, value) pairs; percent-escapes must decode to UTF-8."""
    try:
        text = raw.decode("utf-8")
        return parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError as exc:
        raise ProtocolError(
            f"{WHERE_ZH.get(where, where)}不是有效的 UTF-8 编码（第 {exc.start} 字节） "
            f"(the {where} is not valid UTF-8)",
            400,
        ) from None


def request_params(request: Request) -> tuple[list[tuple[str, str]], str | None]:
    """All parameters (URL, then form body) and the query text of a direct POST."""
    params = decode_params(request.query_string, "query string")
    if request.method == "GET":
        return params, None
    mimetype = request.mimetype
    if mimetype == UPDATE:
        raise ProtocolError(
            "本接口只读，不接受 SPARQL Update "
            "(SPARQL Update is refused: this endpoint is read-only)",
            403,
        )
    if mimetype == FORM:
        return params + decode_params(request.get_data(cache=True), "request body"), None
    if mimetype == DIRECT:
        body = request.get_data(cache=True)
        try:
            return params, body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ProtocolError(
                f"查询正文不是有效的 UTF-8 编码（第 {exc.start} 字节） "
                "(the query body is not valid UTF-8)",
                400,
            ) from None
    raise ProtocolError(
        f"不支持的 Content-Type {mimetype or '(none)'!r}："
        f"请以 {DIRECT} 或带 query 字段的 {FORM} 提交查询 "
        f"(unsupported Content-Type: POST a query as {DIRECT} or as {FORM} with a 'query' field)",
        415,
    )


def single(params: list[tuple[str, str]], name: str) -> str | None:
    """A parameter that may appear at most once."""
    values = [v for k, v in params if k == name]
    if len(values) > 1:
        raise ProtocolError(
            f"参数 {name!r} 给了 {len(values)} 次，只能给一次 "
            f"(the parameter is given {len(values)} times; give it once)",
            400,
        )
    return values[0] if values else None


def query_request(request: Request) -> tuple[QueryRequest | None, list[tuple[str, str]]]:
    """The QueryRequest of a /sparql call (None when it asks for the service description)."""
    params, direct = request_params(request)
    if any(k == "update" for k, _ in params):
        raise ProtocolError(
            "本接口只读，不接受 SPARQL Update "
            "(SPARQL Update is refused: this endpoint is read-only)",
            403,
        )
    text = single(params, "query")
    if direct is not None:
        if text is not None:
            raise ProtocolError(
                "直接 POST 时查询放在正文中，不放在 query 参数里 "
                "(a direct POST carries the query in the body, not in 'query')",
                400,
            )
        text = direct
    if text is None:
        return None, params
    if not text.strip():
        raise ProtocolError("查询为空 (the query is empty)", 400)
    defaults = [URIRef(v) for k, v in params if k == "default-graph-uri"]
    named = [URIRef(v) for k, v in params if k == "named-graph-uri"]
    protocol_dataset = bool(defaults or named)
    return (
        QueryRequest(
            text=text,
            default_graphs=defaults if protocol_dataset else None,
            named_graphs=named if protocol_dataset else None,
            base=request.base_url,  # relative IRIs resolve against the endpoint (Protocol §2.1)
        ),
        params,
    )
