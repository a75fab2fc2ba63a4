"""/records, /login, /audit and /api/batches: the record-keeping service over the ledger.

Why a blueprint of its own, registered only with ``serve --ledger PATH``: the SPARQL endpoint
stays read-only and anonymous; every write here needs an account. Pages use a signed session
cookie (HttpOnly, SameSite=Strict) and two checks on every form post: Flask-WTF's CSRF token
(a cross-site post is refused) and a one-time form id spent in the ledger (a replayed post is
refused). The API takes a bearer token (``dutygraph user token NAME``). Validation of an upload
runs in an isolated child under the validation deadline, as ``/validate`` does; only the parent
writes the ledger, in one transaction.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Callable
from datetime import date
from functools import wraps

from flask import (
    Blueprint,
    Response,
    current_app,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_wtf.csrf import CSRFError, generate_csrf, validate_csrf
from itsdangerous import BadSignature, URLSafeSerializer
from wtforms.validators import ValidationError

from dutygraph.codes import DEFAULT_SLUG
from dutygraph.errors import DutyGraphError
from dutygraph.guard.isolation import Limits, run_isolated
from dutygraph.keeping import accounts, batches
from dutygraph.keeping.accounts import AuthError, User
from dutygraph.keeping.batches import SHAPES_REVIEWER, STATES, WorkflowError
from dutygraph.keeping.ledger import Ledger

from .i18n import current_lang, reader_half
from .state import current_state

keeping = Blueprint("keeping", __name__)
FORMATS = ("csv", "xlsx", "ttl", "jsonld")
WORDS = {
    "zh": {
        "records": "履职记录台账",
        "login": "登录",
        "logout": "退出",
        "user": "用户名",
        "password": "密码",
        "submit": "提交记录",
        "township": "乡镇清单",
        "year": "年度",
        "file": "记录文件",
        "comment": "说明（有警告时必填）",
        "corrects": "更正批次号（可空）",
        "reason": "更正原因",
        "batch": "批次",
        "state": "状态",
        "by": "提交人",
        "at": "时间",
        "violations": "违反",
        "warnings": "警告",
        "review": "审核",
        "approve": "批准",
        "return": "退回",
        "review_comment": "审核意见",
        "history": "批次沿革",
        "report": "核验报告",
        "year_report": "年度核验（仅计已批准批次）",
        "remediation": "整改事项",
        "open": "未关闭",
        "closed": "已关闭",
        "due": "期限",
        "finding": "问题",
        "duty": "职责编码",
        "evidence": "整改证据",
        "close": "关闭整改",
        "new_remediation": "下达整改",
        "audit": "审计日志",
        "who": "操作人",
        "action": "操作",
        "target": "对象",
        "where": "来源地址",
        "outcome": "结果",
        "none": "暂无",
        "signed_in_as": "当前用户",
        "include_pending": "含待审核批次",
        "reviewer": "审核人",
        "revision_of": "更正自",
        "superseded": "已被更正",
        "form": "逐条填报",
        "form_help": "按清单逐条填写一项履职记录；提交后由服务器按同一套规则核验。",
        "form_invalid": "表单还有未填或不合规的项，请按红色提示修改。",
        "audit_export": "导出（JSONL）",
        "returned_by_shapes": "记录不符合要求，随核验报告退回（由 SHACL 形状自动退回）",
    },
    "en": {
        "records": "Records ledger",
        "login": "Sign in",
        "logout": "Sign out",
        "user": "User",
        "password": "Password",
        "submit": "Submit records",
        "township": "Township list",
        "year": "Year",
        "file": "Records file",
        "comment": "Comment (needed with warnings)",
        "corrects": "Corrects batch no. (optional)",
        "reason": "Reason for the correction",
        "batch": "Batch",
        "state": "State",
        "by": "Submitted by",
        "at": "Time",
        "violations": "Violations",
        "warnings": "Warnings",
        "review": "Review",
        "approve": "Approve",
        "return": "Return",
        "review_comment": "Review comment",
        "history": "History of the batch",
        "report": "Validation report",
        "year_report": "The year (approved batches only)",
        "remediation": "Remediation items",
        "open": "open",
        "closed": "closed",
        "due": "Due",
        "finding": "Finding",
        "duty": "Duty code",
        "evidence": "Closure evidence",
        "close": "Close item",
        "new_remediation": "Open a remediation item",
        "audit": "Audit log",
        "who": "Who",
        "action": "Action",
        "target": "Target",
        "where": "From",
        "outcome": "Outcome",
        "none": "none",
        "signed_in_as": "Signed in as",
        "include_pending": "with pending",
        "reviewer": "Reviewer",
        "revision_of": "Corrects",
        "superseded": "superseded",
        "form": "Enter a record",
        "form_help": "One fulfilment record, field by field; the server checks it with the "
        "same shapes when it is submitted.",
        "form_invalid": "Some fields are empty or invalid: see the marks beside them.",
        "audit_export": "export (JSON Lines)",
        "returned_by_shapes": "The records break the shapes: returned with the validation "
        "report (by the SHACL shapes, not a person)",
    },
}
STATE_WORDS = {"zh": STATES, "en": {k: k for k in STATES}}
AUDIT_ZH = {
    # actions
    "login": "登录",
    "logout": "退出",
    "form": "表单提交",
    "user-add": "添加用户",
    "user-disable": "停用用户",
    "user-enable": "启用用户",
    "token-issue": "签发令牌",
    "submit": "提交批次",
    "correct": "提交更正",
    "review": "审核",
    "approve": "批准",
    "return": "退回",
    "remediation-open": "下达整改",
    "remediation-close": "关闭整改",
    "year-close": "关闭年度",
    # outcomes (a submitted batch's outcome is its state)
    "ok": "成功",
    "failed": "失败",
    **STATES,
    "refused: rate limit": "拒绝：登录失败次数过多",
    "refused: csrf": "拒绝：表单已过期或来自其他网站",
    "refused: replayed": "拒绝：重复提交",
    "refused: warnings without comment": "拒绝：有警告而未写说明",
    "refused: not this township's clerk": "拒绝：不是该乡镇的填报员",
    "refused: year closed": "拒绝：年度已关闭",
    "refused: not a reviewer": "拒绝：不是审核员",
}
"""The audit log's actions and outcomes as the Chinese page shows them; the log itself keeps
the codes (``audit.jsonl`` and ``dutygraph ledger log`` are read by scripts)."""


def ledger() -> Ledger:
    """This process's connection (opened after the fork: SQLite connections never cross one)."""
    cache = current_app.extensions.setdefault("dutygraph.ledgers", {})
    pid = os.getpid()
    if pid not in cache:
        cache.clear()
        cache[pid] = Ledger(current_state().settings.ledger)
    return cache[pid]


@keeping.app_context_processor
def _keeping_words() -> dict:
    lang = current_lang()
    return {
        "kw": WORDS[lang],
        "state_words": STATE_WORDS[lang],
        "me": signed_in(),
        "audit_word": audit_word,
    }


def audit_word(code: str | None) -> str:
    """An audit action or outcome in the page's language (English: the code as logged)."""
    if not code or current_lang() == "en":
        return code or ""
    if code.startswith("refused: already "):
        state = code.removeprefix("refused: already ")
        return f"拒绝：批次已是“{STATES.get(state, state)}”"
    return AUDIT_ZH.get(code, code)


@keeping.errorhandler(DutyGraphError)
def _refused(exc: DutyGraphError) -> tuple[Response, int]:
    """Refusals, bad input and failed work (WorkFailed from the isolated validation) on
    these paths: a page in the reader's language, JSON for the API."""
    response, status = _answer(exc, getattr(exc, "status", 400))
    retry = getattr(exc, "retry_after", None)
    if retry is not None:
        response.headers["Retry-After"] = str(retry)
    return response, status


@keeping.errorhandler(CSRFError)
def _csrf(exc: CSRFError) -> tuple[Response, int]:
    refused = DutyGraphError(
        "表单已过期或来自其他网站，已拒绝", en="the form has expired or came from another site"
    )
    return _answer(refused, 400)


def _answer(exc: DutyGraphError, status: int) -> tuple[Response, int]:
    """The API's JSON says both languages ("中文 (English)", as the endpoint's errors do); a
    page says the reader's."""
    if request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json":
        return jsonify({"error": str(exc)}), status
    page = render_template("keeping_message.html", message=in_reader_language(exc), status=status)
    return make_response(page), status


def in_reader_language(exc: DutyGraphError) -> str:
    """The message in the page's language: its own English wording when it has one, else the
    half of a "中文 (English)" line (what crosses the isolated child's pipe)."""
    lang = current_lang()
    if exc.en:
        return exc.describe(lang)
    return reader_half(str(exc), lang)


def signed_in() -> User | None:
    name = session.get("user")
    if not name or request.blueprint != "keeping":
        return None
    try:
        return accounts.user_named(ledger(), name)
    except AuthError:
        session.clear()
        return None


def signed_in_anywhere() -> User | None:
    """The session's user on any page of the server (the endpoint asks this too)."""
    name = session.get("user")
    if not name:
        return None
    try:
        return accounts.user_named(ledger(), name)
    except AuthError:
        return None


def page_user() -> User:
    user = signed_in()
    if user is None:
        raise AuthError("请先登录", 401, en="sign in first")
    return user


def api_user() -> User:
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        raise AuthError(
            "需要令牌：Authorization: Bearer TOKEN",
            401,
            en="a token is needed: Authorization: Bearer TOKEN",
        )
    return accounts.user_for_token(ledger(), header.removeprefix("Bearer ").strip())


def form_guarded(view: Callable) -> Callable:
    """CSRF token and a one-time form id on every page form post."""

    @wraps(view)
    def guarded(*args, **kwargs):
        try:
            validate_csrf(request.form.get("csrf_token"))
        except ValidationError:
            _refused_form("refused: csrf")
            raise CSRFError() from None
        _spend(request.form.get("form_id", ""))
        return view(*args, **kwargs)

    return guarded


def _refused_form(outcome: str, db=None) -> None:
    """A refused form post goes into the audit log with who, where and which page."""
    ledger().audit(
        "form",
        outcome,
        who=session.get("user"),
        target=request.path,
        address=request.remote_addr,
        db=db,
    )


def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="dutygraph-form")


def form_id() -> str:
    """A fresh one-time id for one rendered form (signed, so it cannot be invented)."""
    return _signer().dumps(secrets.token_hex(16))


def _spend(signed: str) -> None:
    try:
        nonce = _signer().loads(signed)
    except BadSignature:
        raise CSRFError() from None
    with ledger().transaction() as db:
        if db.execute("SELECT 1 FROM spent_forms WHERE id = ?", (nonce,)).fetchone():
            _refused_form("refused: replayed", db)
            raise WorkflowError(
                "这张表单已经提交过，重复提交被拒绝",
                409,
                en="this form was sent already: the repeat is refused",
            )
        db.execute("INSERT INTO spent_forms VALUES (?)", (nonce,))


@keeping.app_template_global()
def csrf_fields() -> str:
    from markupsafe import Markup, escape

    return Markup(
        f'<input type="hidden" name="csrf_token" value="{escape(generate_csrf())}">'
        f'<input type="hidden" name="form_id" value="{escape(form_id())}">'
    )


# --- pages ---------------------------------------------------------------------------------


@keeping.route("/login", methods=["GET", "POST"])
def login_page():
    if request.method == "GET":
        return render_template("keeping_login.html")
    validate_or_refuse()
    user = accounts.login(
        ledger(),
        request.form.get("user", ""),
        request.form.get("password", ""),
        address=request.remote_addr,
    )
    session.clear()
    session["user"] = user.name
    return redirect(url_for("keeping.records_page"))


def validate_or_refuse() -> None:
    try:
        validate_csrf(request.form.get("csrf_token"))
    except ValidationError:
        raise CSRFError() from None


@keeping.route("/logout", methods=["POST"])
def logout():
    validate_or_refuse()
    ledger().audit("logout", "ok", who=session.get("user"), address=request.remote_addr)
    session.clear()
    return redirect(url_for("keeping.login_page"))


@keeping.route("/records")
def records_page():
    user = signed_in()
    if user is None:
        return redirect(url_for("keeping.login_page"))
    return render_template(
        "keeping_records.html",
        batches=batches.batches(ledger(), user),
        township=user.township or DEFAULT_SLUG,
        year=date.today().year - 1,
    )


@keeping.route("/records/form")
def form_page():
    """One record, field by field, in a form drawn from the shapes (shacl-form, vendored)."""
    from markupsafe import escape

    from dutygraph.codes import document_iri
    from dutygraph.keeping.form import form_shapes

    user = page_user()
    township = user.township or request.args.get("township") or DEFAULT_SLUG
    shapes = form_shapes(current_state().engine.source, document_iri(township))
    return render_template(
        "keeping_form.html",
        shapes=escape(shapes),
        township=township,
        year=date.today().year - 1,
    )


@keeping.route("/records/submit", methods=["POST"])
@form_guarded
def submit_page():
    user = page_user()
    row = _submit(user, request.files.get("records"), request.form)
    return redirect(url_for("keeping.batch_page", number=row["id"]))


@keeping.route("/records/batch/<int:number>")
def batch_page(number: int):
    user = page_user()
    row = batches.batch(ledger(), number)
    if user.role == "clerk" and row["township"] != user.township:
        raise AuthError(
            "无权查看其他乡镇的批次", 403, en="you may not see another township's batches"
        )
    lang = current_lang()
    english = lang == "en" and bool(row.get("summary_en"))  # older batches: Chinese only
    comment = row["review_comment"]
    if row["reviewed_by"] == SHAPES_REVIEWER:
        comment = WORDS[lang]["returned_by_shapes"]
    return render_template(
        "keeping_batch.html",
        b=row,
        chain=batches.history(ledger(), number),
        summary=row["summary_en"] if english else row["summary"],
        summary_lang="en" if english else "zh",
        review_comment=comment,
    )


@keeping.route("/records/batch/<int:number>/review", methods=["POST"])
@form_guarded
def review_page(number: int):
    batches.review(
        ledger(),
        page_user(),
        number,
        request.form.get("decision", ""),
        request.form.get("comment"),
        address=request.remote_addr,
    )
    return redirect(url_for("keeping.batch_page", number=number))


@keeping.route("/records/year")
def year_page():
    user = page_user()
    township = request.args.get("township") or user.township or DEFAULT_SLUG
    year = _year(request.args.get("year") or str(date.today().year - 1))
    pending = request.args.get("pending") == "1"
    report = year_report(township, year, pending)
    from dutygraph.validation.report import LABELS

    return render_template(
        "keeping_year.html",
        township=township,
        year=year,
        report=report,
        pending=pending,
        labels=LABELS[current_lang()],
        items=batches.remediations(ledger(), township, year),
        approved=[
            b
            for b in batches.batches(ledger())
            if b["township"] == township and b["year"] == year and b["state"] == "approved"
        ],
    )


@keeping.route("/records/remediation", methods=["POST"])
@form_guarded
def open_remediation_page():
    form = request.form
    try:
        batch_id, due = int(form.get("batch", "")), date.fromisoformat(form.get("due", ""))
    except ValueError:
        raise WorkflowError(
            "请选择批次并填写整改期限（日期，如 2025-03-31）",
            400,
            en="choose a batch and give the due date (a date such as 2025-03-31)",
        ) from None
    batches.open_remediation(
        ledger(),
        page_user(),
        batch_id,
        form.get("duty", ""),
        form.get("finding", ""),
        due,
        address=request.remote_addr,
    )
    row = batches.batch(ledger(), batch_id)
    return redirect(url_for("keeping.year_page", township=row["township"], year=row["year"]))


@keeping.route("/records/remediation/<int:item>/close", methods=["POST"])
@form_guarded
def close_remediation_page(item: int):
    batches.close_remediation(
        ledger(), page_user(), item, request.form.get("evidence", ""), address=request.remote_addr
    )
    return redirect(request.referrer or url_for("keeping.records_page"))


@keeping.route("/audit")
def audit_page():
    user = page_user()
    if user.role != "admin":
        raise AuthError(
            "只有管理员可以查看审计日志", 403, en="only administrators read the audit log"
        )
    return render_template("keeping_audit.html", events=ledger().audit_log())


@keeping.route("/audit.jsonl")
def audit_lines():
    user = signed_in() or api_user()
    if user.role != "admin":
        raise AuthError(
            "只有管理员可以查看审计日志", 403, en="only administrators read the audit log"
        )
    import json

    body = "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in ledger().audit_log())
    return Response(body, mimetype="application/x-ndjson")


# --- the API -------------------------------------------------------------------------------


@keeping.route("/api/batches", methods=["GET", "POST"])
def api_batches():
    user = api_user()
    if request.method == "GET":
        return jsonify(batches.batches(ledger(), user))
    row = _submit(user, request.files.get("records"), request.form)
    return jsonify(_public(row)), 201


@keeping.route("/api/batches/<int:number>")
def api_batch(number: int):
    user = api_user()
    row = batches.batch(ledger(), number)
    if user.role == "clerk" and row["township"] != user.township:
        raise AuthError(
            "无权查看其他乡镇的批次", 403, en="you may not see another township's batches"
        )
    return jsonify(_public(row))


@keeping.route("/api/batches/<int:number>/review", methods=["POST"])
def api_review(number: int):
    body = request.get_json(silent=True) or request.form
    row = batches.review(
        ledger(),
        api_user(),
        number,
        body.get("decision", ""),
        body.get("comment"),
        address=request.remote_addr,
    )
    return jsonify(_public(row))


def _public(row: dict) -> dict:
    return {k: v for k, v in row.items() if k not in ("records",)}


def _submit(user: User, upload, form) -> dict:
    """Validate the upload in an isolated child, then store it in one transaction."""
    if (upload is None or not upload.filename) and form.get("turtle"):
        name, data = "form-entry.ttl", form["turtle"].encode("utf-8")  # from the records form
    elif upload is None or not upload.filename:
        raise WorkflowError("没有上传文件", 400, en="no file uploaded")
    else:
        name, data = upload.filename, upload.read()
    kind = name.rsplit(".", 1)[-1].lower()
    if kind not in FORMATS:
        raise WorkflowError(
            f"文件须为 {'、'.join(FORMATS)}，收到 {name}",
            400,
            en=f"the file must be {', '.join(FORMATS)}, not {name}",
        )
    township = form.get("township") or user.township or DEFAULT_SLUG
    year = _year(form.get("year", ""))
    batches.may_submit(ledger(), user, township, year, request.remote_addr)  # before any work
    state = current_state()
    checked = run_isolated(
        lambda: batches.check_upload(state.engine, township, year, data, name, kind, user.name),
        Limits(
            timeout=state.settings.validate_timeout,
            memory=state.settings.memory,
            work="validation",
        ),
    )
    revision = form.get("revision_of") or None
    return batches.submit(
        ledger(),
        user,
        checked,
        township=township,
        year=year,
        data=data,
        name=name,
        comment=form.get("comment") or None,
        revision_of=int(revision) if revision else None,
        reason=form.get("reason") or None,
        address=request.remote_addr,
    )


def _year(text: str) -> int:
    """A year typed into a form or a link (a bad one is the sender's mistake, not a 500)."""
    if not re.fullmatch(r"\s*\d{4}\s*", text):
        raise WorkflowError(
            "年度须为四位数字，如 2024", 400, en="the year is four digits, such as 2024"
        )
    return int(text)


def year_report(township: str, year: int, pending: bool):
    """The year's verdict over the approved batches (and the pending ones when asked)."""
    import json

    from dutygraph.codes import document_iri
    from dutygraph.validation.report import render_json
    from dutygraph.validation.townships import validate

    state = current_state()
    graphs = batches.current_records(ledger(), township, year, include_submitted=pending)
    lang = current_lang()

    def work():
        report = validate(state.engine, document_iri(township), year=year, records=graphs)
        return json.loads(render_json(report, lang))

    if not graphs:
        return None
    return run_isolated(
        work, Limits(timeout=state.settings.validate_timeout, memory=state.settings.memory)
    )
