"""Ending or deleting what was dated by mistake or no longer holds: a schedule assignment
(a unit's or one person's) and a Ramadan-style override period.

- ending sets the last day (earlier than the current one, never before the first day);
  the days after it are recomputed with whatever applies then;
- deleting is for what has not started yet (its first day is after today, region time):
  something already started has shaped computed days, so it is ended instead, and the
  refusal says so.

Role and unit are checked exactly as when the thing was made (``permissions.py``): an
assignment by BKD or the head/operator of its unit, an override by BKD only. Every change
is audited and the days it touches are marked for recompute.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hadir.attendance.dirty import mark_employees_between
from hadir.audit.services import audit_record
from hadir.org.selectors import region_timezone
from hadir.schedules.models import ScheduleAssignment, ScheduleOverride
from hadir.schedules.permissions import check_region_editor, check_unit_editor
from hadir.words import day_long

ONE_DAY = timedelta(days=1)


def region_today() -> date:
    return timezone.now().astimezone(region_timezone()).date()


def _check_new_last_day(first: date, current_last: date | None, last_day: date) -> None:
    if last_day < first:
        raise ValidationError(
            _("The last day may not be before the first day (%(first)s); delete it instead.")
            % {"first": day_long(first)}
        )
    if current_last is not None and last_day >= current_last:
        raise ValidationError(
            _("It already ends on %(last)s; choose an earlier last day.")
            % {"last": day_long(current_last)}
        )


def _check_not_started(first: date) -> None:
    if first <= region_today():
        raise ValidationError(
            _("It has already started (%(first)s), so it cannot be deleted; end it instead.")
            % {"first": day_long(first)}
        )


def _assignment_unit_id(assignment: ScheduleAssignment) -> int:
    if assignment.unit_id is not None:
        return assignment.unit_id
    return assignment.employee.unit_id  # type: ignore[union-attr]


def _mark_assignment_days(assignment: ScheduleAssignment, first: date, last: date | None) -> None:
    mark_employees_between(
        [assignment.employee_id] if assignment.employee_id is not None else None,
        first,
        last,
        unit_id=assignment.unit_id,
    )


def _assignment_data(assignment: ScheduleAssignment) -> dict[str, Any]:
    return {
        "schedule": assignment.schedule.code,
        "unit": assignment.unit_id,
        "employee": assignment.employee_id,
        "from": assignment.valid_from.isoformat(),
        "until": assignment.valid_until.isoformat() if assignment.valid_until else None,
    }


@transaction.atomic
def schedule_assignment_end(
    assignment: ScheduleAssignment, last_day: date, actor: Any | None = None
) -> ScheduleAssignment:
    """The assignment stops after ``last_day``; the days after it are recomputed."""
    check_unit_editor(actor, [_assignment_unit_id(assignment)])
    _check_new_last_day(assignment.valid_from, assignment.valid_until, last_day)
    old_last = assignment.valid_until
    assignment.valid_until = last_day
    assignment.save(update_fields=["valid_until"])
    _mark_assignment_days(assignment, last_day + ONE_DAY, old_last)
    audit_record(
        actor=actor,
        action="schedule.assignment_end",
        target=assignment.unit or assignment.employee,
        data={**_assignment_data(assignment), "was_until": old_last and old_last.isoformat()},
    )
    return assignment


@transaction.atomic
def schedule_assignment_delete(assignment: ScheduleAssignment, actor: Any | None = None) -> None:
    """Remove an assignment that has not started yet (else ValidationError: end it)."""
    check_unit_editor(actor, [_assignment_unit_id(assignment)])
    _check_not_started(assignment.valid_from)
    data, target = _assignment_data(assignment), assignment.unit or assignment.employee
    first, last = assignment.valid_from, assignment.valid_until
    assignment.delete()
    _mark_assignment_days(assignment, first, last)
    audit_record(actor=actor, action="schedule.assignment_delete", target=target, data=data)


def _override_data(override: ScheduleOverride) -> dict[str, Any]:
    return {
        "name": override.name,
        "first": override.first_day.isoformat(),
        "last": override.last_day.isoformat(),
    }


@transaction.atomic
def schedule_override_end(
    override: ScheduleOverride, last_day: date, actor: Any | None = None
) -> ScheduleOverride:
    """The period stops after ``last_day`` (BKD only); the days after it are recomputed."""
    check_region_editor(actor)
    _check_new_last_day(override.first_day, override.last_day, last_day)
    old_last = override.last_day
    override.last_day = last_day
    override.save(update_fields=["last_day"])
    mark_employees_between(None, last_day + ONE_DAY, old_last)
    audit_record(
        actor=actor,
        action="schedule.override_end",
        target=override,
        data={**_override_data(override), "was_last": old_last.isoformat()},
    )
    return override


@transaction.atomic
def schedule_override_delete(override: ScheduleOverride, actor: Any | None = None) -> None:
    """Remove a period that has not started yet (BKD only; else ValidationError: end it)."""
    check_region_editor(actor)
    _check_not_started(override.first_day)
    data, first, last = _override_data(override), override.first_day, override.last_day
    override.delete()
    mark_employees_between(None, first, last)
    audit_record(actor=actor, action="schedule.override_delete", data=data)
