"""Writes of events: holding an event, changing it, and the head's attendance list.

Who may write: BKD holds events for the region (every unit or chosen ones, one day or
repeating); a head of unit or a unit operator holds one-day events for their own units
(with sub-units) and keeps the attendance list of their own people. Every write is checked
here, audited, and marks the employee-days it changes for recompute.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hadir.accounts.models import Role
from hadir.accounts.scope import scope_for
from hadir.attendance.dirty import days_mark_dirty, mark_employees_between
from hadir.audit.services import audit_record
from hadir.events.inputs import EventDue
from hadir.events.models import Event, EventAttendance, Recurrence
from hadir.org.models import Unit
from hadir.people.models import Employee, EmployeeAssignment

REGION_ONLY = gettext_noop(
    "Only BKD may hold an event for every unit or one that repeats; hold a one-day event "
    "for your own units."
)
NOT_YOUR_UNITS = gettext_noop("You may only choose your own units.")
NOT_YOUR_EVENT = gettext_noop("This event was set by BKD; ask BKD to change it.")
NO_UNITS = gettext_noop("Choose the units that take part, or all units.")
ENDS_BEFORE_START = gettext_noop("The event must end after it starts.")
NEEDS_DAY = gettext_noop("A one-day event needs its date.")
NEEDS_WEEKDAYS = gettext_noop("Choose at least one day of the week.")
UNTIL_BEFORE_FROM = gettext_noop("'Valid until' cannot be before 'valid from'.")
PLACE_PARTIAL = gettext_noop("Give latitude, longitude and radius together, or none of them.")
LIST_FUTURE = gettext_noop("The event has not happened yet; keep its list on the day.")
LIST_NOT_DUE = gettext_noop("Nobody you look after is due at this event on that day.")
LIST_STRANGER = gettext_noop("Only people due at this event can be ticked.")


@dataclass(frozen=True)
class EventData:
    """What a form says about an event (see ``Event`` for the meaning of each field)."""

    name: str
    kind: str
    recurrence: str
    starts: time
    ends: time
    valid_from: date
    valid_until: date | None = None
    day: date | None = None
    weekdays: tuple[int, ...] = ()
    all_units: bool = False
    unit_ids: frozenset[int] = field(default_factory=frozenset)
    lat: Decimal | None = None
    lon: Decimal | None = None
    radius_m: int | None = None


def event_writer_units(actor: Any) -> frozenset[int] | None:
    """The units ``actor`` may hold events for: None for BKD (all); refused for the rest.
    No actor is the system (the demo, the command line): every unit, as for the policy."""
    if actor is None:
        return None
    scope = scope_for(actor)
    if getattr(actor, "is_superuser", False) or scope.has_role(Role.BKD_ADMIN):
        return None
    if scope.has_role(Role.HEAD, Role.OPERATOR) and not scope.all_units:
        return scope.unit_ids
    raise PermissionDenied


def _checked(data: EventData, writable: frozenset[int] | None) -> EventData:
    if writable is not None and (data.all_units or data.recurrence != Recurrence.ONCE):
        raise ValidationError(_(REGION_ONLY))
    if writable is not None and not data.unit_ids <= writable:
        raise ValidationError(_(NOT_YOUR_UNITS))
    if not data.all_units and not data.unit_ids:
        raise ValidationError(_(NO_UNITS))
    if data.ends <= data.starts:
        raise ValidationError(_(ENDS_BEFORE_START))
    if [data.lat, data.lon, data.radius_m].count(None) not in (0, 3):
        raise ValidationError(_(PLACE_PARTIAL))
    if data.recurrence == Recurrence.ONCE:
        if data.day is None:
            raise ValidationError(_(NEEDS_DAY))
        return _replace(data, valid_from=data.day, valid_until=data.day, weekdays=())
    if data.recurrence == Recurrence.WEEKLY and not data.weekdays:
        raise ValidationError(_(NEEDS_WEEKDAYS))
    if data.valid_until is not None and data.valid_until < data.valid_from:
        raise ValidationError(_(UNTIL_BEFORE_FROM))
    return _replace(data, day=None)


def _replace(data: EventData, **changes: Any) -> EventData:
    return EventData(**{**data.__dict__, **changes})


@transaction.atomic
def event_save(*, actor: Any, data: EventData, event: Event | None = None) -> Event:
    """Hold a new event, or change ``event``; the days it covered and covers are recomputed."""
    writable = event_writer_units(actor)
    before: tuple[date, date | None, bool, set[int]] | None = None
    if event is not None:
        old_units = set(event.units.values_list("pk", flat=True))
        if writable is not None and (
            event.all_units or event.recurrence != Recurrence.ONCE or not old_units <= writable
        ):
            raise PermissionDenied(_(NOT_YOUR_EVENT))
        before = (event.valid_from, event.valid_until, event.all_units, old_units)
    data = _checked(data, writable)
    event = event or Event(created_by=actor if getattr(actor, "pk", None) else None)
    for name in ("name", "kind", "recurrence", "starts", "ends", "valid_from", "valid_until"):
        setattr(event, name, getattr(data, name))
    event.day, event.weekdays, event.all_units = data.day, list(data.weekdays), data.all_units
    event.lat, event.lon, event.radius_m = data.lat, data.lon, data.radius_m
    event.full_clean()
    event.save()
    units = Unit.objects.filter(pk__in=data.unit_ids) if not data.all_units else []
    event.units.set(units)
    audit_record(
        actor=actor,
        action="event.save",
        target=event,
        data={"kind": event.kind, "recurrence": event.recurrence, "new": before is None},
    )
    _mark(data.valid_from, data.valid_until, data.all_units, set(data.unit_ids))
    if before is not None:
        _mark(*before)
    return event


def _mark(first: date, last: date | None, all_units: bool, unit_ids: Collection[int]) -> None:
    if all_units:
        mark_employees_between(None, first, last)
        return
    for unit_id in sorted(unit_ids):
        mark_employees_between(None, first, last, unit_id=unit_id)


def event_list_people(*, actor: Any, event: Event, day: date) -> list[Employee]:
    """The people ``actor`` keeps the list for: due at ``event`` on ``day``, in their units
    ON THAT DAY (their assignment history, as the rules engine judges the day): someone
    transferred since stays on the old unit's list for the days before the move."""
    writable = event_writer_units(actor)
    due = EventDue(
        event,
        None if event.all_units else frozenset(event.units.values_list("pk", flat=True)),
    )
    assigned = EmployeeAssignment.objects.filter(valid_from__lte=day).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )
    if writable is not None:
        assigned = assigned.filter(unit_id__in=writable)
    if due.unit_ids is not None:
        assigned = assigned.filter(unit_id__in=due.unit_ids)
    unit_on_day = dict(assigned.values_list("employee_id", "unit_id"))
    people = Employee.objects.filter(pk__in=unit_on_day).order_by("name")
    return [person for person in people if due.on(day, unit_on_day[person.pk])]


@transaction.atomic
def event_attendance_save(
    *, actor: Any, event: Event, day: date, present: Collection[int], today: date
) -> int:
    """Save the head's list of ``event`` on ``day``: who was there among the people the actor
    keeps the list for. Returns how many were ticked; their days are recomputed."""
    if day > today:
        raise ValidationError(_(LIST_FUTURE))
    people = {person.pk for person in event_list_people(actor=actor, event=event, day=day)}
    if not people:
        raise ValidationError(_(LIST_NOT_DUE))
    ticked = set(present)
    if not ticked <= people:
        raise ValidationError(_(LIST_STRANGER))
    EventAttendance.objects.filter(event=event, day=day, employee_id__in=people).delete()
    EventAttendance.objects.bulk_create(
        EventAttendance(event=event, day=day, employee_id=pk, recorded_by=actor)
        for pk in sorted(ticked)
    )
    audit_record(
        actor=actor,
        action="event.attendance",
        target=event,
        data={"day": day.isoformat(), "present": sorted(ticked), "listed": len(people)},
    )
    days_mark_dirty((pk, day) for pk in sorted(people))
    return len(ticked)
