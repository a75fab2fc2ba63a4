"""POST /validate: a year's fulfilment records in, the SHACL report out; nothing is stored.

Records come as a multipart upload (field ``records``; the file name's suffix gives the
format) or as the body with its media type. Parsing and pySHACL run in an isolated child with
the validation deadline; JSON-LD remote contexts and owl:imports are never followed.
"""

from __future__ import annotations

from flask import Blueprint, Response, request

from .protocol import ProtocolError, decode_params, single
from .uploads import parse_date, parse_year, validate_upload

validate = Blueprint("validate", __name__)
BODY_TYPES = {
    "text/csv": "csv",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "text/turtle": "ttl",
    "application/ld+json": "jsonld",
}
REPORT_TYPES = {
    "text": "text/plain",
    "json": "application/json",
    "ttl": "text/turtle",
    "html": "text/html",
}


@validate.route("/validate", methods=["POST"])
def run() -> Response:
    """Validate uploaded records for ``year`` (default: this year) as of ``as_of``."""
    params = decode_params(request.query_string, "query string")
    if request.mimetype == "multipart/form-data":
        upload = request.files.get("records")
        if upload is None or not upload.filename:
            raise ProtocolError(
                "上传内容中没有 records 文件 (the upload has no 'records' file part)", 400
            )
        name, kind, data = upload.filename, upload.filename.rsplit(".", 1)[-1], upload.read()
        params += [(k, v) for k, v in request.form.items(multi=True)]
    elif request.mimetype in BODY_TYPES:
        name, kind, data = (
            f"upload.{BODY_TYPES[request.mimetype]}",
            BODY_TYPES[request.mimetype],
            request.get_data(),
        )
    else:
        raise ProtocolError(
            f"不支持的 Content-Type {request.mimetype or '(none)'!r}：请以 multipart/form-data 或 "
            f"{', '.join(BODY_TYPES)} 之一上传记录 (unsupported Content-Type: upload records as "
            f"multipart/form-data or as one of these)",
            415,
        )
    year = parse_year(single(params, "year"), None)  # absent: the records' own year
    as_of = parse_date(single(params, "as_of"))
    fmt = single(params, "format") or _accepted_report()
    lang = single(params, "lang") or "zh"
    if fmt not in REPORT_TYPES or lang not in ("zh", "en"):
        raise ProtocolError(
            "format 只能是 text、json、ttl 或 html，lang 只能是 zh 或 en "
            "(format must be text, json, ttl or html; lang zh or en)",
            400,
        )

    from dutygraph.validation.report import render

    conforms, text = validate_upload(
        data,
        name,
        kind,
        year,
        as_of,
        lambda report: (report.conforms, render(report, fmt, lang)),
        document=single(params, "document"),
    )
    return Response(
        text,
        mimetype=REPORT_TYPES[fmt],
        headers={"X-Conforms": "true" if conforms else "false"},
    )


def _accepted_report() -> str:
    best = request.accept_mimetypes.best_match(list(REPORT_TYPES.values()))
    if not request.headers.get("Accept") or best is None:
        return "json"
    return next(k for k, v in REPORT_TYPES.items() if v == best)
