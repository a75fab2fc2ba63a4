"""Uploaded records, validated apart: one isolated child per upload, and the form fields
(``year``, ``as_of``, ``document``) read the same way by the API and the pages.

Why a module of its own: ``POST /validate`` and the validation page share this path; neither
blueprint imports the other.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from flask import current_app, request
from rdflib import URIRef

from dutygraph.codes import document_iri
from dutygraph.guard.isolation import Limits, run_isolated
from dutygraph.namespace import DOC

from .protocol import ProtocolError
from .state import current_state


def validate_upload(
    data: bytes,
    name: str,
    kind: str,
    year: int | None,
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
            state.engine,
            target,
            year=year,
            as_of=as_of,
            records=[batch.graph],
            base=base,
            owned=True,
        )
        report.notices = list(batch.notices)
        return render(report)

    limits = Limits(
        timeout=state.settings.validate_timeout, memory=state.settings.memory, work="validation"
    )
    with current_app.extensions["dutygraph.validation_gate"].slot():
        return run_isolated(work, limits, abandoned=client_gone(request.environ))


def client_gone(environ: dict) -> Callable[[], bool] | None:
    """Whether the client of this request has closed its connection, asked without reading
    anything it sent: the socket reads as ready and a peek returns nothing. Only gunicorn says
    which socket a request came on; elsewhere (the development server) nothing is cancelled."""
    sock = environ.get("gunicorn.socket")
    if sock is None:
        return None

    def gone() -> bool:
        import select
        import socket

        try:
            ready, _, _ = select.select([sock], [], [], 0)
            return bool(ready) and sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
        except BlockingIOError:
            return False
        except OSError:
            return True

    return gone


def parse_document(value: str) -> URIRef:
    """A ``document`` field: a list's slug (niuxintuo-2023-25) or its IRI under doc/; 400 else."""
    iri = document_iri(value)
    if not str(iri).startswith(str(DOC)) or not re.fullmatch(r"[a-z0-9-]+", str(iri)[len(DOC) :]):
        raise ProtocolError(
            f"document 应为清单的简称或 IRI，收到 {value!r} "
            "(document must be a list's slug or IRI)",
            400,
        )
    return iri


def parse_year(value: str | None, default: int | None) -> int | None:
    """A ``year`` field: digits, or the default when absent (None: the records' own year);
    400 otherwise."""
    if value is None:
        return default
    if not value.isdigit():
        raise ProtocolError(
            f"year 应为年份，如 2024，收到 {value!r} (year must be a year like 2024)", 400
        )
    return int(value)


def parse_date(value: str | None) -> date | None:
    """An ``as_of`` field: YYYY-MM-DD, or None when absent; 400 otherwise."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ProtocolError(
            f"as_of 应为日期 YYYY-MM-DD，收到 {value!r} (as_of must be a date YYYY-MM-DD)", 400
        ) from None
