"""Batches: submission gated by the SHACL shapes, review, corrections, remediation, closed years.

Why these rules (the DSpace review workflow, OSCAL POA&M items):

* A batch whose *records* break a shape (a wrong role, no evidence, an impossible date, an
  unknown duty: a result located on a row) is stored as ``returned`` with its report, never
  merged into the accepted records. Findings about the *year* (fewer meetings than required, a
  report not yet filed) are not the batch's fault: they belong to the year's report, where a
  reviewer can open a remediation item (整改) with a due date and closure evidence.
* A batch with warnings is accepted only with the submitter's comment saying why.
* Review is ``submitted`` → ``approved`` | ``returned``, with reviewer, time and comment; two
  reviewers deciding at once are serialised and the second is told who decided first.
* A correction is a new batch that revises an old one, with a reason; when it is approved the
  old one is ``superseded`` (kept, invalidated), so queries read the current view and the
  history of a record is the chain of its batches.
* Only approved batches count in a year's verdict (a parameter shows the submitted ones too).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from rdflib import Graph

from .. import __version__
from ..codes import SLUG, document_iri
from ..errors import DutyGraphError
from ..resources import resource_dir
from ..store.engine import QueryEngine
from .accounts import AuthError, User
from .ledger import Ledger, now

STATES = {
    "submitted": "待审核",
    "approved": "已批准",
    "returned": "已退回",
    "superseded": "已被更正",
}

SHAPES_REVIEWER = "SHACL"
"""Who "reviewed" a batch the shapes returned (no person decided it)."""
SHAPES_RETURNED = "记录不符合要求，随核验报告退回"
"""The review comment stored with such a batch (a page shows its own words for it)."""


class WorkflowError(DutyGraphError):
    """A step the workflow does not allow now; ``status`` is the HTTP status that fits."""

    def __init__(self, message: str, status: int = 409, *, en: str | None = None) -> None:
        super().__init__(message, en=en)
        self.status = status


@dataclass(frozen=True)
class Checked:
    """What the shapes said about one upload, before anything is stored."""

    records: str
    """The records graph, N-Triples."""
    report: str
    """The sh:ValidationReport graph, Turtle."""
    row_violations: int
    warnings: int
    summary: str
    """The report as text, for the sender (Chinese)."""
    summary_en: str = ""
    """The same report in English (the batch page's ``?lang=en`` view)."""


@lru_cache(maxsize=1)
def shapes_version() -> str:
    """dutygraph's version and the SHA-256 of the shapes that checked a batch."""
    digest = hashlib.sha256((resource_dir("shapes") / "records.ttl").read_bytes()).hexdigest()
    return f"{__version__}+shapes.{digest[:12]}"


def check_upload(
    engine: QueryEngine,
    township: str,
    year: int,
    data: bytes,
    name: str,
    fmt: str,
    by: str,
    as_of: date | None = None,
) -> Checked:
    """Read and validate one upload against its township's list (pure: nothing is stored).

    Runs where the caller chooses (the server runs it in an isolated child)."""
    from ..records.reader import read_records_bytes
    from ..validation.report import render
    from ..validation.townships import validate

    batch = read_records_bytes(data, name=name, fmt=fmt, document_slug=township, entered_by=by)
    report = validate(engine, document_iri(township), year=year, as_of=as_of, records=[batch.graph])
    located = [e for e in report.entries if e.severity == "violation" and e.row is not None]
    return Checked(
        records=batch.graph.serialize(format="nt"),
        report=report.results.serialize(format="turtle"),
        row_violations=len(located),
        warnings=sum(e.severity == "warning" for e in report.entries),
        summary=render(report, "text", "zh"),
        summary_en=render(report, "text", "en"),
    )


def submit(
    ledger: Ledger,
    user: User,
    checked: Checked,
    *,
    township: str,
    year: int,
    data: bytes,
    name: str,
    comment: str | None = None,
    revision_of: int | None = None,
    reason: str | None = None,
    address: str | None = None,
) -> dict:
    """Store one checked upload as a batch (one transaction: all of it or nothing)."""
    may_submit(ledger, user, township, year, address)
    if checked.warnings and not checked.row_violations and not (comment or "").strip():
        ledger.audit(
            "submit",
            "refused: warnings without comment",
            who=user.name,
            target=f"{township}/{year}",
            address=address,
        )
        raise WorkflowError(
            f"有 {checked.warnings} 条警告：请在“说明”中写明理由后再提交",
            422,
            en=f"{checked.warnings} warnings: say why in the comment, then submit again",
        )
    state = "returned" if checked.row_violations else "submitted"
    with ledger.transaction() as db:
        if revision_of is not None:
            _check_revision(db, revision_of, township, year, reason)
        cursor = db.execute(
            "INSERT INTO batches (township, year, state, file_name, sha256, submitted_by, "
            "submitted_at, shapes_version, violations, warnings, comment, revision_of, reason, "
            "records, report, summary, summary_en, reviewed_by, reviewed_at, review_comment) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                township,
                year,
                state,
                name,
                hashlib.sha256(data).hexdigest(),
                user.name,
                now(),
                shapes_version(),
                checked.row_violations,
                checked.warnings,
                comment,
                revision_of,
                reason,
                checked.records,
                checked.report,
                checked.summary,
                checked.summary_en,
                SHAPES_REVIEWER if state == "returned" else None,
                now() if state == "returned" else None,
                SHAPES_RETURNED if state == "returned" else None,
            ),
        )
        batch_id = cursor.lastrowid
        action = "correct" if revision_of is not None else "submit"
        ledger.audit(
            action,
            state,
            who=user.name,
            target=f"batch/{batch_id}",
            address=address,
            detail=f"{township}/{year} {name}",
            db=db,
        )
    return batch(ledger, batch_id)


def may_submit(ledger: Ledger, user: User, township: str, year: int, address) -> None:
    if not SLUG.fullmatch(township):
        raise DutyGraphError(
            f"乡镇清单标识 {township!r} 不合规", en=f"{township!r} is not a township list id"
        )
    if not user.may_submit_for(township):
        ledger.audit(
            "submit",
            "refused: not this township's clerk",
            who=user.name,
            target=f"{township}/{year}",
            address=address,
        )
        raise AuthError(
            f"{user.name} 不能为 {township} 提交记录",
            403,
            en=f"{user.name} may not submit records for {township}",
        )
    closed = ledger.rows(
        "SELECT closed_by, closed_at FROM closed_years WHERE township = ? AND year = ?",
        (township, year),
    )
    if closed:
        ledger.audit(
            "submit",
            "refused: year closed",
            who=user.name,
            target=f"{township}/{year}",
            address=address,
        )
        by, at = closed[0]["closed_by"], closed[0]["closed_at"]
        raise WorkflowError(
            f"{township} 的 {year} 年度已于 {at} 由 {by} 关闭，不再接收记录",
            en=f"{by} closed {township}'s year {year} on {at}: no more records are taken",
        )


def _check_revision(db, old: int, township: str, year: int, reason: str | None) -> None:
    row = db.execute("SELECT township, year, state FROM batches WHERE id = ?", (old,)).fetchone()
    if row is None:
        raise WorkflowError(f"没有批次 {old}", 404, en=f"no batch {old}")
    if (row["township"], row["year"]) != (township, year):
        raise WorkflowError(
            "更正须针对同一乡镇、同一年度的批次",
            en="a correction must be for a batch of the same township and year",
        )
    if row["state"] == "superseded":
        raise WorkflowError(
            f"批次 {old} 已被更正过，请更正最新的批次",
            en=f"batch {old} has been corrected already: correct the latest batch",
        )
    if not (reason or "").strip():
        raise WorkflowError("更正须写明原因", 422, en="a correction needs a reason")


def review(
    ledger: Ledger,
    user: User,
    batch_id: int,
    decision: str,
    comment: str | None = None,
    *,
    address: str | None = None,
) -> dict:
    """Approve or return a submitted batch; the first of two concurrent decisions wins."""
    if not user.may_review:
        ledger.audit(
            "review",
            "refused: not a reviewer",
            who=user.name,
            target=f"batch/{batch_id}",
            address=address,
        )
        raise AuthError("只有审核员可以审核", 403, en="only reviewers review batches")
    if decision not in ("approve", "return"):
        raise WorkflowError(
            "审核结论只能是 approve（批准）或 return（退回）",
            422,
            en="the decision is approve or return",
        )
    if decision == "return" and not (comment or "").strip():
        raise WorkflowError("退回须写明理由", 422, en="returning a batch needs a reason")
    state = "approved" if decision == "approve" else "returned"
    with ledger.transaction() as db:
        row = db.execute("SELECT * FROM batches WHERE id = ?", (batch_id,)).fetchone()
        if row is None:
            raise WorkflowError(f"没有批次 {batch_id}", 404, en=f"no batch {batch_id}")
        if row["state"] != "submitted":
            ledger.audit(
                "review",
                f"refused: already {row['state']}",
                who=user.name,
                target=f"batch/{batch_id}",
                address=address,
            )
            by = row["reviewed_by"] or "—"
            at = row["reviewed_at"] or "—"
            raise WorkflowError(
                f"批次 {batch_id} 已由 {by} 于 {at} 处理为“{STATES[row['state']]}”",
                en=f"batch {batch_id} was already {row['state']} by {by} at {at}",
            )
        db.execute(
            "UPDATE batches SET state = ?, reviewed_by = ?, reviewed_at = ?, review_comment = ? "
            "WHERE id = ? AND state = 'submitted'",
            (state, user.name, now(), comment, batch_id),
        )
        if state == "approved" and row["revision_of"] is not None:
            db.execute(
                "UPDATE batches SET state = 'superseded', superseded_at = ? WHERE id = ?",
                (now(), row["revision_of"]),
            )
        ledger.audit(
            decision,
            "ok",
            who=user.name,
            target=f"batch/{batch_id}",
            address=address,
            detail=comment,
            db=db,
        )
    return batch(ledger, batch_id)


def batch(ledger: Ledger, batch_id: int) -> dict:
    rows = ledger.rows("SELECT * FROM batches WHERE id = ?", (batch_id,))
    if not rows:
        raise WorkflowError(f"没有批次 {batch_id}", 404, en=f"no batch {batch_id}")
    return dict(rows[0])


def batches(ledger: Ledger, user: User | None = None) -> list[dict]:
    """Every batch, newest first (a clerk sees their own township's only)."""
    columns = (
        "id, township, year, state, file_name, submitted_by, submitted_at, violations, "
        "warnings, revision_of, reviewed_by, reviewed_at"
    )
    if user is not None and user.role == "clerk":
        rows = ledger.rows(
            f"SELECT {columns} FROM batches WHERE township = ? ORDER BY id DESC", (user.township,)
        )
    else:
        rows = ledger.rows(f"SELECT {columns} FROM batches ORDER BY id DESC")
    return [dict(r) for r in rows]


def history(ledger: Ledger, batch_id: int) -> list[dict]:
    """The chain a batch belongs to (what it corrected, what corrected it), oldest first."""
    first = batch(ledger, batch_id)
    while first["revision_of"] is not None:
        first = batch(ledger, first["revision_of"])
    chain = [first]
    while True:
        later = ledger.rows("SELECT id FROM batches WHERE revision_of = ?", (chain[-1]["id"],))
        if not later:
            return chain
        chain.append(batch(ledger, later[-1]["id"]))


def current_records(
    ledger: Ledger, township: str, year: int, *, include_submitted: bool = False
) -> list[Graph]:
    """The records that count for a township-year: approved batches (and, if asked, those
    still waiting for review); returned and superseded ones never count."""
    states = ("approved", "submitted") if include_submitted else ("approved",)
    rows = ledger.rows(
        f"SELECT records FROM batches WHERE township = ? AND year = ? "
        f"AND state IN ({', '.join('?' * len(states))}) ORDER BY id",
        (township, year, *states),
    )
    return [Graph().parse(data=r["records"], format="nt") for r in rows]


def open_remediation(
    ledger: Ledger,
    user: User,
    batch_id: int,
    duty: str,
    finding: str,
    due: date,
    *,
    address: str | None = None,
) -> int:
    """A remediation item (整改) for a finding in an approved township-year."""
    if not user.may_review:
        raise AuthError("只有审核员可以下达整改", 403, en="only reviewers open remediation items")
    row = batch(ledger, batch_id)
    if row["state"] != "approved":
        raise WorkflowError(
            "整改针对已批准的年度记录", en="remediation items are opened on approved batches"
        )
    with ledger.transaction() as db:
        cursor = db.execute(
            "INSERT INTO remediations (batch, duty, finding, due, opened_by, opened_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (batch_id, duty, finding, due.isoformat(), user.name, now()),
        )
        ledger.audit(
            "remediation-open",
            "ok",
            who=user.name,
            target=f"remediation/{cursor.lastrowid}",
            address=address,
            detail=f"batch/{batch_id} {duty}",
            db=db,
        )
    return cursor.lastrowid


def close_remediation(
    ledger: Ledger, user: User, item: int, evidence: str, *, address: str | None = None
) -> None:
    """Close a remediation item with its closure evidence (a document number, a file)."""
    if not evidence.strip():
        raise WorkflowError(
            "关闭整改须附整改证据", 422, en="closing a remediation item needs evidence"
        )
    rows = ledger.rows(
        "SELECT r.*, b.township FROM remediations r JOIN batches b "
        "ON b.id = r.batch WHERE r.id = ?",
        (item,),
    )
    if not rows:
        raise WorkflowError(f"没有整改事项 {item}", 404, en=f"no remediation item {item}")
    if not (user.may_review or user.may_submit_for(rows[0]["township"])):
        raise AuthError("无权关闭该整改事项", 403, en="you may not close this remediation item")
    with ledger.transaction() as db:
        changed = db.execute(
            "UPDATE remediations SET closed_by = ?, closed_at = ?, evidence = ? "
            "WHERE id = ? AND closed_at IS NULL",
            (user.name, now(), evidence, item),
        ).rowcount
        if not changed:
            raise WorkflowError(
                f"整改事项 {item} 已关闭", en=f"remediation item {item} is closed already"
            )
        ledger.audit(
            "remediation-close",
            "ok",
            who=user.name,
            target=f"remediation/{item}",
            address=address,
            db=db,
        )


def remediations(ledger: Ledger, township: str, year: int) -> list[dict]:
    return [
        dict(r)
        for r in ledger.rows(
            "SELECT r.* FROM remediations r JOIN batches b ON b.id = r.batch "
            "WHERE b.township = ? AND b.year = ? ORDER BY r.id",
            (township, year),
        )
    ]


def close_year(ledger: Ledger, user: User, township: str, year: int, *, address=None) -> None:
    """No more submissions for this township-year (an administrator's decision)."""
    if user.role != "admin":
        raise AuthError("只有管理员可以关闭年度", 403, en="only administrators close a year")
    with ledger.transaction() as db:
        db.execute(
            "INSERT OR IGNORE INTO closed_years VALUES (?, ?, ?, ?)",
            (township, year, user.name, now()),
        )
        ledger.audit(
            "year-close", "ok", who=user.name, target=f"{township}/{year}", address=address, db=db
        )
