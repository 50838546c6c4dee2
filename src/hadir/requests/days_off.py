"""Days off inside a request's dates, for the warning after filing (not an error).

Sick leave or annual leave over a weekend or a holiday is allowed: those days stay days off
(L) and are not counted as leave. The person filing is told which days they are, computed
from the same schedule, roster and calendar data the rules engine evaluates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hadir.attendance.inputs import batch_inputs
from hadir.people.models import Employee
from hadir.rules import DayOff, resolve_expected_shift
from hadir.rules.schedule import DayOffReason

ONE_DAY = timedelta(days=1)
DAYS_OFF_WARNING = gettext_noop(
    "Not counted, because they are days off on the schedule of %(name)s: %(days)s. Those "
    "days stay days off (L); nothing else is needed for them."
)
# The longest range named day by day; longer requests (tugas belajar) are not listed.
NAMED_DAYS_MAX = 62


@dataclass(frozen=True)
class DayOffNote:
    """One day off inside the dates: the date and why (the holiday's name, or empty for a
    weekday the schedule does not work)."""

    day: date
    holiday: str = ""

    def text(self) -> str:
        shown = date_format(self.day, "l, j F Y")
        return f"{shown} ({self.holiday})" if self.holiday else shown


def request_days_off(employee: Employee, first: date, last: date) -> list[DayOffNote]:
    """The days from ``first`` to ``last`` on which ``employee`` is not expected at work by
    their schedule (weekly pattern, roster) or the calendar (holidays, cuti bersama). Days
    outside their time in the region, or with no schedule at all, are not named."""
    if last < first or (last - first).days > NAMED_DAYS_MAX:
        return []
    inputs = batch_inputs([employee.pk], first, last)
    person = inputs.employees.get(employee.pk)
    if person is None:
        return []
    notes: list[DayOffNote] = []
    for span in person.spans:
        unit_code = inputs.unit_codes.get(span.unit_id)
        day = span.first
        while day <= span.last:
            plan = resolve_expected_shift(day, person.schedule, inputs.calendar, unit_code)
            if isinstance(plan, DayOff) and plan.reason != DayOffReason.NO_SCHEDULE:
                notes.append(DayOffNote(day, plan.holiday.name if plan.holiday else ""))
            day += ONE_DAY
    return sorted(notes, key=lambda note: note.day)


def days_off_warning(employee: Employee, first: date, last: date) -> str:
    """The warning in words, or "" when every day is a working day."""
    notes = request_days_off(employee, first, last)
    if not notes:
        return ""
    return _(DAYS_OFF_WARNING) % {
        "days": "; ".join(note.text() for note in notes),
        "name": employee.name,
    }
