"""Accounts: township clerks, reviewers and administrators; passwords, tokens, failed logins.

Why argon2 (argon2-cffi): it is the password hash OWASP recommends first, and the library is the
maintained reference binding; nothing here compares or stores a plain password. API tokens are
random (``secrets``) and only their SHA-256 is kept, so a copy of the ledger lets nobody in.
Failed logins are counted per account in a sliding window: past the limit, even the right
password is refused until the window passes, and every attempt is in the audit log.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import time
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from ..codes import SLUG
from ..errors import DutyGraphError
from .ledger import Ledger, now

ROLES = {"clerk": "乡镇填报员", "reviewer": "审核员", "admin": "管理员"}
FAILURE_LIMIT = 5
"""Failed logins allowed per account in :data:`FAILURE_WINDOW` seconds."""
FAILURE_WINDOW = 15 * 60
MIN_PASSWORD = 10
_HASHER = PasswordHasher()
_NAME = re.compile(r"[A-Za-z0-9_.\-\u4e00-\u9fff]{2,40}")


class AuthError(DutyGraphError):
    """Not signed in, wrong credentials, or not allowed: ``status`` is the HTTP status."""

    def __init__(self, message: str, status: int = 401, *, en: str | None = None) -> None:
        super().__init__(message, en=en)
        self.status = status


@dataclass(frozen=True)
class User:
    """A signed-in account, as the workflow sees it."""

    name: str
    role: str
    township: str | None

    def may_submit_for(self, township: str) -> bool:
        return self.role == "admin" or (self.role == "clerk" and self.township == township)

    @property
    def may_review(self) -> bool:
        return self.role in ("reviewer", "admin")


def add_user(
    ledger: Ledger,
    name: str,
    role: str,
    password: str,
    township: str | None,
    *,
    by: str | None = None,
) -> User:
    """Create an account; a clerk belongs to one township (its list's slug)."""
    if not _NAME.fullmatch(name):
        raise DutyGraphError(
            f"用户名 {name!r} 不合规：2–40 个字母、数字、汉字或 _.-",
            en=f"user name {name!r} is not allowed: 2–40 letters, digits, Han characters or _.-",
        )
    if role not in ROLES:
        raise DutyGraphError(
            f"角色只能是 {'、'.join(ROLES)}，收到 {role!r}",
            en=f"the role must be one of {', '.join(ROLES)}, not {role!r}",
        )
    if role == "clerk" and not (township and SLUG.fullmatch(township)):
        raise DutyGraphError(
            "乡镇填报员须指定所属乡镇清单（--township SLUG）",
            en="a clerk needs a township list (--township SLUG)",
        )
    if len(password) < MIN_PASSWORD:
        raise DutyGraphError(
            f"密码至少 {MIN_PASSWORD} 个字符",
            en=f"a password needs at least {MIN_PASSWORD} characters",
        )
    with ledger.transaction() as db:
        if db.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone():
            raise DutyGraphError(f"用户 {name!r} 已存在", en=f"user {name!r} exists already")
        db.execute(
            "INSERT INTO users (name, role, township, password, created) VALUES (?, ?, ?, ?, ?)",
            (name, role, township if role == "clerk" else None, _HASHER.hash(password), now()),
        )
        ledger.audit("user-add", "ok", who=by, target=name, detail=role, db=db)
    return User(name, role, township if role == "clerk" else None)


def set_disabled(ledger: Ledger, name: str, disabled: bool, *, by: str | None = None) -> None:
    """Disable (or enable) an account; it is never deleted, so the audit log stays readable."""
    with ledger.transaction() as db:
        changed = db.execute(
            "UPDATE users SET disabled = ? WHERE name = ?", (int(disabled), name)
        ).rowcount
        if not changed:
            raise DutyGraphError(f"没有用户 {name!r}", en=f"no user {name!r}")
        ledger.audit(
            "user-disable" if disabled else "user-enable", "ok", who=by, target=name, db=db
        )


def list_users(ledger: Ledger) -> list[dict]:
    query = "SELECT name, role, township, disabled, created FROM users ORDER BY name"
    return [dict(r) for r in ledger.rows(query)]


def login(ledger: Ledger, name: str, password: str, *, address: str | None = None) -> User:
    """The user, if the password is right, the account enabled and not locked by failures."""
    row = ledger.rows("SELECT * FROM users WHERE name = ?", (name,))
    since = time.time() - FAILURE_WINDOW
    failures = ledger.rows(
        "SELECT COUNT(*) AS n FROM failures WHERE user = ? AND at > ?", (name, since)
    )[0]["n"]
    if failures >= FAILURE_LIMIT:
        ledger.audit("login", "refused: rate limit", who=name, address=address)
        raise AuthError(
            "登录失败次数过多，请 15 分钟后再试",
            429,
            en="too many failed sign-ins: try again in 15 minutes",
        )
    if not row or not _verify(row[0]["password"], password) or row[0]["disabled"]:
        with ledger.transaction() as db:
            db.execute("INSERT INTO failures VALUES (?, ?, ?)", (name, address, time.time()))
            ledger.audit("login", "failed", who=name, address=address, db=db)
        raise AuthError(
            "用户名或密码不对，或账户已停用",
            en="wrong user name or password, or the account is disabled",
        )
    ledger.audit("login", "ok", who=name, address=address)
    return User(row[0]["name"], row[0]["role"], row[0]["township"])


def _verify(stored: str, password: str) -> bool:
    try:
        return _HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def issue_token(ledger: Ledger, user: User) -> str:
    """A new API token for ``user`` (shown once; only its hash is kept)."""
    token = secrets.token_urlsafe(32)
    with ledger.transaction() as db:
        db.execute("INSERT INTO tokens VALUES (?, ?, ?)", (_digest(token), user.name, now()))
        ledger.audit("token-issue", "ok", who=user.name, target=user.name, db=db)
    return token


def user_for_token(ledger: Ledger, token: str) -> User:
    rows = ledger.rows(
        "SELECT u.* FROM tokens t JOIN users u ON u.name = t.user WHERE t.hash = ?",
        (_digest(token),),
    )
    if not rows or rows[0]["disabled"]:
        raise AuthError(
            "令牌无效或账户已停用", en="the token is not valid or the account is disabled"
        )
    return User(rows[0]["name"], rows[0]["role"], rows[0]["township"])


def user_named(ledger: Ledger, name: str) -> User:
    rows = ledger.rows("SELECT * FROM users WHERE name = ? AND disabled = 0", (name,))
    if not rows:
        raise AuthError("账户不存在或已停用", en="no such account, or it is disabled")
    return User(rows[0]["name"], rows[0]["role"], rows[0]["township"])


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
