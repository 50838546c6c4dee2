"""Small builders shared by the rules tests: readable punches, schedules and a calendar."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from functools import cache

from hadir.rules import (
    DEFAULT_POLICY,
    FIVE_DAY,
    ApprovedAbsence,
    AssignmentScope,
    Calendar,
    DayResult,
    EmployeeSchedule,
    OverridePeriod,
    PatternAssignment,
    Policy,
    Punch,
    RegionalOverrides,
    ShiftTime,
    WeeklyPattern,
    evaluate_day,
)

LONG_AGO = date(2020, 1, 1)


def at(text: str) -> datetime:
    """``"2026-08-03 07:31"`` or ``"2026-08-03 07:31:59"`` as a naive local datetime."""
    return datetime.fromisoformat(text)


def punches(*texts: str) -> list[Punch]:
    return [Punch(at(text)) for text in texts]


@cache
def calendar_2026() -> Calendar:
    """Built once: Indonesia 2025-2027 with no regional overrides."""
    return Calendar.for_years([2025, 2026, 2027])


def calendar_with(overrides: RegionalOverrides) -> Calendar:
    return Calendar.for_years([2025, 2026, 2027], overrides)


def schedule(
    pattern: WeeklyPattern = FIVE_DAY,
    *,
    since: date = LONG_AGO,
    until: date | None = None,
    scope: AssignmentScope = AssignmentScope.UNIT,
    more: Iterable[PatternAssignment] = (),
    overrides: Iterable[OverridePeriod] = (),
    roster: Mapping[date, ShiftTime | None] | None = None,
) -> EmployeeSchedule:
    return EmployeeSchedule(
        assignments=(PatternAssignment(pattern, since, until, scope), *more),
        overrides=tuple(overrides),
        roster=dict(roster or {}),
    )


def day_result(
    day: str,
    *punch_texts: str,
    on: EmployeeSchedule | None = None,
    policy: Policy = DEFAULT_POLICY,
    absences: Iterable[ApprovedAbsence] = (),
    calendar: Calendar | None = None,
    unit_code: str | None = None,
) -> DayResult:
    """Evaluate ``day`` (ISO date) for an employee on ``on`` (default: the 5-day week)."""
    return evaluate_day(
        date.fromisoformat(day),
        schedule=on or schedule(),
        calendar=calendar or calendar_2026(),
        policy=policy,
        punches=punches(*punch_texts),
        absences=tuple(absences),
        unit_code=unit_code,
    )
