"""Discipline for unexcused absence: PP 94/2021 for PNS, configurable tables for the others.

Sources: DOMAIN.md section 5. Days of unexcused absence are counted cumulatively in a
calendar year; late arrival and early leave add up into days (7.5 h = 1 day, a policy
parameter); 10 consecutive working days of absence lead to dismissal (Peraturan BKN 6/2022
art. 12). PPPK follow their employer's rules (PP 49/2018): their table, and the non-ASN one,
are placeholders for the region to set.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal
from types import MappingProxyType
from typing import Protocol

from hadir.rules.codes import DayCode, EmployeeType, Sanction
from hadir.rules.messages import Message, Msg

BANDS_NOT_INCREASING = "SanctionTable bands must have strictly increasing min_days."
SEVERITY = {sanction: rank for rank, sanction in enumerate(Sanction)}


class AttendanceDay(Protocol):
    """What discipline needs of a day; DayResult has it, and so can a stored row."""

    @property
    def day(self) -> date: ...
    @property
    def codes(self) -> Sequence[DayCode]: ...
    @property
    def working_day(self) -> bool: ...
    @property
    def late_minutes(self) -> int: ...
    @property
    def early_minutes(self) -> int: ...


@dataclass(frozen=True, slots=True)
class SanctionBand:
    """From ``min_days`` days of unexcused absence in a year, ``sanction`` applies."""

    min_days: int
    sanction: Sanction


@dataclass(frozen=True, slots=True)
class SanctionTable:
    employee_type: EmployeeType
    bands: tuple[SanctionBand, ...]
    consecutive_days: int | None  # this many consecutive working TK days -> streak_sanction
    streak_sanction: Sanction
    source: str
    placeholder: bool = False  # True: not from a regulation; the region must set it

    def __post_init__(self) -> None:
        edges = [band.min_days for band in self.bands]
        if any(b <= a for a, b in itertools.pairwise(edges)):
            raise ValueError(BANDS_NOT_INCREASING)

    def band_for(self, days: Decimal) -> SanctionBand | None:
        """The highest band whose ``min_days`` ``days`` has reached, or None."""
        reached = None
        for band in self.bands:
            if days >= band.min_days:
                reached = band
        return reached


def _bands(*pairs: tuple[int, Sanction]) -> tuple[SanctionBand, ...]:
    return tuple(SanctionBand(days, sanction) for days, sanction in pairs)


_LIGHT_AND_MEDIUM = (
    (3, Sanction.TEGURAN_LISAN),
    (4, Sanction.TEGURAN_TERTULIS),
    (7, Sanction.PERNYATAAN_TIDAK_PUAS),
    (11, Sanction.POTONGAN_TPP_6_BULAN),
    (14, Sanction.POTONGAN_TPP_9_BULAN),
    (17, Sanction.POTONGAN_TPP_12_BULAN),
)

PNS_SANCTIONS = SanctionTable(
    EmployeeType.PNS,
    _bands(
        *_LIGHT_AND_MEDIUM,
        (21, Sanction.PENURUNAN_JABATAN),
        (25, Sanction.PEMBEBASAN_JABATAN),
        (28, Sanction.PEMBERHENTIAN),
    ),
    consecutive_days=10,
    streak_sanction=Sanction.PEMBERHENTIAN,
    source="PP 94/2021 (tidak masuk kerja tanpa alasan yang sah); Peraturan BKN 6/2022 art. 12",
)

PPPK_SANCTIONS = SanctionTable(
    EmployeeType.PPPK,
    _bands(*_LIGHT_AND_MEDIUM, (21, Sanction.PEMUTUSAN_PERJANJIAN_KERJA)),
    consecutive_days=10,
    streak_sanction=Sanction.PEMUTUSAN_PERJANJIAN_KERJA,
    source="Placeholder: PNS thresholds, contract ended where a PNS would be demoted "
    "(PP 49/2018 leaves it to the employer)",
    placeholder=True,
)

NON_ASN_SANCTIONS = SanctionTable(
    EmployeeType.NON_ASN,
    _bands(
        (3, Sanction.TEGURAN_LISAN),
        (4, Sanction.TEGURAN_TERTULIS),
        (11, Sanction.PEMUTUSAN_PERJANJIAN_KERJA),
    ),
    consecutive_days=10,
    streak_sanction=Sanction.PEMUTUSAN_PERJANJIAN_KERJA,
    source="Placeholder: set by the region's rules for non-ASN staff",
    placeholder=True,
)

DEFAULT_SANCTION_TABLES: Mapping[EmployeeType, SanctionTable] = MappingProxyType(
    {table.employee_type: table for table in (PNS_SANCTIONS, PPPK_SANCTIONS, NON_ASN_SANCTIONS)}
)


@dataclass(frozen=True, slots=True)
class DisciplineStatus:
    """Where an employee stands for ``year``.

    ``unexcused_days`` = TK days + late/early minutes / minutes per day (exact; shown with
    two decimals, rounded down). ``sanction`` comes from the cumulative table; the streak
    fields report the longest run of TK on consecutive working days (any year passed in).
    """

    year: int
    employee_type: EmployeeType
    tk_days: int
    late_early_minutes: int
    unexcused_days: Decimal
    band: SanctionBand | None
    sanction: Sanction
    longest_streak: int
    streak_first_day: date | None
    streak_last_day: date | None
    consecutive_absence: bool
    heaviest_sanction: Sanction
    explanation: tuple[Message, ...]


def discipline_status(
    year: int,
    days: Iterable[AttendanceDay],
    *,
    employee_type: EmployeeType = EmployeeType.PNS,
    minutes_per_day: int = 450,
    tables: Mapping[EmployeeType, SanctionTable] = DEFAULT_SANCTION_TABLES,
) -> DisciplineStatus:
    """Rule (PP 94/2021): unexcused-absence days in ``year`` are the TK days plus late and
    early minutes converted at ``minutes_per_day`` (pass ``policy.discipline_minutes_per_day``);
    the sanction is the highest band reached. Separately, TK on ``consecutive_days`` working
    days in a row (weekends and holidays in between do not break the run; a missing date
    does) triggers the table's streak sanction.

    Pass one entry per date, including days off; dates before ``year`` only count for the run.
    """
    table = tables[employee_type]
    ordered = sorted(days, key=lambda entry: entry.day)
    in_year = [entry for entry in ordered if entry.day.year == year]
    tk_days = sum(1 for entry in in_year if DayCode.TK in entry.codes)
    minutes = sum(entry.late_minutes + entry.early_minutes for entry in in_year)
    minute_days = Decimal(minutes) / Decimal(minutes_per_day)
    total = tk_days + minute_days
    band = table.band_for(total)
    sanction = band.sanction if band is not None else Sanction.NONE
    length, first, last = longest_tk_streak(ordered)
    flagged = table.consecutive_days is not None and length >= table.consecutive_days
    heaviest = sanction
    if flagged and SEVERITY[table.streak_sanction] > SEVERITY[sanction]:
        heaviest = table.streak_sanction
    lines = [
        Message(
            Msg.DISCIPLINE_TOTAL,
            {
                "tk_days": tk_days,
                "minutes": minutes,
                "minute_days": _shown(minute_days),
                "days": _shown(total),
            },
        ),
        Message(Msg.DISCIPLINE_SANCTION, {"min_days": band.min_days, "sanction": sanction})
        if band is not None
        else Message(Msg.DISCIPLINE_NONE),
    ]
    if flagged and first is not None and last is not None:
        lines.append(
            Message(
                Msg.DISCIPLINE_STREAK,
                {
                    "count": length,
                    "first_day": first,
                    "last_day": last,
                    "sanction": table.streak_sanction,
                },
            )
        )
    return DisciplineStatus(
        year=year,
        employee_type=employee_type,
        tk_days=tk_days,
        late_early_minutes=minutes,
        unexcused_days=total,
        band=band,
        sanction=sanction,
        longest_streak=length,
        streak_first_day=first,
        streak_last_day=last,
        consecutive_absence=flagged,
        heaviest_sanction=heaviest,
        explanation=tuple(lines),
    )


def longest_tk_streak(days: Sequence[AttendanceDay]) -> tuple[int, date | None, date | None]:
    """The longest run of working days coded TK, over date-ordered ``days``: its length and
    its first and last date.

    Rule: only working days count; days off between them neither add nor break the run; a
    working day with another code breaks it, and so does a date missing from the input (no
    data is no proof of absence).
    """
    best: tuple[int, date | None, date | None] = (0, None, None)
    run = 0
    run_first: date | None = None
    previous: date | None = None
    for entry in days:
        if previous is not None and entry.day != previous + timedelta(days=1):
            run = 0
        previous = entry.day
        if not entry.working_day:
            continue
        if DayCode.TK not in entry.codes:
            run = 0
            continue
        if run == 0:
            run_first = entry.day
        run += 1
        if run > best[0]:
            best = (run, run_first, entry.day)
    return best


def _shown(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), ROUND_DOWN)
