"""Storing computed day results: only what changed is written.

A recompute mostly finds what is already stored (a policy change touches a few codes, a
month recomputed again touches none), so the ids and fingerprints of the batch's stored
rows are read in one query (``stored_fingerprints``) before anything is computed: a day
whose fingerprint still matches (``hadir.attendance.day_fingerprint``) is not computed at
all. The stored rows of the other days are read in full and compared: unchanged rows stay
as they are (their ``computed_at`` says when the result last changed; one whose only news
is its fingerprint is written again with its old ``computed_at``), changed and stale rows
are deleted by id, changed and new rows inserted in bulk (``COPY`` on PostgreSQL,
``executemany`` on SQLite). A few statements per batch whatever its size, never one per
employee.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime
from operator import itemgetter
from typing import Any

from django.db import connection

from hadir.attendance.models import DayRecord
from hadir.attendance.tallies import tallies_refresh
from hadir.bulk import as_date, copy_rows, db_dates, insert_rows, marks

RECORD_FIELDS = (
    "employee_id",
    "day",
    "unit_id",
    "codes",
    "working_day",
    "check_in",
    "check_out",
    "late_minutes",
    "early_minutes",
    "leave_type",
    "explanation",
    "computed_at",
    "settles_at",
    "fingerprint",
)
COMPUTED_AT = RECORD_FIELDS.index("computed_at")
FINGERPRINT = RECORD_FIELDS.index("fingerprint")
# What makes two results the same: every stored column but when it was computed and the
# fingerprint (which digests these columns, ``hadir.attendance.day_fingerprint``).
COMPARED = tuple(i for i in range(2, FINGERPRINT) if i != COMPUTED_AT)
DELETE_BATCH = 900  # under SQLite's oldest limit of bound parameters
Row = tuple[Any, ...]
InScope = Callable[[int, date], bool]
Key = tuple[int, date]
# A stored row's compared values and its computed_at, as read (``_select``).
Result = tuple[Row, object]
# id, fingerprint (None before one was stored, or after the row was edited in place), and
# the result when it was read with them.
Stored = tuple[int, int | None, Result | None]


DATETIMES = ("check_in", "check_out", "settles_at")
TIMES = (*DATETIMES, "computed_at")
_compared = itemgetter(*COMPARED)
_DATETIME_AT = [k for k, i in enumerate(COMPARED) if RECORD_FIELDS[i] in DATETIMES]


def _select(name: str) -> str:
    """A column as the comparison wants it, cheap to read. SQLite's driver turns date and
    datetime columns into objects, while new rows hold them as the text stored
    (``hadir.bulk``): read as that text (an expression has no declared type, so nothing
    converts it). On PostgreSQL, building aware datetimes costs more than the query: read
    as epoch seconds (exact for microseconds at this scale), and new rows compared the same."""
    column = connection.ops.quote_name(name)
    if connection.vendor == "sqlite" and (name == "day" or name in TIMES):
        return f"CAST({column} AS TEXT)"
    if connection.vendor == "postgresql" and name in TIMES:
        return f"EXTRACT(EPOCH FROM {column})::float8"
    return column


def _computed_at(value: object) -> object:
    """A stored ``computed_at`` as read (``_select``) back into what a new row holds."""
    if isinstance(value, float):
        return datetime.fromtimestamp(value, UTC)
    return value


def _comparable_epochs(row: Row) -> Row:
    values = list(_compared(row))
    for k in _DATETIME_AT:
        if values[k] is not None:
            values[k] = values[k].timestamp()
    return tuple(values)


def comparable(row: Row) -> Row:
    """A new row's compared values in the form ``_stored_results`` reads them."""
    if connection.vendor == "postgresql":
        return _comparable_epochs(row)
    values: Row = _compared(row)
    return values


def stored_fingerprints(
    employee_ids: Sequence[int], first: date, last: date, *, with_results: bool = False
) -> dict[Key, Stored]:
    """(employee_id, day) -> ``Stored`` for the stored rows of the batch. ``with_results``
    reads their results in the same query: for a few days that will mostly be computed
    (dirty marks), one round trip instead of two."""
    table = connection.ops.quote_name(DayRecord._meta.db_table)
    results = f", {_result_columns()}" if with_results else ""
    # Names come from the model's meta; every value is a parameter.
    sql = (
        f"SELECT id, employee_id, {_select('day')}, fingerprint{results} "  # noqa: S608
        f"FROM {table} WHERE employee_id IN ({marks(len(employee_ids))}) "
        "AND day >= %s AND day <= %s"
    )
    adapt = connection.ops.adapt_datefield_value
    days: dict[object, date] = {}
    found: dict[Key, Stored] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [*employee_ids, adapt(first), adapt(last)])
        for row in cursor.fetchall():
            day = days.get(row[2])
            if day is None:
                day = days[row[2]] = as_date(row[2])
            result = (row[4:-1], row[-1]) if with_results else None
            found[(row[1], day)] = (row[0], row[3], result)
    return found


def _result_columns() -> str:
    """The compared columns, then computed_at (``Result``)."""
    columns = [_select(RECORD_FIELDS[i]) for i in COMPARED]
    return ", ".join([*columns, _select("computed_at")])


def _stored_results(ids: list[int]) -> dict[int, Result]:
    """id -> ``Result`` of these stored rows."""
    table = connection.ops.quote_name(DayRecord._meta.db_table)
    columns = _result_columns()
    found: dict[int, Result] = {}
    with connection.cursor() as cursor:
        for start in range(0, len(ids), DELETE_BATCH):
            batch = ids[start : start + DELETE_BATCH]
            cursor.execute(
                f"SELECT id, {columns} FROM {table} "  # noqa: S608
                f"WHERE id IN ({marks(len(batch))})",
                batch,
            )
            for row in cursor.fetchall():
                found[row[0]] = (row[1:-1], row[-1])
    return found


def _delete_ids(ids: list[int]) -> None:
    for start in range(0, len(ids), DELETE_BATCH):
        DayRecord.objects.filter(pk__in=ids[start : start + DELETE_BATCH])._raw_delete(
            connection.alias
        )


def _insert(rows: Iterable[Row]) -> int:
    """Rows as ``day_records_store`` prepares them: every value as its column holds it."""
    if connection.vendor == "postgresql":
        return copy_rows(DayRecord, RECORD_FIELDS, rows)
    return insert_rows(DayRecord, RECORD_FIELDS, rows, prepared=True)


def day_records_store(
    computed: Sequence[tuple[Row, int]],
    stored: dict[Key, Stored],
    in_scope: InScope,
) -> int:
    """Make the stored results of the batch equal ``computed``: (row in ``RECORD_FIELDS``
    order but the fingerprint, values as ``hadir.bulk`` prepares them; its fingerprint).
    ``stored``: what ``stored_fingerprints`` read, less the days kept unchanged by their
    fingerprint. A stored row that ``in_scope`` accepts and ``computed`` lacks is deleted;
    rows out of scope (days held by a lock, days not asked for) are left alone. The month
    tallies of every employee-day written or deleted are counted again
    (``hadir.attendance.tallies``). Returns rows written."""
    olds = [stored.pop((row[0], row[1]), None) for row, _ in computed]
    results = _stored_results([old[0] for old in olds if old is not None and old[2] is None])
    stale: list[int] = []
    written: list[Row] = []
    touched: list[Key] = []  # employee-days whose month tally must be counted again
    db_date = db_dates()
    for (row, digest), old in zip(computed, olds, strict=True):
        if old is not None:
            values, computed_at = old[2] or results[old[0]]
            if comparable(row) == values:
                if digest == old[1]:
                    continue
                # Same result, new inputs: keep when the result last changed.
                row = (*row[:COMPUTED_AT], _computed_at(computed_at), *row[COMPUTED_AT + 1 :])
            stale.append(old[0])
        touched.append((row[0], row[1]))
        written.append((row[0], db_date(row[1]), *row[2:], digest))
    for key, (pk, *_) in stored.items():
        if in_scope(*key):
            stale.append(pk)
            touched.append(key)
    _delete_ids(stale)
    _insert(written)
    tallies_refresh(touched)
    return len(written)
