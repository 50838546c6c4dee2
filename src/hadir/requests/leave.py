"""Annual leave (cuti tahunan) balances, computed from the requests (never stored, so they
cannot drift from the requests they summarise).

Rules (PP 11/2017 jo. PP 17/2020; DOMAIN.md section 6):
- the yearly quota is ``HADIR_LEAVE_ANNUAL_DAYS`` working days (12), for PPPK
  ``HADIR_LEAVE_ANNUAL_DAYS_PPPK`` (sources say 12 or 6);
- days left over from the previous year carry over, up to ``HADIR_LEAVE_CARRY_OVER_DAYS``
  (6, i.e. at most 18 in a year), when the employee was with the region for all of that year;
  when no annual leave at all was taken in the two previous years, a whole year's quota
  carries over (24 in all; PP 11/2017 Pasal 312, ``hadir.rules.leave_rules``);
- only the employee's working days count: weekends, holidays and cuti bersama days inside a
  leave are not deducted;
- pending requests (and those waiting for BKD) hold their days, so two requests filed
  together cannot exceed the balance.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hadir.attendance.inputs import batch_inputs
from hadir.people.models import Employee, EmployeeAssignment, EmployeeType
from hadir.requests.models import LeaveChoice, Request, RequestKind, RequestState
from hadir.rules import ExpectedShift, resolve_expected_shift
from hadir.rules.leave_rules import carried_over_days

ONE_DAY = timedelta(days=1)

QUOTA_EXCEEDED = gettext_noop(
    "Annual leave left for %(year)s: %(left)d working days; this request needs %(need)d "
    "working days. Ask for fewer days, or for another type of leave."
)
NO_WORKING_DAYS = gettext_noop(
    "The chosen dates are all days off (weekend, holiday or cuti bersama): no leave is needed."
)


@dataclass(frozen=True, slots=True)
class LeaveBalance:
    """Annual leave of one employee in one year, in working days."""

    year: int
    quota: int
    carried: int
    used: int
    pending: int

    @property
    def total(self) -> int:
        return self.quota + self.carried

    @property
    def remaining(self) -> int:
        return self.total - self.used - self.pending


def annual_quota(employee: Employee) -> int:
    if employee.employee_type in (EmployeeType.PPPK, EmployeeType.PPPK_PW):
        return int(settings.HADIR_LEAVE_ANNUAL_DAYS_PPPK)
    return int(settings.HADIR_LEAVE_ANNUAL_DAYS)


def leave_days(employee: Employee, first: date, last: date) -> set[date]:
    """The days from ``first`` to ``last`` a leave would use: the employee's working days
    by their schedule and the calendar, without cuti bersama days."""
    inputs = batch_inputs([employee.pk], first, last)
    person = inputs.employees.get(employee.pk)
    if person is None:
        return set()
    days: set[date] = set()
    for span in person.spans:
        unit_code = inputs.unit_codes.get(span.unit_id)
        day = span.first
        while day <= span.last:
            plan = resolve_expected_shift(day, person.schedule, inputs.calendar, unit_code)
            if isinstance(plan, ExpectedShift) and not inputs.calendar.is_cuti_bersama(day):
                days.add(day)
            day += ONE_DAY
    return days


def _days_of(requests: Iterable[Request], working: set[date], year: int) -> int:
    count = 0
    for request in requests:
        day = max(request.first_day, date(year, 1, 1))
        while day <= min(request.last_day, date(year, 12, 31)):
            count += day in working
            day += ONE_DAY
    return count


def _annual_requests(
    employee: Employee, first: date, last: date, exclude: int | None
) -> list[Request]:
    rows = Request.objects.open().filter(
        employee=employee,
        kind=RequestKind.CUTI,
        leave_type=LeaveChoice.TAHUNAN,
        first_day__lte=last,
        last_day__gte=first,
    )
    if exclude is not None:
        rows = rows.exclude(pk=exclude)
    return list(rows)


def _with_region_all_year(employee: Employee, year: int) -> bool:
    first = EmployeeAssignment.objects.filter(employee=employee).order_by("valid_from").first()
    return first is not None and first.valid_from <= date(year, 1, 1)


def leave_balance(employee: Employee, year: int, *, exclude: int | None = None) -> LeaveBalance:
    """The year's annual leave; ``exclude`` leaves one request out (when re-checking it)."""
    previous, before = year - 1, year - 2
    working = leave_days(employee, date(before, 1, 1), date(year, 12, 31))
    requests = _annual_requests(employee, date(before, 1, 1), date(year, 12, 31), exclude)
    quota = annual_quota(employee)
    carried = 0
    if _with_region_all_year(employee, previous):
        in_force = [r for r in requests if r.in_force]
        used_before = _days_of(in_force, working, previous)
        untouched = (
            used_before == 0
            and _with_region_all_year(employee, before)
            and _days_of(in_force, working, before) == 0
        )
        carried = carried_over_days(
            quota=quota,
            unused_last_year=quota - used_before,
            untouched_two_years=untouched,
            one_year_cap=int(settings.HADIR_LEAVE_CARRY_OVER_DAYS),
        )
    return LeaveBalance(
        year=year,
        quota=quota,
        carried=carried,
        used=_days_of([r for r in requests if r.in_force], working, year),
        pending=_days_of(
            [r for r in requests if r.state == RequestState.PENDING or r.waiting_verification],
            working,
            year,
        ),
    )


def annual_leave_check(employee: Employee, first: date, last: date) -> int:
    """Refuse (ValidationError in words) annual leave beyond the balance of any year it
    touches; returns the working days it uses."""
    needed = leave_days(employee, first, last)
    if not needed:
        raise ValidationError(_(NO_WORKING_DAYS), code="no_days")
    for year in sorted({d.year for d in needed}):
        need = sum(1 for d in needed if d.year == year)
        balance = leave_balance(employee, year)
        if need > balance.remaining:
            raise ValidationError(
                _(QUOTA_EXCEEDED) % {"year": year, "left": max(0, balance.remaining), "need": need},
                code="quota",
            )
    return len(needed)
