"""The ledger: one SQLite file holding accounts, batches, reviews, remediation and the audit log.

Why SQLite and not the Oxigraph store: gunicorn runs several worker processes, and an on-disk
Oxigraph (RocksDB) store admits one writing process; SQLite serialises writers across processes
with its own locks, and one transaction per submission means a crash leaves the whole batch or
nothing (tested by killing a writer mid-transaction). The records themselves are kept as RDF
(N-Triples) inside the ledger, and :mod:`dutygraph.keeping.prov` turns the ledger into named
graphs with PROV-O for the SPARQL side.

The audit table is append-only by construction: triggers abort any UPDATE or DELETE on it, and
batches are never deleted (a correction is a new batch that revises the old one).
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path

from ..errors import DutyGraphError, Location

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL CHECK (role IN ('clerk', 'reviewer', 'admin')),
    township TEXT,
    password TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0,
    created TEXT NOT NULL,
    CHECK (role != 'clerk' OR township IS NOT NULL)
);
CREATE TABLE IF NOT EXISTS tokens (
    hash TEXT PRIMARY KEY,
    user TEXT NOT NULL REFERENCES users(name),
    created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS failures (user TEXT NOT NULL, address TEXT, at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS batches (
    id INTEGER PRIMARY KEY,
    township TEXT NOT NULL,
    year INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('submitted', 'approved', 'returned', 'superseded')),
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    submitted_by TEXT NOT NULL REFERENCES users(name),
    submitted_at TEXT NOT NULL,
    shapes_version TEXT NOT NULL,
    violations INTEGER NOT NULL,
    warnings INTEGER NOT NULL,
    comment TEXT,
    revision_of INTEGER REFERENCES batches(id),
    reason TEXT,
    records TEXT NOT NULL,
    report TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    summary_en TEXT NOT NULL DEFAULT '',
    reviewed_by TEXT,
    reviewed_at TEXT,
    review_comment TEXT,
    superseded_at TEXT
);
CREATE TABLE IF NOT EXISTS remediations (
    id INTEGER PRIMARY KEY,
    batch INTEGER NOT NULL REFERENCES batches(id),
    duty TEXT NOT NULL,
    finding TEXT NOT NULL,
    due TEXT NOT NULL,
    opened_by TEXT NOT NULL,
    opened_at TEXT NOT NULL,
    closed_by TEXT,
    closed_at TEXT,
    evidence TEXT
);
CREATE TABLE IF NOT EXISTS closed_years (
    township TEXT NOT NULL,
    year INTEGER NOT NULL,
    closed_by TEXT NOT NULL,
    closed_at TEXT NOT NULL,
    PRIMARY KEY (township, year)
);
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS spent_forms (id TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS audit (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    who TEXT,
    action TEXT NOT NULL,
    target TEXT,
    address TEXT,
    outcome TEXT NOT NULL,
    detail TEXT
);
CREATE TRIGGER IF NOT EXISTS audit_append_only_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_append_only_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS batches_never_deleted BEFORE DELETE ON batches
BEGIN SELECT RAISE(ABORT, 'batches are never deleted; correct them instead'); END;
"""

ADDED_COLUMNS = (("batches", "summary_en", "TEXT NOT NULL DEFAULT ''"),)
"""(table, column, type) added after the first release, for :meth:`Ledger._add_columns`."""


def now() -> str:
    """The time of an event, ISO 8601 in UTC to the second (as the audit log shows it)."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


class Ledger:
    """An open ledger file. Each public call of the keeping room runs in one transaction."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._db.executescript(SCHEMA)
        self._add_columns()

    def _add_columns(self) -> None:
        """Columns added since a ledger was made (CREATE TABLE IF NOT EXISTS keeps an old
        table as it was): an office's ledger from an earlier release keeps working."""
        for table, column, kind in ADDED_COLUMNS:
            known = {r["name"] for r in self._db.execute(f"PRAGMA table_info({table})")}
            if column in known:
                continue
            with suppress(sqlite3.OperationalError):  # another process added it just now
                self._db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")

    @property
    def _db(self) -> sqlite3.Connection:
        """This thread's connection (in this process), opened on first use.

        Why one per thread: the server answers requests on several threads (server/runner.py)
        and sqlite3 refuses a connection made on another thread; sharing one would also mix
        two requests' transactions. SQLite's own file locks (WAL, BEGIN IMMEDIATE) serialise
        the writers across threads and processes, as they did across sync workers."""
        held = getattr(self._local, "held", None)
        if held is not None and held[0] == os.getpid():
            return held[1]
        try:
            connection = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            connection.row_factory = sqlite3.Row
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA foreign_keys=ON")
            connection.execute("PRAGMA synchronous=FULL")
        except sqlite3.Error as exc:
            raise DutyGraphError(
                f"无法打开台账 ({exc})",
                Location(file=str(self.path)),
                en=f"cannot open the ledger ({exc})",
            ) from None
        self._local.held = (os.getpid(), connection)
        return connection

    def close(self) -> None:
        """Close this thread's connection."""
        held = getattr(self._local, "held", None)
        if held is not None:
            held[1].close()
            self._local.held = None

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT: the writer lock is taken up front, so two reviewers
        deciding one batch at once are serialised and the second sees the first's decision."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def rows(self, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
        return self._db.execute(sql, params).fetchall()

    def audit(
        self,
        action: str,
        outcome: str,
        *,
        who: str | None = None,
        target: str | None = None,
        address: str | None = None,
        detail: str | None = None,
        db: sqlite3.Connection | None = None,
    ) -> None:
        """Append one event (NIST SP 800-53 AU-3: who, what, when, where, outcome)."""
        (db or self._db).execute(
            "INSERT INTO audit (at, who, action, target, address, outcome, detail) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (now(), who, action, target, address, outcome, detail),
        )

    def secret(self) -> str:
        """The key that signs the pages' session cookies, made once and kept in the ledger, so
        a restart (or another worker process) does not sign everyone out."""
        import secrets

        with self.transaction() as db:
            row = db.execute("SELECT value FROM settings WHERE key = 'session-secret'").fetchone()
            if row is None:
                value = secrets.token_hex(32)
                db.execute("INSERT INTO settings VALUES ('session-secret', ?)", (value,))
                return value
        return row["value"]

    def audit_log(self) -> list[dict]:
        """Every event, oldest first, as plain dicts (one JSON line each when exported)."""
        return [dict(r) for r in self.rows("SELECT * FROM audit ORDER BY seq")]
