"""resolve_expected_shift: patterns, assignments, overrides, rosters, holidays."""

from __future__ import annotations

from datetime import date, time

import pytest

from hadir.rules import (
    FIVE_DAY,
    NIGHT_SHIFT,
    RAMADAN_FIVE_DAY,
    RAMADAN_SIX_DAY,
    SCHOOL_SIX_DAY,
    SIX_DAY,
    AssignmentScope,
    DayOff,
    DayOffReason,
    EmployeeSchedule,
    ExpectedShift,
    ExtraWorkingDay,
    PatternAssignment,
    RegionalOverrides,
    ShiftSource,
    ShiftTime,
    Weekday,
    WeeklyPattern,
    ramadan_override,
    resolve_expected_shift,
)

from .builders import at, calendar_2026, calendar_with, schedule


def hours(result: ExpectedShift | DayOff) -> tuple[str, str] | DayOffReason:
    if isinstance(result, DayOff):
        return result.reason
    return result.start.strftime("%a %H:%M"), result.end.strftime("%a %H:%M")


@pytest.mark.parametrize(
    ("pattern", "day", "expected"),
    [
        (FIVE_DAY, date(2026, 8, 3), ("Mon 07:30", "Mon 16:00")),
        (FIVE_DAY, date(2026, 8, 6), ("Thu 07:30", "Thu 16:00")),
        (FIVE_DAY, date(2026, 8, 7), ("Fri 07:30", "Fri 16:30")),
        (FIVE_DAY, date(2026, 8, 8), DayOffReason.WEEKLY_PATTERN),
        (FIVE_DAY, date(2026, 8, 9), DayOffReason.WEEKLY_PATTERN),
        (SIX_DAY, date(2026, 8, 3), ("Mon 07:30", "Mon 15:00")),
        (SIX_DAY, date(2026, 8, 7), ("Fri 07:30", "Fri 11:00")),
        (SIX_DAY, date(2026, 8, 8), ("Sat 07:30", "Sat 11:00")),
        (SIX_DAY, date(2026, 8, 9), DayOffReason.WEEKLY_PATTERN),
        (RAMADAN_FIVE_DAY, date(2026, 8, 3), ("Mon 08:00", "Mon 15:00")),
        (RAMADAN_FIVE_DAY, date(2026, 8, 7), ("Fri 08:00", "Fri 15:30")),
        (RAMADAN_SIX_DAY, date(2026, 8, 8), ("Sat 08:00", "Sat 14:00")),
        (RAMADAN_SIX_DAY, date(2026, 8, 7), ("Fri 08:00", "Fri 14:30")),
        (SCHOOL_SIX_DAY, date(2026, 8, 8), ("Sat 07:00", "Sat 13:30")),
    ],
)
def test_weekly_patterns(pattern: WeeklyPattern, day: date, expected: object) -> None:
    assert hours(resolve_expected_shift(day, schedule(pattern))) == expected


def test_pattern_workdays() -> None:
    assert FIVE_DAY.workdays == frozenset(range(5))
    assert SIX_DAY.workdays == frozenset(range(6))


def test_pattern_needs_seven_days_and_shift_needs_length() -> None:
    with pytest.raises(ValueError, match="7 entries"):
        WeeklyPattern("X", "x", (None,) * 6)
    with pytest.raises(ValueError, match="same time"):
        ShiftTime(time(7, 0), time(7, 0))


def test_assignment_validity_dates_and_precedence() -> None:
    unit_old = PatternAssignment(FIVE_DAY, date(2020, 1, 1), date(2026, 8, 14))
    unit_new = PatternAssignment(SIX_DAY, date(2026, 8, 15))
    own = PatternAssignment(
        SCHOOL_SIX_DAY, date(2026, 8, 20), date(2026, 8, 21), AssignmentScope.INDIVIDUAL
    )
    on = EmployeeSchedule(assignments=(own, unit_new, unit_old))  # order does not matter
    labels = {
        day: resolve_expected_shift(date(2026, 8, day), on).label for day in (14, 15, 20, 21, 22)
    }
    assert labels == {14: "5HK", 15: "6HK", 20: "SEKOLAH-6HK", 21: "SEKOLAH-6HK", 22: "6HK"}


def test_later_assignment_of_the_same_scope_wins() -> None:
    on = EmployeeSchedule(
        assignments=(
            PatternAssignment(SIX_DAY, date(2026, 1, 1)),
            PatternAssignment(FIVE_DAY, date(2025, 1, 1)),
        )
    )
    assert resolve_expected_shift(date(2026, 8, 8), on).label == "6HK"


def test_override_swaps_only_listed_patterns() -> None:
    ramadan = ramadan_override(date(2026, 2, 18), date(2026, 3, 19))
    day = date(2026, 2, 25)
    five = resolve_expected_shift(day, schedule(overrides=[ramadan]))
    assert isinstance(five, ExpectedShift)
    assert (five.label, five.source) == ("5HK-RAMADAN", ShiftSource.OVERRIDE)
    six = resolve_expected_shift(day, schedule(SIX_DAY, overrides=[ramadan]))
    assert six.label == "6HK-RAMADAN"
    school = resolve_expected_shift(day, schedule(SCHOOL_SIX_DAY, overrides=[ramadan]))
    assert isinstance(school, ExpectedShift)
    assert (school.label, school.source) == ("SEKOLAH-6HK", ShiftSource.PATTERN)


def test_roster_night_shift_crosses_midnight() -> None:
    result = resolve_expected_shift(
        date(2026, 8, 3), schedule(roster={date(2026, 8, 3): NIGHT_SHIFT})
    )
    assert isinstance(result, ExpectedShift)
    assert (result.start, result.end) == (at("2026-08-03 21:00"), at("2026-08-04 07:00"))
    assert (result.source, result.label, result.minutes) == (ShiftSource.ROSTER, "Malam", 600)
    assert NIGHT_SHIFT.crosses_midnight


def test_holidays_need_a_calendar() -> None:
    day = date(2026, 8, 17)
    assert isinstance(resolve_expected_shift(day, schedule()), ExpectedShift)
    off = resolve_expected_shift(day, schedule(), calendar_2026())
    assert isinstance(off, DayOff)
    assert off.reason is DayOffReason.HOLIDAY


def test_extra_working_day_uses_the_hours_of_the_weekday_it_follows() -> None:
    saturday = date(2026, 8, 8)
    calendar = calendar_with(
        RegionalOverrides(
            extra_working_days=(
                ExtraWorkingDay(saturday, "Pengganti", follows_weekday=Weekday.FRIDAY),
                ExtraWorkingDay(date(2026, 8, 17), "Libur dibatalkan"),
            )
        )
    )
    result = resolve_expected_shift(saturday, schedule(), calendar)
    assert isinstance(result, ExpectedShift)
    assert hours(result) == ("Sat 07:30", "Sat 16:30")
    assert result.source is ShiftSource.EXTRA_WORKING_DAY
    cancelled = resolve_expected_shift(date(2026, 8, 17), schedule(), calendar)
    assert hours(cancelled) == ("Mon 07:30", "Mon 16:00")
