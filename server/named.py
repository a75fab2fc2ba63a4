"""/queries: the named-query library over HTTP, parameters bound as typed RDF terms."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request, url_for

from dutygraph.codes import parse_params
from dutygraph.rdfterms import PREFIXES
from dutygraph.sparql.queryservice import QueryRequest

from .guarded import evaluate
from .protocol import ProtocolError, decode_params
from .state import current_state

named = Blueprint("named", __name__)
RESERVED = ("format", "download")
BOM = "\ufeff".encode()


@named.route("/queries")
def listing() -> Response:
    """Every named query with its summaries, parameters, example and a link to run it."""
    return jsonify(
        [
            {
                "name": q.name,
                "summary": q.summary,
                "params": [
                    {"name": p.name, "type": p.type, "description": p.description} for p in q.params
                ],
                "example": q.example,
                "url": url_for("named.run", name=q.name, _external=True),
                "text": q.text,
            }
            for q in current_state().queries.values()
        ]
    )


@named.route("/queries/<name>")
def run(name: str) -> Response:
    """Run one named query; ``?param=value`` binds, ``format=`` or Accept picks the format."""
    queries = current_state().queries
    if name not in queries:
        raise ProtocolError(
            f"没有名为 {name!r} 的命名查询，GET /queries 列出全部 "
            f"(no named query {name!r}; GET /queries lists them)",
            404,
        )
    query = queries[name]
    params = decode_params(request.query_string, "query string")
    values = parse_params((kv for kv in params if kv[0] not in RESERVED), where="参数")
    req = QueryRequest(text=query.text, bindings=query.bind(values), prefixes=PREFIXES)
    body, fmt = evaluate(req, params)
    if request.args.get("download"):
        # a file for Excel/WPS: a BOM so they read the CSV as UTF-8 and show the Chinese
        if fmt.key == "csv":
            body = BOM + body
        extension = {"jsonld": "jsonld", "rdfxml": "rdf"}.get(fmt.key, fmt.key)
        disposition = f'attachment; filename="{name}.{extension}"'
        return Response(body, mimetype=fmt.media_type, headers={"Content-Disposition": disposition})
    return Response(body, mimetype=fmt.media_type)
