"""Evaluate many days of one employee at once, sorting their punches only once.

This is the fast path for recomputing a month (the Django layer evaluates thousands of
employees x 31 days): punches are ordered and de-duplicated once, then each day takes its
slice by binary search instead of scanning every punch.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta

from hadir.rules.absences import ApprovedAbsence
from hadir.rules.calendar import Calendar
from hadir.rules.day import DayResult, evaluate_ordered
from hadir.rules.policy import Policy
from hadir.rules.punches import Punch, normalize_punches, punch_margins
from hadir.rules.schedule import DayOff, EmployeeSchedule, ExpectedShift, resolve_expected_shift

ONE_DAY = timedelta(days=1)


def month_days(year: int, month: int) -> list[date]:
    """Every date of the month, in order."""
    day = date(year, month, 1)
    days = []
    while day.month == month:
        days.append(day)
        day += ONE_DAY
    return days


def evaluate_days(
    days: Iterable[date],
    *,
    schedule: EmployeeSchedule,
    calendar: Calendar,
    policy: Policy,
    punches: Iterable[Punch],
    absences: Sequence[ApprovedAbsence] = (),
    unit_code: str | None = None,
    now: datetime | None = None,
) -> list[DayResult]:
    """``evaluate_day`` for each of ``days``, with the same inputs; results in input order.

    Pass the punches of the whole span plus a day either side (night shifts end the next
    day). For a transfer between units mid-month, call once per span with its ``unit_code``.
    """
    plans = [resolve_expected_shift(day, schedule, calendar, unit_code) for day in days]
    return evaluate_planned_days(plans, policy=policy, punches=punches, absences=absences, now=now)


def evaluate_planned_days(
    plans: Sequence[ExpectedShift | DayOff],
    *,
    policy: Policy,
    punches: Iterable[Punch],
    absences: Sequence[ApprovedAbsence] = (),
    now: datetime | None = None,
) -> list[DayResult]:
    """Evaluate days whose expected shifts are already resolved; ``now`` (naive local) marks
    the days not over at that moment as in progress (see ``hadir.rules.progress``).

    The fast path for a unit: resolve the unit's plans once (``resolve_expected_shift`` per
    date) and reuse them for every employee who follows the unit's schedule unchanged.
    """
    ordered = normalize_punches(punches)
    times = [punch.at for punch in ordered]
    if plans and absences:
        first = min(plan.day for plan in plans)
        last = max(plan.day for plan in plans)
        absences = [a for a in absences if a.last_day >= first and a.first_day <= last]
    before, after = punch_margins(policy.punch_windows)
    results = []
    for plan in plans:
        midnight = datetime.combine(plan.day, time.min)
        low = bisect.bisect_left(times, midnight - before)
        high = bisect.bisect_right(times, midnight + after, low)
        results.append(evaluate_ordered(plan, ordered[low:high], policy, absences, now))
    return results


def evaluate_month(
    year: int,
    month: int,
    *,
    schedule: EmployeeSchedule,
    calendar: Calendar,
    policy: Policy,
    punches: Iterable[Punch],
    absences: Sequence[ApprovedAbsence] = (),
    unit_code: str | None = None,
    now: datetime | None = None,
) -> list[DayResult]:
    """Every day of ``year``-``month`` for one employee (see ``evaluate_days``)."""
    return evaluate_days(
        month_days(year, month),
        schedule=schedule,
        calendar=calendar,
        policy=policy,
        punches=punches,
        absences=absences,
        unit_code=unit_code,
        now=now,
    )
