"""Writes to schedules, the calendar and the policy."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from hadir.attendance.dirty import mark_employees_between
from hadir.audit.services import audit_record
from hadir.org.models import Unit
from hadir.people.models import Employee
from hadir.rules import load_policy_file
from hadir.rules.policy_file import PolicyFileError
from hadir.schedules.defaults import install_defaults
from hadir.schedules.models import (
    CalendarEntry,
    PolicyDocument,
    RosterEntry,
    ScheduleAssignment,
    ScheduleOverride,
    Shift,
    WorkSchedule,
)
from hadir.schedules.permissions import check_region_editor, check_unit_editor

ONE_DAY = timedelta(days=1)


def schedules_ensure_defaults() -> None:
    """Create the default schedules and shifts that are missing (new region, after a flush)."""
    install_defaults(WorkSchedule, Shift)


class PolicyRejected(ValueError):
    def __init__(self, errors: tuple[PolicyFileError, ...]) -> None:
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors))


@transaction.atomic
def policy_save(*, text: str, note: str = "", actor: Any | None = None) -> PolicyDocument | None:
    """Validate a policy file and make it the one in force; refuse it with every error.

    A file whose rules equal the ones in force (only comments or layout differ) is not saved:
    no new version, no audit entry, no recompute; None says so.
    """
    _check_policy_editor(actor)
    result = load_policy_file(text)
    if not result.ok:
        raise PolicyRejected(result.errors)
    from hadir.attendance.dirty import policy_changed
    from hadir.attendance.inputs import policy_set

    old = policy_set()
    if result.policy_set == old:
        return None
    user = actor if getattr(actor, "is_authenticated", False) else None
    document = PolicyDocument.objects.create(text=text, note=note[:200], created_by=user)
    audit_record(actor=actor, action="policy.save", target=document, data={"note": note})
    policy_changed(old, result.policy_set)
    return document


def _check_policy_editor(actor: Any | None) -> None:
    """Only BKD (or a superuser) changes the policy; the command line passes no actor."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return
    from hadir.accounts.models import Role
    from hadir.accounts.scope import scope_for

    if not (actor.is_superuser or scope_for(actor).has_role(Role.BKD_ADMIN)):
        raise PermissionDenied


@transaction.atomic
def schedule_assign(
    *,
    schedule: WorkSchedule,
    valid_from: date,
    valid_until: date | None = None,
    unit: Unit | None = None,
    employee: Employee | None = None,
    actor: Any | None = None,
) -> ScheduleAssignment:
    """Give a unit (all its people) or one employee a schedule for a period, and mark the
    computed days it changes. An open assignment of the same target ends the day before.

    BKD assigns anywhere; a unit's head or operator in their own units (PermissionDenied)."""
    if (unit is None) == (employee is None):
        raise ValueError("assign a schedule to a unit or to an employee")
    check_unit_editor(actor, [unit.pk if unit is not None else employee.unit_id])  # type: ignore[union-attr]
    if valid_until is not None and valid_until < valid_from:
        raise ValueError("valid_until before valid_from")
    target = {"unit": unit} if unit is not None else {"employee": employee}
    ScheduleAssignment.objects.filter(
        **target, valid_until__isnull=True, valid_from__lt=valid_from
    ).update(valid_until=valid_from - ONE_DAY)
    assignment = ScheduleAssignment.objects.create(
        schedule=schedule, valid_from=valid_from, valid_until=valid_until, **target
    )
    audit_record(
        actor=actor,
        action="schedule.assign",
        target=unit or employee,
        data={"schedule": schedule.code, "from": valid_from.isoformat()},
    )
    mark_employees_between(
        [employee.pk] if employee is not None else None,
        valid_from,
        valid_until,
        unit_id=unit.pk if unit is not None else None,
    )
    return assignment


@transaction.atomic
def employee_schedule_change(
    *, employee: Employee, schedule: WorkSchedule | None, effective: date, actor: Any | None = None
) -> None:
    """The employee follows ``schedule`` from ``effective`` on; earlier days keep theirs."""
    check_unit_editor(actor, [employee.unit_id])
    previous = employee.schedule
    if previous is not None and not ScheduleAssignment.objects.filter(employee=employee).exists():
        # Until now the employee's schedule had no dates: pin it to the days before.
        ScheduleAssignment.objects.create(
            schedule=previous,
            employee=employee,
            valid_from=date(2000, 1, 1),
            valid_until=effective - ONE_DAY,
        )
    if schedule is not None:
        schedule_assign(schedule=schedule, valid_from=effective, employee=employee, actor=actor)
    else:
        ScheduleAssignment.objects.filter(employee=employee, valid_until__isnull=True).update(
            valid_until=effective - ONE_DAY
        )
        mark_employees_between([employee.pk], effective, None)


@transaction.atomic
def roster_set(
    *, employee: Employee, day: date, shift: Shift | None, actor: Any | None = None
) -> RosterEntry:
    """Put an employee on a shift (or a rostered day off) on one date."""
    check_unit_editor(actor, [employee.unit_id])
    entry, _created = RosterEntry.objects.update_or_create(
        employee=employee, day=day, defaults={"shift": shift}
    )
    audit_record(
        actor=actor,
        action="roster.set",
        target=employee,
        data={"day": day.isoformat(), "shift": shift.code if shift else None},
    )
    # The day itself, and the next one: a night shift's punch-out lands there.
    mark_employees_between([employee.pk], day, day + ONE_DAY)
    return entry


@transaction.atomic
def calendar_entry_set(
    *, day: date, kind: str, name: str, follows_weekday: int = 0, actor: Any | None = None
) -> CalendarEntry:
    """Declare a regional day off or an extra working day; everyone's day is recomputed."""
    entry, _created = CalendarEntry.objects.update_or_create(
        day=day, defaults={"kind": kind, "name": name, "follows_weekday": follows_weekday}
    )
    entry.full_clean()
    audit_record(actor=actor, action="calendar.set", target=entry, data={"kind": kind})
    mark_employees_between(None, day, day)
    return entry


@transaction.atomic
def calendar_entry_remove(*, day: date, actor: Any | None = None) -> None:
    deleted, _ = CalendarEntry.objects.filter(day=day).delete()
    if deleted:
        audit_record(actor=actor, action="calendar.remove", data={"day": day.isoformat()})
        mark_employees_between(None, day, day)


@transaction.atomic
def schedule_override_create(
    *,
    name: str,
    first_day: date,
    last_day: date,
    replacements: dict[str, str],
    actor: Any | None = None,
) -> ScheduleOverride:
    """A dated period (Ramadan) during which schedules are swapped; its days are recomputed.
    BKD only."""
    check_region_editor(actor)
    if last_day < first_day:
        raise ValueError("last_day before first_day")
    codes = set(WorkSchedule.objects.values_list("code", flat=True))
    unknown = sorted((set(replacements) | set(replacements.values())) - codes)
    if unknown:
        raise ValueError(f"unknown schedule codes: {', '.join(unknown)}")
    override = ScheduleOverride.objects.create(
        name=name, first_day=first_day, last_day=last_day, replacements=replacements
    )
    audit_record(actor=actor, action="schedule.override", target=override)
    mark_employees_between(None, first_day, last_day)
    return override
