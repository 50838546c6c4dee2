"""Events (apel, upacara, senam): attended, missed, excused, not judged, and their cost."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

import pytest

from hadir.rules import (
    DEFAULT_POLICY,
    AbsenceKind,
    ApprovedAbsence,
    DayCode,
    EventKind,
    EventOccurrence,
    EventVerdict,
    LeaveType,
    build_month_recap,
    evaluate_day,
    judge_events,
    load_policy_file,
    render,
)

from .builders import at, calendar_2026, day_result, punches, schedule

MONDAY = "2026-08-03"
SATURDAY = "2026-08-08"
APEL_2PCT = replace(DEFAULT_POLICY, event_missed_pct={EventKind.APEL: Decimal(2)})


def apel(*marks: str, on_list: bool = False, day: str = MONDAY) -> EventOccurrence:
    return EventOccurrence(
        "Apel pagi",
        EventKind.APEL,
        at(f"{day} 07:30"),
        at(f"{day} 08:00"),
        tuple(at(f"{day} {mark}") for mark in marks),
        on_list,
    )


@pytest.mark.parametrize(
    ("marks", "on_list", "verdict", "codes"),
    [
        (("07:30",), False, EventVerdict.ATTENDED, (DayCode.H,)),  # start included
        (("08:00",), False, EventVerdict.ATTENDED, (DayCode.H,)),  # end included
        (("07:29",), False, EventVerdict.MISSED, (DayCode.H, DayCode.TA)),  # before window
        (("08:01",), False, EventVerdict.MISSED, (DayCode.H, DayCode.TA)),  # after window
        ((), True, EventVerdict.ATTENDED, (DayCode.H,)),  # the head's list
        ((), False, EventVerdict.MISSED, (DayCode.H, DayCode.TA)),
    ],
)
def test_apel_window_and_list(
    marks: tuple[str, ...], on_list: bool, verdict: EventVerdict, codes: tuple[DayCode, ...]
) -> None:
    day = day_result(MONDAY, f"{MONDAY} 07:10", f"{MONDAY} 16:05")
    judged = judge_events(day, [apel(*marks, on_list=on_list)])
    assert judged.events[0].verdict is verdict
    assert judged.codes == codes


def test_missed_apel_costs_only_its_policy_deduction() -> None:
    """A Monday apel missed by one person and attended by another: only the first pays."""
    worked = (f"{MONDAY} 07:10", f"{MONDAY} 16:05")
    missed = judge_events(day_result(MONDAY, *worked, policy=APEL_2PCT), [apel()])
    attended = judge_events(day_result(MONDAY, *worked, policy=APEL_2PCT), [apel("07:45")])
    missed_recap = build_month_recap(2026, 8, [missed], policy=APEL_2PCT)
    attended_recap = build_month_recap(2026, 8, [attended], policy=APEL_2PCT)
    assert missed_recap.code_counts[DayCode.TA] == 1
    assert missed_recap.table_pct == Decimal(2)
    assert attended_recap.table_pct == 0
    assert "Apel pagi (07:30-08:00): tidak hadir (TA)" in missed.explanation_text
    assert "Apel pagi (07:30-08:00): hadir, absen 07:45" in attended.explanation_text


def test_default_policy_deducts_nothing_for_a_missed_event() -> None:
    missed = judge_events(day_result(MONDAY, f"{MONDAY} 07:10", f"{MONDAY} 16:05"), [apel()])
    assert missed.codes == (DayCode.H, DayCode.TA)
    assert build_month_recap(2026, 8, [missed], policy=DEFAULT_POLICY).table_pct == 0


@pytest.mark.parametrize(
    "kind", [AbsenceKind.SAKIT, AbsenceKind.DINAS_LUAR, AbsenceKind.CUTI, AbsenceKind.FWA]
)
def test_an_excused_day_is_not_judged(kind: AbsenceKind) -> None:
    leave = LeaveType.TAHUNAN if kind is AbsenceKind.CUTI else None
    excuse = ApprovedAbsence(kind, date(2026, 8, 3), date(2026, 8, 3), leave)
    judged = judge_events(day_result(MONDAY, f"{MONDAY} 07:10", absences=[excuse]), [apel()])
    assert judged.events[0].verdict is EventVerdict.EXCUSED
    assert DayCode.TA not in judged.codes


def test_a_tk_day_is_not_judged_again_and_a_day_off_has_no_event() -> None:
    tk = judge_events(day_result(MONDAY), [apel()])
    assert tk.codes == (DayCode.TK,)
    assert tk.events[0].verdict is EventVerdict.ABSENT_DAY
    day_off = judge_events(day_result(SATURDAY), [apel(day=SATURDAY)])
    assert day_off.codes == (DayCode.L,) and day_off.events == ()


def test_a_day_not_over_is_not_judged() -> None:
    going_on = evaluate_day(
        date(2026, 8, 3),
        schedule=schedule(),
        calendar=calendar_2026(),
        policy=APEL_2PCT,
        punches=punches(f"{MONDAY} 07:10"),
        now=at(f"{MONDAY} 09:00"),
    )
    judged = judge_events(going_on, [apel()])
    assert judged.events[0].verdict is EventVerdict.PENDING
    assert DayCode.TA not in judged.codes
    assert build_month_recap(2026, 8, [judged], policy=APEL_2PCT).table_pct == 0


def test_early_leave_code_is_still_named_beside_a_missed_event() -> None:
    day = day_result(MONDAY, f"{MONDAY} 07:10", f"{MONDAY} 15:00")
    judged = judge_events(day, [apel()])
    assert judged.codes == (DayCode.PSW2, DayCode.TA)
    assert "(PSW2)" in render(judged.explanation)


def test_policy_file_reads_event_deductions_and_refuses_bad_ones() -> None:
    head = (
        'region = "X"\n[[version]]\neffective_from = "2026-01"\nlate_band_edges = [30]\n'
        "early_band_edges = [30]\nmissing_punch_counts_as_top_band = true\n"
        "tpp_split = { performance_pct = 60, discipline_pct = 40 }\n"
        'deduction_applies_to = "whole"\n'
        "deduction_pct = { TL1 = 1, TL2 = 2, PSW1 = 1, PSW2 = 2, TK = 3 }\n"
    )
    good = load_policy_file(head + "event_missed_pct = { apel = 2, upacara = 4 }\n")
    assert good.policy_set is not None
    policy = good.policy_set.for_month(2026, 1)
    assert policy.deduction_for(DayCode.TA) == (Decimal(2), DayCode.TA)
    assert policy.deduction_for(DayCode.TUP) == (Decimal(4), DayCode.TUP)
    assert policy.deduction_for(DayCode.TSN) == (Decimal(0), DayCode.TSN)
    for bad in ("{ apel = 200 }", "{ rapat = 2 }", '{ apel = "2" }'):
        result = load_policy_file(head + f"event_missed_pct = {bad}\n")
        assert result.policy_set is None
        assert "event_missed_pct" in str(result.errors[0])


def test_event_codes_are_not_written_in_the_deduction_table() -> None:
    with pytest.raises(ValueError, match="event_missed_pct"):
        replace(DEFAULT_POLICY, deduction_pct={**DEFAULT_POLICY.deduction_pct, DayCode.TA: 2})


def test_occurrence_code_by_kind() -> None:
    moment = datetime(2026, 8, 3, 8)
    codes = [EventOccurrence("x", kind, moment, moment).code for kind in EventKind]
    assert codes == [DayCode.TA, DayCode.TUP, DayCode.TSN, DayCode.TKG]
