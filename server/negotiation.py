"""Choosing a result format: the ``format`` parameter first, else Accept with q-values.

Why the parameter wins: links in pages and READMEs must pin a format regardless of what the
browser sends; programs use Accept. Nothing acceptable is a 406 that lists what is offered.
"""

from __future__ import annotations

from flask import Request

from dutygraph.errors import DutyGraphError
from dutygraph.sparql.resultformats import Format, by_key, formats_for, media_types

from .protocol import ProtocolError, single


def choose_format(request: Request, params: list[tuple[str, str]], form: str) -> Format:
    """The format to answer this query form in."""
    key = single(params, "format")
    if key:
        try:
            return by_key(form, key)
        except DutyGraphError as exc:
            raise ProtocolError(str(exc), 406) from None
    if not request.headers.get("Accept"):
        return formats_for(form)[0]
    table = media_types(form)
    best = request.accept_mimetypes.best_match(list(table))
    if best is None:
        offered = ", ".join(f.media_type for f in formats_for(form))
        raise ProtocolError(
            "请求的格式都不适用于这类结果，请改用所列格式之一 "
            f"(no accepted media type fits {form or 'these'} results; offered: {offered})",
            406,
        )
    return table[best]
