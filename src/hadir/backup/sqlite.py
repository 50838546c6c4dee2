"""SQLite through its online backup API: a consistent copy while Hadir keeps writing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from hadir.backup.schema import latest_per_app


def sqlite_snapshot(database: Path, destination: Path) -> dict[str, str]:
    """Copy the live database into ``destination`` in one step (readers and the writer go
    on under WAL) and return the copy's schema version."""
    source = sqlite3.connect(database, timeout=60)
    target = sqlite3.connect(destination)
    try:
        source.backup(target)
        target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        return sqlite_schema(target)
    finally:
        target.close()
        source.close()


def sqlite_schema(db: sqlite3.Connection) -> dict[str, str]:
    rows = db.execute("SELECT app, name FROM django_migrations").fetchall()
    return latest_per_app((str(app), str(name)) for app, name in rows)


def sqlite_is_empty(database: Path) -> bool:
    if not database.exists() or database.stat().st_size == 0:
        return True
    db = sqlite3.connect(database, timeout=60)
    try:
        tables = db.execute("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'").fetchone()
        return int(tables[0]) == 0
    finally:
        db.close()


def sqlite_load(snapshot: Path, database: Path) -> None:
    """Write the archived copy into ``database`` (page by page, through the same API)."""
    for suffix in ("-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    database.unlink(missing_ok=True)
    source = sqlite3.connect(snapshot)
    target = sqlite3.connect(database)
    try:
        source.backup(target)
        target.execute("PRAGMA journal_mode=WAL")
    finally:
        target.close()
        source.close()
