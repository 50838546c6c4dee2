"""The agent's outbox: a local SQLite file (WAL) holding every punch read until the server
has confirmed it, and what the agent last saw of each machine.

- A punch is keyed by (machine SN, PIN, local time), UNIQUE: machines hand out their whole
  log on every read, and reading it again adds nothing.
- ``forwarded_at`` is set only after the server answered for the batch; a batch sent but not
  confirmed (agent killed, network cut) is sent again, which the server's keys make harmless.
- Forwarded rows are kept: they are what makes the next whole-log read add nothing.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS punch (
    id INTEGER PRIMARY KEY,
    sn TEXT NOT NULL,
    pin TEXT NOT NULL,
    local_time TEXT NOT NULL,
    status INTEGER,
    verify INTEGER,
    workcode TEXT NOT NULL DEFAULT '',
    uid INTEGER,
    read_at TEXT NOT NULL,
    forwarded_at TEXT,
    UNIQUE (sn, pin, local_time)
);
CREATE INDEX IF NOT EXISTS punch_waiting ON punch (id) WHERE forwarded_at IS NULL;
CREATE TABLE IF NOT EXISTS machine (name TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


@dataclass(frozen=True, slots=True)
class OutboxPunch:
    pin: str
    local_time: str  # "YYYY-MM-DD HH:MM:SS", machine-local
    status: int | None
    verify: int | None
    workcode: str
    uid: int | None


@dataclass(frozen=True, slots=True)
class Batch:
    """Waiting punches of one machine, oldest first."""

    sn: str
    ids: tuple[int, ...]
    punches: tuple[OutboxPunch, ...]

    @property
    def batch_id(self) -> str:
        return f"{self.sn}:{self.ids[0]}-{self.ids[-1]}"


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Outbox:
    """One SQLite file; safe to open from the running agent and ``hadir agent status``."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, timeout=30, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")  # a punch in the outbox survives power loss
        self._db.executescript(SCHEMA)

    def close(self) -> None:
        self._db.close()

    def add(self, sn: str, punches: Iterable[OutboxPunch], read_at: str | None = None) -> int:
        """Store what was read; returns how many were new (the rest were already there)."""
        read_at = read_at or utc_now()
        rows = [
            (sn, p.pin, p.local_time, p.status, p.verify, p.workcode, p.uid, read_at)
            for p in punches
        ]
        with self._lock, self._db:
            before = self._db.total_changes
            self._db.executemany(
                "INSERT OR IGNORE INTO punch (sn, pin, local_time, status, verify, workcode, "
                "uid, read_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            return self._db.total_changes - before

    def next_batch(self, limit: int, skip: Sequence[str] = ()) -> Batch | None:
        """The oldest waiting punches of one machine (machines in ``skip`` left aside)."""
        marks = ",".join("?" * len(skip))
        not_skipped = f"AND sn NOT IN ({marks})" if skip else ""
        with self._lock:
            first = self._db.execute(
                f"SELECT sn FROM punch WHERE forwarded_at IS NULL {not_skipped} "  # noqa: S608
                "ORDER BY id LIMIT 1",
                tuple(skip),
            ).fetchone()
            if first is None:
                return None
            rows = self._db.execute(
                "SELECT id, pin, local_time, status, verify, workcode, uid FROM punch "
                "WHERE forwarded_at IS NULL AND sn = ? ORDER BY id LIMIT ?",
                (first[0], limit),
            ).fetchall()
        return Batch(
            sn=first[0],
            ids=tuple(r[0] for r in rows),
            punches=tuple(OutboxPunch(r[1], r[2], r[3], r[4], r[5], r[6]) for r in rows),
        )

    def mark_forwarded(self, ids: Sequence[int]) -> None:
        """The server confirmed these (called only after its answer)."""
        now = utc_now()
        with self._lock, self._db:
            self._db.executemany(
                "UPDATE punch SET forwarded_at = ? WHERE id = ?", [(now, i) for i in ids]
            )

    def waiting(self) -> tuple[int, str | None]:
        """How many punches wait for the server, and since when (UTC ISO of the oldest read)."""
        with self._lock:
            count, oldest = self._db.execute(
                "SELECT COUNT(*), MIN(read_at) FROM punch WHERE forwarded_at IS NULL"
            ).fetchone()
        return int(count), oldest

    def waiting_for(self, sn: str) -> int:
        """How many punches of one machine wait for the server."""
        with self._lock:
            row = self._db.execute(
                "SELECT COUNT(*) FROM punch WHERE forwarded_at IS NULL AND sn = ?", (sn,)
            ).fetchone()
        return int(row[0])

    def total(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM punch").fetchone()[0])

    def put_machine(self, name: str, data: dict[str, Any]) -> None:
        with self._lock, self._db:
            self._db.execute(
                "INSERT INTO machine (name, data) VALUES (?, ?) "
                "ON CONFLICT (name) DO UPDATE SET data = excluded.data",
                (name, json.dumps(data)),
            )

    def machines(self) -> dict[str, dict[str, Any]]:
        with self._lock:
            rows = self._db.execute("SELECT name, data FROM machine").fetchall()
        return {name: json.loads(data) for name, data in rows}

    def put_meta(self, key: str, value: Any) -> None:
        with self._lock, self._db:
            self._db.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value)),
            )

    def meta(self, key: str, default: Any = None) -> Any:
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return default if row is None else json.loads(row[0])
