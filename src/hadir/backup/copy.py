"""Copy a SQLite database into an empty PostgreSQL one (``hadir copy-to-postgres``).

The target is migrated by the same code, emptied of what the migrations seeded (default
schedules, content types, permissions), then filled table by table, parents first, in
batches through ``COPY``, inside one transaction; Django's foreign keys on PostgreSQL are
deferred, so a row pointing at a later row of its own table is fine. Sequences are reset and
every table's row count compared before the transaction commits. Values go across as
SQLite stores them, which PostgreSQL reads back identically (UTC timestamps, JSON text,
booleans as 0/1), so the audit and ledger hash chains still verify afterwards.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import dj_database_url
from django.apps import apps
from django.core.management.color import no_style
from django.db import connections, models, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import gettext_lazy as _

from hadir.backup.manifest import ArchiveRefused

TARGET = "copy_target"
BATCH = 5000
NOT_SQLITE = _("The source must be SQLite (DATABASE_URL unset or sqlite://); it is {engine}.")
NOT_POSTGRES = _("The target must be a postgres:// address.")
TARGET_NOT_EMPTY = _(
    "The target database already has tables ({count}). Copy only into an empty PostgreSQL "
    "database (createdb a new one)."
)
SOURCE_BEHIND = _("The SQLite database has unapplied migrations: run hadir migrate first.")
MIGRATE_FAILED = _("Migrating the target failed: {error}")
COUNTS_DIFFER = _("Row counts differ after the copy in {tables}; nothing was committed.")


# Not data: the recompute's cache stamp (``hadir.attendance.region_inputs``). The target's
# triggers write a fresh one while the copy fills the tables they watch; copying the
# source's row would collide with it.
NOT_COPIED = frozenset({"attendance_inputsstamp"})


@dataclass(frozen=True)
class CopiedTable:
    table: str
    rows: int


def tables_in_order() -> list[type[models.Model]]:
    """Every concrete table once (many-to-many tables included), parents before children."""
    chosen: dict[str, type[models.Model]] = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        table = meta.db_table
        if meta.managed and not meta.proxy and table not in chosen and table not in NOT_COPIED:
            chosen[meta.db_table] = model
    ordered: list[type[models.Model]] = []
    placed: set[str] = set()

    def place(model: type[models.Model], path: frozenset[str]) -> None:
        table = model._meta.db_table
        if table in placed or table in path:
            return  # placed already, or a cycle (deferred foreign keys accept it)
        for field in model._meta.local_concrete_fields:
            parent = field.related_model if field.is_relation else None
            if isinstance(parent, type) and parent._meta.db_table in chosen:
                place(chosen[parent._meta.db_table], path | {table})
        placed.add(table)
        ordered.append(model)

    for model in chosen.values():
        place(model, frozenset())
    return ordered


def _open_target(url: str) -> None:
    config = dj_database_url.parse(url)
    if "postgresql" not in str(config["ENGINE"]):
        raise ArchiveRefused(NOT_POSTGRES)
    connections.databases[TARGET] = {**connections.databases["default"], **config}
    connections.databases[TARGET].pop("OPTIONS", None)
    connections.databases[TARGET]["OPTIONS"] = config.get("OPTIONS", {})
    connections.databases[TARGET].pop("TEST", None)


def _check(source_engine: str) -> None:
    if "sqlite" not in source_engine:
        raise ArchiveRefused(NOT_SQLITE.format(engine=source_engine))
    executor = MigrationExecutor(connections["default"])
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise ArchiveRefused(SOURCE_BEHIND)
    tables = connections[TARGET].introspection.table_names()
    if tables:
        raise ArchiveRefused(TARGET_NOT_EMPTY.format(count=len(tables)))


def _copy_table(model: type[models.Model]) -> int:
    meta = model._meta
    columns = [str(field.column) for field in meta.local_concrete_fields]
    source, target = connections["default"], connections[TARGET]
    quoted = ", ".join(target.ops.quote_name(c) for c in columns)
    select = ", ".join(source.ops.quote_name(c) for c in columns)
    copied = 0
    with source.cursor() as reading, target.cursor() as writing:
        reading.execute(f"SELECT {select} FROM {source.ops.quote_name(meta.db_table)}")  # noqa: S608
        sql = f"COPY {target.ops.quote_name(meta.db_table)} ({quoted}) FROM STDIN"
        with writing.cursor.copy(sql) as copy:
            while rows := reading.fetchmany(BATCH):
                for row in rows:
                    copy.write_row(row)
                copied += len(rows)
    return copied


def _count(alias: str, table: str) -> int:
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        return int(cursor.fetchone()[0])


def copy_to_postgres(
    *, url: str, progress: Callable[[CopiedTable], None] | None = None
) -> list[CopiedTable]:
    _open_target(url)
    try:
        _check(str(connections["default"].settings_dict["ENGINE"]))
        _migrate_target(url)
        ordered = tables_in_order()
        target = connections[TARGET]
        done: list[CopiedTable] = []
        with transaction.atomic(using=TARGET):
            with target.cursor() as cursor:
                names = ", ".join(target.ops.quote_name(m._meta.db_table) for m in ordered)
                cursor.execute(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
            for model in ordered:
                copied = CopiedTable(model._meta.db_table, _copy_table(model))
                done.append(copied)
                if progress:
                    progress(copied)
            _reset_sequences(ordered)
            _verify_counts(done)
        return done
    finally:
        connections[TARGET].close()
        del connections[TARGET]
        connections.databases.pop(TARGET, None)


def _migrate_target(url: str) -> None:
    """In a process of its own whose default database is the target: data migrations
    (the ledger backfill) use the default connection, which here is the SQLite source."""
    env = {**os.environ, "DATABASE_URL": url}
    done = subprocess.run(
        [sys.executable, "-m", "hadir", "migrate", "--verbosity", "0"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise ArchiveRefused(MIGRATE_FAILED.format(error=done.stderr.strip()[-1000:]))


def _reset_sequences(ordered: Iterable[type[models.Model]]) -> None:
    target = connections[TARGET]
    with target.cursor() as cursor:
        for sql in target.ops.sequence_reset_sql(no_style(), list(ordered)):
            cursor.execute(sql)


def _verify_counts(done: list[CopiedTable]) -> None:
    wrong = [c.table for c in done if _count("default", c.table) != _count(TARGET, c.table)]
    if wrong:
        raise ArchiveRefused(COUNTS_DIFFER.format(tables=", ".join(wrong)))
