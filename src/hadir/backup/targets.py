"""Where a backup comes from and a restore goes: the configured database and data folder."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, connections
from django.db.migrations.recorder import MigrationRecorder

from hadir.backup.archive import data_files
from hadir.backup.schema import latest_per_app
from hadir.backup.sqlite import sqlite_is_empty

SQLITE = "sqlite"
POSTGRESQL = "postgresql"
RESTORE_WORK_PREFIX = ".restore-"


def database_settings() -> dict[str, Any]:
    return dict(settings.DATABASES["default"])


def engine() -> str:
    name = str(database_settings()["ENGINE"])
    if name.endswith("sqlite3"):
        return SQLITE
    if "postgresql" in name:
        return POSTGRESQL
    raise ValueError(f"hadir backup supports SQLite and PostgreSQL, not {name}")


def sqlite_path() -> Path:
    return Path(str(database_settings()["NAME"]))


def data_dir() -> Path:
    return Path(settings.DATA_DIR)


def not_data() -> list[Path]:
    """What lives in the data folder but is not archived: the SQLite files (copied through
    the backup API instead), collected static files, the backups, restore work folders."""
    skip = [data_dir() / "static", Path(settings.HADIR_BACKUP_DIR)]
    skip += list(data_dir().glob(f"{RESTORE_WORK_PREFIX}*"))
    if engine() == SQLITE:
        db = sqlite_path()
        skip += [db, Path(f"{db}-wal"), Path(f"{db}-shm"), Path(f"{db}-journal")]
    return skip


def stored_files() -> Iterator[tuple[str, Path]]:
    return data_files(data_dir(), not_data())


def applied_schema() -> dict[str, str]:
    applied = MigrationRecorder(connection).applied_migrations()
    return latest_per_app((str(app), str(name)) for app, name in applied)


def database_is_empty() -> bool:
    if engine() == SQLITE:
        connections.close_all()
        return sqlite_is_empty(sqlite_path())
    return not connection.introspection.table_names() and not _postgres_leftovers()


# Trigger functions (the audit trail's append-only guards) and loose sequences outlive their
# tables; pg_restore refuses to create them again.
LEFTOVERS = """
SELECT 'FUNCTION ' || p.oid::regprocedure FROM pg_proc p
  JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = current_schema()
UNION ALL
SELECT 'SEQUENCE ' || quote_ident(sequence_name) FROM information_schema.sequences
  WHERE sequence_schema = current_schema()
"""


def _postgres_leftovers() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(LEFTOVERS)
        return [str(row[0]) for row in cursor.fetchall()]


def database_clear() -> None:
    """Only for ``restore --force``: drop every table (PostgreSQL) or the file (SQLite)."""
    if engine() == SQLITE:
        connections.close_all()
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{sqlite_path()}{suffix}").unlink(missing_ok=True)
        return
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)} CASCADE")
        for leftover in _postgres_leftovers():
            cursor.execute(f"DROP {leftover} CASCADE")
    connections.close_all()


def files_clear() -> None:
    for _name, path in list(stored_files()):
        path.unlink()
    for folder in sorted(data_dir().rglob("*"), reverse=True):
        if folder.is_dir() and not any(folder.iterdir()) and folder not in not_data():
            shutil.rmtree(folder, ignore_errors=True)
