"""The analysts' pages: browse the list, an item with its trace, named queries, validation;
and resource IRIs that resolve (HTML for browsers, RDF for clients).

Why server-rendered: every page works without JavaScript and without the network (no CDN);
the data is small and never changes while serving. The pages read the loaded rdflib dataset
through the core's plain functions (describe, trace); anything a user can type that reaches
an engine (a query parameter, an upload) goes through the same isolated path as /sparql.
"""

from __future__ import annotations

import base64
import re
from functools import lru_cache
from urllib.parse import quote, urlencode

from flask import (
    Blueprint,
    Response,
    abort,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from rdflib import RDF, RDFS, Graph, Literal, URIRef, Variable
from werkzeug.exceptions import HTTPException

from dutygraph.errors import DutyGraphError
from dutygraph.graph.describe import show
from dutygraph.guard.isolation import Limits, run_isolated
from dutygraph.namespace import DG, DOC, GRAPH
from dutygraph.rdfterms import PREFIXES
from dutygraph.sparql.queryservice import QueryRequest, answer_bytes
from dutygraph.sparql.resultformats import by_key, media_types
from dutygraph.trace.walk import provision_view, trace_down, trace_up

from .i18n import WORDS, current_lang, reader_half
from .ontologypage import ontology_page
from .state import current_state

pages = Blueprint(
    "pages",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/static",
)
BASE = "https://w3id.org/dutygraph/"
SAFE_PATH = re.compile(r"^[A-Za-z0-9._~/-]+$")


@pages.app_context_processor
def _words() -> dict:
    lang = current_lang()
    other = "en" if lang == "zh" else "zh"
    upload_mb = f"{current_state().settings.max_body_bytes / (1 << 20):g}"
    # the switch keeps the page's other parameters (the year page's township and year)
    kept = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"]
    switch = "?" + urlencode([*kept, ("lang", other)])
    return {
        "w": WORDS[lang],
        "lang": lang,
        "other_lang": other,
        "lang_switch": switch,
        "upload_mb": upload_mb,
    }


def error_page(exc: HTTPException) -> tuple[str, int]:
    """An error as a page in the site's frame, in the reader's language, with the codes it
    names as links (``party-23`` → the list skips (23); party-22 and party-24 exist)."""
    message = exc.description or exc.name
    asked = request.path.rsplit("/", 1)[-1]
    nearby = [
        code
        for code in re.findall(r"\b(?:party|gov|general|discipline)-g?\d+\b", message)
        if code != asked
    ]
    message = reader_half(message, current_lang())  # "中文 (English)"
    if exc.code == 404 and not nearby and current_lang() == "zh" and not _has_cjk(message):
        message = f"没有找到 {request.path}"
    status = exc.code or 500
    return render_template(
        "error.html", status=status, message=message, nearby=list(dict.fromkeys(nearby))
    ), status


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@pages.errorhandler(HTTPException)
def _page_error(exc: HTTPException):
    return error_page(exc)


@pages.app_template_filter("term")
def term_filter(name) -> str:
    """A relation, evidence level, level, role or activity kind in the page's language."""
    from dutygraph.graph.labels import term

    return term(name, current_lang())


@lru_cache(maxsize=1)
def _typed_codes() -> frozenset[str]:
    """The ontology's notations and local names a user types as values (checked,
    party-leader …): lower-case words, read once."""
    from dutygraph.graph.labels import term_labels

    return frozenset(k for k in term_labels() if re.fullmatch(r"[a-z][a-z-]+", k))


@pages.app_template_filter("codes")
def codes_filter(text: str):
    """Prose (a query's summary, a parameter's help) with the codes a user types (checked,
    party-leader …) set as code, so they read as values to enter, not as untranslated words."""
    from markupsafe import Markup, escape

    known = _typed_codes()
    return Markup(
        re.sub(
            r"\b[a-z][a-z-]+\b",
            lambda m: f"<code>{m.group(0)}</code>" if m.group(0) in known else m.group(0),
            str(escape(text)),
        )
    )


@pages.app_template_filter("nocodes")
def nocodes_filter(text: str) -> str:
    """Prose without the codes beside their Chinese words ("checked 已核对原文" → "已核对原文"),
    for places that take plain text only (a drop-down's options)."""
    known = _typed_codes()
    return re.sub(
        r"\b([a-z][a-z-]+)\b\s*",
        lambda m: "" if m.group(1) in known else m.group(0),
        str(text),
    )


@pages.app_template_filter("kind")
def kind_filter(kinds) -> str:
    """An item's most specific kind in words, never a list of class names."""
    from dutygraph.graph.labels import kind_label

    return kind_label(kinds, current_lang())


def _report_words(lang: str) -> dict:
    """The validation report's own words (one table, validation/report.py) for the page."""
    from dutygraph.validation.report import LABELS

    return LABELS[lang]


@pages.app_template_global()
def param_help(param) -> str:
    from .i18n import PARAM_HELP_ZH

    return (
        PARAM_HELP_ZH.get(param.name, param.description)
        if current_lang() == "zh"
        else param.description
    )


@pages.app_template_global()
def param_type(kind: str) -> str:
    from .i18n import PARAM_TYPES_ZH

    return PARAM_TYPES_ZH.get(kind, kind) if current_lang() == "zh" else kind


@pages.app_template_global()
def column_name(variable) -> str:
    from .i18n import COLUMNS_ZH

    name = str(variable)
    return COLUMNS_ZH.get(name, name) if current_lang() == "zh" else name


@pages.app_template_global()
def requirement_words(requirement: dict) -> str:
    """A requirement's numbers as a reader says them (每年至少 2 次 · 讲座), not as fields."""
    from dutygraph.graph.labels import requirement_words as words

    return words(requirement, current_lang())


@pages.app_template_filter("local")
def local_path(iri: str) -> str:
    """A project IRI as a path on this server (it resolves here); other IRIs unchanged."""
    return "/" + iri[len(BASE) :] if iri.startswith(BASE) else iri


@pages.after_app_request
def _remember_lang(response: Response) -> Response:
    asked = request.args.get("lang")
    if asked in WORDS:
        response.set_cookie("lang", asked, max_age=365 * 86400, samesite="Lax")
    return response


def graph():
    """The loaded rdflib dataset (union default graph), read-only here."""
    return current_state().engine.source


def document_iri() -> URIRef:
    """The township list served by default: the first real one (never a generated town)."""
    return current_state().document


def tree(node: URIRef) -> dict:
    """The item and its parts, recursively, in document order (cached: the data is fixed)."""
    view = show(graph(), node)
    parts = {str(graph().value(p, DG.code)): p for p in graph().subjects(DG.partOf, node)}
    return {"view": view, "children": [tree(parts[code]) for code, _ in view.children]}


@pages.route("/")
def home() -> Response:
    return redirect(url_for("pages.browse"))


@pages.route("/favicon.ico")
def favicon() -> Response:
    return redirect(url_for("pages.static", filename="favicon.svg"), 301)


def chosen_list() -> URIRef:
    """The list a page is about: ``?list=SLUG`` (or its IRI), else the served default one.

    Why a parameter: item codes (party-21) repeat in every township's list."""
    from .uploads import parse_document

    asked = request.args.get("list")
    return parse_document(asked) if asked else document_iri()


@pages.route("/browse")
def browse() -> str:
    chosen, trees = chosen_list(), current_state().trees
    if chosen not in trees:
        if (chosen, RDF.type, DG.DutyList) not in graph():
            abort(404, f"没有这份职责清单：{chosen} (no duty list {chosen})")
        trees[chosen] = tree(chosen)
    return render_template("browse.html", root=trees[chosen])


def _item_iri(code: str) -> URIRef:
    from dutygraph.graph.lookup import resolve

    try:
        return resolve(graph(), code, chosen_list())
    except DutyGraphError as exc:
        abort(404, str(exc))


@pages.route("/item/<code>")
def item(code: str) -> str:
    node = _item_iri(code)
    view = show(graph(), node)
    trace = trace_up(graph(), node)
    return render_template("item.html", view=view, trace=trace, derived=trace_down(graph(), node))


def provision_page(node: URIRef) -> str:
    if (node, DG.inDocument, None) not in graph() and (node, DG.level, None) not in graph():
        abort(404)
    view = provision_view(graph(), node) if (node, DG.inDocument, None) in graph() else None
    label = graph().value(node, RDFS.label)
    return render_template(
        "provision.html", iri=str(node), view=view, label=label, derived=trace_down(graph(), node)
    )


@pages.route("/doc/<path:rest>")
@pages.route("/eli/<path:rest>")
@pages.route("/ontology")
def resource(rest: str = "") -> Response | str:
    """A resource IRI under the project namespace: HTML for browsers, RDF when asked."""
    path = request.path.lstrip("/")
    if not SAFE_PATH.match(path):
        abort(404)
    iri = URIRef(BASE + path)
    html_q = request.accept_mimetypes["text/html"]
    best = request.accept_mimetypes.best_match(list(media_types("CONSTRUCT")))
    wants_rdf = request.args.get("format") or (
        best is not None and request.accept_mimetypes[best] > html_q
    )
    if path == "ontology":
        if wants_rdf:
            fmt = by_key("CONSTRUCT", request.args.get("format") or best)
            body = ontology_graph().serialize(format=fmt.writer, encoding="utf-8")
            return Response(body, mimetype=fmt.media_type, headers={"Vary": "Accept"})
        return Response(ontology_page(ontology_graph, current_lang()), mimetype="text/html")
    if wants_rdf:
        return _describe(iri, request.args.get("format") or best)
    if path.startswith("doc/"):
        code = str(graph().value(iri, DG.code) or "")
        in_list = graph().value(iri, DG.inDocument)
        if code and in_list is not None:
            slug = None if in_list == document_iri() else str(in_list)[len(str(DOC)) :]
            return redirect(url_for("pages.item", code=code, list=slug))
        if (iri, RDF.type, DG.DutyList) in graph():
            slug = None if iri == document_iri() else path[len("doc/") :]
            return redirect(url_for("pages.browse", list=slug))
    return provision_page(iri)


def ontology_graph(kinds: tuple[str, ...] | None = None) -> Graph:
    """The ontology, schemes and alignments as loaded (the graphs named graph/ontology/…)."""
    merged = Graph()
    for name in current_state().engine.graph_names:
        stem = str(name).removeprefix(str(GRAPH["ontology/"]))
        if stem != str(name) and (kinds is None or stem in kinds):
            merged += Graph(store=graph().store, identifier=name)  # read, never create
    for prefix, namespace in graph().namespaces():
        merged.bind(prefix, namespace)
    return merged


def _describe(iri: URIRef, key: str) -> Response:
    state = current_state()
    fmt = by_key("CONSTRUCT", key)
    query = QueryRequest(
        # inferred types are kept to named classes: a restriction class from the reasoning
        # step (a blank node) is not a type a reader wants
        text="CONSTRUCT { ?resource ?p ?o } WHERE { ?resource ?p ?o FILTER(!isBlank(?o)) }",
        bindings={Variable("resource"): iri},
    )
    body = answer_bytes(state.engine, query, fmt, state.settings)
    return Response(body, mimetype=fmt.media_type, headers={"Vary": "Accept"})


EDITOR_START = """PREFIX dg: <https://w3id.org/dutygraph/ontology#>
PREFIX doc: <https://w3id.org/dutygraph/doc/niuxintuo-2023-25/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?item ?code ?text WHERE {
  ?item dg:code ?code ; dg:text ?text .
  FILTER(CONTAINS(?text, "讲座"))
}
ORDER BY ?code
"""


@pages.route("/sparql-editor")
def editor() -> str:
    """YASGUI against /sparql; ``?query=`` opens a given query (permalinks from the picker)."""
    return render_template("editor.html", initial=request.args.get("query") or EDITOR_START)


@pages.route("/prefixes.json")
def prefixes() -> Response:
    """The editor's prefix completion list: dutygraph's own prefixes (dg:, doc:, eli:, …),
    served here so YASQE never asks prefix.cc."""
    return jsonify({prefix: str(namespace) for prefix, namespace in PREFIXES.items() if prefix})


@pages.route("/query")
def query_page() -> str:
    """The named-query picker; with ``name`` it runs the query and shows labelled rows."""
    queries = current_state().queries
    name = request.args.get("name")
    chosen = queries.get(name) if name else None
    values = {p.name: request.args.get(p.name, "") for p in chosen.params} if chosen else {}
    result = error = None
    if chosen is not None:
        bound = {k: v for k, v in values.items() if v}
        try:
            result = _run_labelled(chosen, bound)
        except DutyGraphError as exc:
            error = str(exc)
    return render_template(
        "query.html",
        queries=queries,
        chosen=chosen,
        values=values,
        result=result,
        error=error,
        formats=("csv", "tsv", "json"),
    )


def _run_labelled(query, values: dict[str, str]) -> dict:
    """Rows of a named query, each IRI with its label and a link into the pages if it has one."""
    state = current_state()
    bindings = query.bind(values)
    lang = current_lang()

    def work():
        answer = state.engine.query(
            query.text, bindings=bindings, prefixes=PREFIXES, max_rows=state.settings.max_rows
        )
        rows = []
        for row in answer.rows:
            rows.append([_cell(term, lang) for term in row])
        return {"variables": [str(v) for v in answer.variables], "rows": rows}

    return run_isolated(work, Limits(timeout=state.settings.timeout, memory=state.settings.memory))


def _cell(value, lang: str) -> dict:
    """A result cell in the reader's words: an item with its label and link, one of the
    ontology's own terms (a role, a relation, a level, an evidence level, an activity kind)
    by its label, a notation such as party-leader by the term's label; other values as given."""
    from dutygraph.graph.labels import term, term_labels

    if value is None:
        return {"text": ""}
    if isinstance(value, URIRef):
        if str(value).startswith(str(DG._NS)):
            return {"text": term(str(value), lang), "iri": str(value)}
        labels = {lbl.language: str(lbl) for lbl in graph().objects(value, RDFS.label)}
        label = labels.get(lang) or labels.get("zh") or labels.get(None)
        link = local_path(str(value)) if str(value).startswith(BASE) else None
        return {"text": str(value), "label": label, "link": link}
    if isinstance(value, Literal) and value.language is None and str(value) in term_labels():
        return {"text": term(str(value), lang), "iri": str(value)}
    return {"text": str(value)}


@pages.route("/validate/page", methods=["GET", "POST"])
def validate_page() -> str | tuple[str, int]:
    """Upload a year's records; the report grouped by duty, with the SHACL report to download."""
    if request.method == "GET":
        return render_template("validate.html", report=None, year="")
    import json

    from markupsafe import Markup

    from dutygraph.validation.report import render_json, render_ttl, report_tables

    from .uploads import parse_date, parse_year, validate_upload

    upload = request.files.get("records")
    if upload is None or not upload.filename:
        abort(400, "没有上传文件 (no file uploaded)")
    year = parse_year(request.form.get("year") or None, None)  # empty: the records' own year
    as_of = parse_date(request.form.get("as_of") or None)  # the form sends "" when unset
    name, data = upload.filename, upload.read()
    kind = name.rsplit(".", 1)[-1].lower()
    lang = current_lang()
    try:
        report, turtle, tables = validate_upload(
            data,
            name,
            kind,
            year,
            as_of,
            lambda report: (
                json.loads(render_json(report, lang)),
                render_ttl(report),
                report_tables(report, lang, item_link=lambda code: f"/item/{quote(code)}"),
            ),
            document=request.form.get("document") or None,
        )
    except DutyGraphError as exc:
        return render_template("validate.html", report=None, error=str(exc), year=year or ""), 400
    encoded = base64.b64encode(turtle.encode("utf-8")).decode("ascii")
    return render_template(
        "validate.html",
        report=report,
        tables=Markup(tables),  # escaped by report_tables, value by value
        turtle=encoded,
        year=report["year"],
        file=name,
        error=None,
        words=_report_words(lang),
    )
