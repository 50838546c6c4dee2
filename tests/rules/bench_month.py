"""Benchmark: evaluate and recap N employees x one month with the pure rules.

Run: ``.venv/bin/python -m tests.rules.bench_month [employees]`` (default 10,000). Data is
deterministic (random.Random(42)): 5-day office staff, 6-day units, and nurses on a roster
with night shifts; noisy punches with duplicates and missing sides; some leave.
"""

from __future__ import annotations

import random
import sys
import time as clock
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

from hadir.rules import (
    DEFAULT_POLICY,
    FIVE_DAY,
    NIGHT_SHIFT,
    SIX_DAY,
    AbsenceKind,
    ApprovedAbsence,
    Calendar,
    DayOff,
    EmployeeSchedule,
    ExpectedShift,
    LeaveType,
    PatternAssignment,
    Punch,
    build_month_recap,
    evaluate_month,
    evaluate_planned_days,
    month_days,
    resolve_expected_shift,
)
from hadir.rules.patterns import AFTERNOON_SHIFT, MORNING_SHIFT

YEAR, MONTH = 2026, 8


def employees(count: int) -> Iterator[tuple[EmployeeSchedule, list[Punch], list[ApprovedAbsence]]]:
    rng = random.Random(42)
    days = month_days(YEAR, MONTH)
    office = EmployeeSchedule(assignments=(PatternAssignment(FIVE_DAY, date(2020, 1, 1)),))
    six = EmployeeSchedule(assignments=(PatternAssignment(SIX_DAY, date(2020, 1, 1)),))
    shifts = (MORNING_SHIFT, AFTERNOON_SHIFT, NIGHT_SHIFT, None)
    for _ in range(count):
        kind = rng.random()
        if kind < 0.8:
            schedule = office
        elif kind < 0.9:
            schedule = six
        else:
            roster = {day: rng.choice(shifts) for day in days}
            schedule = EmployeeSchedule(assignments=office.assignments, roster=roster)
        punches = []
        for day in [days[0] - timedelta(days=1), *days, days[-1] + timedelta(days=1)]:
            for hour in (7, 16):
                if rng.random() < 0.93:
                    moment = datetime.combine(day, time(hour)) + timedelta(
                        minutes=rng.randint(-45, 80), seconds=rng.randint(0, 59)
                    )
                    punches.extend([Punch(moment)] * rng.choice((1, 1, 1, 2)))
        absences = []
        if rng.random() < 0.1:
            first = rng.choice(days)
            absences.append(
                ApprovedAbsence(
                    AbsenceKind.CUTI, first, first + timedelta(days=2), LeaveType.TAHUNAN
                )
            )
        yield schedule, punches, absences


def main(count: int) -> None:
    calendar = Calendar.for_years([YEAR])
    data = list(employees(count))
    started = clock.perf_counter()
    evaluated = [
        evaluate_month(
            YEAR,
            MONTH,
            schedule=schedule,
            calendar=calendar,
            policy=DEFAULT_POLICY,
            punches=punches,
            absences=absences,
        )
        for schedule, punches, absences in data
    ]
    evaluated_in = clock.perf_counter() - started
    middle = clock.perf_counter()
    # The unit fast path: plans resolved once per shared schedule.
    shared: dict[int, list[ExpectedShift | DayOff]] = {}
    days = month_days(YEAR, MONTH)
    for schedule, punches, absences in data:
        plans = shared.get(id(schedule)) if not schedule.roster else None
        if plans is None:
            plans = [resolve_expected_shift(day, schedule, calendar) for day in days]
            if not schedule.roster:
                shared[id(schedule)] = plans
        evaluate_planned_days(plans, policy=DEFAULT_POLICY, punches=punches, absences=absences)
    planned = clock.perf_counter() - middle
    middle = clock.perf_counter()
    for results in evaluated:
        build_month_recap(YEAR, MONTH, results, policy=DEFAULT_POLICY, tpp_base=4_000_000)
    finished = clock.perf_counter()
    print(
        f"{count} employees x {len(evaluated[0])} days: evaluate_month {evaluated_in:.2f} s, "
        f"with plans shared per unit {planned:.2f} s, recap {finished - middle:.2f} s"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
