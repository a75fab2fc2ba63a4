"""POST /validate: a year's fulfilment records in, the SHACL report out; nothing is stored.

Records come as a multipart upload (field ``records``; the file name's suffix gives the
format) or as the body with its media type. Parsing and pySHACL run in an isolated child with
the validation deadline; JSON-LD remote contexts and owl:imports are never followed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from flask import Blueprint, Response, request
from rdflib import URIRef

from dutygraph.codes import document_iri
from dutygraph.guard.isolation import Limits, run_isolated
from dutygraph.namespace import DOC

from .protocol import ProtocolError, decode_params, single
from .state import current_state

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
            raise ProtocolError("the upload has no 'records' file part", 400)
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
            f"unsupported Content-Type {request.mimetype or '(none)'!r}: upload records as "
            f"multipart/form-data or as one of {', '.join(BODY_TYPES)}",
            415,
        )
    year = parse_year(single(params, "year"), date.today().year)
    as_of = parse_date(single(params, "as_of"))
    fmt = single(params, "format") or _accepted_report()
    lang = single(params, "lang") or "zh"
    if fmt not in REPORT_TYPES or lang not in ("zh", "en"):
        raise ProtocolError("format must be text, json, ttl or html; lang zh or en", 400)

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


def validate_upload(
    data: bytes,
    name: str,
    kind: str,
    year: int,
    as_of: date | None,
    render: Callable,
    *,
    document: str | None = None,
):
    """Read one uploaded records file and validate it in an isolated child, under the
    validation deadline; ``render`` turns the report into what the caller sends, in the child
    too, so the report's graphs never cross the pipe. ``document`` (a list's slug or IRI)
    picks the township list; its slice is read in the child, the default one was read at start.
    """
    state = current_state()
    target = parse_document(document) if document else state.document

    def work():
        from dutygraph.records.reader import read_records_bytes
        from dutygraph.validation.townships import validate

        slug = str(target)[len(str(DOC)) :]
        batch = read_records_bytes(data, name=name, fmt=kind, document_slug=slug)
        base = state.validation_base if target == state.document else None
        report = validate(
            state.engine, target, year=year, as_of=as_of, records=[batch.graph], base=base
        )
        return render(report)

    limits = Limits(timeout=state.settings.validate_timeout, memory=state.settings.memory)
    return run_isolated(work, limits)


def parse_document(value: str) -> URIRef:
    """A ``document`` field: a list's slug (niuxintuo-2023-25) or its IRI under doc/; 400 else."""
    iri = document_iri(value)
    if not str(iri).startswith(str(DOC)) or not re.fullmatch(r"[a-z0-9-]+", str(iri)[len(DOC) :]):
        raise ProtocolError(f"document must be a list's slug or IRI, got {value!r}", 400)
    return iri


def parse_year(value: str | None, default: int) -> int:
    """A ``year`` field: digits, or the default when absent; 400 otherwise."""
    if value is None:
        return default
    if not value.isdigit():
        raise ProtocolError(f"year must be a year like 2024, got {value!r}", 400)
    return int(value)


def parse_date(value: str | None) -> date | None:
    """An ``as_of`` field: YYYY-MM-DD, or None when absent; 400 otherwise."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ProtocolError(f"as_of must be a date YYYY-MM-DD, got {value!r}", 400) from None
