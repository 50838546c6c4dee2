"""Working hours: weekly patterns, their assignment, dated overrides and shift rosters.

Sources: Perpres 21/2023 and Keppres 68/1995 (office hours), SE MenPANRB 6/2023 (Ramadan),
DOMAIN.md section 2 (6-day units, schools, shift units). All times are local wall-clock
times of the region; a shift whose end is not after its start crosses midnight and belongs
to the day it starts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import IntEnum, StrEnum

from hadir.rules.calendar import Calendar, Holiday

ONE_DAY = timedelta(days=1)
SEVEN_DAYS = "A weekly pattern needs exactly 7 entries (Monday..Sunday)."
EMPTY_SHIFT = "A shift cannot start and end at the same time."


class Weekday(IntEnum):
    """Weekdays numbered as ``date.weekday()`` does."""

    MONDAY = 0
    TUESDAY = 1
    WEDNESDAY = 2
    THURSDAY = 3
    FRIDAY = 4
    SATURDAY = 5
    SUNDAY = 6


@dataclass(frozen=True, slots=True)
class ShiftTime:
    """Start and end of work on one day; ``end <= start`` means the shift ends the next day."""

    start: time
    end: time
    label: str = ""

    def __post_init__(self) -> None:
        if self.start == self.end:
            raise ValueError(EMPTY_SHIFT)

    @property
    def crosses_midnight(self) -> bool:
        return self.end < self.start

    def on(self, day: date) -> tuple[datetime, datetime]:
        """Start and end datetimes when the shift starts on ``day``."""
        start = datetime.combine(day, self.start)
        end = datetime.combine(day + ONE_DAY if self.crosses_midnight else day, self.end)
        return start, end


@dataclass(frozen=True, slots=True)
class WeeklyPattern:
    """Hours per weekday, Monday first; None is a day off. ``code`` names it (``5HK``)."""

    code: str
    name: str
    hours: tuple[ShiftTime | None, ...]

    def __post_init__(self) -> None:
        if len(self.hours) != len(Weekday):
            raise ValueError(SEVEN_DAYS)

    @classmethod
    def build(cls, code: str, name: str, days: Mapping[Weekday, ShiftTime]) -> WeeklyPattern:
        return cls(code, name, tuple(days.get(weekday) for weekday in Weekday))

    @property
    def workdays(self) -> frozenset[int]:
        return frozenset(i for i, hours in enumerate(self.hours) if hours is not None)


class AssignmentScope(IntEnum):
    """Who a pattern is assigned to; a higher value wins (an individual beats the unit)."""

    UNIT = 0
    INDIVIDUAL = 1


@dataclass(frozen=True, slots=True)
class PatternAssignment:
    """A pattern in force from ``valid_from`` to ``valid_until`` (inclusive; None = open)."""

    pattern: WeeklyPattern
    valid_from: date
    valid_until: date | None = None
    scope: AssignmentScope = AssignmentScope.UNIT

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


@dataclass(frozen=True, slots=True)
class OverridePeriod:
    """A dated period (Ramadan) that swaps patterns: base pattern code -> replacement.

    Patterns without a replacement (shift units, schools with their own hours) are unchanged.
    """

    name: str
    first_day: date
    last_day: date
    replacements: Mapping[str, WeeklyPattern]

    def covers(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day


@dataclass(frozen=True, slots=True)
class EmployeeSchedule:
    """Everything that decides one employee's hours.

    ``assignments`` holds both the unit's and the employee's own assignments (a transfer is a
    unit assignment that ends and another that starts). ``roster`` lists explicit per-date
    shifts for shift units (None = rostered day off); a roster entry beats any pattern and
    holidays.
    """

    assignments: tuple[PatternAssignment, ...] = ()
    overrides: tuple[OverridePeriod, ...] = ()
    roster: Mapping[date, ShiftTime | None] = field(default_factory=dict)


class ShiftSource(StrEnum):
    PATTERN = "pattern"
    OVERRIDE = "override"
    ROSTER = "roster"
    EXTRA_WORKING_DAY = "extra_working_day"


class DayOffReason(StrEnum):
    WEEKLY_PATTERN = "weekly_pattern"
    ROSTER = "roster"
    HOLIDAY = "holiday"
    NO_SCHEDULE = "no_schedule"


@dataclass(frozen=True, slots=True)
class ExpectedShift:
    """The hours the employee was expected to work on ``day`` (naive local datetimes)."""

    day: date
    start: datetime
    end: datetime
    source: ShiftSource
    label: str  # the pattern code, or the roster shift's label
    holiday: Holiday | None = None  # set when a holiday-working unit or a roster works it

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds()) // 60


@dataclass(frozen=True, slots=True)
class DayOff:
    """No work was expected on ``day``, and why."""

    day: date
    reason: DayOffReason
    label: str = ""
    holiday: Holiday | None = None


def active_pattern(day: date, schedule: EmployeeSchedule) -> tuple[WeeklyPattern, bool] | None:
    """The weekly pattern in force on ``day``, and whether an override period supplied it.

    Rule: among the assignments covering the day an individual one beats the unit's, and the
    most recent ``valid_from`` wins; then an override period covering the day replaces the
    pattern if it lists a replacement for it.
    """
    best: PatternAssignment | None = None
    for assignment in schedule.assignments:
        if assignment.covers(day) and (
            best is None
            or (assignment.scope, assignment.valid_from) > (best.scope, best.valid_from)
        ):
            best = assignment
    if best is None:
        return None
    for period in schedule.overrides:
        if period.covers(day):
            replacement = period.replacements.get(best.pattern.code)
            if replacement is not None:
                return replacement, True
    return best.pattern, False


def resolve_expected_shift(
    day: date,
    schedule: EmployeeSchedule,
    calendar: Calendar | None = None,
    unit_code: str | None = None,
) -> ExpectedShift | DayOff:
    """The shift expected of one employee on one date, or the reason it is a day off.

    Rule, in order: a roster entry decides (shift units work holidays); with no pattern
    assigned it is a day off with reason NO_SCHEDULE; on a region's extra working day the
    pattern's hours apply (those of ``follows_weekday`` if the weekday has none); on a
    holiday it is a day off unless ``unit_code`` works on holidays; otherwise the pattern's
    hours for the weekday. Without a ``calendar`` holidays are not considered.
    """
    holiday = extra = None
    works_on_holidays = False
    if calendar is not None:
        holiday = calendar.holiday(day)
        extra = calendar.extra_working_day(day)
        works_on_holidays = calendar.works_on_holidays(unit_code)
    if day in schedule.roster:
        rostered = schedule.roster[day]
        if rostered is None:
            return DayOff(day, DayOffReason.ROSTER, holiday=holiday)
        return _shift(day, rostered, ShiftSource.ROSTER, rostered.label, holiday)
    found = active_pattern(day, schedule)
    if found is None:
        return DayOff(day, DayOffReason.NO_SCHEDULE, holiday=holiday)
    pattern, overridden = found
    source = ShiftSource.OVERRIDE if overridden else ShiftSource.PATTERN
    hours = pattern.hours[day.weekday()]
    if extra is not None and hours is None:
        hours = pattern.hours[extra.follows_weekday]
        source = ShiftSource.EXTRA_WORKING_DAY
    if holiday is not None and not works_on_holidays:
        return DayOff(day, DayOffReason.HOLIDAY, pattern.code, holiday)
    if hours is None:
        return DayOff(day, DayOffReason.WEEKLY_PATTERN, pattern.code, holiday)
    return _shift(day, hours, source, pattern.code, holiday)


def _shift(
    day: date, hours: ShiftTime, source: ShiftSource, label: str, holiday: Holiday | None
) -> ExpectedShift:
    start, end = hours.on(day)
    return ExpectedShift(day, start, end, source, label, holiday)
