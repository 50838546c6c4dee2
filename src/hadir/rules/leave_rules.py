"""Whether a leave (cuti) may be asked for at all, and for how long: pure rules over plain data.

Each rule is a small function that returns ``None`` (allowed) or a :class:`LeaveRefusal`
naming the rule, its legal basis and the numbers the message needs. The caller (the request
service) turns the refusal into words; the quota itself (days left this year) is counted by
``hadir.requests.leave`` from the requests.

Legal basis (docs/rules.md, "Leave"):
- PNS: PP 11/2017 on PNS management as amended by PP 17/2020, part on leave (cuti), and its
  procedure, Peraturan BKN 24/2017 as amended by Peraturan BKN 7/2021;
- PPPK: PP 49/2018 art. 77-85 (annual, sick, maternity and joint leave only) and its
  procedure, Peraturan BKN 7/2022.
Non-ASN staff are not covered by either: their contract decides, so no rule refuses them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum


class StaffType(StrEnum):
    PNS = "PNS"
    PPPK = "PPPK"
    OTHER = "OTHER"  # non-ASN: no statutory leave rule applies


class Leave(StrEnum):
    """The leave types a person asks for (``LeaveChoice`` values)."""

    TAHUNAN = "tahunan"
    BESAR = "besar"
    SAKIT = "sakit"
    MELAHIRKAN = "melahirkan"
    ALASAN_PENTING = "alasan_penting"
    CLTN = "cltn"


class LeaveRule(StrEnum):
    """Every rule that can refuse a leave; the value is the key of its message."""

    NOT_FOR_PPPK = "not_for_pppk"
    START_UNKNOWN = "start_unknown"
    ANNUAL_SERVICE = "annual_service"
    ANNUAL_IN_LONG_LEAVE_YEAR = "annual_in_long_leave_year"
    LONG_SERVICE = "long_service"
    LONG_AGAIN_TOO_SOON = "long_again_too_soon"
    LONG_LENGTH = "long_length"
    SICK_LETTER = "sick_letter"
    SICK_LENGTH = "sick_length"
    MATERNITY_CHILD = "maternity_child"
    MATERNITY_LENGTH = "maternity_length"
    IMPORTANT_LENGTH = "important_length"
    UNPAID_SERVICE = "unpaid_service"
    UNPAID_LENGTH = "unpaid_length"
    IZIN_MONTHLY_CAP = "izin_monthly_cap"


# The legal basis of each rule, shown with every refusal (cited in docs/rules.md).
PNS_LEAVE = "PP 11/2017 jo. PP 17/2020; Peraturan BKN 24/2017 jo. 7/2021"
BASIS: dict[LeaveRule, str] = {
    LeaveRule.NOT_FOR_PPPK: "PP 49/2018 Pasal 77",
    LeaveRule.START_UNKNOWN: "PP 11/2017 Pasal 311; PP 49/2018 Pasal 78",
    LeaveRule.ANNUAL_SERVICE: "PP 11/2017 Pasal 311 ayat (1); PP 49/2018 Pasal 78 ayat (1)",
    LeaveRule.ANNUAL_IN_LONG_LEAVE_YEAR: f"{PNS_LEAVE} (cuti besar)",
    LeaveRule.LONG_SERVICE: f"{PNS_LEAVE} (cuti besar)",
    LeaveRule.LONG_AGAIN_TOO_SOON: "Peraturan BKN 24/2017 (cuti besar)",
    LeaveRule.LONG_LENGTH: f"{PNS_LEAVE} (cuti besar)",
    LeaveRule.SICK_LETTER: f"{PNS_LEAVE} (cuti sakit); PP 49/2018 Pasal 83",
    LeaveRule.SICK_LENGTH: f"{PNS_LEAVE} (cuti sakit); PP 49/2018 Pasal 83 ayat (4)",
    LeaveRule.MATERNITY_CHILD: f"{PNS_LEAVE} (cuti melahirkan); PP 49/2018 Pasal 84",
    LeaveRule.MATERNITY_LENGTH: f"{PNS_LEAVE} (cuti melahirkan); PP 49/2018 Pasal 84",
    LeaveRule.IMPORTANT_LENGTH: f"{PNS_LEAVE} (cuti karena alasan penting)",
    LeaveRule.UNPAID_SERVICE: f"{PNS_LEAVE} (cuti di luar tanggungan negara)",
    LeaveRule.UNPAID_LENGTH: f"{PNS_LEAVE} (cuti di luar tanggungan negara)",
    LeaveRule.IZIN_MONTHLY_CAP: "Perbup/Perwal (policy: izin_per_month_max)",
}

ANNUAL_SERVICE_YEARS = 1
LONG_SERVICE_YEARS = 5
LONG_MONTHS = 3
MATERNITY_MONTHS = 3
MATERNITY_LAST_CHILD = 3
IMPORTANT_MONTHS = 1
UNPAID_SERVICE_YEARS = 5
UNPAID_YEARS = 3
SICK_LETTER_FROM_DAYS = 1  # every sick leave needs a doctor's letter, even one day
SICK_GOVERNMENT_DOCTOR_AFTER_DAYS = 14
SICK_MONTHS = {StaffType.PNS: 12, StaffType.PPPK: 1}
# Leave a PPPK may ask for (PP 49/2018 Pasal 77: tahunan, sakit, melahirkan, bersama).
PPPK_LEAVE = frozenset({Leave.TAHUNAN, Leave.SAKIT, Leave.MELAHIRKAN})


@dataclass(frozen=True, slots=True)
class TakenLeave:
    """A leave already approved or still pending (it holds its days)."""

    leave: Leave
    first: date
    last: date


@dataclass(frozen=True, slots=True)
class LeaveAsk:
    """One leave request and what the rules need to know about the person.

    ``service_start``: TMT CPNS/PNS or TMT PPPK, None when unknown; ``child_order``: for
    maternity leave, which birth while an ASN (1 = first); ``has_letter``: a doctor's letter
    is attached; ``history``: the person's other open leave."""

    staff: StaffType
    leave: Leave
    first: date
    last: date
    service_start: date | None = None
    child_order: int | None = None
    has_letter: bool = False
    history: tuple[TakenLeave, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class LeaveRefusal:
    rule: LeaveRule
    params: dict[str, int | date | str] = field(default_factory=dict)

    @property
    def basis(self) -> str:
        return BASIS[self.rule]


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day when it is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - every month has 28 days


def last_day_within(first: date, months: int) -> date:
    """The last day of a leave of ``months`` months starting ``first``."""
    return add_months(first, months) - timedelta(days=1)


def service_anniversary(start: date, years: int) -> date:
    """The first day on which someone who started on ``start`` has ``years`` years of service."""
    return add_months(start, 12 * years)


def _service_check(ask: LeaveAsk, years: int, rule: LeaveRule) -> LeaveRefusal | None:
    if ask.service_start is None:
        return LeaveRefusal(LeaveRule.START_UNKNOWN, {"years": years})
    eligible = service_anniversary(ask.service_start, years)
    if ask.first < eligible:
        return LeaveRefusal(rule, {"years": years, "from": eligible, "start": ask.service_start})
    return None


def _length_check(ask: LeaveAsk, months: int, rule: LeaveRule) -> LeaveRefusal | None:
    last_allowed = last_day_within(ask.first, months)
    if ask.last > last_allowed:
        return LeaveRefusal(rule, {"months": months, "until": last_allowed})
    return None


def staff_type_check(ask: LeaveAsk) -> LeaveRefusal | None:
    """A PPPK has annual, sick, maternity and joint leave only (PP 49/2018 Pasal 77): no
    long leave, no leave for important reasons, no unpaid leave."""
    if ask.staff is StaffType.PPPK and ask.leave not in PPPK_LEAVE:
        return LeaveRefusal(LeaveRule.NOT_FOR_PPPK)
    return None


def annual_service_check(ask: LeaveAsk) -> LeaveRefusal | None:
    """Annual leave only after one year of continuous service, counted from the TMT (PP
    11/2017 Pasal 311 ayat (1); PP 49/2018 Pasal 78 ayat (1))."""
    return _service_check(ask, ANNUAL_SERVICE_YEARS, LeaveRule.ANNUAL_SERVICE)


def annual_after_long_leave_check(ask: LeaveAsk) -> LeaveRefusal | None:
    """Whoever takes long leave has no annual leave in that year (PP 11/2017, cuti besar)."""
    years = {ask.first.year, ask.last.year}
    for taken in ask.history:
        shared = years & {taken.first.year, taken.last.year}
        if taken.leave is Leave.BESAR and shared:
            return LeaveRefusal(LeaveRule.ANNUAL_IN_LONG_LEAVE_YEAR, {"year": min(shared)})
    return None


def long_leave_check(ask: LeaveAsk) -> LeaveRefusal | None:
    """Long leave: after five years of continuous service, at most three months, and the
    next one only five years after the last one ended (PP 11/2017; Peraturan BKN 24/2017)."""
    refusal = _service_check(ask, LONG_SERVICE_YEARS, LeaveRule.LONG_SERVICE)
    if refusal is not None:
        return refusal
    for taken in sorted(ask.history, key=lambda t: t.last, reverse=True):
        if taken.leave is Leave.BESAR and taken.last < ask.first:
            again = service_anniversary(taken.last + timedelta(days=1), LONG_SERVICE_YEARS)
            if ask.first < again:
                return LeaveRefusal(
                    LeaveRule.LONG_AGAIN_TOO_SOON, {"from": again, "ended": taken.last}
                )
            break
    return _length_check(ask, LONG_MONTHS, LeaveRule.LONG_LENGTH)


def sick_leave_check(ask: LeaveAsk) -> LeaveRefusal | None:
    """Sick leave needs a doctor's letter from the first day; above 14 days the letter must
    come from a government doctor. It lasts at most a year for a PNS (extensions need the
    Tim Penguji Kesehatan) and a month for a PPPK (PP 49/2018 Pasal 83 ayat (4))."""
    days = (ask.last - ask.first).days + 1
    if days >= SICK_LETTER_FROM_DAYS and not ask.has_letter:
        government = days > SICK_GOVERNMENT_DOCTOR_AFTER_DAYS
        return LeaveRefusal(
            LeaveRule.SICK_LETTER,
            {"days": days, "limit": SICK_GOVERNMENT_DOCTOR_AFTER_DAYS, "government": government},
        )
    months = SICK_MONTHS.get(ask.staff, SICK_MONTHS[StaffType.PNS])
    return _length_check(ask, months, LeaveRule.SICK_LENGTH)


def needs_government_doctor(first: date, last: date) -> bool:
    """A sick leave longer than 14 days needs a government doctor's letter."""
    return (last - first).days + 1 > SICK_GOVERNMENT_DOCTOR_AFTER_DAYS


def maternity_leave_check(ask: LeaveAsk) -> LeaveRefusal | None:
    """Maternity leave: for the first to the third birth while an ASN, three months; from
    the fourth birth a PNS takes long leave instead (PP 11/2017; PP 49/2018 Pasal 84)."""
    if ask.child_order is None or not 1 <= ask.child_order <= MATERNITY_LAST_CHILD:
        return LeaveRefusal(
            LeaveRule.MATERNITY_CHILD,
            {"child": ask.child_order or 0, "last_child": MATERNITY_LAST_CHILD},
        )
    return _length_check(ask, MATERNITY_MONTHS, LeaveRule.MATERNITY_LENGTH)


def important_reasons_check(ask: LeaveAsk) -> LeaveRefusal | None:
    """Leave for important reasons (a close relative gravely ill or deceased, one's
    wedding, a wife giving birth, a fire or disaster): at most one month."""
    return _length_check(ask, IMPORTANT_MONTHS, LeaveRule.IMPORTANT_LENGTH)


def unpaid_leave_check(ask: LeaveAsk) -> LeaveRefusal | None:
    """Unpaid leave (CLTN): after five years of continuous service, at most three years."""
    refusal = _service_check(ask, UNPAID_SERVICE_YEARS, LeaveRule.UNPAID_SERVICE)
    return refusal or _length_check(ask, 12 * UNPAID_YEARS, LeaveRule.UNPAID_LENGTH)


RULES_BY_LEAVE: dict[Leave, tuple[Callable[[LeaveAsk], LeaveRefusal | None], ...]] = {
    Leave.TAHUNAN: (annual_service_check, annual_after_long_leave_check),
    Leave.BESAR: (long_leave_check,),
    Leave.SAKIT: (sick_leave_check,),
    Leave.MELAHIRKAN: (maternity_leave_check,),
    Leave.ALASAN_PENTING: (important_reasons_check,),
    Leave.CLTN: (unpaid_leave_check,),
}


def leave_refusal(ask: LeaveAsk) -> LeaveRefusal | None:
    """The first rule that refuses ``ask``, or None when it may be filed."""
    if ask.staff is StaffType.OTHER:
        return None
    refusal = staff_type_check(ask)
    if refusal is not None:
        return refusal
    for rule in RULES_BY_LEAVE[ask.leave]:
        refusal = rule(ask)
        if refusal is not None:
            return refusal
    return None


def carried_over_days(
    *, quota: int, unused_last_year: int, untouched_two_years: bool, one_year_cap: int
) -> int:
    """Annual leave carried into a year (PP 11/2017 Pasal 312): what was left last year, at
    most ``one_year_cap`` (6: 18 days with this year's 12); when the leave was not used at
    all for two years or more in a row, up to one more year's quota (24 days in all)."""
    if untouched_two_years:
        return quota
    return max(0, min(one_year_cap, unused_last_year))


def izin_cap_check(
    *, cap: int, first: date, earlier_izin_days: Iterable[date]
) -> LeaveRefusal | None:
    """The region's cap of izin requests in a calendar month (e.g. Kab. TTU: 4); 0 means
    no cap. ``earlier_izin_days``: the first days of the person's other open izin."""
    if cap <= 0:
        return None
    same_month = [d for d in earlier_izin_days if (d.year, d.month) == (first.year, first.month)]
    if len(same_month) >= cap:
        return LeaveRefusal(LeaveRule.IZIN_MONTHLY_CAP, {"cap": cap, "month": first})
    return None
