"""The memoised explanation (``hadir.rules.explain.explanation_text``, issue 15) reads
exactly as the full explanation for any day: working, rostered at night, on a holiday, off,
in progress or over, with or without absences, events and device statuses."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from hadir.rules import (
    DEFAULT_POLICY,
    KAB_TTU_POLICY,  # a missing punch is TAM/TAP, not counted as the top band
    NIGHT_SHIFT,
    AbsenceKind,
    ApprovedAbsence,
    EventKind,
    EventOccurrence,
    LeaveType,
    Policy,
    Punch,
    PunchDirection,
    ShiftTime,
    evaluate_day,
    judge_events,
    render,
)
from hadir.rules.explain import explain_day, explanation_text

from .builders import calendar_2026, schedule

MONDAY = date(2026, 8, 3)
INDEPENDENCE_DAY = date(2026, 8, 17)  # a national holiday, rostered: a working holiday
ROSTERED = schedule(
    roster={
        date(2026, 8, 4): NIGHT_SHIFT,
        date(2026, 8, 5): None,  # a rostered day off
        INDEPENDENCE_DAY: ShiftTime(time(7, 0), time(14, 0), "Pagi"),
    }
)
DAYS = [MONDAY, date(2026, 8, 4), date(2026, 8, 5), date(2026, 8, 8), INDEPENDENCE_DAY]
POLICIES = [
    DEFAULT_POLICY,
    replace(DEFAULT_POLICY, use_device_status=True),
    KAB_TTU_POLICY,  # a missing punch is TAM/TAP, not counted as the top band
]


@st.composite
def moments(draw: st.DrawFn, day: date) -> datetime:
    """Any second from the day before to two days after ``day`` (night shifts, margins)."""
    seconds = draw(st.integers(min_value=0, max_value=4 * 24 * 60 * 60 - 1))
    return datetime.combine(day - timedelta(days=1), time.min) + timedelta(seconds=seconds)


@st.composite
def absences(draw: st.DrawFn, day: date) -> list[ApprovedAbsence]:
    if not draw(st.booleans()):
        return []
    kind = draw(st.sampled_from(list(AbsenceKind)))
    leave = draw(st.sampled_from(list(LeaveType))) if kind is AbsenceKind.CUTI else None
    first = day - timedelta(days=draw(st.integers(0, 2)))
    return [ApprovedAbsence(kind, first, day + timedelta(days=draw(st.integers(0, 2))), leave)]


@st.composite
def events(draw: st.DrawFn, day: date) -> list[EventOccurrence]:
    found = []
    for _ in range(draw(st.integers(0, 2))):
        starts = datetime.combine(day, time(draw(st.integers(6, 16)), draw(st.integers(0, 59))))
        marks = draw(st.lists(moments(day), max_size=2))
        found.append(
            EventOccurrence(
                draw(st.sampled_from(["Apel pagi", "Upacara", "Senam"])),
                draw(st.sampled_from(list(EventKind))),
                starts,
                starts + timedelta(minutes=30),
                tuple(sorted(marks)),
                draw(st.booleans()),
            )
        )
    return found


@settings(max_examples=400, deadline=None, database=None)
@given(data=st.data())
def test_the_memoised_explanation_reads_as_the_full_one(data: st.DataObject) -> None:
    day = data.draw(st.sampled_from(DAYS))
    policy: Policy = data.draw(st.sampled_from(POLICIES))
    directions = st.sampled_from([None, PunchDirection.IN, PunchDirection.OUT])
    punches = data.draw(st.lists(st.builds(Punch, moments(day), directions), max_size=6))
    now = data.draw(st.one_of(st.none(), moments(day)))
    result = evaluate_day(
        day,
        schedule=ROSTERED,
        calendar=calendar_2026(),
        policy=policy,
        punches=punches,
        absences=data.draw(absences(day)),
        now=now,
    )
    result = judge_events(result, data.draw(events(day)))
    full = render(explain_day(result))
    assert explanation_text(result) == full
    assert result.explanation_text == full
    assert explanation_text(result) == full  # the second read comes from the memo


def test_the_memo_tells_apart_days_that_read_differently() -> None:
    """Same codes, different minutes: never the text of another day."""
    texts = set()
    for minute in range(10):
        arrival = Punch(datetime(2026, 8, 3, 7, minute, 30))
        departure = Punch(datetime(2026, 8, 3, 16, 5, 0))
        result = evaluate_day(
            MONDAY,
            schedule=ROSTERED,
            calendar=calendar_2026(),
            policy=DEFAULT_POLICY,
            punches=[arrival, departure],
        )
        assert (
            result.codes
            == evaluate_day(
                MONDAY,
                schedule=ROSTERED,
                calendar=calendar_2026(),
                policy=DEFAULT_POLICY,
                punches=[departure, arrival],
            ).codes
        )
        texts.add(result.explanation_text)
        assert f"Masuk 07:{minute:02d}" in result.explanation_text
    assert len(texts) == 10
