"""The filing window: how long after a date a request for it is accepted, and the exceptions
(dispensations) BKD grants.

Rule (DOMAIN.md section 7; the policy's ``request_window``): a request for ``day`` is
accepted until the END of the deadline date that ``hadir.rules.request_deadline`` gives, in
the region's time zone: with the default 3 calendar days, a request for Monday 2 March is
accepted until Thursday 5 March 23:59:59 local time and refused from 00:00 on 6 March. The
deadline is a whole day because regulations and circulars count days, not hours.

A request covering several days is judged by its first day (every past day it covers must
still be open). An open dispensation for the unit (or a unit above it) or for the employee
accepts requests for dates from its ``days_from`` until the end of its ``valid_until``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hadir.attendance.inputs import calendar_for, policy_set
from hadir.audit.services import audit_record
from hadir.org.models import Unit
from hadir.org.selectors import region_timezone
from hadir.people.models import Employee
from hadir.requests.models import Dispensation, DispensationAsk
from hadir.rules import Calendar, PolicySet, RequestWindow, request_deadline
from hadir.words import day_long

ONE_DAY = timedelta(days=1)
LOOK_BACK = timedelta(days=60)

WINDOW_CLOSED = gettext_noop(
    "Requests for %(day)s were accepted until %(deadline)s; that deadline has passed. Only "
    "BKD can grant an exception (a dispensation) for the unit or the employee."
)
NOT_YET = gettext_noop("Attendance cannot be entered for %(day)s: that day has not come yet.")
DISPENSATION_NO_TARGET = gettext_noop("Choose a unit or an employee, not both.")
DISPENSATION_NO_REASON = gettext_noop("Write the reason for the dispensation.")
DISPENSATION_PAST = gettext_noop("The end date must be today or later.")
DISPENSATION_ORDER = gettext_noop("The first date must not be after the end date.")


@dataclass(frozen=True, slots=True)
class Deadline:
    """The last date requests for ``day`` are accepted, and the first refused moment."""

    day: date
    last_date: date
    closes_at: datetime  # aware: 00:00 local the day after ``last_date``

    @property
    def text(self) -> str:
        """``5 Maret 2026 23:59 WIB``: the last allowed minute, with the zone's name (in the
        active language)."""
        last_minute = self.closes_at - timedelta(minutes=1)
        return f"{day_long(last_minute.date())} {last_minute:%H:%M} {last_minute.tzname()}"

    def is_open(self, now: datetime) -> bool:
        return now < self.closes_at


def _window(policies: PolicySet, day: date) -> RequestWindow:
    try:
        return policies.for_day(day).request_window
    except LookupError:  # a date before the policy's first version: the default window
        return RequestWindow()


def _deadline(
    day: date, policies: PolicySet, calendar: Calendar, unit_code: str | None
) -> Deadline:
    last = request_deadline(day, _window(policies, day), calendar, unit_code=unit_code)
    closes = datetime.combine(last + ONE_DAY, time.min, tzinfo=region_timezone())
    return Deadline(day=day, last_date=last, closes_at=closes)


def deadline_for(day: date, *, unit_code: str | None = None) -> Deadline:
    return _deadline(day, policy_set(), calendar_for(day, day), unit_code)


def deadlines_for(wanted: Sequence[tuple[date, str | None]]) -> list[Deadline]:
    """Deadlines of many (day, unit code) pairs with one policy and one calendar (lists)."""
    if not wanted:
        return []
    days = [day for day, _ in wanted]
    policies, calendar = policy_set(), calendar_for(min(days), max(days))
    return [_deadline(day, policies, calendar, code) for day, code in wanted]


def local_today(now: datetime) -> date:
    return now.astimezone(region_timezone()).date()


def earliest_open(*, now: datetime, unit_code: str | None = None) -> Deadline:
    """The deadline of the earliest date still open for requests at ``now`` (shown on the
    request pages: "requests can still be filed for dates from ...")."""
    today = local_today(now)
    policies = policy_set()
    calendar = calendar_for(today - LOOK_BACK, today)
    found = _deadline(today, policies, calendar, unit_code)
    for back in range(1, LOOK_BACK.days):
        candidate = _deadline(today - ONE_DAY * back, policies, calendar, unit_code)
        if not candidate.is_open(now):
            break
        found = candidate
    return found


def dispensation_covers(
    *, day: date, unit: Unit, employees: Sequence[Employee], now: datetime
) -> bool:
    """An open dispensation accepts requests for ``day``: one for the unit (or a unit above
    it), or one for each of the employees."""
    today = local_today(now)
    open_ones = Dispensation.objects.filter(
        revoked_at__isnull=True, valid_until__gte=today, days_from__lte=day
    )
    unit_paths = open_ones.filter(unit__isnull=False).values_list("unit__path", flat=True)
    if any(unit.path.startswith(path) for path in unit_paths):
        return True
    if not employees:
        return False
    covered = set(
        open_ones.filter(employee__in=[e.pk for e in employees]).values_list(
            "employee_id", flat=True
        )
    )
    return all(e.pk in covered for e in employees)


def window_check(
    *, day: date, unit: Unit, employees: Sequence[Employee], now: datetime
) -> Deadline:
    """Refuse (ValidationError in words) a request whose first ``day`` is past its deadline
    and not covered by a dispensation. Returns the deadline."""
    deadline = deadline_for(day, unit_code=unit.code)
    if deadline.is_open(now) or dispensation_covers(
        day=day, unit=unit, employees=employees, now=now
    ):
        return deadline
    raise ValidationError(
        _(WINDOW_CLOSED) % {"day": day_long(day), "deadline": deadline.text},
        code="window_closed",
    )


def not_in_future_check(*, day: date, now: datetime) -> None:
    """Times can only be entered for a day that has begun (manual sheets, corrections)."""
    if day > local_today(now):
        raise ValidationError(_(NOT_YET) % {"day": day_long(day)}, code="future")


@transaction.atomic
def dispensation_grant(
    *,
    actor: Any,
    reason: str,
    days_from: date,
    valid_until: date,
    unit: Unit | None = None,
    employee: Employee | None = None,
    now: datetime | None = None,
    ask: DispensationAsk | None = None,
) -> Dispensation:
    """BKD opens the window for a unit (and its sub-units) or an employee (audited), and so
    answers ``ask`` when it came from one. The caller checks that ``actor`` is a BKD
    administrator."""
    now = now or timezone.now()
    if (unit is None) == (employee is None):
        raise ValidationError(_(DISPENSATION_NO_TARGET))
    if not reason.strip():
        raise ValidationError(_(DISPENSATION_NO_REASON))
    if valid_until < local_today(now):
        raise ValidationError(_(DISPENSATION_PAST))
    if days_from > valid_until:
        raise ValidationError(_(DISPENSATION_ORDER))
    dispensation = Dispensation.objects.create(
        unit=unit,
        employee=employee,
        days_from=days_from,
        valid_until=valid_until,
        reason=reason.strip(),
        granted_by=actor,
        granted_at=now,
    )
    audit_record(
        actor=actor,
        action="dispensation.grant",
        target=dispensation,
        data={
            "unit": unit.code if unit else None,
            "employee": employee.id_number if employee else None,
            "days_from": days_from.isoformat(),
            "valid_until": valid_until.isoformat(),
            "reason": reason.strip(),
            "ask": ask.pk if ask else None,
        },
    )
    if ask is not None and ask.answered_at is None:
        ask.answered_by_grant, ask.answered_at = dispensation, now
        ask.save(update_fields=["answered_by_grant", "answered_at"])
    return dispensation


@transaction.atomic
def dispensation_revoke(
    *, dispensation: Dispensation, actor: Any, now: datetime | None = None
) -> Dispensation:
    if dispensation.revoked_at is None:
        dispensation.revoked_at = now or timezone.now()
        dispensation.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action="dispensation.revoke", target=dispensation)
    return dispensation
