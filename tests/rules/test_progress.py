"""Days in progress: a day not over shows the punches so far and no code that needs its end;
a capture's direction follows the schedule and the punches so far."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from hadir.rules import (
    DEFAULT_POLICY,
    DayCode,
    DayOff,
    DayResult,
    EmployeeSchedule,
    Punch,
    PunchDirection,
    build_month_recap,
    capture_direction,
    day_closes,
    evaluate_day,
    resolve_expected_shift,
)
from hadir.rules.patterns import NIGHT_SHIFT

from .builders import at, calendar_2026, punches, schedule

D = DayCode
MONDAY = date(2026, 8, 3)  # 07:30-16:00; the departure window closes at 22:00
NIGHT = schedule(roster={MONDAY: NIGHT_SHIFT})  # 21:00 Monday to 07:00 Tuesday


def monday(
    *texts: str,
    now: str | None,
    on: EmployeeSchedule | None = None,
    direction: PunchDirection | None = None,
) -> DayResult:
    return evaluate_day(
        MONDAY,
        schedule=on or schedule(),
        calendar=calendar_2026(),
        policy=DEFAULT_POLICY,
        punches=[Punch(at(text), direction) for text in texts],
        now=at(now) if now else None,
    )


@pytest.mark.parametrize(
    ("texts", "now", "in_progress", "codes", "check_in", "check_out"),
    [
        # before the day starts: in progress, nothing yet (not TK)
        ((), "2026-08-03 05:00", True, (), None, None),
        # after an on-time check-in, mid-day: in progress, no TAP
        (("2026-08-03 07:20",), "2026-08-03 12:00", True, (), "07:20", None),
        # a late check-in shows as late at once, nothing else
        (("2026-08-03 08:10",), "2026-08-03 10:00", True, (D.TL2,), "08:10", None),
        # an afternoon check-in: late (TL4), never TAM + PSW4
        (("2026-08-03 14:27",), "2026-08-03 14:30", True, (D.TL4,), "14:27", None),
        # left early but the day is not over: the punch is the latest one, no PSW yet
        (("2026-08-03 07:20", "2026-08-03 13:00"), "2026-08-03 13:05", True, (), "07:20", "13:00"),
        # 16:30 is after the end but the departure window is open until 22:00
        ((), "2026-08-03 21:59", True, (), None, None),
        # after the day closes: judged as usual
        ((), "2026-08-03 22:00", False, (D.TK,), None, None),
        (("2026-08-03 14:27",), "2026-08-03 22:00", False, (D.TAM, D.PSW4), None, "14:27"),
        (
            ("2026-08-03 07:20", "2026-08-03 16:05"),
            "2026-08-04 08:00",
            False,
            (D.H,),
            "07:20",
            "16:05",
        ),
        # no ``now``: a past day, judged as before
        (("2026-08-03 07:20",), None, False, (D.TAP,), "07:20", None),
    ],
)
def test_office_day_before_during_and_after(
    texts: tuple[str, ...],
    now: str | None,
    in_progress: bool,
    codes: tuple[DayCode, ...],
    check_in: str | None,
    check_out: str | None,
) -> None:
    result = monday(*texts, now=now)
    assert result.in_progress is in_progress
    assert result.codes == codes
    assert (result.check_in and f"{result.check_in:%H:%M}") == check_in
    assert (result.check_out and f"{result.check_out:%H:%M}") == check_out
    if in_progress:
        assert result.early_minutes == 0
        assert result.explanation_text.startswith("Hari berjalan, belum selesai")


def test_afternoon_check_in_explained_as_late_and_not_finished() -> None:
    text = monday("2026-08-03 14:27", now="2026-08-03 14:30").explanation_text
    assert text == (
        "Hari berjalan, belum selesai: kode dan potongan ditetapkan setelah 22:00; "
        "Masuk 14:27, jadwal 07:30: terlambat 417 menit (TL4)"
    )


def test_a_punch_marked_check_out_is_not_taken_for_the_arrival() -> None:
    result = monday("2026-08-03 14:27", now="2026-08-03 14:30", direction=PunchDirection.OUT)
    assert (result.codes, result.check_in) == ((), None)
    assert result.explanation_text.endswith(
        "Belum ada absen (jadwal 07:30-16:00); Absen terakhir 14:27"
    )


@pytest.mark.parametrize(
    ("texts", "now", "in_progress", "codes"),
    [
        ((), "2026-08-03 20:00", True, ()),  # before the shift
        (("2026-08-03 20:55",), "2026-08-03 23:30", True, ()),  # on time, night going on
        (("2026-08-03 20:55",), "2026-08-04 06:30", True, ()),  # next morning, not yet over
        (("2026-08-03 20:55",), "2026-08-04 12:59", True, ()),  # departure window open
        (("2026-08-03 20:55",), "2026-08-04 13:00", False, (D.TAP,)),  # over the next day
        (("2026-08-03 20:55", "2026-08-04 07:02"), "2026-08-04 13:00", False, (D.H,)),
    ],
)
def test_night_shift_crossing_midnight_ends_the_next_day(
    texts: tuple[str, ...], now: str, in_progress: bool, codes: tuple[DayCode, ...]
) -> None:
    result = monday(*texts, now=now, on=NIGHT)
    assert (result.in_progress, result.codes) == (in_progress, codes)


def test_day_closes_after_the_departure_window() -> None:
    office = resolve_expected_shift(MONDAY, schedule(), calendar_2026())
    night = resolve_expected_shift(MONDAY, NIGHT, calendar_2026())
    assert not isinstance(office, DayOff) and not isinstance(night, DayOff)
    assert day_closes(office, DEFAULT_POLICY) == at("2026-08-03 22:00")
    assert day_closes(night, DEFAULT_POLICY) == at("2026-08-04 13:00")


def test_day_off_is_never_in_progress() -> None:
    sunday = evaluate_day(
        date(2026, 8, 2),
        schedule=schedule(),
        calendar=calendar_2026(),
        policy=DEFAULT_POLICY,
        punches=punches("2026-08-02 09:00"),
        now=at("2026-08-02 10:00"),
    )
    assert (sunday.in_progress, sunday.codes) == (False, (D.L,))


def test_recap_never_deducts_for_a_day_in_progress() -> None:
    done = monday("2026-08-03 14:27", now="2026-08-03 23:00")
    going = monday("2026-08-03 14:27", now="2026-08-03 14:30")
    assert build_month_recap(2026, 8, [done], policy=DEFAULT_POLICY).deduction_pct > 0
    recap = build_month_recap(2026, 8, [going], policy=DEFAULT_POLICY, tpp_base=4_000_000)
    assert (recap.deduction_pct, recap.deduction_amount, recap.items) == (Decimal(0), 0, ())
    assert (recap.code_counts, recap.late_minutes, recap.present_days) == ({}, 0, 1)


@pytest.mark.parametrize(
    ("so_far", "now", "direction"),
    [
        ((), "2026-08-03 06:50", PunchDirection.IN),  # morning, nothing yet
        ((), "2026-08-03 14:27", PunchDirection.IN),  # late arrival
        ((), "2026-08-03 16:10", None),  # after the end: forgotten check-in or check-out?
        (("2026-08-03 07:20",), "2026-08-03 11:50", None),  # mid-day with a punch: ask
        (("2026-08-03 07:20",), "2026-08-03 16:00", PunchDirection.OUT),
        (("2026-08-03 07:20", "2026-08-03 16:01"), "2026-08-03 16:30", PunchDirection.OUT),
        (("2026-08-03 16:20",), "2026-08-03 16:10", None),  # a later punch does not count
    ],
)
def test_capture_direction_by_schedule_and_punches(
    so_far: tuple[str, ...], now: str, direction: PunchDirection | None
) -> None:
    plan = resolve_expected_shift(MONDAY, schedule(), calendar_2026())
    assert capture_direction(plan, [at(t) for t in so_far], at(now)) is direction


def test_capture_direction_on_a_day_off_is_the_employees_choice() -> None:
    sunday = resolve_expected_shift(date(2026, 8, 2), schedule(), calendar_2026())
    assert capture_direction(sunday, [], at("2026-08-02 08:00")) is None
