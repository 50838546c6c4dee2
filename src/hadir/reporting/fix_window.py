"""Whether the month's days with a missing punch (TAM, TAP) can still be explained: the
report says "until <date>" while their filing window is open, and once it has closed, when
it closed and that BKD's dispensation is the way left (DOMAIN.md section 7)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from hadir.attendance.models import DayRecord
from hadir.org.models import Unit
from hadir.reporting.deadlines import month_last_day
from hadir.requests.fix import FixLinks


@dataclass(frozen=True, slots=True)
class MissingPunchWindow:
    """``open_days`` can still be explained, the first of them until ``open_until``;
    ``closed_days`` no longer, the last window having closed after ``closed_on``;
    ``first_closed_day``: the earliest such day (where a dispensation would start)."""

    open_days: int = 0
    open_until: date | None = None
    closed_days: int = 0
    closed_on: date | None = None
    first_closed_day: date | None = None


def missing_punch_window(unit: Unit, month: date, *, now: datetime) -> MissingPunchWindow:
    rows = list(
        DayRecord.objects.filter(
            unit=unit, day__gte=month, day__lte=month_last_day(month), codes__contains="TA"
        ).values_list("employee_id", "day")
    )
    if not rows:
        return MissingPunchWindow()
    links = FixLinks(unit=unit, days=sorted({day for _, day in rows}), now=now)
    open_last: list[date] = []
    closed: list[tuple[date, date]] = []
    for employee_id, day in rows:
        deadline = links.deadlines.get(day)
        if deadline is None:
            continue
        until = links.open_until(employee_id, day)
        if until is not None:
            open_last.append(until)
        else:
            closed.append((day, deadline.last_date))
    return MissingPunchWindow(
        open_days=len(open_last),
        open_until=min(open_last, default=None),
        closed_days=len(closed),
        closed_on=max((last for _, last in closed), default=None),
        first_closed_day=min((day for day, _ in closed), default=None),
    )
