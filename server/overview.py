"""The year's overview page: the township × duty matrix with counts, rates and charts
(/overview), and the records behind one cell (/overview/rows).

Why a blueprint of its own: the pages blueprint is about one list; this one reads every
township list in the store at once, through the core's whole-store scans
(validation/overview.py), and keeps the last answers: the data never changes while serving.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from flask import Blueprint, Response, abort, render_template, request
from markupsafe import Markup
from werkzeug.exceptions import HTTPException

from dutygraph.errors import DutyGraphError
from dutygraph.guard.isolation import WorkFailed
from dutygraph.validation.yearreport import WORDS, cell_records, overview_html, year_view

from .i18n import current_lang
from .state import current_state

overview = Blueprint("overview", __name__, template_folder="templates")

_VIEWS: dict[tuple, object] = {}
"""The last few computed views by (state, year, as_of, document, sort)."""


def _asked() -> tuple[int, date | None, object, str]:
    from .uploads import parse_date, parse_document, parse_year

    year = parse_year(request.args.get("year") or None, date.today().year)
    as_of = parse_date(request.args.get("as_of") or None)
    slug = request.args.get("list") or request.args.get("document")
    document = parse_document(slug) if slug else None
    return year, as_of, document, request.args.get("sort") or "name"


def cached_view(year: int, as_of, document, sort: str):
    state = current_state()
    key = (id(state), year, as_of, document, sort)
    if key not in _VIEWS:
        if len(_VIEWS) >= 16:  # request threads may evict at once: never fail on a gone key
            _VIEWS.pop(next(iter(_VIEWS), None), None)
        _VIEWS[key] = year_view(state.engine, year, as_of=as_of, document=document, sort=sort)
    return _VIEWS[key]


def _link(path: str, **params) -> str:
    lang = request.args.get("lang")
    if lang:
        params["lang"] = lang
    query = urlencode({k: v for k, v in params.items() if v is not None})
    return f"{path}?{query}" if query else path


@overview.route("/overview")
def overview_page() -> str | tuple[str, int]:
    """The matrix of every township list (or ``?list=``/``?document=``) for ``?year=``."""
    year, as_of, document, sort = _asked()
    lang = current_lang()
    slug = request.args.get("list") or request.args.get("document")
    try:
        view = cached_view(year, as_of, document, sort)
    except DutyGraphError as exc:
        abort(404 if document is not None else 400, str(exc))
    fixed = {"year": year, "as_of": as_of, "list": slug}
    body = overview_html(
        view,
        lang,
        item_link=lambda code, town: _link(f"/item/{code}", list=_other(town)),
        rows_link=lambda code, town: _link("/overview/rows", year=year, list=town, code=code),
        sort_link=lambda key: _link("/overview", **fixed, sort=key),
    )
    return render_template(
        "overview.html",
        ow=WORDS[lang],
        view=view,
        body=Markup(body),  # escaped by overview_html, value by value
        year=year,
        sort=sort,
        slug=slug or "",
        export=lambda fmt: _link("/overview/export", **fixed, sort=sort, format=fmt),
    )


def _other(town: str | None) -> str | None:
    """The list parameter of an item link: none for the served default list."""
    default = str(current_state().document).rsplit("/", 1)[-1]
    return None if town in (None, default) else town


EXPORTS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


@overview.route("/overview/export")
def overview_export() -> Response:
    """The same view as a workbook or a PDF (``?format=xlsx|pdf``), to file or forward."""
    from dutygraph.validation.yearfiles import WRITERS

    fmt = request.args.get("format") or "xlsx"
    if fmt not in EXPORTS:
        abort(400, f"format 只能是 xlsx 或 pdf (format must be xlsx or pdf, got {fmt!r})")
    year, as_of, document, sort = _asked()
    try:
        view = cached_view(year, as_of, document, sort)
    except DutyGraphError as exc:
        abort(404 if document is not None else 400, str(exc))
    name = f"overview-{year}.{fmt}"
    return Response(
        WRITERS[fmt](view, current_lang()),
        mimetype=EXPORTS[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@overview.route("/overview/rows")
def overview_rows() -> str:
    """The records behind one cell (a township's duty in a year), each with its problems."""
    from .uploads import parse_document, parse_year

    year = parse_year(request.args.get("year") or None, date.today().year)
    slug, code = request.args.get("list"), request.args.get("code")
    if not slug or not code:
        abort(400, "需要 list 与 code 参数 (list and code are required)")
    lines = cell_records(current_state().engine, parse_document(slug), code, year)
    return render_template(
        "overview_rows.html", ow=WORDS[current_lang()], lines=lines, year=year, slug=slug, code=code
    )


@overview.errorhandler(HTTPException)
def _page_error(exc: HTTPException):
    from .pages import error_page

    return error_page(exc)


@overview.errorhandler(WorkFailed)
def _refused(exc: WorkFailed):
    """A bad parameter (``year=abc``) as an error page, not a plain-text line."""
    from .pages import error_page

    page = HTTPException(description=exc.message)
    page.code = exc.status
    return error_page(page)
