"""The simulated machine's memory: an append-only attendance log, an upload cursor, users.

One SQLite file per device, so a simulated device keeps its records across server outages
and across restarts of the simulator, like a real machine keeps them in flash. The cursor
is the sequence number of the last record the server acknowledged with the right
``OK: n``; it only moves forward, except when the device is told to resend its history.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from hadir.protocols import format_device_datetime, parse_device_datetime

_SCHEMA = """
CREATE TABLE IF NOT EXISTS attlog (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    pin TEXT NOT NULL,
    punched_at TEXT NOT NULL,
    status INTEGER NOT NULL,
    verify INTEGER NOT NULL,
    workcode TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS attlog_time ON attlog (punched_at);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS users (
    pin TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    privilege INTEGER NOT NULL,
    password TEXT NOT NULL,
    card TEXT NOT NULL,
    grp INTEGER NOT NULL
);
"""
_CURSOR = "upload_cursor"


@dataclass(frozen=True, slots=True)
class LogRecord:
    seq: int
    pin: str
    punched_at: datetime
    status: int
    verify: int
    workcode: str


@dataclass(frozen=True, slots=True)
class StoredUser:
    pin: str
    name: str
    privilege: int
    card: str
    group: int


class DeviceLog:
    """Thread-safe access to one device's SQLite file."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    # --- attendance log --------------------------------------------------------------------

    def append(
        self, *, pin: str, punched_at: datetime, status: int, verify: int, workcode: str
    ) -> LogRecord:
        return self.append_many([(pin, punched_at, status, verify, workcode)])[0]

    def append_many(self, rows: Iterable[tuple[str, datetime, int, int, str]]) -> list[LogRecord]:
        records: list[LogRecord] = []
        with self._transaction() as db:
            for pin, punched_at, status, verify, workcode in rows:
                cursor = db.execute(
                    "INSERT INTO attlog (pin, punched_at, status, verify, workcode)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (pin, format_device_datetime(punched_at), status, verify, workcode),
                )
                seq = cursor.lastrowid
                assert seq is not None  # noqa: S101 - sqlite always sets it after INSERT
                records.append(LogRecord(seq, pin, punched_at, status, verify, workcode))
        return records

    def pending(self, limit: int) -> list[LogRecord]:
        """Records after the cursor, oldest first."""
        return self._select(
            "SELECT seq, pin, punched_at, status, verify, workcode FROM attlog"
            " WHERE seq > ? ORDER BY seq LIMIT ?",
            (self.cursor, limit),
        )

    def records_between(self, start: datetime, end: datetime) -> list[LogRecord]:
        return self._select(
            "SELECT seq, pin, punched_at, status, verify, workcode FROM attlog"
            " WHERE punched_at BETWEEN ? AND ? ORDER BY seq",
            (format_device_datetime(start), format_device_datetime(end)),
        )

    def count_between(self, start: datetime, end: datetime) -> int:
        return self._scalar(
            "SELECT COUNT(*) FROM attlog WHERE punched_at BETWEEN ? AND ?",
            (format_device_datetime(start), format_device_datetime(end)),
        )

    def count(self) -> int:
        return self._scalar("SELECT COUNT(*) FROM attlog", ())

    def last_seq(self) -> int:
        return self._scalar("SELECT COALESCE(MAX(seq), 0) FROM attlog", ())

    def all_records(self) -> list[LogRecord]:
        return self._select(
            "SELECT seq, pin, punched_at, status, verify, workcode FROM attlog ORDER BY seq", ()
        )

    # --- cursor ----------------------------------------------------------------------------

    @property
    def cursor(self) -> int:
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE key = ?", (_CURSOR,)).fetchone()
        return int(row[0]) if row else 0

    def advance_cursor(self, seq: int) -> None:
        """Move the cursor forward to ``seq`` (never backwards: a late reply cannot undo)."""
        with self._transaction() as db:
            row = db.execute("SELECT value FROM meta WHERE key = ?", (_CURSOR,)).fetchone()
            if row is None or int(row[0]) < seq:
                db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (_CURSOR, seq))

    def reset_cursor(self) -> None:
        """Everything becomes pending again: the "resend whole history" behaviour."""
        with self._transaction() as db:
            db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (_CURSOR, 0))

    # --- users and options -----------------------------------------------------------------

    def upsert_user(self, user: StoredUser, password: str) -> None:
        with self._transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO users (pin, name, privilege, password, card, grp)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (user.pin, user.name, user.privilege, password, user.card, user.group),
            )

    def delete_user(self, pin: str) -> bool:
        with self._transaction() as db:
            return db.execute("DELETE FROM users WHERE pin = ?", (pin,)).rowcount > 0

    def users(self) -> dict[str, StoredUser]:
        with self._lock:
            rows = self._db.execute(
                "SELECT pin, name, privilege, card, grp FROM users ORDER BY pin"
            ).fetchall()
        return {row[0]: StoredUser(row[0], row[1], row[2], row[3], row[4]) for row in rows}

    def set_option(self, key: str, value: str) -> None:
        with self._transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (f"option:{key}", value)
            )

    def option(self, key: str) -> str | None:
        with self._lock:
            row = self._db.execute(
                "SELECT value FROM meta WHERE key = ?", (f"option:{key}",)
            ).fetchone()
        return str(row[0]) if row else None

    # --- helpers ---------------------------------------------------------------------------

    def _select(self, query: str, params: tuple[object, ...]) -> list[LogRecord]:
        with self._lock:
            rows = self._db.execute(query, params).fetchall()
        return [_record(row) for row in rows]

    def _scalar(self, query: str, params: tuple[object, ...]) -> int:
        with self._lock:
            return int(self._db.execute(query, params).fetchone()[0])


def _record(row: tuple[int, str, str, int, int, str]) -> LogRecord:
    punched_at = parse_device_datetime(row[2])
    if punched_at is None:  # only written by append_many, so always well-formed
        raise ValueError(f"corrupt time in device log: {row[2]!r}")
    return LogRecord(row[0], row[1], punched_at, row[3], row[4], row[5])
