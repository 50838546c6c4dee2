"""Fast multi-row inserts for the few hot paths (punch ingestion, day results, dirty marks).

Django's ``bulk_create`` spends ~50 µs per row building SQL on SQLite; the ledger and the
recompute write hundreds of thousands of rows, so these paths prepare values once per column
and hand the rows to the driver's ``executemany``. Values go through the backend's own
adapters, so SQLite and PostgreSQL store exactly what the ORM would.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

from django.db import connection, models

BATCH = 5000


def _concrete(field: object) -> models.Field[Any, Any]:
    if not isinstance(field, models.Field) or not field.column:
        raise TypeError(f"{field!r} is not a concrete column")
    return field


def _sqlite_datetime(value: datetime | str) -> str:
    """What Django stores on SQLite for an aware datetime: naive UTC text (a value already
    prepared by ``LocalTimes`` passes through)."""
    if isinstance(value, str):
        return value
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ")


def db_datetime(value: datetime) -> datetime | str:
    """An aware datetime as a DateTimeField column holds it: for a value repeated on every row
    (a batch's ``received_at``), adapted once instead of once per row (``insert_rows`` passes
    a prepared SQLite value through)."""
    if connection.vendor == "sqlite":
        return _sqlite_datetime(value)
    return value


def db_dates() -> Callable[[date], object]:
    """What a DateField column holds for a date (text on SQLite; the date itself for
    PostgreSQL's driver), each distinct date adapted once."""
    if connection.vendor != "sqlite":
        return lambda day: day
    adapted: dict[date, object] = {}

    def db_date(day: date) -> object:
        found = adapted.get(day)
        if found is None:
            found = adapted[day] = connection.ops.adapt_datefield_value(day)
        return found

    return db_date


class LocalTimes:
    """Turns naive local times of one fixed-offset zone (WIB, WITA and WIT have no daylight
    saving) into what a DateTimeField column holds, without a datetime round trip per value."""

    def __init__(self, tz: tzinfo, sample: datetime) -> None:
        self.tz = tz
        self.offset = tz.utcoffset(sample) or timedelta(0)
        self.sqlite = connection.vendor == "sqlite"

    def db_value(self, local: datetime | None) -> datetime | str | None:
        if local is None:
            return None
        if self.sqlite:
            return (local - self.offset).isoformat(" ")
        return local.replace(tzinfo=self.tz)


def _adapter(field: models.Field[Any, Any]) -> Callable[[Any], Any]:
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        if connection.vendor == "sqlite":
            return _sqlite_datetime
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, models.TimeField):
        return ops.adapt_timefield_value
    return lambda value: value


def insert_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    ignore_conflicts: bool = False,
    prepared: bool = False,
) -> int:
    """Insert ``rows`` (values in the order of ``fields``, model field names; a foreign key
    is given as ``<name>_id``). Returns the number of rows the database stored (rows skipped
    by ``ignore_conflicts`` are not counted; both drivers sum ``executemany``'s rowcount).
    ``prepared``: every value is already what its column holds (dates and datetimes as
    ``db_date`` and ``LocalTimes`` give them), so rows go to the driver untouched."""
    meta = model._meta
    columns = [_concrete(meta.get_field(name.removesuffix("_id"))) for name in fields]
    adapters = [_adapter(f) for f in columns]
    quote = connection.ops.quote_name
    # Table and column names come from the model's meta and are quoted; values are parameters.
    sql = "INSERT INTO {} ({}) VALUES ({}){}".format(  # noqa: S608
        quote(meta.db_table),
        ", ".join(quote(f.column or f.name) for f in columns),
        ", ".join(["%s"] * len(columns)),
        " ON CONFLICT DO NOTHING" if ignore_conflicts else "",
    )
    needs_adapting = [
        i
        for i, f in enumerate(columns)
        if not prepared and isinstance(f, models.DateField | models.TimeField)
    ]
    total = 0
    batch: list[Sequence[Any]] = []
    with connection.cursor() as cursor:
        for row in rows:
            if needs_adapting:
                row = list(row)
                for i in needs_adapting:
                    if row[i] is not None:
                        row[i] = adapters[i](row[i])
            batch.append(row)
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                total += cursor.rowcount
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            total += cursor.rowcount
    return total


def copy_rows(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """PostgreSQL only: ``COPY`` the rows in (values as for ``insert_rows``; psycopg adapts
    them by type, as it does for parameters). Several times faster than ``executemany`` for
    thousands of rows; conflicts are not ignored. Returns the number of rows copied."""
    meta = model._meta
    columns = [_concrete(meta.get_field(name.removesuffix("_id"))) for name in fields]
    quote = connection.ops.quote_name
    # Table and column names come from the model's meta and are quoted; values are data.
    sql = "COPY {} ({}) FROM STDIN".format(
        quote(meta.db_table), ", ".join(quote(f.column or f.name) for f in columns)
    )
    total = 0
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)
            total += 1
    return total


def fetch_rows(queryset: models.QuerySet[Any, Any]) -> list[tuple[Any, ...]]:
    """The rows of a ``values_list`` query, fetched by the driver alone: the ORM builds the
    SQL, but no per-row Python runs (on PostgreSQL ``iterator()`` costs ten times the query
    for a batch's punches). Values are as the driver returns them, so use it only for
    columns whose driver value is the wanted one (numbers, text, dates)."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows: list[tuple[Any, ...]] = cursor.fetchall()
        return rows


def fetch_sql(sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    """The rows of a hand-written query, as the driver returns them. For the recompute's
    per-batch reads: the ORM spends about 0.3 ms building each query, as much as
    PostgreSQL takes to answer it (issue 15). Dates come back as text on SQLite
    (``as_date``)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows: list[tuple[Any, ...]] = cursor.fetchall()
        return rows


def marks(count: int) -> str:
    """``count`` parameter marks for an ``IN (...)`` list (at least one: ``IN ()`` is not
    SQL; a list of one None matches nothing)."""
    return ", ".join(["%s"] * max(count, 1))


def in_params(values: Sequence[Any]) -> list[Any]:
    """The parameters for ``marks(len(values))``."""
    return list(values) if values else [None]


def as_date(value: date | str) -> date:
    """A DATE column's value as the driver returned it (SQLite: ISO text)."""
    return value if isinstance(value, date) else date.fromisoformat(value)


def table(model: type[models.Model]) -> str:
    """The model's table name, quoted for the database in use."""
    return connection.ops.quote_name(model._meta.db_table)
