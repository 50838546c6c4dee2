"""A month's recompute shared by several workers: split into employee ranges, one job each.

``attendance.recompute_month`` (a policy change, ``hadir recompute --queue``) does not compute
the month itself: it enqueues one ``attendance.recompute_employees`` job per range of
employee ids. Every worker claims jobs with ``SELECT ... FOR UPDATE SKIP LOCKED`` on
PostgreSQL (``hadir.jobs.services``), so N workers take N different ranges at once; the ranges
are disjoint, so no employee-day is computed twice, and each range is computed exactly as
``recompute_range`` computes it for one worker. On SQLite the one worker runs the ranges one
after the other, with the same results.

A range job that dies with its worker is queued again by the next worker (stale jobs) and
recomputes its range from the tables: recomputing is idempotent.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Q

from hadir.attendance.recompute import recompute_range
from hadir.attendance.services import employees_between, month_bounds
from hadir.jobs.registry import job_handler
from hadir.jobs.services import job_enqueue
from hadir.people.models import EmployeeAssignment

EMPLOYEES_PER_JOB = 1000
RANGE_JOB = "attendance.recompute_employees"


def id_ranges(ids: Sequence[int], size: int) -> list[tuple[int, int]]:
    """Sorted, disjoint ``(first_id, last_id)`` ranges of at most ``size`` ids each."""
    ordered = sorted(set(ids))
    return [(chunk[0], chunk[-1]) for chunk in _chunks(ordered, max(size, 1))]


def _chunks(ordered: list[int], size: int) -> list[list[int]]:
    return [ordered[start : start + size] for start in range(0, len(ordered), size)]


def _employees_in_range(month: str, first_id: int, last_id: int) -> list[int]:
    first, last = month_bounds(month)
    rows = EmployeeAssignment.objects.filter(
        valid_from__lte=last, employee_id__gte=first_id, employee_id__lte=last_id
    ).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=first))
    return sorted(set(rows.values_list("employee_id", flat=True)))


def month_ranges_enqueue(month: str, employees_per_job: int = EMPLOYEES_PER_JOB) -> int:
    """Queue the month's recompute as employee-range jobs; returns how many were queued."""
    first, last = month_bounds(month)
    ranges = id_ranges(employees_between(first, last), employees_per_job)
    for first_id, last_id in ranges:
        job_enqueue(
            kind=RANGE_JOB, payload={"month": month, "first_id": first_id, "last_id": last_id}
        )
    return len(ranges)


@job_handler("attendance.recompute_month")
def run_recompute_month(payload: dict[str, Any]) -> dict[str, Any]:
    size = int(payload.get("employees_per_job") or EMPLOYEES_PER_JOB)
    return {"jobs": month_ranges_enqueue(payload["month"], size)}


@job_handler(RANGE_JOB)
def run_recompute_employees(payload: dict[str, Any]) -> dict[str, Any]:
    month = payload["month"]
    first, last = month_bounds(month)
    ids = _employees_in_range(month, int(payload["first_id"]), int(payload["last_id"]))
    result = recompute_range(ids, first, last)
    return {
        "employees": len(ids),
        "days": result.days,
        "held": result.held,
        "parked": result.parked,
    }
