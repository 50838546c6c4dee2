"""Invariants: the order of punches and repeated punches never change a day's result."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from hadir.rules import (
    DEFAULT_POLICY,
    NIGHT_SHIFT,
    DayResult,
    Policy,
    Punch,
    PunchDirection,
    evaluate_day,
)

from .builders import calendar_2026, schedule

MONDAY = date(2026, 8, 3)
ON = schedule(roster={date(2026, 8, 4): NIGHT_SHIFT})
STATUS_POLICY = replace(DEFAULT_POLICY, use_device_status=True)

moments = st.integers(min_value=0, max_value=3 * 24 * 60 * 60).map(
    lambda seconds: datetime(2026, 8, 3) + timedelta(seconds=seconds)
)
punch_lists = st.lists(
    st.builds(Punch, moments, st.sampled_from([None, PunchDirection.IN, PunchDirection.OUT])),
    max_size=8,
)
days = st.sampled_from([MONDAY, MONDAY + timedelta(days=1), date(2026, 8, 8)])
policies = st.sampled_from([DEFAULT_POLICY, STATUS_POLICY])


def evaluate(day: date, punches: list[Punch], policy: Policy = DEFAULT_POLICY) -> DayResult:
    return evaluate_day(day, schedule=ON, calendar=calendar_2026(), policy=policy, punches=punches)


@settings(max_examples=150, deadline=None, database=None)
@given(day=days, punches=punch_lists, policy=policies, data=st.data())
def test_permuting_punches_never_changes_the_result(
    day: date, punches: list[Punch], policy: Policy, data: st.DataObject
) -> None:
    shuffled = data.draw(st.permutations(punches))
    first, second = evaluate(day, punches, policy), evaluate(day, shuffled, policy)
    assert first == second
    assert first.explanation == second.explanation


@settings(max_examples=150, deadline=None, database=None)
@given(day=days, punches=punch_lists.filter(bool), policy=policies, data=st.data())
def test_a_duplicate_punch_never_changes_the_result(
    day: date, punches: list[Punch], policy: Policy, data: st.DataObject
) -> None:
    repeated = data.draw(st.sampled_from(punches))
    with_duplicate = [*punches, repeated]
    assert evaluate(day, punches, policy) == evaluate(day, with_duplicate, policy)
    assert (
        evaluate(day, punches, policy).explanation
        == evaluate(day, with_duplicate, policy).explanation
    )
