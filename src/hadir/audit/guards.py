"""Database triggers that keep the audit trail and the punch ledger append-only.

- audit events: no UPDATE, no DELETE (SQLite and PostgreSQL);
- ledger batches: no DELETE; no UPDATE once sealed (``seq`` set);
- punches: no DELETE; no UPDATE of the hashed raw fields (``PUNCH_HASHED_FIELDS``), of
  ``local_date`` (derived from ``local_time``) or of ``batch``. ``counted``, ``hold`` and
  ``employee`` stay writable: the ledger's services change them legitimately.

Someone with the database file or a superuser account can still drop a trigger: that is what
the hash chains and ``hadir audit verify`` are for. ``TRUNCATE`` (PostgreSQL's flush) does
not fire row triggers; on SQLite ``flush`` deletes row by row, so ``guards_lifted`` drops the
triggers for the duration (``hadir.audit.management.commands.flush``), inside its transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import connection as default_connection

IMMUTABLE_PUNCH_COLUMNS = (
    "key",
    "source",
    "source_ref",
    "device_id",
    "pin",
    "punched_at",
    "local_time",
    "local_date",
    "status",
    "verify",
    "workcode",
    "raw",
    "batch_id",
)

_SQLITE_CHANGED = " OR ".join(f'OLD."{c}" IS NOT NEW."{c}"' for c in IMMUTABLE_PUNCH_COLUMNS)
_PG_CHANGED = " OR ".join(f'OLD."{c}" IS DISTINCT FROM NEW."{c}"' for c in IMMUTABLE_PUNCH_COLUMNS)


@dataclass(frozen=True, slots=True)
class Trigger:
    name: str
    table: str
    sql: str


def _sqlite_refuse(name: str, event: str, table: str, message: str, when: str = "") -> Trigger:
    condition = f" WHEN {when}" if when else ""
    sql = (
        f"CREATE TRIGGER {name} BEFORE {event} ON {table}{condition} "
        f"BEGIN SELECT RAISE(ABORT, '{message}'); END;"
    )
    return Trigger(name, table, sql)


def _pg_refuse(name: str, event: str, table: str, function: str, when: str = "") -> Trigger:
    condition = f" WHEN ({when})" if when else ""
    sql = (
        f"CREATE TRIGGER {name} BEFORE {event} ON {table} FOR EACH ROW{condition} "
        f"EXECUTE FUNCTION {function}();"
    )
    return Trigger(name, table, sql)


def _pg_function(name: str, message: str) -> str:
    return (
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$ "
        f"BEGIN RAISE EXCEPTION '{message}'; END; $$ LANGUAGE plpgsql;"
    )


AUDIT_MESSAGE = "audit trail is append-only"
LEDGER_MESSAGE = "punch ledger is append-only"
AUDIT_TABLE, BATCH_TABLE, PUNCH_TABLE = "audit_auditevent", "punches_ledgerbatch", "punches_punch"
SEALED = "OLD.seq IS NOT NULL"

AUDIT_SQLITE = [
    _sqlite_refuse("audit_event_no_update", "UPDATE", AUDIT_TABLE, AUDIT_MESSAGE),
    _sqlite_refuse("audit_event_no_delete", "DELETE", AUDIT_TABLE, AUDIT_MESSAGE),
]
# The function and trigger names are those of migration 0002.
AUDIT_FUNCTIONS = [_pg_function("audit_event_refuse_change", AUDIT_MESSAGE)]
AUDIT_POSTGRES = [
    _pg_refuse(
        "audit_event_append_only", "UPDATE OR DELETE", AUDIT_TABLE, "audit_event_refuse_change"
    ),
]
LEDGER_SQLITE = [
    _sqlite_refuse("ledger_batch_no_delete", "DELETE", BATCH_TABLE, LEDGER_MESSAGE),
    _sqlite_refuse("ledger_batch_sealed", "UPDATE", BATCH_TABLE, LEDGER_MESSAGE, SEALED),
    _sqlite_refuse("punch_no_delete", "DELETE", PUNCH_TABLE, LEDGER_MESSAGE),
    _sqlite_refuse("punch_raw_fixed", "UPDATE", PUNCH_TABLE, LEDGER_MESSAGE, _SQLITE_CHANGED),
]
LEDGER_FUNCTION = "punches_ledger_refuse_change"
LEDGER_FUNCTIONS = [_pg_function(LEDGER_FUNCTION, LEDGER_MESSAGE)]
LEDGER_POSTGRES = [
    _pg_refuse("ledger_batch_no_delete", "DELETE", BATCH_TABLE, LEDGER_FUNCTION),
    _pg_refuse("ledger_batch_sealed", "UPDATE", BATCH_TABLE, LEDGER_FUNCTION, SEALED),
    _pg_refuse("punch_no_delete", "DELETE", PUNCH_TABLE, LEDGER_FUNCTION),
    _pg_refuse("punch_raw_fixed", "UPDATE", PUNCH_TABLE, LEDGER_FUNCTION, _PG_CHANGED),
]
GUARD_TRIGGERS = tuple(
    sorted({t.name for t in AUDIT_SQLITE + AUDIT_POSTGRES + LEDGER_SQLITE + LEDGER_POSTGRES})
)


def _drop(trigger: Trigger, vendor: str) -> str:
    on = f" ON {trigger.table}" if vendor == "postgresql" else ""
    return f"DROP TRIGGER IF EXISTS {trigger.name}{on};"


def install(
    schema_editor: Any, *, sqlite: list[Trigger], postgres: list[Trigger], functions: list[str]
) -> None:
    """Create the triggers (a migration step), replacing any of the same name."""
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for sql in functions:
            schema_editor.execute(sql)
    for trigger in postgres if vendor == "postgresql" else sqlite:
        schema_editor.execute(_drop(trigger, vendor))
        schema_editor.execute(trigger.sql)


def uninstall(schema_editor: Any, *, sqlite: list[Trigger], postgres: list[Trigger]) -> None:
    vendor = schema_editor.connection.vendor
    for trigger in postgres if vendor == "postgresql" else sqlite:
        schema_editor.execute(_drop(trigger, vendor))


def _triggers(cursor: Any, vendor: str) -> list[tuple[str, str, str]]:
    names = list(GUARD_TRIGGERS)
    marks = ", ".join(["%s"] * len(names))
    if vendor == "postgresql":
        cursor.execute(
            "SELECT tgname, tgrelid::regclass::text, pg_get_triggerdef(oid) FROM pg_trigger "  # noqa: S608
            f"WHERE NOT tgisinternal AND tgname IN ({marks})",
            names,
        )
    else:
        cursor.execute(
            "SELECT name, tbl_name, sql FROM sqlite_master "  # noqa: S608
            f"WHERE type = 'trigger' AND name IN ({marks})",
            names,
        )
    return [(str(n), str(t), str(s)) for n, t, s in cursor.fetchall()]


@contextmanager
def guards_lifted(connection: Any = None) -> Iterator[None]:
    """Drop the append-only triggers and put them back exactly as they were on exit. For
    ``flush`` on SQLite and for tests that tamper with rows on purpose; use inside a
    transaction so that nothing else runs unguarded."""
    connection = connection or default_connection
    vendor = connection.vendor
    with connection.cursor() as cursor:
        found = _triggers(cursor, vendor)
        for name, table, _sql in found:
            on = f" ON {table}" if vendor == "postgresql" else ""
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}{on}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for _name, _table, sql in found:
                cursor.execute(sql)
