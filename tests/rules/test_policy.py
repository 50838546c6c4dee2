"""Policy: versioning by month, validation, and the deduction rate of each code."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from hadir.rules import (
    DEFAULT_POLICY,
    KAB_TTU_POLICY,
    DayCode,
    InvalidPolicyError,
    Policy,
    PolicySet,
    YearMonth,
)

D = DayCode


def version(month: YearMonth, tk: str) -> Policy:
    table = dict(DEFAULT_POLICY.deduction_pct)
    table[D.TK] = Decimal(tk)
    return replace(DEFAULT_POLICY, region="Kab. Uji", effective_from=month, deduction_pct=table)


POLICIES = PolicySet(
    "Kab. Uji",
    (version(YearMonth(2025, 1), "3"), version(YearMonth(2026, 7), "5")),
)


@pytest.mark.parametrize(
    ("year", "month", "tk"),
    [(2025, 1, "3"), (2026, 6, "3"), (2026, 7, "5"), (2026, 12, "5"), (2030, 1, "5")],
)
def test_policy_in_force_is_the_latest_started(year: int, month: int, tk: str) -> None:
    assert POLICIES.for_month(year, month).deduction_pct[D.TK] == Decimal(tk)


def test_no_policy_before_the_first_version() -> None:
    with pytest.raises(LookupError, match="first starts 2025-01"):
        POLICIES.for_month(2024, 12)


def test_policy_set_checks_its_versions() -> None:
    with pytest.raises(ValueError, match="increasing"):
        PolicySet("Kab. Uji", tuple(reversed(POLICIES.versions)))
    with pytest.raises(ValueError, match="at least one"):
        PolicySet("Kab. Uji", ())
    with pytest.raises(ValueError, match="belong to region"):
        PolicySet("Kab. Lain", POLICIES.versions)


@pytest.mark.parametrize(
    ("code", "pct", "counted_as"),
    [
        (D.TL1, "0.5", D.TL1),
        (D.TL4, "1.5", D.TL4),
        (D.PSW3, "1.25", D.PSW3),
        (D.TAM, "1.5", D.TL4),  # counted as the top late band
        (D.TAP, "1.5", D.PSW4),
        (D.TK, "3", D.TK),
        (D.C, "0", D.C),
        (D.H, "0", D.H),
    ],
)
def test_default_deduction_rates(code: DayCode, pct: str, counted_as: DayCode) -> None:
    assert DEFAULT_POLICY.deduction_for(code) == (Decimal(pct), counted_as)


def test_region_with_explicit_missing_punch_rate() -> None:
    assert KAB_TTU_POLICY.deduction_for(D.TAM) == (Decimal(4), D.TAM)
    assert KAB_TTU_POLICY.top_late_code is D.TL3


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        (
            {"late_band_edges": (30, 20, 90)},
            "'late_band_edges': batas harus bilangan bulat positif yang naik, misalnya "
            "[30, 60, 90]; ditemukan [30, 20, 90]",
        ),
        (
            {"early_band_edges": (15, 30, 45, 60)},
            "'early_band_edges': tulis 1 sampai 3 batas atas (untuk 2 sampai 4 rentang), "
            "misalnya [30, 60, 90]; ditemukan [15, 30, 45, 60]",
        ),
        (
            {"late_band_edges": (15, 30)},
            "'deduction_pct': kode TL4 tidak dipakai oleh rentang ini; hapus",
        ),
        (
            {"missing_punch_counts_as_top_band": False},
            "'deduction_pct': persentase belum diisi untuk TAM, TAP",
        ),
        (
            {"monthly_cap_pct": Decimal(120)},
            "'monthly_cap_pct': harus lebih dari 0 dan paling banyak 100, ditemukan 120",
        ),
        (
            {"tpp_discipline_pct": Decimal(50)},
            "'tpp_split': performance_pct + discipline_pct harus berjumlah 100, ditemukan 60 + 50",
        ),
        (
            {"tk_days_for_full_deduction": 0},
            "'tk_days_for_full_deduction': harus 1 sampai 31, ditemukan 0",
        ),
        (
            {"discipline_minutes_per_day": 0},
            "'discipline_minutes_per_day': harus lebih dari 0 (7,5 jam = 450), ditemukan 0",
        ),
        (
            {"submission_deadline_days": -1},
            "'submission_deadline_days': tidak boleh negatif, ditemukan -1",
        ),
    ],
)
def test_invalid_policy_says_what_to_fix(changes: dict[str, object], problem: str) -> None:
    with pytest.raises(InvalidPolicyError) as raised:
        replace(DEFAULT_POLICY, **changes)  # type: ignore[arg-type]
    assert problem in raised.value.problems


def test_deduction_table_is_frozen() -> None:
    with pytest.raises(TypeError):
        DEFAULT_POLICY.deduction_pct[D.TK] = Decimal(0)  # type: ignore[index]
