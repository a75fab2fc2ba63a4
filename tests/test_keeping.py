"""Records kept, not just checked: accounts, submission, review, corrections, remediation and
an audit trail that no call can edit (issue 17), on the ledger core without the web layer."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

import pytest
from rdflib.namespace import PROV

from dutygraph.keeping import accounts, batches
from dutygraph.keeping.accounts import AuthError
from dutygraph.keeping.batches import WorkflowError
from dutygraph.keeping.ledger import Ledger
from dutygraph.keeping.prov import ACTIVITY, KEEPING_GRAPH, prov_dataset, user_iri
from dutygraph.store.engine import Engine

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "data" / "examples"
TOWN = "niuxintuo-2023-25"
AS_OF = date(2024, 12, 31)
PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def engine(bundled):
    return Engine(bundled, "oxigraph")


@pytest.fixture
def ledger(tmp_path):
    ledger = Ledger(tmp_path / "ledger.sqlite")
    accounts.add_user(ledger, "clerk-a", "clerk", PASSWORD, TOWN)
    accounts.add_user(ledger, "clerk-b", "clerk", PASSWORD, "another-town")
    accounts.add_user(ledger, "reviewer-1", "reviewer", PASSWORD, None)
    accounts.add_user(ledger, "reviewer-2", "reviewer", PASSWORD, None)
    accounts.add_user(ledger, "admin", "admin", PASSWORD, None)
    yield ledger
    ledger.close()


def user(ledger, name):
    return accounts.user_named(ledger, name)


def upload(ledger, engine, who, name="records-2023-conforming.csv", **kwargs):
    data = (EXAMPLES / name).read_bytes()
    checked = batches.check_upload(engine, TOWN, 2023, data, name, "csv", who, AS_OF)
    return batches.submit(
        ledger,
        user(ledger, who),
        checked,
        township=TOWN,
        year=2023,
        data=data,
        name=name,
        **kwargs,
    )


def actions(ledger):
    return [(e["action"], e["outcome"], e["who"]) for e in ledger.audit_log()]


# --- accounts ------------------------------------------------------------------------------


def test_passwords_are_hashed_with_argon2(ledger):
    stored = ledger.rows("SELECT password FROM users WHERE name = 'clerk-a'")[0]["password"]
    assert stored.startswith("$argon2") and PASSWORD not in stored


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("x1", "clerk", PASSWORD, None), "所属乡镇"),
        (("x2", "reviewer", "short", None), "密码至少"),
        (("x3", "boss", PASSWORD, None), "角色只能是"),
        (("clerk-a", "clerk", PASSWORD, TOWN), "已存在"),
    ],
)
def test_bad_accounts_are_refused(ledger, args, says):
    with pytest.raises(Exception, match=says):
        accounts.add_user(ledger, *args)


def test_wrong_password_is_logged_and_rate_limited(ledger):
    for _ in range(accounts.FAILURE_LIMIT):
        with pytest.raises(AuthError):
            accounts.login(ledger, "clerk-a", "wrong password!", address="10.0.0.9")
    with pytest.raises(AuthError) as caught:  # even the right password, inside the window
        accounts.login(ledger, "clerk-a", PASSWORD, address="10.0.0.9")
    assert caught.value.status == 429
    log = ledger.audit_log()
    assert sum(e["outcome"] == "failed" for e in log) == accounts.FAILURE_LIMIT
    assert log[-1]["outcome"] == "refused: rate limit" and log[-1]["address"] == "10.0.0.9"


def test_disabled_account_cannot_log_in_or_use_its_token(ledger):
    token = accounts.issue_token(ledger, user(ledger, "clerk-a"))
    assert accounts.user_for_token(ledger, token).name == "clerk-a"
    assert not ledger.rows("SELECT 1 FROM tokens WHERE hash = ?", (token,))  # hash only
    accounts.set_disabled(ledger, "clerk-a", True, by="admin")
    with pytest.raises(AuthError):
        accounts.login(ledger, "clerk-a", PASSWORD)
    with pytest.raises(AuthError):
        accounts.user_for_token(ledger, token)
    assert ("user-disable", "ok", "admin") in actions(ledger)


# --- submission and review -----------------------------------------------------------------


def test_the_whole_cycle_and_only_approved_batches_count(ledger, engine):
    submitted = upload(ledger, engine, "clerk-a")
    assert submitted["state"] == "submitted" and submitted["violations"] == 0
    assert batches.current_records(ledger, TOWN, 2023) == []
    assert len(batches.current_records(ledger, TOWN, 2023, include_submitted=True)) == 1
    approved = batches.review(ledger, user(ledger, "reviewer-1"), submitted["id"], "approve")
    assert approved["state"] == "approved" and approved["reviewed_by"] == "reviewer-1"
    assert len(batches.current_records(ledger, TOWN, 2023)) == 1
    assert [a[0] for a in actions(ledger)][-2:] == ["submit", "approve"]


def test_a_batch_with_violations_is_returned_with_its_report(ledger, engine):
    returned = upload(ledger, engine, "clerk-a", "records-2023-violations.csv", comment="试报")
    assert returned["state"] == "returned" and returned["violations"] > 0
    assert "sh:ValidationReport" in returned["report"] or "ValidationReport" in returned["report"]
    assert batches.current_records(ledger, TOWN, 2023, include_submitted=True) == []
    with pytest.raises(WorkflowError):  # nothing left to decide
        batches.review(ledger, user(ledger, "reviewer-1"), returned["id"], "approve")


def test_a_clerk_cannot_submit_for_another_township(ledger, engine):
    with pytest.raises(AuthError) as caught:
        upload(ledger, engine, "clerk-b")
    assert caught.value.status == 403
    assert ("submit", "refused: not this township's clerk", "clerk-b") in actions(ledger)
    assert batches.batches(ledger) == []


def test_a_closed_year_takes_no_more_records(ledger, engine):
    batches.close_year(ledger, user(ledger, "admin"), TOWN, 2023)
    with pytest.raises(WorkflowError, match="已于"):
        upload(ledger, engine, "clerk-a")
    assert ("submit", "refused: year closed", "clerk-a") in actions(ledger)


def test_only_reviewers_review_and_a_return_needs_a_reason(ledger, engine):
    submitted = upload(ledger, engine, "clerk-a")
    with pytest.raises(AuthError):
        batches.review(ledger, user(ledger, "clerk-a"), submitted["id"], "approve")
    with pytest.raises(WorkflowError, match="理由"):
        batches.review(ledger, user(ledger, "reviewer-1"), submitted["id"], "return")


def test_two_reviewers_at_once_one_wins_the_other_is_told(ledger, engine, tmp_path):
    submitted = upload(ledger, engine, "clerk-a")
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def decide(name, decision):
        own = Ledger(ledger.path)  # a connection each, as two server processes have
        barrier.wait()
        try:
            batches.review(own, user(own, name), submitted["id"], decision, "意见")
            outcomes.append(f"{name}: ok")
        except WorkflowError as exc:
            outcomes.append(f"{name}: {exc}")
        finally:
            own.close()

    threads = [
        threading.Thread(target=decide, args=("reviewer-1", "approve")),
        threading.Thread(target=decide, args=("reviewer-2", "return")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(o.endswith(": ok") for o in outcomes) == 1, outcomes
    assert any("已由" in o for o in outcomes), outcomes
    decided = batches.batch(ledger, submitted["id"])
    assert decided["state"] in ("approved", "returned")


def test_a_correction_supersedes_without_deleting(ledger, engine):
    first = upload(ledger, engine, "clerk-a")
    batches.review(ledger, user(ledger, "reviewer-1"), first["id"], "approve")
    with pytest.raises(WorkflowError, match="原因"):
        upload(ledger, engine, "clerk-a", revision_of=first["id"])
    second = upload(ledger, engine, "clerk-a", revision_of=first["id"], reason="补充证据文号")
    batches.review(ledger, user(ledger, "reviewer-1"), second["id"], "approve")
    assert batches.batch(ledger, first["id"])["state"] == "superseded"
    assert [b["id"] for b in batches.history(ledger, first["id"])] == [first["id"], second["id"]]
    assert len(batches.current_records(ledger, TOWN, 2023)) == 1  # the current view only
    with pytest.raises(sqlite3.DatabaseError):
        ledger.rows("DELETE FROM batches WHERE id = ?", (first["id"],))


def test_remediation_is_opened_on_an_approved_year_and_closed_with_evidence(ledger, engine):
    submitted = upload(ledger, engine, "clerk-a")
    reviewer = user(ledger, "reviewer-1")
    with pytest.raises(WorkflowError):
        batches.open_remediation(ledger, reviewer, submitted["id"], "gov-3", "未公开", AS_OF)
    batches.review(ledger, reviewer, submitted["id"], "approve")
    item = batches.open_remediation(
        ledger, reviewer, submitted["id"], "gov-3", "法治政府建设年度报告未向社会公开", AS_OF
    )
    assert batches.remediations(ledger, TOWN, 2023)[0]["closed_at"] is None
    with pytest.raises(WorkflowError):
        batches.close_remediation(ledger, user(ledger, "clerk-a"), item, "  ")
    evidence = "牛政发〔2024〕3号，网站已公开"
    batches.close_remediation(ledger, user(ledger, "clerk-a"), item, evidence)
    closed = batches.remediations(ledger, TOWN, 2023)[0]
    assert closed["closed_by"] == "clerk-a" and "网站已公开" in closed["evidence"]


# --- the audit trail -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "sql",
    ["UPDATE audit SET outcome = 'ok'", "DELETE FROM audit", "DELETE FROM audit WHERE seq = 1"],
)
def test_no_call_can_edit_or_delete_the_audit_log(ledger, sql):
    before = ledger.audit_log()
    assert before
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        ledger.rows(sql)
    assert ledger.audit_log() == before


def test_the_audit_log_and_the_prov_graph_tell_the_same_story(ledger, engine):
    first = upload(ledger, engine, "clerk-a")
    batches.review(ledger, user(ledger, "reviewer-1"), first["id"], "approve")
    second = upload(ledger, engine, "clerk-a", revision_of=first["id"], reason="补正")
    batches.review(ledger, user(ledger, "reviewer-2"), second["id"], "return", "证据不全")
    story = {
        (e["action"], e["who"], e["target"].split("/")[-1], e["at"])
        for e in ledger.audit_log()
        if e["action"] in ("submit", "correct", "approve", "return")
    }
    meta = prov_dataset(ledger).graph(KEEPING_GRAPH)
    told = set()
    for activity in meta.subjects(predicate=PROV.wasAssociatedWith):
        kind, number = str(activity)[len(str(ACTIVITY)) :].split("/")
        who = str(meta.value(activity, PROV.wasAssociatedWith)).rsplit("/", 1)[-1]
        told.add((kind, who, number, str(meta.value(activity, PROV.endedAtTime))))
    assert story == told and len(story) == 4
    assert (user_iri("clerk-a"), None, None) in meta  # the agent is described
    revised = list(meta.objects(predicate=PROV.wasRevisionOf))
    assert len(revised) == 1 and str(revised[0]).endswith(f"/batch/{first['id']}")


CRASH = """
import os, signal, sys
from pathlib import Path
from dutygraph.keeping import batches
from dutygraph.keeping.ledger import Ledger
ledger = Ledger(Path(sys.argv[1]))
real = ledger.audit
def die(*args, **kwargs):
    real(*args, **kwargs)  # the batch row and its audit line are written, not committed
    os.kill(os.getpid(), signal.SIGKILL)
ledger.audit = die
checked = batches.Checked(records="", report="", row_violations=0, warnings=0, summary="")
user = batches.User("clerk-a", "clerk", "niuxintuo-2023-25")
batches.submit(ledger, user, checked, township="niuxintuo-2023-25", year=2023, data=b"x",
               name="crash.csv")
"""


def test_a_crash_mid_submission_leaves_nothing(ledger):
    log_before = ledger.audit_log()
    out = subprocess.run([sys.executable, "-c", CRASH, str(ledger.path)], capture_output=True)
    assert out.returncode == -9, out.stderr.decode()
    fresh = Ledger(ledger.path)
    assert fresh.rows("SELECT COUNT(*) AS n FROM batches")[0]["n"] == 0
    assert fresh.audit_log() == log_before
    fresh.close()


def test_the_form_shapes_ask_for_what_the_records_shapes_check(bundled):
    """Derived from shapes/records.ttl and the list: every field the record shape requires,
    the list's duties and the roles as IRI choices, no owl:imports for the browser to fetch."""
    from rdflib import OWL, RDFS, SH, Graph, Literal
    from rdflib.collection import Collection

    from dutygraph.keeping.form import FORM_SHAPE, form_shapes
    from dutygraph.namespace import DG, DOC

    shapes = Graph().parse(data=form_shapes(bundled, DOC[TOWN]), format="turtle")
    paths = {shapes.value(p, SH.path): p for p in shapes.objects(FORM_SHAPE, SH.property)}
    assert set(paths) == {DG.fulfils, DG.date, DG.description, DG.responsibleRole, DG.hasEvidence}
    duties = list(Collection(shapes, shapes.value(paths[DG.fulfils], SH["in"])))
    codes = {str(d).rsplit("/", 1)[-1] for d in duties}
    assert {"party-21", "party-22", "party-24", "gov-3"} <= codes and "party-23" not in codes
    assert shapes.value(paths[DG.fulfils], SH.nodeKind) == SH.IRI
    assert (DG.partyLeader, RDFS.label, Literal("党委主要负责人", lang="zh")) in shapes
    assert (None, SH.message, None) not in shapes and (None, OWL.imports, None) not in shapes
    assert any(m.language == "zh" for m in shapes.objects(paths[DG.hasEvidence], SH.description))
