"""Storing computed day results: only what changed is written.

A recompute mostly finds what is already stored (a policy change touches a few codes, a
month recomputed again touches none), so the stored rows of the batch are read in one
query and compared with the new ones: unchanged rows stay as they are (their
``computed_at`` says when the result last changed), changed and stale rows are deleted by
id, changed and new rows inserted in bulk (``COPY`` on PostgreSQL, ``executemany`` on
SQLite). Two statements per batch whatever its size, never one per employee.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from operator import itemgetter
from typing import Any

from django.db import connection

from hadir.attendance.models import DayRecord
from hadir.bulk import copy_rows, insert_rows

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
)
COMPUTED_AT = RECORD_FIELDS.index("computed_at")
# What makes two results the same: every stored column but when it was computed.
COMPARED = tuple(i for i in range(2, len(RECORD_FIELDS)) if i != COMPUTED_AT)
DELETE_BATCH = 900  # under SQLite's oldest limit of bound parameters
Row = tuple[Any, ...]
InScope = Callable[[int, date], bool]


DATETIMES = ("check_in", "check_out", "settles_at")
_compared = itemgetter(*COMPARED)
_DATETIME_AT = [k for k, i in enumerate(COMPARED) if RECORD_FIELDS[i] in DATETIMES]


def _select(name: str) -> str:
    """A column as the comparison wants it, cheap to read. SQLite's driver turns date and
    datetime columns into objects, while new rows hold them as the text stored
    (``hadir.bulk``): read as that text (an expression has no declared type, so nothing
    converts it). On PostgreSQL, building aware datetimes costs more than the query: read
    as epoch seconds (exact for microseconds at this scale), and new rows compared the same."""
    column = connection.ops.quote_name(name)
    if connection.vendor == "sqlite" and (name == "day" or name in DATETIMES):
        return f"CAST({column} AS TEXT)"
    if connection.vendor == "postgresql" and name in DATETIMES:
        return f"EXTRACT(EPOCH FROM {column})::float8"
    return column


def _comparable_epochs(row: Row) -> Row:
    values = list(_compared(row))
    for k in _DATETIME_AT:
        if values[k] is not None:
            values[k] = values[k].timestamp()
    return tuple(values)


def _stored(
    employee_ids: Sequence[int], first: date, last: date
) -> dict[tuple[int, date], tuple[int, Row]]:
    """(employee_id, day) -> (id, compared values) of the stored rows of the batch."""
    table = connection.ops.quote_name(DayRecord._meta.db_table)
    columns = ", ".join(_select(RECORD_FIELDS[i]) for i in COMPARED)
    marks = ", ".join(["%s"] * len(employee_ids))
    # Names come from the model's meta; every value is a parameter.
    sql = (
        f"SELECT id, employee_id, {_select('day')}, {columns} FROM {table} "  # noqa: S608
        f"WHERE employee_id IN ({marks}) AND day >= %s AND day <= %s"
    )
    adapt = connection.ops.adapt_datefield_value
    days: dict[object, date] = {}
    found: dict[tuple[int, date], tuple[int, Row]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [*employee_ids, adapt(first), adapt(last)])
        for row in cursor.fetchall():
            day = days.get(row[2])
            if day is None:
                day = days[row[2]] = _day(row[2])
            found[(row[1], day)] = (row[0], row[3:])
    return found


def _delete_ids(ids: list[int]) -> None:
    for start in range(0, len(ids), DELETE_BATCH):
        DayRecord.objects.filter(pk__in=ids[start : start + DELETE_BATCH])._raw_delete(
            connection.alias
        )


def _insert(rows: Iterable[Row]) -> int:
    if connection.vendor == "postgresql":
        return copy_rows(DayRecord, RECORD_FIELDS, rows)
    return insert_rows(DayRecord, RECORD_FIELDS, rows)


def day_records_store(
    records: Sequence[Row],
    employee_ids: Sequence[int],
    first: date,
    last: date,
    in_scope: InScope,
) -> int:
    """Make the stored results of the batch equal ``records`` (rows in ``RECORD_FIELDS``
    order, values as ``hadir.bulk`` prepares them). A stored row of these employees and
    dates that ``in_scope`` accepts and ``records`` lacks is deleted; rows out of scope
    (days held by a lock, days not asked for) are left alone. Returns rows written."""
    if not employee_ids:
        return 0
    stored = _stored(employee_ids, first, last)
    comparable = _comparable_epochs if connection.vendor == "postgresql" else _compared
    stale: list[int] = []
    written: list[Row] = []
    for row in records:
        old = stored.pop((row[0], row[1]), None)
        if old is not None and comparable(row) == old[1]:
            continue
        if old is not None:
            stale.append(old[0])
        written.append(row)
    stale.extend(pk for (employee_id, day), (pk, _) in stored.items() if in_scope(employee_id, day))
    _delete_ids(stale)
    _insert(written)
    return len(written)


def _day(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)
