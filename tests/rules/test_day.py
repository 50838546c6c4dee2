"""evaluate_day: one employee, one day, every rule and its edges."""

from __future__ import annotations

from datetime import date, time

import pytest

from hadir.rules import (
    DEFAULT_POLICY,
    KAB_TTU_POLICY,
    SCHOOL_SIX_DAY,
    SIX_DAY,
    AbsenceKind,
    ApprovedAbsence,
    AssignmentScope,
    DayCode,
    DayOff,
    DayOffReason,
    DayResult,
    ExpectedShift,
    HolidayKind,
    LeaveType,
    PatternAssignment,
    Policy,
    Punch,
    PunchDirection,
    PunchWindows,
    RegionalOverrides,
    ShiftTime,
    ramadan_override,
    render,
)
from hadir.rules.patterns import NIGHT_SHIFT

from .builders import at, calendar_with, day_result, schedule

D = DayCode
MONDAY = "2026-08-03"  # 07:30-16:00
FRIDAY = "2026-08-07"  # 07:30-16:30


@pytest.mark.parametrize(
    ("arrival", "codes", "late"),
    [
        ("05:30", (D.H,), 0),  # the arrival window opens 2 h before the start
        ("07:30:00", (D.H,), 0),
        ("07:30:59", (D.H,), 0),  # seconds are dropped: still 07:30
        ("07:31:00", (D.TL1,), 1),
        ("08:00:59", (D.TL1,), 30),
        ("08:01:00", (D.TL2,), 31),
        ("08:30:59", (D.TL2,), 60),
        ("08:31:00", (D.TL3,), 61),
        ("09:00:59", (D.TL3,), 90),
        ("09:01:00", (D.TL4,), 91),
        ("11:44:59", (D.TL4,), 254),  # last moment before the midpoint (11:45)
    ],
)
def test_late_arrival_minutes_and_bands(
    arrival: str, codes: tuple[DayCode, ...], late: int
) -> None:
    result = day_result(MONDAY, f"{MONDAY} {arrival}", f"{MONDAY} 16:00")
    assert (result.codes, result.late_minutes, result.early_minutes) == (codes, late, 0)


@pytest.mark.parametrize(
    ("departure", "codes", "early"),
    [
        ("16:30:00", (D.H,), 0),
        ("22:30:00", (D.H,), 0),  # the departure window closes 6 h after the end
        ("16:29:59", (D.PSW1,), 1),  # read as 16:29
        ("16:29:00", (D.PSW1,), 1),
        ("16:00:00", (D.PSW1,), 30),
        ("15:59:59", (D.PSW2,), 31),
        ("15:30:00", (D.PSW2,), 60),
        ("15:29:00", (D.PSW3,), 61),
        ("15:00:00", (D.PSW3,), 90),
        ("14:59:00", (D.PSW4,), 91),
        ("12:00:00", (D.PSW4,), 270),  # the midpoint itself counts as departure
    ],
)
def test_early_departure_minutes_and_bands_on_friday(
    departure: str, codes: tuple[DayCode, ...], early: int
) -> None:
    result = day_result(FRIDAY, f"{FRIDAY} 07:15", f"{FRIDAY} {departure}")
    assert (result.codes, result.late_minutes, result.early_minutes) == (codes, 0, early)


def test_late_and_early_on_the_same_day_carry_two_codes() -> None:
    result = day_result(MONDAY, f"{MONDAY} 08:12:30", f"{MONDAY} 15:45")
    assert result.codes == (D.TL2, D.PSW1)
    assert result.explanation_text == (
        "Masuk 08:12, jadwal 07:30: terlambat 42 menit (TL2); "
        "Pulang 15:45, jadwal 16:00: pulang 15 menit sebelum waktunya (PSW1)"
    )
    assert render(result.explanation, "en") == (
        "In 08:12, scheduled 07:30: 42 min late (TL2); "
        "Out 15:45, scheduled 16:00: left 15 min early (PSW1)"
    )


def test_on_time_day_is_h_with_its_explanation() -> None:
    result = day_result(MONDAY, f"{MONDAY} 07:20", f"{MONDAY} 16:05")
    assert result.codes == (D.H,)
    assert result.is_present and result.working_day
    assert (result.check_in, result.check_out) == (at(f"{MONDAY} 07:20"), at(f"{MONDAY} 16:05"))
    assert result.explanation_text == (
        "Masuk 07:20, jadwal 07:30: tepat waktu; Pulang 16:05, jadwal 16:00: sesuai jadwal; "
        "Hadir tepat waktu (H)"
    )


@pytest.mark.parametrize(
    ("punch_times", "codes", "text"),
    [
        (
            ("07:20",),
            (D.TAP,),
            "Masuk 07:20, jadwal 07:30: tepat waktu; "
            "Tidak ada absen pulang, jadwal 16:00 (TAP, dihitung sebagai PSW4)",
        ),
        (
            ("16:10",),
            (D.TAM,),
            "Tidak ada absen masuk, jadwal 07:30 (TAM, dihitung sebagai TL4); "
            "Pulang 16:10, jadwal 16:00: sesuai jadwal",
        ),
        (("08:05",), (D.TL2, D.TAP), None),
        (("15:00",), (D.TAM, D.PSW2), None),
    ],
)
def test_missing_punch_gives_tam_or_tap(
    punch_times: tuple[str, ...], codes: tuple[DayCode, ...], text: str | None
) -> None:
    result = day_result(MONDAY, *(f"{MONDAY} {t}" for t in punch_times))
    assert result.codes == codes
    if text is not None:
        assert result.explanation_text == text


def test_missing_punch_without_top_band_names_only_tam() -> None:
    result = day_result(MONDAY, f"{MONDAY} 16:10", policy=KAB_TTU_POLICY)
    assert result.codes == (D.TAM,)
    assert result.explanation[0].render() == "Tidak ada absen masuk, jadwal 07:30 (TAM)"


def test_three_bands_of_a_region_with_other_edges() -> None:
    # Kab. TTU: 1-15, 16-30, >= 31 minutes.
    codes = [
        day_result(MONDAY, f"{MONDAY} {t}", f"{MONDAY} 16:00", policy=KAB_TTU_POLICY).codes
        for t in ("07:45:59", "07:46", "08:00:59", "08:01", "10:00")
    ]
    assert codes == [(D.TL1,), (D.TL2,), (D.TL2,), (D.TL3,), (D.TL3,)]


def test_no_punch_on_a_working_day_is_tk() -> None:
    result = day_result(MONDAY)
    assert result.codes == (D.TK,)
    assert not result.is_present
    assert result.explanation_text == (
        "Tidak ada absen pada hari kerja (jadwal 07:30-16:00) dan tidak ada izin yang "
        "disetujui (TK)"
    )


def test_punches_outside_both_windows_do_not_count_and_are_mentioned() -> None:
    result = day_result(MONDAY, f"{MONDAY} 05:29", f"{MONDAY} 23:00")
    assert result.codes == (D.TK,)
    assert result.punch_count == 2
    assert result.explanation[1].render() == (
        "2 absen di luar jendela waktu 05:30 s.d. 22:00 tidak dihitung"
    )


def test_first_arrival_and_last_departure_count_whatever_the_order_and_duplicates() -> None:
    times = ["16:20", "07:40", "07:25", "07:25", "16:05", "12:00", "07:25"]
    result = day_result(MONDAY, *(f"{MONDAY} {t}" for t in times))
    assert (result.check_in, result.check_out) == (at(f"{MONDAY} 07:25"), at(f"{MONDAY} 16:20"))
    assert result.codes == (D.H,)
    assert result.punch_count == 5  # distinct punches inside the windows


def test_punches_of_other_days_are_ignored() -> None:
    result = day_result(MONDAY, "2026-08-02 07:00", f"{MONDAY} 07:29", "2026-08-04 16:00")
    assert result.codes == (D.TAP,)


def test_device_status_is_ignored_by_default_and_used_when_the_policy_says_so() -> None:
    monday = [
        Punch(at(f"{MONDAY} 07:10"), PunchDirection.OUT),
        Punch(at(f"{MONDAY} 07:40"), PunchDirection.IN),
        Punch(at(f"{MONDAY} 16:10"), PunchDirection.OUT),
        Punch(at(f"{MONDAY} 16:30"), PunchDirection.IN),
    ]
    from hadir.rules import evaluate_day

    from .builders import calendar_2026

    def run(use_status: bool) -> DayResult:
        policy = DEFAULT_POLICY if not use_status else _with(use_device_status=True)
        return evaluate_day(
            date(2026, 8, 3),
            schedule=schedule(),
            calendar=calendar_2026(),
            policy=policy,
            punches=monday,
        )

    ignored = run(False)
    assert (ignored.check_in, ignored.check_out) == (at(f"{MONDAY} 07:10"), at(f"{MONDAY} 16:30"))
    used = run(True)
    assert (used.check_in, used.check_out) == (at(f"{MONDAY} 07:40"), at(f"{MONDAY} 16:10"))
    assert used.codes == (D.TL1,)


def _with(**changes: object) -> Policy:
    from dataclasses import replace

    return replace(DEFAULT_POLICY, **changes)  # type: ignore[arg-type]


def test_punch_windows_come_from_the_policy() -> None:
    narrow = _with(punch_windows=PunchWindows(30, 60))
    assert day_result(MONDAY, f"{MONDAY} 06:59", f"{MONDAY} 16:00", policy=narrow).codes == (D.TAM,)
    assert day_result(MONDAY, f"{MONDAY} 07:00", f"{MONDAY} 17:01", policy=narrow).codes == (D.TAP,)


# Holidays and days off --------------------------------------------------------------------


def test_independence_day_is_l_and_punches_that_day_are_only_noted() -> None:
    result = day_result("2026-08-17", "2026-08-17 07:00", "2026-08-17 12:00")
    assert result.codes == (D.L,)
    assert not result.working_day
    assert isinstance(result.plan, DayOff)
    assert result.plan.holiday is not None
    assert result.plan.holiday.kind is HolidayKind.NATIONAL
    assert result.explanation_text == (
        "Libur nasional: Hari Kemerdekaan Republik Indonesia (L); "
        "2 absen tercatat pada hari libur; tidak memengaruhi penilaian"
    )


def test_cuti_bersama_is_l_and_distinguishable_from_a_national_holiday() -> None:
    result = day_result("2026-12-24")
    assert result.codes == (D.L,)
    assert result.plan.holiday is not None
    assert result.plan.holiday.is_cuti_bersama
    assert result.leave_type is None  # not taken from the annual leave
    assert result.explanation_text == "Cuti bersama: Cuti Bersama Hari Raya Natal (L)"


def test_weekend_is_l_by_the_weekly_pattern() -> None:
    result = day_result("2026-08-08", "2026-08-08 09:00")
    assert result.codes == (D.L,)
    assert isinstance(result.plan, DayOff)
    assert result.plan.reason is DayOffReason.WEEKLY_PATTERN
    assert result.explanation[0].render() == "Libur sesuai jadwal 5HK (Sabtu) (L)"


def test_six_day_unit_works_saturday_until_eleven() -> None:
    result = day_result("2026-08-08", "2026-08-08 07:31", "2026-08-08 10:30", on=schedule(SIX_DAY))
    assert result.codes == (D.TL1, D.PSW1)


def test_school_schedule_is_just_another_pattern() -> None:
    result = day_result(
        "2026-08-08", "2026-08-08 06:55", "2026-08-08 13:30", on=schedule(SCHOOL_SIX_DAY)
    )
    assert result.codes == (D.H,)


def test_unit_working_on_holidays_works_on_independence_day() -> None:
    calendar = calendar_with(RegionalOverrides(units_working_on_holidays=frozenset({"RSUD"})))
    worked = day_result("2026-08-17", calendar=calendar, unit_code="RSUD")
    assert worked.codes == (D.TK,)
    assert worked.explanation[-1].render() == (
        "Hari kerja meskipun Libur nasional: Hari Kemerdekaan Republik Indonesia"
    )
    assert day_result("2026-08-17", calendar=calendar, unit_code="DINKES").codes == (D.L,)


def test_no_schedule_assigned_is_l_with_a_reason() -> None:
    result = day_result(MONDAY, f"{MONDAY} 07:00", on=schedule(since=date(2027, 1, 1)))
    assert result.codes == (D.L,)
    assert isinstance(result.plan, DayOff)
    assert result.plan.reason is DayOffReason.NO_SCHEDULE


# Ramadan, night shifts, rosters ---------------------------------------------------------------

RAMADAN = ramadan_override(date(2026, 2, 18), date(2026, 3, 19))


@pytest.mark.parametrize(
    ("day", "arrival", "departure", "codes"),
    [
        ("2026-02-25", "08:00:59", "15:00", (D.H,)),  # Wednesday 08:00-15:00
        ("2026-02-25", "08:01", "14:59", (D.TL1, D.PSW1)),
        ("2026-02-27", "07:59", "15:30", (D.H,)),  # Friday 08:00-15:30
        ("2026-02-27", "07:59", "15:29", (D.PSW1,)),
        ("2026-03-25", "07:59", "16:00", (D.TL1,)),  # after Ramadan: 07:30 again
    ],
)
def test_ramadan_hours_override_the_pattern(
    day: str, arrival: str, departure: str, codes: tuple[DayCode, ...]
) -> None:
    on = schedule(overrides=[RAMADAN])
    assert day_result(day, f"{day} {arrival}", f"{day} {departure}", on=on).codes == codes


def test_night_shift_belongs_to_the_day_it_starts() -> None:
    roster = {date(2026, 8, 3): NIGHT_SHIFT, date(2026, 8, 4): None}
    on = schedule(roster=roster)
    result = day_result(MONDAY, "2026-08-03 20:55", "2026-08-04 07:05", on=on)
    assert result.codes == (D.H,)
    assert isinstance(result.plan, ExpectedShift)
    assert (result.plan.start, result.plan.end) == (at("2026-08-03 21:00"), at("2026-08-04 07:00"))
    assert result.explanation_text == (
        "Masuk 20:55, jadwal 21:00: tepat waktu; Pulang 07:05 (+1), jadwal 07:00 (+1): "
        "sesuai jadwal; Hadir tepat waktu (H)"
    )
    next_day = day_result("2026-08-04", "2026-08-03 20:55", "2026-08-04 07:05", on=on)
    assert next_day.codes == (D.L,)
    assert next_day.plan == DayOff(date(2026, 8, 4), DayOffReason.ROSTER)


def test_night_shift_late_and_early_across_midnight() -> None:
    on = schedule(roster={date(2026, 8, 3): NIGHT_SHIFT})
    result = day_result(MONDAY, "2026-08-03 21:45", "2026-08-04 06:00", on=on)
    assert result.codes == (D.TL2, D.PSW2)
    assert (result.late_minutes, result.early_minutes) == (45, 60)


def test_roster_beats_holidays_and_patterns() -> None:
    morning = ShiftTime(time(7, 0), time(14, 0), "Pagi")
    on = schedule(roster={date(2026, 8, 17): morning, date(2026, 8, 3): None})
    worked = day_result("2026-08-17", "2026-08-17 07:00", "2026-08-17 14:00", on=on)
    assert worked.codes == (D.H,)
    assert day_result(MONDAY, on=on).codes == (D.L,)


def test_individual_assignment_beats_the_unit() -> None:
    own = PatternAssignment(SIX_DAY, date(2026, 8, 1), None, AssignmentScope.INDIVIDUAL)
    on = schedule(more=[own])
    assert day_result("2026-08-08", on=on).codes == (D.TK,)  # Saturday is a working day now


# Approved absences ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "leave_type", "code"),
    [
        (AbsenceKind.CUTI, LeaveType.TAHUNAN, D.C),
        (AbsenceKind.CUTI, LeaveType.SAKIT, D.C),
        (AbsenceKind.SAKIT, None, D.S),
        (AbsenceKind.IZIN, None, D.I),
        (AbsenceKind.DINAS_LUAR, None, D.DL),
        (AbsenceKind.TUGAS_BELAJAR, None, D.TB),
        (AbsenceKind.DIKLAT, None, D.DIK),
    ],
)
def test_approved_absence_gives_its_code(
    kind: AbsenceKind, leave_type: LeaveType | None, code: DayCode
) -> None:
    absence = ApprovedAbsence(kind, date(2026, 8, 3), date(2026, 8, 5), leave_type)
    result = day_result("2026-08-04", absences=[absence])
    assert result.codes == (code,)
    assert result.absence == absence
    assert result.leave_type == leave_type


def test_leave_explanation_names_the_leave_type() -> None:
    absence = ApprovedAbsence(
        AbsenceKind.CUTI, date(2026, 8, 3), date(2026, 8, 5), LeaveType.TAHUNAN
    )
    result = day_result("2026-08-04", "2026-08-04 07:00", absences=[absence])
    assert result.explanation_text == (
        "Cuti tahunan disetujui 03-08-2026 s.d. 05-08-2026 (C); 1 absen tercatat; "
        "tidak mengubah kode C"
    )


def test_leave_over_a_weekend_keeps_the_weekend_l() -> None:
    leave = ApprovedAbsence(
        AbsenceKind.CUTI, date(2026, 8, 6), date(2026, 8, 11), LeaveType.TAHUNAN
    )
    codes = [day_result(f"2026-08-{d:02d}", absences=[leave]).codes[0] for d in range(6, 12)]
    assert codes == [D.C, D.C, D.L, D.L, D.C, D.C]
    saturday = day_result("2026-08-08", absences=[leave])
    assert saturday.leave_type is None
    assert saturday.explanation[-1].render() == "Cuti tahunan mencakup hari libur ini; tetap libur"


def test_official_duty_wins_over_leave_whatever_the_order() -> None:
    leave = ApprovedAbsence(AbsenceKind.CUTI, date(2026, 8, 3), date(2026, 8, 3), LeaveType.TAHUNAN)
    duty = ApprovedAbsence(AbsenceKind.DINAS_LUAR, date(2026, 8, 1), date(2026, 8, 10))
    assert day_result(MONDAY, absences=[leave, duty]).codes == (D.DL,)
    assert day_result(MONDAY, absences=[duty, leave]).codes == (D.DL,)


def test_flexible_work_counts_as_present_when_punched_and_tk_when_not() -> None:
    fwa = ApprovedAbsence(AbsenceKind.FWA, date(2026, 8, 3), date(2026, 8, 3))
    present = day_result(MONDAY, f"{MONDAY} 09:40", absences=[fwa])
    assert present.codes == (D.FWA,)
    assert present.is_present
    assert present.explanation_text == (
        "Kerja fleksibel disetujui, absen 09:40: dihitung hadir (FWA)"
    )
    absent = day_result(MONDAY, absences=[fwa])
    assert absent.codes == (D.TK,)
    assert absent.explanation_text.startswith("Kerja fleksibel disetujui tetapi tidak ada absen")
    lenient = _with(fwa_requires_punch=False)
    assert day_result(MONDAY, absences=[fwa], policy=lenient).codes == (D.FWA,)


def test_absence_must_be_well_formed() -> None:
    with pytest.raises(ValueError, match="leave_type"):
        ApprovedAbsence(AbsenceKind.CUTI, date(2026, 8, 3), date(2026, 8, 3))
    with pytest.raises(ValueError, match="only meaningful"):
        ApprovedAbsence(AbsenceKind.IZIN, date(2026, 8, 3), date(2026, 8, 3), LeaveType.BESAR)
    with pytest.raises(ValueError, match="first_day"):
        ApprovedAbsence(AbsenceKind.IZIN, date(2026, 8, 4), date(2026, 8, 3))


def test_aware_punches_are_refused() -> None:
    from datetime import UTC, datetime

    with pytest.raises(ValueError, match="naive local"):
        Punch(datetime(2026, 8, 3, 0, 30, tzinfo=UTC))
