"""PP 94/2021: cumulative unexcused absence, sanction bands, 10 consecutive working days."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest

from hadir.rules import (
    DEFAULT_POLICY,
    DEFAULT_SANCTION_TABLES,
    DayCode,
    EmployeeType,
    Sanction,
    SanctionBand,
    SanctionTable,
    discipline_status,
    evaluate_month,
    render,
)

from .builders import calendar_2026, schedule

D = DayCode
S = Sanction


@dataclass(frozen=True)
class Row:
    """A stored day as the Django layer might hand it over (AttendanceDay protocol)."""

    day: date
    codes: Sequence[DayCode]
    working_day: bool
    late_minutes: int = 0
    early_minutes: int = 0


def year_of(
    year: int,
    *,
    tk: set[date] = frozenset(),  # type: ignore[assignment]
    off: set[date] = frozenset(),  # type: ignore[assignment]
    late: dict[date, int] | None = None,
) -> list[Row]:
    """Every day of ``year``: weekends and ``off`` are L, ``tk`` are TK, the rest H."""
    rows = []
    day = date(year, 1, 1)
    while day.year == year:
        working = day.weekday() < 5 and day not in off
        codes = (D.TK,) if day in tk else (D.H,) if working else (D.L,)
        rows.append(Row(day, codes, working, (late or {}).get(day, 0)))
        day += timedelta(days=1)
    return rows


def alternate_tk_days(count: int, year: int = 2026) -> set[date]:
    """``count`` TK days on every other working day, so no two are consecutive."""
    working = [r.day for r in year_of(year) if r.working_day]
    return set(working[::2][:count])


@pytest.mark.parametrize(
    ("days", "sanction"),
    [
        (0, S.NONE),
        (2, S.NONE),
        (3, S.TEGURAN_LISAN),
        (4, S.TEGURAN_TERTULIS),
        (6, S.TEGURAN_TERTULIS),
        (7, S.PERNYATAAN_TIDAK_PUAS),
        (10, S.PERNYATAAN_TIDAK_PUAS),
        (11, S.POTONGAN_TPP_6_BULAN),
        (13, S.POTONGAN_TPP_6_BULAN),
        (14, S.POTONGAN_TPP_9_BULAN),
        (16, S.POTONGAN_TPP_9_BULAN),
        (17, S.POTONGAN_TPP_12_BULAN),
        (20, S.POTONGAN_TPP_12_BULAN),
        (21, S.PENURUNAN_JABATAN),
        (24, S.PENURUNAN_JABATAN),
        (25, S.PEMBEBASAN_JABATAN),
        (27, S.PEMBEBASAN_JABATAN),
        (28, S.PEMBERHENTIAN),
        (40, S.PEMBERHENTIAN),
    ],
)
def test_pns_sanction_bands(days: int, sanction: Sanction) -> None:
    status = discipline_status(2026, year_of(2026, tk=alternate_tk_days(days)))
    assert (status.tk_days, status.sanction) == (days, sanction)
    assert not status.consecutive_absence
    assert status.heaviest_sanction is sanction


@pytest.mark.parametrize(
    ("minutes", "per_day", "sanction", "shown"),
    [
        (449, 450, S.NONE, "2,99"),
        (450, 450, S.TEGURAN_LISAN, "3"),
        (420, 420, S.TEGURAN_LISAN, "3"),
    ],
)
def test_late_and_early_minutes_add_up_to_days(
    minutes: int, per_day: int, sanction: Sanction, shown: str
) -> None:
    tk = alternate_tk_days(2)
    late_day = max(tk) + timedelta(days=1)
    rows = year_of(2026, tk=tk, late={late_day: minutes})
    status = discipline_status(2026, rows, minutes_per_day=per_day)
    assert status.sanction is sanction
    assert status.unexcused_days == 2 + Decimal(minutes) / per_day
    assert render(status.explanation[0]).endswith(f"= {shown} hari tidak masuk kerja")


def test_explanation_of_a_band() -> None:
    status = discipline_status(2026, year_of(2026, tk=alternate_tk_days(4)))
    assert render(status.explanation, sep="\n") == (
        "4 hari TK + 0 menit terlambat/pulang cepat (0 hari) = 4 hari tidak masuk kerja\n"
        "Mencapai 4 hari: Teguran tertulis"
    )


def test_ten_consecutive_working_days_across_a_weekend_and_a_holiday() -> None:
    # Mon 10 Aug .. Fri 21 Aug 2026: 9 working days (17 Aug is a holiday) + Mon 24 Aug.
    holiday = {date(2026, 8, 17)}
    streak = {date(2026, 8, d) for d in (10, 11, 12, 13, 14, 18, 19, 20, 21, 24)}
    status = discipline_status(2026, year_of(2026, tk=streak, off=holiday))
    assert status.consecutive_absence
    assert (status.longest_streak, status.streak_first_day, status.streak_last_day) == (
        10,
        date(2026, 8, 10),
        date(2026, 8, 24),
    )
    assert status.sanction is S.PERNYATAAN_TIDAK_PUAS  # 10 days cumulative
    assert status.heaviest_sanction is S.PEMBERHENTIAN
    assert render(status.explanation[-1]) == (
        "TK 10 hari kerja berturut-turut (10-08-2026 s.d. 24-08-2026): "
        "Pemberhentian dengan hormat tidak atas permintaan sendiri"
    )


def test_nine_days_or_a_day_present_in_between_is_no_streak() -> None:
    nine = {date(2026, 8, d) for d in (10, 11, 12, 13, 14, 17, 18, 19, 20)}
    assert discipline_status(2026, year_of(2026, tk=nine)).longest_streak == 9
    broken = nine | {date(2026, 8, 24)}  # Friday the 21st is present (H)
    status = discipline_status(2026, year_of(2026, tk=broken))
    assert (status.longest_streak, status.consecutive_absence) == (9, False)


def test_a_missing_date_breaks_the_streak() -> None:
    streak = {date(2026, 8, d) for d in (10, 11, 12, 13, 14, 17, 18, 19, 20, 21)}
    rows = [r for r in year_of(2026, tk=streak) if r.day != date(2026, 8, 15)]
    status = discipline_status(2026, rows)
    assert status.longest_streak == 5
    assert status.tk_days == 10


def test_streak_across_new_year_counts_but_last_years_days_do_not_add_up() -> None:
    december = {date(2025, 12, d) for d in (22, 23, 24, 25, 26, 29, 30, 31)}
    january = {date(2026, 1, 1), date(2026, 1, 2)}
    rows = year_of(2025, tk=december) + year_of(2026, tk=january)
    status = discipline_status(2026, rows)
    assert status.tk_days == 2
    assert status.consecutive_absence
    assert status.streak_first_day == date(2025, 12, 22)


def test_pppk_and_non_asn_have_their_own_placeholder_tables() -> None:
    tk = alternate_tk_days(21)
    pppk = discipline_status(2026, year_of(2026, tk=tk), employee_type=EmployeeType.PPPK)
    assert pppk.sanction is S.PEMUTUSAN_PERJANJIAN_KERJA
    assert DEFAULT_SANCTION_TABLES[EmployeeType.PPPK].placeholder
    assert not DEFAULT_SANCTION_TABLES[EmployeeType.PNS].placeholder
    honorer = discipline_status(
        2026, year_of(2026, tk=alternate_tk_days(11)), employee_type=EmployeeType.NON_ASN
    )
    assert honorer.sanction is S.PEMUTUSAN_PERJANJIAN_KERJA


def test_region_sets_its_own_table() -> None:
    table = SanctionTable(
        EmployeeType.PPPK,
        (SanctionBand(5, S.TEGURAN_TERTULIS),),
        consecutive_days=None,
        streak_sanction=S.NONE,
        source="Perbup Contoh",
    )
    streak = {date(2026, 8, d) for d in (10, 11, 12, 13, 14, 17, 18, 19, 20, 21, 24, 25)}
    status = discipline_status(
        2026,
        year_of(2026, tk=streak),
        employee_type=EmployeeType.PPPK,
        tables={EmployeeType.PPPK: table},
    )
    assert (status.sanction, status.consecutive_absence) == (S.TEGURAN_TERTULIS, False)
    with pytest.raises(ValueError, match="increasing"):
        SanctionTable(
            EmployeeType.PNS,
            (SanctionBand(5, S.TEGURAN_LISAN), SanctionBand(5, S.TEGURAN_TERTULIS)),
            None,
            S.NONE,
            "",
        )


def test_day_results_feed_discipline_directly() -> None:
    august = evaluate_month(
        2026,
        8,
        schedule=schedule(),
        calendar=calendar_2026(),
        policy=DEFAULT_POLICY,
        punches=(),
    )
    status = discipline_status(
        2026, august, minutes_per_day=DEFAULT_POLICY.discipline_minutes_per_day
    )
    assert status.tk_days == 19
    assert status.consecutive_absence
    assert status.longest_streak == 19
