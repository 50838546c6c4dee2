"""build_month_recap: counts, deduction table, cap, N-TK rule, TPP split, rupiah rounding."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time
from decimal import Decimal

import pytest

from hadir.rules import (
    DEFAULT_POLICY,
    KAB_TTU_POLICY,
    PERMENTAN_68_2012_POLICY,
    AbsenceKind,
    ApprovedAbsence,
    DayCode,
    DayOff,
    DayOffReason,
    DayResult,
    ExpectedShift,
    LeaveType,
    Policy,
    ShiftSource,
    build_month_recap,
    render,
)

D = DayCode


def result(
    day: int,
    *codes: DayCode,
    late: int = 0,
    early: int = 0,
    policy: Policy = DEFAULT_POLICY,
    absence: ApprovedAbsence | None = None,
) -> DayResult:
    """A DayResult of August 2026 with the given codes (L is a day off)."""
    when = date(2026, 8, day)
    if codes == (D.L,):
        plan: ExpectedShift | DayOff = DayOff(when, DayOffReason.WEEKLY_PATTERN, "5HK")
    else:
        start = datetime.combine(when, time(7, 30))
        plan = ExpectedShift(when, start, start.replace(hour=16), ShiftSource.PATTERN, "5HK")
    return DayResult(
        when, codes, plan, policy, late_minutes=late, early_minutes=early, absence=absence
    )


def test_table_split_and_amount_with_reasons() -> None:
    days = [
        result(3, D.TL2, D.PSW1, late=42, early=15),
        result(4, D.TAM),
        result(5, D.TK),
        result(6, D.H),
        result(8, D.L),
    ]
    recap = build_month_recap(2026, 8, days, policy=DEFAULT_POLICY, tpp_base=4_000_000)
    assert recap.table_pct == Decimal("6")  # 1 + 0.5 + 1.5 (TAM as TL4) + 3
    assert recap.base_pct == Decimal("6")
    assert recap.deduction_pct == Decimal("2.4")  # of the whole TPP: 6 % of the 40 % part
    assert recap.deduction_amount == 96_000
    assert (recap.days, recap.working_days, recap.present_days, recap.tk_days) == (5, 4, 3, 1)
    assert (recap.late_minutes, recap.early_minutes) == (42, 15)
    assert recap.code_counts == {D.TL2: 1, D.PSW1: 1, D.TAM: 1, D.TK: 1, D.H: 1, D.L: 1}
    assert recap.reasons_text == [
        "03-08-2026 TL2: potongan 1%",
        "03-08-2026 PSW1: potongan 0,5%",
        "04-08-2026 TAM (dihitung sebagai TL4): potongan 1,5%",
        "05-08-2026 TK: potongan 3%",
        "Jumlah potongan 6% dari dasar potongan",
        "Potongan berlaku pada bagian disiplin (40% dari TPP): 6% x 40% = 2,4% dari TPP",
        "TPP Rp4.000.000 x 2,4% = potongan Rp96.000",
    ]
    assert render(recap.reasons[-1], "en") == "TPP IDR 4,000,000 x 2.4% = deduction IDR 96,000"


def test_whole_tpp_policy() -> None:
    days = [result(3, D.TL1, policy=PERMENTAN_68_2012_POLICY), result(4, D.TK)]
    recap = build_month_recap(2026, 8, days, policy=PERMENTAN_68_2012_POLICY, tpp_base=1_000_000)
    assert (recap.deduction_pct, recap.deduction_amount) == (Decimal("4.5"), 45_000)
    assert recap.reasons_text[-2] == "Potongan berlaku pada seluruh TPP: 4,5% dari TPP"


def test_monthly_cap() -> None:
    days = [result(day, D.TK) for day in range(3, 16)]  # 13 TK days x 8 % = 104 %
    recap = build_month_recap(2026, 8, days, policy=KAB_TTU_POLICY, tpp_base=2_000_000)
    assert (recap.table_pct, recap.base_pct) == (Decimal(104), Decimal(100))
    assert (recap.deduction_pct, recap.deduction_amount) == (Decimal(100), 2_000_000)
    assert "Jumlah 104% melebihi batas bulanan 100%: dipakai 100%" in recap.reasons_text


def test_lower_cap_applies_before_the_split() -> None:
    policy = replace(DEFAULT_POLICY, monthly_cap_pct=Decimal(50))
    days = [result(day, D.TK) for day in range(1, 21)]  # 60 %
    recap = build_month_recap(2026, 8, days, policy=policy)
    assert (recap.base_pct, recap.deduction_pct, recap.deduction_amount) == (
        Decimal(50),
        Decimal(20),
        None,
    )


@pytest.mark.parametrize(
    ("tk_days", "full", "deduction"),
    [(6, False, Decimal("7.2")), (7, True, Decimal(100)), (9, True, Decimal(100))],
)
def test_n_tk_days_deduct_the_whole_tpp(tk_days: int, full: bool, deduction: Decimal) -> None:
    policy = replace(DEFAULT_POLICY, tk_days_for_full_deduction=7)
    days = [result(day, D.TK) for day in range(1, tk_days + 1)]
    recap = build_month_recap(2026, 8, days, policy=policy, tpp_base=3_000_000)
    assert (recap.full_deduction_by_tk, recap.deduction_pct) == (full, deduction)
    if full:
        assert recap.deduction_amount == 3_000_000
        assert f"{tk_days} hari TK (batas 7 hari): seluruh TPP dipotong (100%)" in (
            recap.reasons_text
        )


@pytest.mark.parametrize(
    ("base", "amount"),
    [(2_250, 5), (2_249, 4), (3_750, 8), (1_000_000, 2_000), (0, 0)],  # 0.2 % of base
)
def test_amount_is_rounded_half_up_to_whole_rupiah(base: int, amount: int) -> None:
    recap = build_month_recap(2026, 8, [result(3, D.TL1)], policy=DEFAULT_POLICY, tpp_base=base)
    assert recap.deduction_pct == Decimal("0.2")
    assert recap.deduction_amount == amount


def test_no_deduction() -> None:
    recap = build_month_recap(2026, 8, [result(3, D.H)], policy=DEFAULT_POLICY, tpp_base=100)
    assert (recap.deduction_pct, recap.deduction_amount) == (Decimal(0), 0)
    assert recap.reasons_text == ["Tidak ada potongan bulan ini"]


def test_leave_days_by_type_and_absence_codes_cost_nothing() -> None:
    annual = ApprovedAbsence(
        AbsenceKind.CUTI, date(2026, 8, 3), date(2026, 8, 4), LeaveType.TAHUNAN
    )
    sick = ApprovedAbsence(AbsenceKind.CUTI, date(2026, 8, 5), date(2026, 8, 5), LeaveType.SAKIT)
    days = [
        result(3, D.C, absence=annual),
        result(4, D.C, absence=annual),
        result(5, D.C, absence=sick),
        result(
            6,
            D.DL,
            absence=ApprovedAbsence(AbsenceKind.DINAS_LUAR, date(2026, 8, 6), date(2026, 8, 6)),
        ),
    ]
    recap = build_month_recap(2026, 8, days, policy=DEFAULT_POLICY)
    assert recap.leave_days == {LeaveType.TAHUNAN: 2, LeaveType.SAKIT: 1}
    assert recap.table_pct == 0


def test_region_may_deduct_for_izin() -> None:
    table = {**DEFAULT_POLICY.deduction_pct, D.I: Decimal("1")}
    policy = replace(DEFAULT_POLICY, deduction_pct=table)
    recap = build_month_recap(2026, 8, [result(3, D.I)], policy=policy)
    assert recap.table_pct == Decimal(1)


def test_results_must_belong_to_the_month_once_each() -> None:
    with pytest.raises(ValueError, match="outside 2026-09"):
        build_month_recap(2026, 9, [result(3, D.H)], policy=DEFAULT_POLICY)
    with pytest.raises(ValueError, match="Two DayResults"):
        build_month_recap(2026, 8, [result(3, D.H), result(3, D.TK)], policy=DEFAULT_POLICY)
    with pytest.raises(ValueError, match="negative"):
        build_month_recap(2026, 8, [], policy=DEFAULT_POLICY, tpp_base=-1)
