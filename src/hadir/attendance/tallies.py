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
wait for the first to commit, so the last count sees both. ``hadir tallies --check``
compares every stored tally with its days; ``--rebuild`` counts them all again (after a
restore from another tool, or a manual change to the day rows).
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

from django.db import connection, models

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
            _store(ordered[start : start + BATCH], month, DayRecord, MonthTally)


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


def counted(
    ids: Sequence[int], month: date, day_model: type[models.Model] = DayRecord
) -> dict[tuple[int | None, int], str]:
    """(unit id, employee id) -> the encoded tally of these employees' stored days in
    ``month`` (its first day), per unit their days were in."""
    days = month_days(month)
    stored = stored_days(
        day_model._default_manager.filter(  # type: ignore[arg-type]
            employee_id__in=ids, day__gte=days[0], day__lte=days[-1]
        ),
        by_unit=True,
    )
    return {key: encode(count_days(month.year, month.month, d)) for key, d in stored.items()}


def _store(
    ids: Sequence[int],
    month: date,
    day_model: type[models.Model],
    tally_model: type[models.Model],
) -> None:
    tallies = counted(ids, month, day_model)
    tally_model._default_manager.filter(employee_id__in=ids, month=month)._raw_delete(
        connection.alias
    )
    rows = [(e, u, month, text) for (u, e), text in tallies.items()]
    if connection.vendor == "postgresql":
        copy_rows(tally_model, FIELDS, rows)
    else:
        insert_rows(tally_model, FIELDS, rows)


def _months(day_model: type[models.Model]) -> list[date]:
    days = day_model._default_manager.dates("day", "month")
    return sorted(days)


def _employees_of(day_model: type[models.Model], month: date) -> list[int]:
    last = month_days(month)[-1]
    ids = day_model._default_manager.filter(day__gte=month, day__lte=last)
    return sorted(set(ids.values_list("employee_id", flat=True)))


def tallies_rebuild(
    day_model: type[models.Model] = DayRecord, tally_model: type[models.Model] = MonthTally
) -> int:
    """Count every month of every employee again from the stored days; returns the tallies
    written. Run in one transaction by the caller (the migration, ``hadir tallies``)."""
    tally_model._default_manager.all()._raw_delete(connection.alias)
    for month in _months(day_model):
        ids = _employees_of(day_model, month)
        for start in range(0, len(ids), BATCH):
            _store(ids[start : start + BATCH], month, day_model, tally_model)
    return int(tally_model._default_manager.count())


def tallies_check() -> list[TallyMismatch]:
    """Every stored tally that differs from a count of its days, and every count missing."""
    found: list[TallyMismatch] = []
    months = sorted(set(_months(DayRecord)) | set(MonthTally.objects.dates("month", "month")))
    for month in months:
        ids = sorted(
            set(_employees_of(DayRecord, month))
            | set(MonthTally.objects.filter(month=month).values_list("employee_id", flat=True))
        )
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
