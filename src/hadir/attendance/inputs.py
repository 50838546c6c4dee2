"""Turn the database into the rules engine's plain inputs (and nothing else).

Every query here is per batch of employees, never per employee-day, so a month for
thousands of people costs a handful of queries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import NamedTuple

from hadir.attendance.region_inputs import RegionInputs, region_inputs
from hadir.bulk import as_date, fetch_sql, in_params, marks, table
from hadir.events.inputs import event_occurrences
from hadir.people.models import Employee, EmployeeAssignment
from hadir.punches.models import Punch
from hadir.requests.absences import approved_absences
from hadir.rules import (
    DEFAULT_POLICY_SET,
    ApprovedAbsence,
    AssignmentScope,
    Calendar,
    EmployeeSchedule,
    EventOccurrence,
    ExtraWorkingDay,
    Holiday,
    HolidayKind,
    PatternAssignment,
    PolicySet,
    RegionalOverrides,
    ShiftTime,
    WeeklyPattern,
    load_policy_file,
)
from hadir.rules import Punch as RulesPunch
from hadir.rules.punches import PunchDirection
from hadir.schedules.models import (
    CalendarEntry,
    CalendarEntryKind,
    HolidayWorkingUnit,
    PolicyDocument,
    RosterEntry,
    ScheduleAssignment,
    WorkSchedule,
)

DEFAULT_SCHEDULE_CODE = "5HK"
OPEN_START = date(2000, 1, 1)
ONE_DAY = timedelta(days=1)
DEVICE_STATUS = {0: PunchDirection.IN, 1: PunchDirection.OUT}


def _time(text: str) -> time:
    return time.fromisoformat(text)


def pattern_from_schedule(schedule: WorkSchedule) -> WeeklyPattern:
    hours = list(schedule.hours or [None] * 7)
    hours += [None] * (7 - len(hours))
    return WeeklyPattern(
        schedule.code,
        schedule.name,
        tuple(ShiftTime(_time(h[0]), _time(h[1])) if h else None for h in hours[:7]),
    )


@dataclass
class Span:
    """Contiguous days an employee spent in one unit (a transfer makes two spans)."""

    unit_id: int
    first: date
    last: date


@dataclass
class EmployeeInputs:
    employee_id: int
    employee_type: str
    spans: list[Span]
    schedule: EmployeeSchedule
    punches: list[RulesPunch] = field(default_factory=list)
    absences: list[ApprovedAbsence] = field(default_factory=list)
    # Events due per date (apel, upacara...), judged after the day (hadir.events.inputs).
    events: dict[date, list[EventOccurrence]] = field(default_factory=dict)


@dataclass
class BatchInputs:
    calendar: Calendar
    policies: PolicySet
    unit_codes: dict[int, str]
    employees: dict[int, EmployeeInputs]


def policy_set() -> PolicySet:
    """The region's policy in force: the newest saved policy file, or the shipped default."""
    text = (
        PolicyDocument.objects.order_by("-created_at", "-id").values_list("text", flat=True).first()
    )
    if text is None:
        return DEFAULT_POLICY_SET
    return _parsed_policy(text)


@lru_cache(maxsize=8)
def _parsed_policy(text: str) -> PolicySet:
    """Parsing is a pure function of the text, so the text itself is the cache key (an id
    could be reused after a rollback; the text cannot lie)."""
    result = load_policy_file(text)
    if result.policy_set is None:  # saved documents were validated by policy_save
        raise RuntimeError("the stored policy document no longer validates")
    return result.policy_set


def regional_overrides() -> RegionalOverrides:
    entries = list(CalendarEntry.objects.all())
    return RegionalOverrides(
        extra_days_off=tuple(
            Holiday(e.day, HolidayKind.REGIONAL, e.name)
            for e in entries
            if e.kind == CalendarEntryKind.DAY_OFF
        ),
        extra_working_days=tuple(
            ExtraWorkingDay(e.day, e.name, e.follows_weekday)
            for e in entries
            if e.kind == CalendarEntryKind.WORKING_DAY
        ),
        units_working_on_holidays=frozenset(
            HolidayWorkingUnit.objects.values_list("unit__code", flat=True)
        ),
    )


@lru_cache(maxsize=16)
def _calendar(years: tuple[int, ...], overrides: RegionalOverrides) -> Calendar:
    return Calendar.for_years(years, overrides)


def calendar_for(first: date, last: date) -> Calendar:
    years = tuple(range(first.year - 1, last.year + 2))
    return _calendar(years, regional_overrides())


People = list[tuple[int, int | None, str]]  # id, own schedule, employee type


def _people(
    employee_ids: Sequence[int], first: date, last: date
) -> tuple[People, dict[int, list[Span]]]:
    """The employees (id, own schedule, type) and the units they were in from ``first`` to
    ``last``, in one query (hand-written: see ``hadir.bulk.fetch_sql``)."""
    sql = f"""
        SELECT e.id, e.schedule_id, e.employee_type, a.unit_id, a.valid_from, a.valid_to
        FROM {table(Employee)} e
        LEFT JOIN {table(EmployeeAssignment)} a ON a.employee_id = e.id
            AND a.valid_from <= %s AND (a.valid_to IS NULL OR a.valid_to >= %s)
        WHERE e.id IN ({marks(len(employee_ids))})
        ORDER BY e.id, a.valid_from"""  # noqa: S608 (table names from the models' meta)
    people: People = []
    spans: dict[int, list[Span]] = defaultdict(list)
    for employee_id, schedule_id, kind, unit_id, valid_from, valid_to in fetch_sql(
        sql, [last, first, *in_params(employee_ids)]
    ):
        if not people or people[-1][0] != employee_id:
            people.append((employee_id, schedule_id, kind))
        if unit_id is not None:
            until = last if valid_to is None else min(as_date(valid_to), last)
            spans[employee_id].append(Span(unit_id, max(as_date(valid_from), first), until))
    return people, spans


class _Assigned(NamedTuple):
    """A schedule assignment row: to a unit or to one employee."""

    schedule_id: int
    unit_id: int | None
    employee_id: int | None
    valid_from: date
    valid_until: date | None


def _assigned(
    unit_ids: Collection[int], employee_ids: Sequence[int], first: date, last: date
) -> list[_Assigned]:
    """Schedule assignments in force from ``first`` to ``last`` for the units or people."""
    units = sorted(unit_ids)
    sql = f"""
        SELECT schedule_id, unit_id, employee_id, valid_from, valid_until
        FROM {table(ScheduleAssignment)}
        WHERE valid_from <= %s AND (valid_until IS NULL OR valid_until >= %s)
            AND (unit_id IN ({marks(len(units))}) OR employee_id IN ({marks(len(employee_ids))}))
        ORDER BY id"""  # noqa: S608 (table name from the model's meta)
    params = [last, first, *in_params(units), *in_params(employee_ids)]
    return [
        _Assigned(schedule, unit, employee, as_date(start), None if end is None else as_date(end))
        for schedule, unit, employee, start, end in fetch_sql(sql, params)
    ]


def _schedules(
    employees: list[tuple[int, int | None]],
    spans: dict[int, list[Span]],
    first: date,
    last: date,
    region: RegionInputs,
) -> dict[int, EmployeeSchedule]:
    by_id, patterns = region.schedules, region.patterns
    by_code = {by_id[pk].code: p for pk, p in patterns.items()}
    roster_ids = {pk for pk, s in by_id.items() if s.is_roster}
    unit_ids = {s.unit_id for group in spans.values() for s in group}
    employee_ids = [e for e, _ in employees]
    unit_rows: dict[int, list[_Assigned]] = defaultdict(list)
    own_rows: dict[int, list[_Assigned]] = defaultdict(list)
    for row in _assigned(unit_ids, employee_ids, first, last):
        if row.unit_id:
            unit_rows[row.unit_id].append(row)
        elif row.employee_id:
            own_rows[row.employee_id].append(row)
    overrides = region.overrides_between(first, last)
    rostered = [e for e, s in employees if s in roster_ids] + [
        r.employee_id
        for group in own_rows.values()
        for r in group
        if r.schedule_id in roster_ids and r.employee_id is not None
    ]
    rosters: dict[int, dict[date, ShiftTime | None]] = defaultdict(dict)
    shifts = region.shifts
    for employee_id, day, shift_id in RosterEntry.objects.filter(
        employee_id__in=rostered, day__gte=first - ONE_DAY, day__lte=last
    ).values_list("employee_id", "day", "shift_id"):
        rosters[employee_id][day] = shifts.get(shift_id) if shift_id else None
    default = by_code.get(DEFAULT_SCHEDULE_CODE)
    result: dict[int, EmployeeSchedule] = {}
    for employee_id, schedule_id in employees:
        assignments: list[PatternAssignment] = []
        # Rostered people work the days on their roster only; no unit week applies to them.
        rostered_only = schedule_id in roster_ids
        for span in [] if rostered_only else spans.get(employee_id, []):
            found = [r for r in unit_rows.get(span.unit_id, []) if r.schedule_id in patterns]
            for row in found:
                start = max(row.valid_from, span.first)
                end = min(row.valid_until or span.last, span.last)
                if start <= end:
                    assignments.append(PatternAssignment(patterns[row.schedule_id], start, end))
            if not found and default is not None:
                assignments.append(PatternAssignment(default, span.first, span.last))
        own = [r for r in own_rows.get(employee_id, []) if r.schedule_id in patterns]
        for row in own:
            assignments.append(
                PatternAssignment(
                    patterns[row.schedule_id],
                    row.valid_from,
                    row.valid_until,
                    AssignmentScope.INDIVIDUAL,
                )
            )
        if not own and schedule_id in patterns:
            assignments.append(
                PatternAssignment(
                    patterns[schedule_id], OPEN_START, None, AssignmentScope.INDIVIDUAL
                )
            )
        result[employee_id] = EmployeeSchedule(
            assignments=tuple(assignments),
            overrides=overrides,
            roster=rosters.get(employee_id, {}),
        )
    return result


def _punches(
    employee_ids: Sequence[int], first: date, last: date, use_status: bool
) -> dict[int, list[RulesPunch]]:
    """Counted punches from the day before ``first`` to the day after ``last`` (a night
    shift's end), as the rules want them: naive device-local time."""
    punches: dict[int, list[RulesPunch]] = defaultdict(list)
    sql = f"""
        SELECT employee_id, local_time, status FROM {table(Punch)}
        WHERE employee_id IN ({marks(len(employee_ids))}) AND counted = %s
            AND local_date >= %s AND local_date <= %s"""  # noqa: S608 (the model's table)
    params = [*in_params(employee_ids), True, first - ONE_DAY, last + ONE_DAY]
    parse = datetime.fromisoformat
    for employee_id, local, status in fetch_sql(sql, params):
        direction = DEVICE_STATUS.get(status) if use_status and status is not None else None
        punches[employee_id].append(RulesPunch(parse(local), direction))
    return punches


def absences_for(
    employee_ids: Iterable[int], first: date, last: date
) -> dict[int, list[ApprovedAbsence]]:
    """Approved absences (leave, duty...): requests in force, per employee."""
    return approved_absences(employee_ids, first, last)


def batch_inputs(employee_ids: Sequence[int], first: date, last: date) -> BatchInputs:
    region = region_inputs()
    policies = region.policies
    use_status = any(policies.for_month(m.year, m.month).use_device_status for m in (first, last))
    employees, spans = _people(employee_ids, first, last)
    schedules = _schedules([(e, s) for e, s, _ in employees], spans, first, last, region)
    punches = _punches(employee_ids, first, last, use_status)
    absences = absences_for(employee_ids, first, last)
    events = event_occurrences(spans, first, last, region.events_between(first, last))
    unit_ids = {s.unit_id for group in spans.values() for s in group}
    years = tuple(range(first.year - 1, last.year + 2))
    return BatchInputs(
        calendar=_calendar(years, region.overrides),
        policies=policies,
        unit_codes={u: region.unit_codes[u] for u in unit_ids if u in region.unit_codes},
        employees={
            e: EmployeeInputs(
                employee_id=e,
                employee_type=t,
                spans=spans.get(e, []),
                schedule=schedules[e],
                punches=punches.get(e, []),
                absences=absences.get(e, []),
                events=events.get(e, {}),
            )
            for e, _s, t in employees
        },
    )
