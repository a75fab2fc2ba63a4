"""``dutygraph user …`` and ``dutygraph ledger …``: accounts and the records ledger from the shell.

Why the CLI does what the API does: an office scripts its year-end runs, and an administrator
must be able to add the first account before any page can be signed into. Every call that acts
as a user asks for that user's password (``DUTYGRAPH_PASSWORD`` or a prompt, never an option,
so it never lands in shell history or a process list), and goes through the same functions and
audit log as the pages and the API.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import click

from ..errors import DutyGraphError
from . import _lang_option, _open, _source_options, _user_errors

LEDGER = click.option(
    "--ledger",
    "ledger_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="DUTYGRAPH_LEDGER",
    help="The ledger file (SQLite; made on first use). Also DUTYGRAPH_LEDGER.",
)
AS_USER = click.option("--user", "user_name", required=True, help="Who acts (asks the password).")

# what the commands print, in the reader's language (--lang; DUTYGRAPH_LANG or LANG); a
# batch's state in English is its code (submitted, approved …), as on the pages
_ROLES_EN = {"clerk": "township clerk", "reviewer": "reviewer", "admin": "administrator"}


def _say(lang: str, zh: str, en: str) -> str:
    return en if lang == "en" else zh


def _state(lang: str, state: str) -> str:
    from ..keeping.batches import STATES

    return state if lang == "en" else STATES.get(state, state)


def _role(lang: str, role: str) -> str:
    from ..keeping.accounts import ROLES

    return _ROLES_EN.get(role, role) if lang == "en" else ROLES.get(role, role)


def _ledger(path: Path):
    from ..keeping.ledger import Ledger

    return Ledger(path)


def _password(prompt: str = "密码 (password)", *, confirm: bool = False) -> str:
    value = os.environ.get("DUTYGRAPH_PASSWORD")
    return value if value else click.prompt(prompt, hide_input=True, confirmation_prompt=confirm)


def _acting(ledger, name: str):
    from ..keeping.accounts import login

    return login(ledger, name, _password(f"{name} 的密码 (password)"), address="cli")


@click.group("user")
def user_group() -> None:
    """Accounts: township clerks (one township each), reviewers, administrators."""


@user_group.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["clerk", "reviewer", "admin"]), required=True)
@click.option("--township", help="A clerk's township list (its slug, e.g. niuxintuo-2023-25).")
@LEDGER
@_lang_option
@_user_errors
def user_add(name: str, role: str, township: str | None, ledger_path: Path, lang: str) -> None:
    """Add an account; the password comes from DUTYGRAPH_PASSWORD or a prompt."""
    from ..keeping.accounts import add_user

    ledger = _ledger(ledger_path)
    add_user(ledger, name, role, _password(confirm=True), township, by="cli")
    role_word = _role(lang, role)
    click.echo(
        _say(lang, f"已添加用户 {name}（{role_word}）", f"added {name} ({role_word})"), err=True
    )


@user_group.command("list")
@LEDGER
@_lang_option
@_user_errors
def user_list(ledger_path: Path, lang: str) -> None:
    """Every account, one a line: name, role, township, state."""
    from ..keeping.accounts import list_users

    for row in list_users(_ledger(ledger_path)):
        state = (
            _say(lang, "已停用", "disabled") if row["disabled"] else _say(lang, "启用", "active")
        )
        role = _role(lang, row["role"])
        click.echo(f"{row['name']}\t{role}\t{row['township'] or '—'}\t{state}")


@user_group.command("disable")
@click.argument("name")
@LEDGER
@_lang_option
@_user_errors
def user_disable(name: str, ledger_path: Path, lang: str) -> None:
    """Disable an account (it is kept, so the audit log stays readable)."""
    from ..keeping.accounts import set_disabled

    set_disabled(_ledger(ledger_path), name, True, by="cli")
    click.echo(_say(lang, f"已停用 {name}", f"disabled {name}"), err=True)


@user_group.command("token")
@click.argument("name")
@LEDGER
@_lang_option
@_user_errors
def user_token(name: str, ledger_path: Path, lang: str) -> None:
    """Issue an API token for NAME (asks NAME's password; the token is shown once)."""
    from ..keeping.accounts import issue_token

    ledger = _ledger(ledger_path)
    click.echo(issue_token(ledger, _acting(ledger, name)))


@click.group("ledger")
def ledger_group() -> None:
    """The records ledger: submit, review, correct, remediate, and read the audit trail."""


@ledger_group.command("submit")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--township", help="The township list the records are for (a clerk's own).")
@click.option("--year", type=int, required=True)
@click.option("--comment", help="Why warnings are acceptable (needed when there are warnings).")
@click.option("--corrects", "revision_of", type=int, help="The batch this file corrects.")
@click.option("--reason", help="Why the correction is made (needed with --corrects).")
@AS_USER
@LEDGER
@_source_options()
@_lang_option
@_user_errors
def ledger_submit(
    file, township, year, comment, revision_of, reason, user_name, ledger_path, source, lang
) -> None:
    """Validate FILE with the records shapes and store it as a batch (returned if violated)."""
    from ..keeping import batches

    ledger = _ledger(ledger_path)
    user = _acting(ledger, user_name)
    township = township or user.township
    if township is None:
        raise DutyGraphError("给出 --township", en="give --township")
    data = file.read_bytes()
    batches.may_submit(ledger, user, township, year, "cli")
    checked = batches.check_upload(
        _open(source), township, year, data, file.name, file.suffix.lstrip("."), user.name
    )
    row = batches.submit(
        ledger,
        user,
        checked,
        township=township,
        year=year,
        data=data,
        name=file.name,
        comment=comment,
        revision_of=revision_of,
        reason=reason,
        address="cli",
    )
    state = _state(lang, row["state"])
    click.echo(_say(lang, f"批次 {row['id']}：{state}", f"batch {row['id']}: {state}"))
    if row["state"] == "returned":
        click.echo(checked.summary_en if lang == "en" else checked.summary)


@ledger_group.command("review")
@click.argument("batch", type=int)
@click.argument("decision", type=click.Choice(["approve", "return"]))
@click.option("--comment", help="The review comment (needed to return a batch).")
@AS_USER
@LEDGER
@_lang_option
@_user_errors
def ledger_review(batch: int, decision: str, comment, user_name, ledger_path, lang) -> None:
    """Approve or return a submitted batch."""
    from ..keeping import batches

    ledger = _ledger(ledger_path)
    row = batches.review(
        ledger, _acting(ledger, user_name), batch, decision, comment, address="cli"
    )
    state = _state(lang, row["state"])
    click.echo(_say(lang, f"批次 {batch}：{state}", f"batch {batch}: {state}"))


@ledger_group.command("batches")
@LEDGER
@_lang_option
@_user_errors
def ledger_batches(ledger_path: Path, lang: str) -> None:
    """Every batch, newest first: number, township, year, state, who, when."""
    from ..keeping.batches import batches

    for b in batches(_ledger(ledger_path)):
        click.echo(
            f"{b['id']}\t{b['township']}\t{b['year']}\t{_state(lang, b['state'])}\t"
            f"{b['submitted_by']}\t{b['submitted_at']}\t{b['file_name']}"
        )


@ledger_group.command("remediate")
@click.argument("batch", type=int)
@click.option("--duty", required=True)
@click.option("--finding", required=True)
@click.option("--due", type=click.DateTime(["%Y-%m-%d"]), required=True)
@AS_USER
@LEDGER
@_lang_option
@_user_errors
def ledger_remediate(batch, duty, finding, due, user_name, ledger_path, lang) -> None:
    """Open a remediation item (整改) on an approved batch's year."""
    from ..keeping.batches import open_remediation

    ledger = _ledger(ledger_path)
    item = open_remediation(
        ledger,
        _acting(ledger, user_name),
        batch,
        duty,
        finding,
        date.fromisoformat(due.date().isoformat()),
        address="cli",
    )
    click.echo(_say(lang, f"整改事项 {item}", f"remediation item {item}"))


@ledger_group.command("close-year")
@click.option("--township", required=True)
@click.option("--year", type=int, required=True)
@AS_USER
@LEDGER
@_lang_option
@_user_errors
def ledger_close_year(township, year, user_name, ledger_path, lang) -> None:
    """Close a township-year: no more submissions (administrators)."""
    from ..keeping.batches import close_year

    ledger = _ledger(ledger_path)
    close_year(ledger, _acting(ledger, user_name), township, year, address="cli")
    click.echo(_say(lang, f"{township} {year} 年度已关闭", f"{township} {year} closed"), err=True)


@ledger_group.command("log")
@LEDGER
@_lang_option
@_user_errors
def ledger_log(ledger_path: Path, lang: str) -> None:
    """The audit log as JSON lines (who, what, when, where, outcome), oldest first; the
    actions and outcomes stay codes (login, ok) in either language: scripts read them."""
    for event in _ledger(ledger_path).audit_log():
        click.echo(json.dumps(event, ensure_ascii=False))


@ledger_group.command("prov")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@LEDGER
@_lang_option
@_user_errors
def ledger_prov(output: Path, ledger_path: Path, lang: str) -> None:
    """Write every batch and its PROV-O story as TriG (for `dutygraph store` or a SPARQL server)."""
    from ..keeping.prov import prov_dataset

    output.write_text(prov_dataset(_ledger(ledger_path)).serialize(format="trig"), "utf-8")
    click.echo(_say(lang, f"已写出 {output}", f"wrote {output}"), err=True)
