"""Hadir's attendance rules: pure Python over plain data.

No Django, no clock, no database, no settings: the caller passes the dates, the punches
(naive local datetimes), the schedules, the calendar, the approved absences and the policy,
and gets frozen dataclasses back. See ``docs/rules.md``.

Typical use, per employee and month::

    calendar = Calendar.for_years([2026], overrides)           # once per region and year
    policy = policy_set.for_month(2026, 8)
    days = evaluate_month(2026, 8, schedule=schedule, calendar=calendar, policy=policy,
                          punches=punches, absences=absences, unit_code="RSUD")
    recap = build_month_recap(2026, 8, days, policy=policy, tpp_base=4_000_000)
"""

from hadir.rules.absences import ApprovedAbsence, absence_on
from hadir.rules.calendar import (
    Calendar,
    ExtraWorkingDay,
    Holiday,
    HolidayKind,
    RegionalOverrides,
    national_holidays,
)
from hadir.rules.codes import (
    ABSENCE_CODE,
    PRESENT_CODES,
    AbsenceKind,
    DayCode,
    EmployeeType,
    EventKind,
    LeaveType,
    Sanction,
)
from hadir.rules.day import DayResult, evaluate_day, evaluate_planned_day
from hadir.rules.discipline import (
    DEFAULT_SANCTION_TABLES,
    AttendanceDay,
    DisciplineStatus,
    SanctionBand,
    SanctionTable,
    discipline_status,
    longest_tk_streak,
)
from hadir.rules.events import (
    EventOccurrence,
    EventOutcome,
    EventVerdict,
    judge_event,
    judge_events,
)
from hadir.rules.labels import label
from hadir.rules.messages import Message, Msg, Rupiah, render
from hadir.rules.month import evaluate_days, evaluate_month, evaluate_planned_days, month_days
from hadir.rules.patterns import (
    FIVE_DAY,
    NIGHT_SHIFT,
    RAMADAN_FIVE_DAY,
    RAMADAN_SIX_DAY,
    SCHOOL_SIX_DAY,
    SIX_DAY,
    ramadan_override,
)
from hadir.rules.policy import (
    DayCounting,
    DeductionBase,
    InvalidPolicyError,
    Policy,
    PolicySet,
    RequestWindow,
    YearMonth,
    request_deadline,
)
from hadir.rules.policy_defaults import (
    DEFAULT_POLICY,
    DEFAULT_POLICY_SET,
    KAB_TTU_POLICY,
    PERMENTAN_68_2012_POLICY,
)
from hadir.rules.policy_file import (
    PolicyFileError,
    PolicyFileResult,
    bundled_policy_text,
    load_policy_file,
)
from hadir.rules.progress import capture_direction, day_closes, day_in_progress
from hadir.rules.punches import Punch, PunchDirection, PunchWindows
from hadir.rules.recap import (
    DayTally,
    DeductionItem,
    MonthRecap,
    build_month_recap,
    recap_from_tally,
    tally_days,
)
from hadir.rules.schedule import (
    AssignmentScope,
    DayOff,
    DayOffReason,
    EmployeeSchedule,
    ExpectedShift,
    OverridePeriod,
    PatternAssignment,
    ShiftSource,
    ShiftTime,
    Weekday,
    WeeklyPattern,
    resolve_expected_shift,
)

__all__ = [
    "ABSENCE_CODE",
    "DEFAULT_POLICY",
    "DEFAULT_POLICY_SET",
    "DEFAULT_SANCTION_TABLES",
    "FIVE_DAY",
    "KAB_TTU_POLICY",
    "NIGHT_SHIFT",
    "PERMENTAN_68_2012_POLICY",
    "PRESENT_CODES",
    "RAMADAN_FIVE_DAY",
    "RAMADAN_SIX_DAY",
    "SCHOOL_SIX_DAY",
    "SIX_DAY",
    "AbsenceKind",
    "ApprovedAbsence",
    "AssignmentScope",
    "AttendanceDay",
    "Calendar",
    "DayCode",
    "DayCounting",
    "DayOff",
    "DayOffReason",
    "DayResult",
    "DayTally",
    "DeductionBase",
    "DeductionItem",
    "DisciplineStatus",
    "EmployeeSchedule",
    "EmployeeType",
    "EventKind",
    "EventOccurrence",
    "EventOutcome",
    "EventVerdict",
    "ExpectedShift",
    "ExtraWorkingDay",
    "Holiday",
    "HolidayKind",
    "InvalidPolicyError",
    "LeaveType",
    "Message",
    "MonthRecap",
    "Msg",
    "OverridePeriod",
    "PatternAssignment",
    "Policy",
    "PolicyFileError",
    "PolicyFileResult",
    "PolicySet",
    "Punch",
    "PunchDirection",
    "PunchWindows",
    "RegionalOverrides",
    "RequestWindow",
    "Rupiah",
    "Sanction",
    "SanctionBand",
    "SanctionTable",
    "ShiftSource",
    "ShiftTime",
    "Weekday",
    "WeeklyPattern",
    "YearMonth",
    "absence_on",
    "build_month_recap",
    "bundled_policy_text",
    "capture_direction",
    "day_closes",
    "day_in_progress",
    "discipline_status",
    "evaluate_day",
    "evaluate_days",
    "evaluate_month",
    "evaluate_planned_day",
    "evaluate_planned_days",
    "judge_event",
    "judge_events",
    "label",
    "load_policy_file",
    "longest_tk_streak",
    "month_days",
    "national_holidays",
    "ramadan_override",
    "recap_from_tally",
    "render",
    "request_deadline",
    "resolve_expected_shift",
    "tally_days",
]
