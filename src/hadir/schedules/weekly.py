"""BKD's writes to the region's weekly schedules and shifts.

A weekly schedule's ``hours`` has 7 entries, Monday first: ``None`` for a day off,
``["07:30", "16:00"]`` for a working day, or ``["07:30", "16:00", "12:00", "13:00"]`` with a
break. A half day is simply a day with short hours (``["07:30", "11:00"]``). The rules read
the start and the end; the break is shown to people and kept with the schedule.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hadir.attendance.dirty import days_mark_dirty, last_computed_day, mark_employees_between
from hadir.audit.services import audit_record
from hadir.people.models import Employee
from hadir.schedules.models import RosterEntry, ScheduleAssignment, Shift, WorkSchedule
from hadir.schedules.permissions import check_region_editor

ONE_DAY = timedelta(days=1)
DAY_OFF_CODE = "L"  # the roster's rostered day off; no shift may take this code
HOURS_NOT_SEVEN = gettext_noop("A weekly schedule has seven days, Monday first.")
HOURS_BAD = gettext_noop("%(day)s: write the hours as HH:MM, for example 07:30.")
HOURS_EMPTY = gettext_noop("%(day)s: the start and the end are the same.")
HOURS_OVERNIGHT = gettext_noop(
    "%(day)s: the end is before the start. A night shift across midnight is a shift of the "
    "roster, not a weekly schedule."
)
BREAK_OUTSIDE = gettext_noop("%(day)s: the break must lie between the start and the end.")
CODE_TAKEN = gettext_noop("The code %(code)s is already used.")
CODE_RESERVED = gettext_noop("The code L is kept for a rostered day off.")
WEEKDAYS = (
    gettext_noop("Monday"),
    gettext_noop("Tuesday"),
    gettext_noop("Wednesday"),
    gettext_noop("Thursday"),
    gettext_noop("Friday"),
    gettext_noop("Saturday"),
    gettext_noop("Sunday"),
)


class ScheduleRejected(ValueError):
    """A schedule or shift that cannot be saved; ``problems`` are in words."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


def _parse(text: object) -> time | None:
    if not isinstance(text, str) or len(text) != 5:
        return None
    try:
        return time.fromisoformat(text)
    except ValueError:
        return None


def hours_problems(hours: object) -> list[str]:
    """Every problem of a weekly ``hours`` list, in words (empty: it can be saved)."""
    if not isinstance(hours, list) or len(hours) != 7:
        return [_(HOURS_NOT_SEVEN)]
    problems = []
    for weekday, entry in zip(WEEKDAYS, hours, strict=True):
        day = _(weekday)
        if entry is None:
            continue
        times = [_parse(t) for t in entry] if isinstance(entry, list) else []
        if len(times) not in (2, 4) or None in times:
            problems.append(_(HOURS_BAD) % {"day": day})
            continue
        start, end = times[0], times[1]
        if start == end:
            problems.append(_(HOURS_EMPTY) % {"day": day})
        elif end < start:  # type: ignore[operator]
            problems.append(_(HOURS_OVERNIGHT) % {"day": day})
        elif len(times) == 4 and not (start <= times[2] < times[3] <= end):  # type: ignore[operator]
            problems.append(_(BREAK_OUTSIDE) % {"day": day})
    return problems


def _followers(schedule: WorkSchedule) -> tuple[set[int], set[int]]:
    """Employees and units that follow ``schedule`` (directly or by a dated assignment)."""
    rows = ScheduleAssignment.objects.filter(schedule=schedule)
    employees = set(Employee.objects.filter(schedule=schedule).values_list("pk", flat=True))
    employees |= {e for e in rows.values_list("employee_id", flat=True) if e}
    units = {u for u in rows.values_list("unit_id", flat=True) if u}
    return employees, units


@transaction.atomic
def work_schedule_save(
    *,
    code: str,
    name: str,
    hours: list[Any],
    description: str = "",
    schedule: WorkSchedule | None = None,
    recompute_from: date | None = None,
    actor: Any | None = None,
) -> WorkSchedule:
    """Create a weekly schedule, or change ``schedule``. BKD only. A change marks the days of
    everyone following it from ``recompute_from`` (earlier days keep their stored result
    until recomputed: to change hours from a date on, make a new schedule and assign it)."""
    check_region_editor(actor)
    problems = hours_problems(hours)
    taken = WorkSchedule.objects.filter(code=code)
    if schedule is not None:
        taken = taken.exclude(pk=schedule.pk)
    if taken.exists():
        problems.insert(0, _(CODE_TAKEN) % {"code": code})
    if problems:
        raise ScheduleRejected(problems)
    created = schedule is None
    schedule = schedule or WorkSchedule(is_roster=False)
    schedule.code, schedule.name, schedule.description = code, name, description
    schedule.hours = hours
    schedule.full_clean()
    schedule.save()
    audit_record(
        actor=actor,
        action="schedule.create" if created else "schedule.change",
        target=schedule,
        data={"code": code, "hours": hours},
    )
    if not created and recompute_from is not None:
        employees, units = _followers(schedule)
        mark_employees_between(employees, recompute_from, None)
        for unit_id in units:
            mark_employees_between(None, recompute_from, None, unit_id=unit_id)
    return schedule


@transaction.atomic
def shift_save(*, code: str, label: str, start: time, end: time, actor: Any | None = None) -> Shift:
    """Create a shift of the region's rosters, or change the one with this code (its rostered
    days are recomputed). BKD only. ``end`` before ``start`` crosses midnight."""
    check_region_editor(actor)
    if code.upper() == DAY_OFF_CODE:
        raise ScheduleRejected([_(CODE_RESERVED)])
    if start == end:
        raise ScheduleRejected([_(HOURS_EMPTY) % {"day": code}])
    shift, created = Shift.objects.update_or_create(
        code=code, defaults={"label": label, "start": start, "end": end}
    )
    audit_record(
        actor=actor,
        action="shift.create" if created else "shift.change",
        target=shift,
        data={"start": start.isoformat(), "end": end.isoformat()},
    )
    if not created:  # its rostered days, and the mornings after them (a night's end)
        last = last_computed_day()
        days = RosterEntry.objects.filter(shift=shift).values_list("employee_id", "day")
        if last is not None:
            days = days.filter(day__lte=last)
        days_mark_dirty([(e, d) for e, d in days] + [(e, d + ONE_DAY) for e, d in days])
    return shift
