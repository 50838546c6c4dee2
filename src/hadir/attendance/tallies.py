"""Month tallies: each employee's days in a unit and month, counted once when they are stored.

The region's TPP list and the payroll file need every person's month recap. Read from the
day rows, that is 310,000 rows and as many days counted for 10,000 staff, each time BKD
downloads the list (issue 15). A ``MonthTally`` row holds what the recap reads of those days
(``hadir.rules.DayTally``: counts, minutes, and the dates of the codes a policy may charge);
the policy and the TPP base are applied when it is read (``recap_from_tally``), so a change
of either needs no rewrite.

The tallies are kept true by the one path that writes day rows: ``day_records_store`` calls
``tallies_refresh`` with every employee-day it wrote or deleted, in the same transaction,
and the employee's whole month is counted again from the stored rows. On PostgreSQL two
workers may store days of the same employee at once (the dirty marks are claimed per day):
a transaction-scoped advisory lock per employee, taken in id order, makes the second count
wait for the first to commit, so the last count sees both; ``tallies_rebuild`` and
``tallies_check`` lock everyone they count the same way. ``hadir tallies --check`` compares
every stored tally with its days; ``--rebuild`` counts them all again (after a manual change
to the day rows). After ``migrate``, ``tallies_fill`` counts every month when no tally is
stored yet (the upgrade that added them, a restore of an older archive).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from django.db import connection

from hadir.attendance.models import DayRecord, MonthTally
from hadir.attendance.selectors import month_days, stored_days
from hadir.bulk import copy_rows, fetch_rows, insert_rows
from hadir.rules import DayCode, DayTally, LeaveType, MonthRecap, Policy, recap_from_tally
from hadir.rules import tally_days as count_days

FIELDS = ("employee_id", "unit_id", "month", "tally")
BATCH = 500  # employees counted per statement: bounded memory, few round trips
# pg_advisory_xact_lock(class, object): this class number is Hadir's month tallies.
LOCK_CLASS = 0x48414454  # "HADT"
INT4 = 2**31 - 1


@dataclass(frozen=True, slots=True)
class TallyMismatch:
    """A stored tally that is not what the days say (``tallies_check``)."""

    employee_id: int
    unit_id: int | None
    month: date
    stored: str | None  # None: missing
    counted: str | None  # None: no such days, the row should not exist


def encode(tally: DayTally) -> str:
    """A tally as the compact JSON text ``MonthTally.tally`` holds (days as day of month)."""
    return json.dumps(
        {
            "d": tally.days,
            "w": tally.working_days,
            "p": tally.present_days,
            "l": tally.late_minutes,
            "e": tally.early_minutes,
            "c": {str(code): n for code, n in tally.code_counts.items()},
            "v": {str(kind): n for kind, n in tally.leave_days.items()},
            "x": [[day.day, str(code)] for day, code in tally.charged],
        },
        separators=(",", ":"),
    )


@lru_cache(maxsize=4096)
def decode(text: str, month: date) -> DayTally:
    """``encode``'s text back into the tally of ``month`` (a date in it). A tally is
    immutable, so equal texts of a month (a plain month of H is common) share one."""
    data: dict[str, Any] = json.loads(text)
    return DayTally(
        days=data["d"],
        working_days=data["w"],
        present_days=data["p"],
        late_minutes=data["l"],
        early_minutes=data["e"],
        code_counts=MappingProxyType({DayCode(k): n for k, n in data["c"].items()}),
        leave_days=MappingProxyType({LeaveType(k): n for k, n in data["v"].items()}),
        charged=tuple((month.replace(day=d), DayCode(code)) for d, code in data["x"]),
    )


def tally_recap(
    month: date, tally: DayTally | None, policy: Policy, tpp_base: int | None
) -> MonthRecap | None:
    """The rules' recap of one person's month in one unit; None without days there."""
    if tally is None:
        return None
    return recap_from_tally(month.year, month.month, tally, policy=policy, tpp_base=tpp_base)


def units_tallies(unit_ids: Sequence[int], month: date) -> dict[tuple[int, int], DayTally]:
    """(unit id, employee id) -> the stored tally of everyone with days in these units in
    ``month`` (its first day): one query."""
    rows = MonthTally.objects.filter(unit_id__in=unit_ids, month=month)
    return {
        (unit_id, employee_id): decode(text, month)
        for unit_id, employee_id, text in fetch_rows(
            rows.values_list("unit_id", "employee_id", "tally")
        )
    }


def tallies_refresh(keys: Iterable[tuple[int, date]]) -> None:
    """Count again the months of these (employee id, day) keys from the stored days, and
    store their tallies; in the caller's transaction, after its days are written."""
    months: dict[date, set[int]] = defaultdict(set)
    for employee_id, day in keys:
        months[day.replace(day=1)].add(employee_id)
    if not months:
        return
    _lock_employees(sorted(set().union(*months.values())))
    for month, ids in sorted(months.items()):
        ordered = sorted(ids)
        for start in range(0, len(ordered), BATCH):
            _store(ordered[start : start + BATCH], month)


def _lock_employees(ids: list[int]) -> None:
    """PostgreSQL: wait until no other transaction is counting these employees' months, and
    keep them until this one ends. Ids in ascending order, so two transactions never each
    hold what the other waits for. SQLite has one writer at a time."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s, (x %% %s)::integer) FROM unnest(%s::bigint[]) AS x",
            [LOCK_CLASS, INT4, ids],
        )


def counted(ids: Sequence[int], month: date) -> dict[tuple[int | None, int], str]:
    """(unit id, employee id) -> the encoded tally of these employees' stored days in
    ``month`` (its first day), per unit their days were in."""
    days = month_days(month)
    stored = stored_days(
        DayRecord.objects.filter(employee_id__in=ids, day__gte=days[0], day__lte=days[-1]),
        by_unit=True,
    )
    return {key: encode(count_days(month.year, month.month, d)) for key, d in stored.items()}


def _store(ids: Sequence[int], month: date) -> None:
    tallies = counted(ids, month)
    MonthTally.objects.filter(employee_id__in=ids, month=month)._raw_delete(connection.alias)
    rows = [(e, u, month, text) for (u, e), text in tallies.items()]
    if connection.vendor == "postgresql":
        copy_rows(MonthTally, FIELDS, rows)
    else:
        insert_rows(MonthTally, FIELDS, rows)


def _months() -> list[date]:
    return sorted(DayRecord.objects.dates("day", "month"))


def _employees_of(month: date) -> list[int]:
    """Everyone with a stored day or a tally in ``month``."""
    last = month_days(month)[-1]
    days = DayRecord.objects.filter(day__gte=month, day__lte=last)
    tallies = MonthTally.objects.filter(month=month)
    return sorted(
        set(days.values_list("employee_id", flat=True))
        | set(tallies.values_list("employee_id", flat=True))
    )


def _every_month() -> dict[date, list[int]]:
    """Each month with a stored day or a tally, with its employees; and every one of them
    locked (``_lock_employees``), so no worker stores their days until the caller's
    transaction ends."""
    months = sorted(set(_months()) | set(MonthTally.objects.dates("month", "month")))
    found = {month: _employees_of(month) for month in months}
    _lock_employees(sorted({e for ids in found.values() for e in ids}))
    return found


def tallies_rebuild() -> int:
    """Count every month of every employee again from the stored days; returns the tallies
    stored. Run in a transaction by the caller: workers storing days meanwhile wait for it
    (``hadir tallies --rebuild``, ``tallies_fill``)."""
    for month, ids in _every_month().items():
        for start in range(0, len(ids), BATCH):
            _store(ids[start : start + BATCH], month)
    return MonthTally.objects.count()


def tallies_fill() -> int:
    """After ``migrate``: when every migration is applied and day results are stored but
    no tally is (the upgrade that added them, or a restore of an archive made before),
    count them all; returns the tallies stored (0: nothing to do). Current code on the
    current schema, never inside a migration."""
    from django.db import transaction
    from django.db.migrations.executor import MigrationExecutor

    if MonthTally._meta.db_table not in connection.introspection.table_names():
        return 0
    if MonthTally.objects.exists() or not DayRecord.objects.exists():
        return 0
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return 0  # migrated to an earlier state on purpose: not the schema this code reads
    with transaction.atomic():
        return tallies_rebuild()


def tallies_check() -> list[TallyMismatch]:
    """Every stored tally that differs from a count of its days, and every count missing.
    Run in a transaction by the caller: the employees are locked while they are compared,
    so a worker's commit between the two reads cannot show as a mismatch."""
    found: list[TallyMismatch] = []
    for month, ids in _every_month().items():
        for start in range(0, len(ids), BATCH):
            part = ids[start : start + BATCH]
            fresh = counted(part, month)
            stored: dict[tuple[int | None, int], str] = {
                (u, e): text
                for u, e, text in MonthTally.objects.filter(
                    employee_id__in=part, month=month
                ).values_list("unit_id", "employee_id", "tally")
            }
            for key in sorted(set(fresh) | set(stored), key=lambda k: (k[1], k[0] or 0)):
                if fresh.get(key) != stored.get(key):
                    unit_id, employee_id = key
                    found.append(
                        TallyMismatch(employee_id, unit_id, month, stored.get(key), fresh.get(key))
                    )
    return found
