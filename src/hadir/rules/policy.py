"""A region's attendance policy, versioned by the month it takes effect.

Every threshold the rules use lives here, never as a literal in a rule: band edges, the
deduction table, caps, the TPP split, punch windows, the request window and the
minutes-to-days conversion for discipline. Sources: DOMAIN.md sections 3-5 and 7.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType

from hadir.rules.calendar import MONDAY_TO_FRIDAY, Calendar
from hadir.rules.codes import (
    EARLY_CODES,
    EVENT_CODES,
    EVENT_KIND_OF,
    LATE_CODES,
    DayCode,
    EventKind,
)
from hadir.rules.policy_checks import edge_problems, table_problems
from hadir.rules.punches import PunchWindows

HUNDRED = Decimal(100)
NO_VERSION = "Region {region!r} has no policy in force in {month}; the first starts {first}."
NO_VERSIONS = "A PolicySet needs at least one version."
VERSIONS_NOT_INCREASING = "PolicySet versions must start in strictly increasing months."
MIXED_REGIONS = "All versions of a PolicySet must belong to region {region!r}."


def no_event_deductions() -> Mapping[EventKind, Decimal]:
    """Every kind of event at 0 %: a region that holds no events changes nothing."""
    return MappingProxyType({kind: Decimal(0) for kind in EventKind})


class DeductionBase(StrEnum):
    """What the deduction table's percentages are taken of (DOMAIN.md section 4)."""

    DISCIPLINE_PART = "discipline"  # e.g. Tulang Bawang: table x 40 %
    WHOLE_TPP = "whole"


class DayCounting(StrEnum):
    CALENDAR = "calendar"
    WORKING = "working"


@dataclass(frozen=True, slots=True)
class RequestWindow:
    """How long after a date a request for it may still be filed (DOMAIN.md section 7)."""

    days: int = 3  # Muarojambi, Tulang Bawang: 3 days
    counting: DayCounting = DayCounting.CALENDAR


def request_deadline(
    day: date,
    window: RequestWindow,
    calendar: Calendar,
    *,
    workdays: Collection[int] = MONDAY_TO_FRIDAY,
    unit_code: str | None = None,
) -> date:
    """The last date a request (cuti, izin, correction) for ``day`` may be filed.

    Rule (DOMAIN.md section 7): ``window.days`` calendar days after ``day`` (Muarojambi,
    Tulang Bawang: 3), or that many working days after it (Kab. TTU: 5 working days).
    """
    if window.counting is DayCounting.CALENDAR:
        return day + timedelta(days=window.days)
    deadline, left = day, window.days
    while left > 0:
        deadline += timedelta(days=1)
        if calendar.is_working_day(deadline, workdays=workdays, unit_code=unit_code):
            left -= 1
    return deadline


@dataclass(frozen=True, slots=True, order=True)
class YearMonth:
    year: int
    month: int

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @classmethod
    def of(cls, day: date) -> YearMonth:
        return cls(day.year, day.month)


class InvalidPolicyError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class Policy:
    """One version of a region's policy, in force from ``effective_from`` until the next.

    ``deduction_pct`` maps codes to the percent deducted per occurrence (TK: per day), taken
    of the deduction base (``deduction_applies_to``). When ``missing_punch_counts_as_top_band``
    is set, TAM costs as much as the top late band and TAP as the top early band (KemenkoInfra
    Permen 10/2025 art. 22); the day still shows TAM/TAP.
    """

    region: str
    effective_from: YearMonth
    deduction_pct: Mapping[DayCode, Decimal]
    late_band_edges: tuple[int, ...] = (30, 60, 90)
    early_band_edges: tuple[int, ...] = (30, 60, 90)
    missing_punch_counts_as_top_band: bool = True
    monthly_cap_pct: Decimal = HUNDRED
    tk_days_for_full_deduction: int | None = None
    tpp_performance_pct: Decimal = Decimal(60)
    tpp_discipline_pct: Decimal = Decimal(40)
    deduction_applies_to: DeductionBase = DeductionBase.DISCIPLINE_PART
    punch_windows: PunchWindows = field(default_factory=PunchWindows)
    use_device_status: bool = False
    fwa_requires_punch: bool = True
    request_window: RequestWindow = field(default_factory=RequestWindow)
    discipline_minutes_per_day: int = 450  # 7.5 hours = 1 day (PP 53/2010 explanation)
    submission_deadline_days: int = 5  # days after the month ends to submit its recap to BKD
    # Izin requests a person may have in a calendar month (Kab. TTU: 4); 0 = no cap.
    izin_per_month_max: int = 0
    # Approval steps after the head of unit per request kind ("skpd_head", "bkd"); a kind
    # not listed keeps the default levels (HADIR_REQUEST_VERIFY_KINDS).
    approval_chains: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    # Percent of the deduction base one missed event of each kind costs (TA, TUP, TSN, TKG;
    # e.g. apel 2 % in Kab. Tulang Bawang, 4 % in Kab. TTU); 0 = not deducted.
    event_missed_pct: Mapping[EventKind, Decimal] = field(default_factory=no_event_deductions)
    source: str = ""

    # Derived once from the fields above: the rate of every code, looked up per occurrence.
    rates: Mapping[DayCode, tuple[Decimal, DayCode]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "deduction_pct", MappingProxyType(dict(self.deduction_pct)))
        events = {**no_event_deductions(), **self.event_missed_pct}
        object.__setattr__(self, "event_missed_pct", MappingProxyType(events))
        problems = policy_problems(self)
        if problems:
            raise InvalidPolicyError(problems)
        rates = {code: self._rate(code) for code in DayCode}
        object.__setattr__(self, "rates", MappingProxyType(rates))

    @property
    def top_late_code(self) -> DayCode:
        return LATE_CODES[len(self.late_band_edges)]

    @property
    def top_early_code(self) -> DayCode:
        return EARLY_CODES[len(self.early_band_edges)]

    @property
    def deduction_share_pct(self) -> Decimal:
        """The part of the whole TPP that the deduction table applies to, in percent."""
        if self.deduction_applies_to is DeductionBase.DISCIPLINE_PART:
            return self.tpp_discipline_pct
        return HUNDRED

    def deduction_for(self, code: DayCode) -> tuple[Decimal, DayCode]:
        """Percent of the deduction base one occurrence of ``code`` costs, and the code whose
        rate was used (TAM -> top late band when missing punches count as the top band).
        """
        return self.rates[code]

    def _rate(self, code: DayCode) -> tuple[Decimal, DayCode]:
        if code in EVENT_CODES:
            return self.event_missed_pct[EVENT_KIND_OF[code]], code
        if self.missing_punch_counts_as_top_band:
            if code is DayCode.TAM:
                code = self.top_late_code
            elif code is DayCode.TAP:
                code = self.top_early_code
        return self.deduction_pct.get(code, Decimal(0)), code


def policy_problems(policy: Policy) -> list[str]:
    """Everything wrong with ``policy``, as messages in Bahasa Indonesia saying what to fix."""
    problems = [
        *edge_problems("late_band_edges", policy.late_band_edges),
        *edge_problems("early_band_edges", policy.early_band_edges),
    ]
    # Which codes the table needs depends on the bands: judge it once they are right.
    problems += table_problems(policy, check_codes=not problems)
    if not 0 < policy.monthly_cap_pct <= HUNDRED:
        problems.append(
            f"'monthly_cap_pct': harus lebih dari 0 dan paling banyak 100, "
            f"ditemukan {policy.monthly_cap_pct}"
        )
    full = policy.tk_days_for_full_deduction
    if full is not None and not 1 <= full <= 31:
        problems.append(f"'tk_days_for_full_deduction': harus 1 sampai 31, ditemukan {full}")
    split = (policy.tpp_performance_pct, policy.tpp_discipline_pct)
    if any(not 0 <= part <= HUNDRED for part in split) or sum(split) != HUNDRED:
        problems.append(
            "'tpp_split': performance_pct + discipline_pct harus berjumlah 100, "
            f"ditemukan {split[0]} + {split[1]}"
        )
    windows = policy.punch_windows
    for name, minutes in (
        ("opens_before_start_minutes", windows.opens_before_start_minutes),
        ("closes_after_end_minutes", windows.closes_after_end_minutes),
    ):
        if not 0 <= minutes <= 720:
            problems.append(
                f"'punch_windows.{name}': harus 0 sampai 720 menit, ditemukan {minutes}"
            )
    if policy.request_window.days < 0:
        problems.append(
            f"'request_window.days': tidak boleh negatif, ditemukan {policy.request_window.days}"
        )
    if policy.discipline_minutes_per_day <= 0:
        problems.append(
            "'discipline_minutes_per_day': harus lebih dari 0 (7,5 jam = 450), "
            f"ditemukan {policy.discipline_minutes_per_day}"
        )
    if policy.submission_deadline_days < 0:
        problems.append(
            "'submission_deadline_days': tidak boleh negatif, "
            f"ditemukan {policy.submission_deadline_days}"
        )
    for kind, pct in policy.event_missed_pct.items():
        if not 0 <= pct <= HUNDRED:
            problems.append(f"'event_missed_pct.{kind}': harus 0 sampai 100, ditemukan {pct}")
    if policy.izin_per_month_max < 0:
        problems.append(
            "'izin_per_month_max': tidak boleh negatif (0 = tanpa batas), "
            f"ditemukan {policy.izin_per_month_max}"
        )
    return problems


@dataclass(frozen=True, slots=True)
class PolicySet:
    """All versions of one region's policy; each applies from its month until the next."""

    region: str
    versions: tuple[Policy, ...]

    def __post_init__(self) -> None:
        if not self.versions:
            raise ValueError(NO_VERSIONS)
        months = [v.effective_from for v in self.versions]
        if any(b <= a for a, b in itertools.pairwise(months)):
            raise ValueError(VERSIONS_NOT_INCREASING)
        if any(v.region != self.region for v in self.versions):
            raise ValueError(MIXED_REGIONS.format(region=self.region))

    def for_month(self, year: int, month: int) -> Policy:
        """The version in force in ``year``-``month``: the latest one starting on or before it."""
        wanted = YearMonth(year, month)
        index = bisect.bisect_right([v.effective_from for v in self.versions], wanted) - 1
        if index < 0:
            raise LookupError(
                NO_VERSION.format(
                    region=self.region, month=wanted, first=self.versions[0].effective_from
                )
            )
        return self.versions[index]

    def for_day(self, day: date) -> Policy:
        return self.for_month(day.year, day.month)
