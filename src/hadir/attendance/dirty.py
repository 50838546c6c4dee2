"""Marking employee-days for recompute. Cheap, idempotent, safe to call from any service.

Each kind of change marks exactly the days it can affect:
- a punch: its employee and day (and the day before for shift workers, see punches);
- a schedule assignment or roster entry: its employees over its dates;
- a regional calendar day: everyone on that day;
- a policy: the months whose policy version changed, as a background recompute.
Days after the last computed day are left alone: they are computed when they end.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.db.models import Max, Q
from django.utils import timezone

from hadir.attendance.models import DayRecord, DirtyDay
from hadir.bulk import db_datetime, insert_rows
from hadir.people.models import EmployeeAssignment

ONE_DAY = timedelta(days=1)


def days_mark_dirty(pairs: Iterable[tuple[int, date]]) -> int:
    """Mark (employee_id, day) pairs; already-marked pairs are left as they are."""
    unique = set(pairs)
    if not unique:
        return 0
    now = db_datetime(timezone.now())
    insert_rows(
        DirtyDay,
        ("employee_id", "day", "marked_at", "held"),
        # In key order: concurrent uploads then take the unique index's entries in the same
        # order and cannot deadlock on each other's marks.
        ((e, d, now, False) for e, d in sorted(unique)),
        ignore_conflicts=True,
    )
    return len(unique)


def last_computed_day() -> date | None:
    last: date | None = DayRecord.objects.aggregate(last=Max("day"))["last"]
    return last


def mark_employees_between(
    employee_ids: Iterable[int] | None, first: date, last: date | None, unit_id: int | None = None
) -> int:
    """Mark the computed days from ``first`` to ``last`` of the given employees (None: all),
    or of everyone assigned to ``unit_id`` on those days."""
    computed = last_computed_day()
    if computed is None:
        return 0
    last = min(last or computed, computed)
    if last < first:
        return 0
    assignments = EmployeeAssignment.objects.filter(valid_from__lte=last).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=first)
    )
    if employee_ids is not None:
        assignments = assignments.filter(employee_id__in=list(employee_ids))
    if unit_id is not None:
        assignments = assignments.filter(unit_id=unit_id)
    pairs = []
    for employee_id, start, end in assignments.values_list("employee_id", "valid_from", "valid_to"):
        day = max(start, first)
        stop = min(end or last, last)
        while day <= stop:
            pairs.append((employee_id, day))
            day += ONE_DAY
    return days_mark_dirty(pairs)


def policy_changed(old: object | None = None, new: object | None = None) -> None:
    """Queue a recompute of each computed month whose policy version differs."""
    from hadir.jobs.services import job_enqueue

    months = sorted({(d.year, d.month) for d in DayRecord.objects.dates("day", "month")})
    changed = [
        f"{y:04d}-{m:02d}"
        for y, m in months
        if old is None or new is None or old.for_month(y, m) != new.for_month(y, m)  # type: ignore[attr-defined]
    ]
    for month in changed:
        job_enqueue(kind="attendance.recompute_month", payload={"month": month})
