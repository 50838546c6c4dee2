"""Attendance services used by the worker, the CLI and pages."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from hadir.attendance.dirty import days_mark_dirty
from hadir.attendance.models import DayRecord, DirtyDay, ParkedDay
from hadir.attendance.recompute import RecomputeResult, recompute_dirty, recompute_range
from hadir.edge import EdgeError, month_value
from hadir.jobs.registry import idle_task
from hadir.org.models import Unit
from hadir.org.selectors import region_get, region_timezone, unit_subtree
from hadir.people.models import EmployeeAssignment

ONE_DAY = timedelta(days=1)
COMPUTED_THROUGH = "computed_through"


def month_bounds(month: str) -> tuple[date, date]:
    """``"2026-03"`` -> first and last day; raises ValueError with a clear text (the
    month is read by ``hadir.edge.month_value``, so its range is the supported one)."""
    try:
        start = month_value(month)
    except EdgeError as error:
        raise ValueError(error.text) from error
    end = (start.replace(day=28) + timedelta(days=4)).replace(day=1) - ONE_DAY
    return start, end


def employees_between(first: date, last: date, unit: Unit | None = None) -> list[int]:
    """Employees assigned anywhere (or in ``unit`` and its sub-units) during the span."""
    rows = EmployeeAssignment.objects.filter(valid_from__lte=last).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=first)
    )
    if unit is not None:
        rows = rows.filter(unit__in=unit_subtree(unit))
    return sorted(set(rows.values_list("employee_id", flat=True)))


def recompute_month(month: str, unit: Unit | None = None, progress: Any = None) -> RecomputeResult:
    first, last = month_bounds(month)
    return recompute_range(employees_between(first, last, unit), first, last, progress)


@idle_task
def recompute_marked_days() -> bool:
    """The worker's idle loop: recompute what new punches and changes marked."""
    # A cheap read first: on SQLite a write transaction would block ingestion for nothing.
    if not DirtyDay.objects.filter(held=False).exists():
        return False
    result = recompute_dirty()
    return bool(result.days or result.held or result.parked)


def close_finished_days(today: date | None = None) -> int:
    """Compute every finished day once for everyone (days with no punch at all are TK or L
    only if someone computes them). Remembers how far it got in the region's settings."""
    region = region_get()
    if region is None:
        return 0
    today = today or timezone.now().astimezone(region_timezone()).date()
    done = region.settings.get(COMPUTED_THROUGH)
    yesterday = today - ONE_DAY
    first = date.fromisoformat(done) + ONE_DAY if done else yesterday
    if first > yesterday:
        return 0
    result = recompute_range(employees_between(first, yesterday), first, yesterday)
    region.settings[COMPUTED_THROUGH] = yesterday.isoformat()
    region.save(update_fields=["settings", "updated_at"])
    return result.days


@idle_task
def close_yesterday() -> bool:
    return close_finished_days() > 0


def days_in_progress_settle(*, now: datetime) -> int:
    """Mark for recompute every stored day computed while in progress that has since ended
    (its ``settles_at`` has passed): it then gets its final codes, TAM, TAP, PSW, TK and
    deductions included. Days already marked (or held by a lock) and parked days are left
    alone, so a day that waits does not keep the worker busy. Returns how many were marked."""
    same_day = {"employee_id": OuterRef("employee_id"), "day": OuterRef("day")}
    ended = (
        DayRecord.objects.filter(settles_at__lte=now)
        .exclude(Exists(DirtyDay.objects.filter(**same_day)))
        .exclude(Exists(ParkedDay.objects.filter(**same_day)))
        .values_list("employee_id", "day")
    )
    return days_mark_dirty(ended)


@idle_task
def settle_days_in_progress() -> bool:
    """The worker's idle loop: days that were going on when computed are computed again once
    they are over (the marks are drained by ``recompute_marked_days``)."""
    return days_in_progress_settle(now=timezone.now()) > 0


def holiday_working_unit_set(*, unit: Unit, works_on_holidays: bool, actor: Any = None) -> None:
    """Say whether a unit (hospital, puskesmas, fire brigade) works through holidays; its
    people's computed days are marked, since any holiday among them changes meaning."""
    from hadir.attendance.dirty import mark_employees_between
    from hadir.audit.services import audit_record
    from hadir.schedules.models import HolidayWorkingUnit

    if works_on_holidays:
        HolidayWorkingUnit.objects.get_or_create(unit=unit)
    else:
        HolidayWorkingUnit.objects.filter(unit=unit).delete()
    audit_record(
        actor=actor,
        action="calendar.holiday_working",
        target=unit,
        data={"works_on_holidays": works_on_holidays},
    )
    mark_employees_between(None, date(2000, 1, 1), None, unit_id=unit.pk)
