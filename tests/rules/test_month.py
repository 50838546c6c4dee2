"""evaluate_month / evaluate_days: same answers as evaluate_day, and a transfer mid-month."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from hadir.rules import (
    DEFAULT_POLICY,
    FIVE_DAY,
    NIGHT_SHIFT,
    SIX_DAY,
    AbsenceKind,
    ApprovedAbsence,
    DayCode,
    EmployeeSchedule,
    PatternAssignment,
    Punch,
    build_month_recap,
    evaluate_day,
    evaluate_days,
    evaluate_month,
    evaluate_planned_day,
    evaluate_planned_days,
    month_days,
    resolve_expected_shift,
)

from .builders import calendar_2026, punches, schedule

D = DayCode


def random_punches(seed: int, first: date, last: date) -> list[Punch]:
    """Deterministic noisy punches: early/late arrivals, missing sides, duplicates."""
    rng = random.Random(seed)
    found = []
    day = first
    while day <= last:
        for hour in (7, 16, 21, 6):
            if rng.random() < 0.6:
                moment = datetime.combine(day, time(hour)) + timedelta(minutes=rng.randint(-90, 90))
                found.extend([Punch(moment)] * rng.randint(1, 2))
        day += timedelta(days=1)
    rng.shuffle(found)
    return found


def test_month_equals_day_by_day_including_night_shifts_and_holidays() -> None:
    roster = {date(2026, 8, day): NIGHT_SHIFT for day in (3, 5, 16, 31)}
    on = schedule(roster=roster)
    noisy = random_punches(42, date(2026, 7, 31), date(2026, 9, 1))
    leave = ApprovedAbsence(AbsenceKind.IZIN, date(2026, 8, 10), date(2026, 8, 11))
    kwargs = {
        "schedule": on,
        "calendar": calendar_2026(),
        "policy": DEFAULT_POLICY,
        "absences": (leave,),
    }
    month = evaluate_month(2026, 8, punches=noisy, **kwargs)  # type: ignore[arg-type]
    one_by_one = [
        evaluate_day(day, punches=noisy, **kwargs)  # type: ignore[arg-type]
        for day in month_days(2026, 8)
    ]
    assert month == one_by_one
    assert [r.explanation for r in month] == [r.explanation for r in one_by_one]
    assert len(month) == 31
    assert month[16].codes == (D.L,)  # 17 August
    assert month[9].codes == (D.I,)


def test_transfer_mid_month_is_just_different_inputs_per_date() -> None:
    # Until 14 August in a 5-day office, from 15 August in a 6-day unit.
    on = EmployeeSchedule(
        assignments=(
            PatternAssignment(FIVE_DAY, date(2020, 1, 1), date(2026, 8, 14)),
            PatternAssignment(SIX_DAY, date(2026, 8, 15)),
        )
    )
    worked = []
    for day in month_days(2026, 8):
        hours = FIVE_DAY.hours[day.weekday()] if day.day <= 14 else SIX_DAY.hours[day.weekday()]
        if hours is not None and day != date(2026, 8, 17):
            worked += [f"{day} {hours.start:%H:%M}", f"{day} {hours.end:%H:%M}"]
    month = evaluate_month(
        2026,
        8,
        schedule=on,
        calendar=calendar_2026(),
        policy=DEFAULT_POLICY,
        punches=punches(*worked),
    )
    saturdays = {r.day.day: r.codes for r in month if r.day.weekday() == 5}
    assert saturdays == {1: (D.L,), 8: (D.L,), 15: (D.H,), 22: (D.H,), 29: (D.H,)}
    recap = build_month_recap(2026, 8, month, policy=DEFAULT_POLICY, tpp_base=1_000_000)
    # Aug 2026: 10 working days until the 14th; from the 15th 14 days Mon-Sat, less the 17th
    # (Independence Day) and the 25th (Maulid Nabi).
    assert recap.working_days == 10 + 12
    assert recap.code_counts == {D.H: 22, D.L: 9}
    assert recap.deduction_amount == 0


def test_two_units_in_one_month_by_calling_once_per_span() -> None:
    first_half = [date(2026, 8, day) for day in range(1, 15)]
    second_half = [date(2026, 8, day) for day in range(15, 32)]
    common = {"calendar": calendar_2026(), "policy": DEFAULT_POLICY, "punches": ()}
    before = evaluate_days(first_half, schedule=schedule(), unit_code="DINKES", **common)  # type: ignore[arg-type]
    after = evaluate_days(second_half, schedule=schedule(), unit_code="RSUD", **common)  # type: ignore[arg-type]
    recap = build_month_recap(2026, 8, before + after, policy=DEFAULT_POLICY)
    assert recap.days == 31
    assert recap.tk_days == recap.working_days == 19


def test_empty_list_of_days() -> None:
    assert (
        evaluate_days(
            [], schedule=schedule(), calendar=calendar_2026(), policy=DEFAULT_POLICY, punches=()
        )
        == []
    )


def test_plans_resolved_once_per_unit_give_the_same_results() -> None:
    unit = schedule()
    calendar = calendar_2026()
    plans = [resolve_expected_shift(day, unit, calendar) for day in month_days(2026, 8)]
    for seed in (1, 2, 3):  # three employees of the unit share the plans
        noisy = random_punches(seed, date(2026, 7, 31), date(2026, 9, 1))
        shared = evaluate_planned_days(plans, policy=DEFAULT_POLICY, punches=noisy)
        own = evaluate_month(
            2026, 8, schedule=unit, calendar=calendar, policy=DEFAULT_POLICY, punches=noisy
        )
        assert shared == own
        assert shared[3] == evaluate_planned_day(plans[3], policy=DEFAULT_POLICY, punches=noisy)
