"""What the renderers take: plain frozen dataclasses, built by the caller from day results.

Every figure arrives computed (codes, totals, percentages, amounts, sanctions): the
renderers only lay them out. Texts arrive as the caller wants them printed, except that
characters XML cannot carry are dropped on output (``hadir.exports.text.clean_text``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

NAIVE_GENERATED_AT = "generated_at must be timezone-aware."
DAY_FLAGS_MISMATCH = "day_is_off has {flags} entries for {days} days."
ROW_DAYS_MISMATCH = "Row {number} ({name}) has {codes} day codes for {days} days."


@dataclass(frozen=True, slots=True)
class DocumentHeader:
    """Who and when: printed at the top of every sheet and every PDF page."""

    region_name: str  # "Pemerintah Kabupaten Muaro Jambi"
    unit_name: str
    unit_code: str  # "" when the document covers several units
    period_label: str  # "Maret 2026", already in words
    generated_at: datetime  # aware; also the file's creation date
    generated_label: str  # "22-11-2026 13:05 WIB", already formatted

    def __post_init__(self) -> None:
        if self.generated_at.tzinfo is None or self.generated_at.utcoffset() is None:
            raise ValueError(NAIVE_GENERATED_AT)


@dataclass(frozen=True, slots=True)
class Signatory:
    """One signature: the role, room to sign, the name and the NIP."""

    role_label: str  # "Kepala Unit", "Operator"
    name: str
    nip: str | None = None
    place_date: str | None = None  # "Sengeti, 1 April 2026"


@dataclass(frozen=True, slots=True)
class RecapRow:
    """One employee's month. ``day_codes`` has one entry per day of ``MonthRecapDocument.days``:
    "H", "TL2", "TL2+PSW1", "L", "TK", "C", ... or "" when the day is not computed yet.
    """

    nip_or_number: str
    name: str
    position: str
    day_codes: tuple[str, ...]
    totals: Mapping[str, int]  # code -> count; codes missing here count 0
    late_minutes: int
    early_minutes: int
    working_days: int
    tpp_deduction_percent: Decimal
    tpp_deduction_amount: int | None  # None when the TPP base is unknown


@dataclass(frozen=True, slots=True)
class MonthRecapDocument:
    """The month recap of one unit: a row per employee, a column per day and per total code."""

    header: DocumentHeader
    days: tuple[date, ...]
    day_is_off: tuple[bool, ...]  # shaded columns (weekend, holiday)
    total_codes: tuple[str, ...]  # the order of the total columns
    rows: tuple[RecapRow, ...]
    signatories: tuple[Signatory, ...]
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if len(self.day_is_off) != len(self.days):
            flags, days = len(self.day_is_off), len(self.days)
            raise ValueError(DAY_FLAGS_MISMATCH.format(flags=flags, days=days))
        for number, row in enumerate(self.rows, 1):
            if len(row.day_codes) != len(self.days):
                raise ValueError(
                    ROW_DAYS_MISMATCH.format(
                        number=number, name=row.name, codes=len(row.day_codes), days=len(self.days)
                    )
                )


@dataclass(frozen=True, slots=True)
class TppRow:
    """One employee's TPP deduction for the period, with the reasons in words.

    ``tpp_base`` None means the base is not filled in: the row prints "belum diisi" and
    counts in the totals' warning, never as 0. ``paid_amount`` is the base minus the
    deduction (None without a base).
    """

    nip_or_number: str
    name: str
    unit_name: str
    tpp_base: int | None
    deduction_percent: Decimal
    deduction_amount: int | None
    reasons: str  # one reason per line ("\n"), already in words
    position: str = ""  # jabatan (and golongan when known)
    paid_amount: int | None = None


@dataclass(frozen=True, slots=True)
class TppDeductionDocument:
    """The TPP deduction list sent to BKD for payroll. ``rows`` of several units come unit
    by unit; ``per_unit_totals`` adds a subtotal after each unit's rows (the region's list).
    ``warnings`` are printed above the table (people without a TPP base)."""

    header: DocumentHeader
    rows: tuple[TppRow, ...]
    signatories: tuple[Signatory, ...]
    notes: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    per_unit_totals: bool = False


@dataclass(frozen=True, slots=True)
class DisciplineRow:
    """One employee's unexcused absence in a calendar year and the sanction it reaches."""

    nip_or_number: str
    name: str
    unit_name: str
    employee_type: str  # label: "PNS", "PPPK"
    tk_days: int
    late_early_minutes: int
    equivalent_days: Decimal  # TK days + minutes converted to days
    sanction_label: str  # "" when no sanction is reached
    consecutive_absence_flag: bool  # 10 consecutive working days absent


@dataclass(frozen=True, slots=True)
class DisciplineDocument:
    """The yearly discipline list (PP 94/2021)."""

    header: DocumentHeader
    year: int
    rows: tuple[DisciplineRow, ...]
    signatories: tuple[Signatory, ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DailyRow:
    """One employee's day: punches as "07:21" (or None), codes, and the explanation."""

    nip_or_number: str
    name: str
    check_in: str | None
    check_out: str | None
    codes: str
    explanation: str


@dataclass(frozen=True, slots=True)
class DailyListDocument:
    """The daily attendance list of one unit, signed by the head of unit."""

    header: DocumentHeader
    day: date
    rows: tuple[DailyRow, ...]
    signatories: tuple[Signatory, ...]
    notes: tuple[str, ...] = ()
