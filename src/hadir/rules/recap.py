"""The monthly recap of one employee: counts, minutes and the TPP deduction, with reasons.

Sources: DOMAIN.md section 4 (per-occurrence tables, caps, "N TK days = 100 %", the TPP
split and whether the table applies to the discipline part or the whole TPP).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType
from typing import Protocol

from hadir.rules.codes import DayCode, LeaveType
from hadir.rules.discipline import AttendanceDay
from hadir.rules.messages import Message, Msg, Param, Rupiah, render
from hadir.rules.policy import HUNDRED, DeductionBase, Policy
from hadir.rules.policy_checks import NEVER_DEDUCTED

OUTSIDE_MONTH = "DayResult for {day} is outside {year}-{month:02d}."
DUPLICATE_DAY = "Two DayResults for {day}; pass one per date."
NEGATIVE_BASE = "tpp_base must not be negative."


@dataclass(frozen=True, slots=True)
class DeductionItem:
    """One code on one date and what it cost, in percent of the deduction base."""

    day: date
    code: DayCode
    counted_as: DayCode  # the code whose rate applied (TAM -> TL4 when counted as top band)
    pct: Decimal


@dataclass(frozen=True, slots=True)
class MonthRecap:
    """One employee's month.

    ``table_pct`` sums the items (percent of the deduction base); ``base_pct`` is that after
    the monthly cap; ``deduction_pct`` is the final deduction as percent of the whole TPP
    (100 when the N-TK rule applies). ``deduction_amount`` is set when a TPP base is given.
    ``reasons`` explains the figures line by line (derived on demand from these fields).
    """

    year: int
    month: int
    policy: Policy = field(repr=False, compare=False)
    days: int
    working_days: int
    present_days: int
    code_counts: Mapping[DayCode, int]
    leave_days: Mapping[LeaveType, int]
    late_minutes: int
    early_minutes: int
    tk_days: int
    items: tuple[DeductionItem, ...]
    table_pct: Decimal
    base_pct: Decimal
    deduction_pct: Decimal
    full_deduction_by_tk: bool
    tpp_base: int | None
    deduction_amount: int | None

    @property
    def reasons(self) -> tuple[Message, ...]:
        """Which code on which date cost how much, then the cap, the N-TK rule, the split and
        the amount.
        """
        policy = self.policy
        reasons = [_item_message(item) for item in self.items]
        if self.table_pct:
            reasons.append(Message(Msg.DEDUCTION_TOTAL, {"pct": self.table_pct}))
        if self.table_pct > policy.monthly_cap_pct:
            params: dict[str, Param] = {"total": self.table_pct, "cap": policy.monthly_cap_pct}
            reasons.append(Message(Msg.DEDUCTION_CAPPED, params))
        if self.full_deduction_by_tk:
            limit = policy.tk_days_for_full_deduction or 0
            params = {"tk_days": self.tk_days, "limit": limit}
            reasons.append(Message(Msg.FULL_DEDUCTION_TK, params))
        elif self.base_pct:
            reasons.append(_share_message(policy, self.base_pct, self.deduction_pct))
        if self.tpp_base is not None and self.deduction_amount and self.deduction_pct:
            params = {
                "base": Rupiah(self.tpp_base),
                "pct": self.deduction_pct,
                "amount": Rupiah(self.deduction_amount),
            }
            reasons.append(Message(Msg.DEDUCTION_AMOUNT, params))
        if not self.deduction_pct:
            reasons.append(Message(Msg.NO_DEDUCTION))
        return tuple(reasons)

    @property
    def reasons_text(self) -> list[str]:
        """The reasons, one Indonesian line each."""
        return [render(reason) for reason in self.reasons]


class RecapDay(AttendanceDay, Protocol):
    """What a recap needs of a day; DayResult has it, and so can a stored row."""

    @property
    def is_present(self) -> bool: ...
    @property
    def leave_type(self) -> LeaveType | None: ...
    @property
    def in_progress(self) -> bool: ...


@dataclass(frozen=True, slots=True)
class DayTally:
    """What a month recap reads of one employee's days in one month, before any policy or
    TPP base: the counts and minutes, and each code a policy may charge (all but H and L,
    which no policy prices: ``policy_checks.NEVER_DEDUCTED``) with its date, in day order
    and in the day's own order. Small enough to store per employee and month, so a list of
    every person's month need not read every day again (``hadir.attendance.tallies``)."""

    days: int
    working_days: int
    present_days: int
    late_minutes: int
    early_minutes: int
    code_counts: Mapping[DayCode, int]
    leave_days: Mapping[LeaveType, int]
    charged: tuple[tuple[date, DayCode], ...]


def tally_days(year: int, month: int, results: Iterable[RecapDay]) -> DayTally:
    """Count one employee's month from its DayResults (one per date, any order). A day still
    in progress counts as a day (and as present once punched) but its codes and minutes
    wait for its end."""
    days = sorted(results, key=lambda result: result.day)
    _check_days(year, month, days)
    counts: dict[DayCode, int] = {}
    leave: dict[LeaveType, int] = {}
    charged: list[tuple[date, DayCode]] = []
    working = present = late = early = 0
    for result in days:
        working += result.working_day
        present += result.is_present
        if result.in_progress:
            continue
        late += result.late_minutes
        early += result.early_minutes
        leave_type = result.leave_type
        if leave_type is not None:
            leave[leave_type] = leave.get(leave_type, 0) + 1
        for code in result.codes:
            counts[code] = counts.get(code, 0) + 1
            if code not in NEVER_DEDUCTED:
                charged.append((result.day, code))
    return DayTally(
        days=len(days),
        working_days=working,
        present_days=present,
        late_minutes=late,
        early_minutes=early,
        code_counts=MappingProxyType(counts),
        leave_days=MappingProxyType(leave),
        charged=tuple(charged),
    )


def build_month_recap(
    year: int,
    month: int,
    results: Iterable[RecapDay],
    *,
    policy: Policy,
    tpp_base: int | None = None,
) -> MonthRecap:
    """Recap one employee's month from its DayResults (one per date, any order).

    Rules: a day still in progress counts as a day (and as present once punched) but its
    codes and minutes wait for its end: never a deduction; each code costs its table percent
    per occurrence (TK per day); the sum is capped
    at ``monthly_cap_pct``; with ``tk_days_for_full_deduction`` TK days or more the whole TPP
    is deducted; otherwise the capped sum applies to the discipline part or the whole TPP;
    the amount is rounded half up to whole rupiah.
    """
    return recap_from_tally(
        year, month, tally_days(year, month, results), policy=policy, tpp_base=tpp_base
    )


def recap_from_tally(
    year: int, month: int, tally: DayTally, *, policy: Policy, tpp_base: int | None = None
) -> MonthRecap:
    """The recap of a month already counted (``tally_days``): the same as
    ``build_month_recap`` on the days the tally was made from."""
    if tpp_base is not None and tpp_base < 0:
        raise ValueError(NEGATIVE_BASE)
    items: list[DeductionItem] = []
    for day, code in tally.charged:
        pct, counted_as = policy.deduction_for(code)
        if pct:
            items.append(DeductionItem(day, code, counted_as, pct))
    table_pct = sum((item.pct for item in items), Decimal(0))
    base_pct = min(table_pct, policy.monthly_cap_pct)
    tk_days = tally.code_counts.get(DayCode.TK, 0)
    limit = policy.tk_days_for_full_deduction
    full = limit is not None and tk_days >= limit
    deduction_pct = HUNDRED if full else base_pct * policy.deduction_share_pct / HUNDRED
    amount = None
    if tpp_base is not None:
        amount = int((tpp_base * deduction_pct / HUNDRED).quantize(Decimal(1), ROUND_HALF_UP))
    return MonthRecap(
        year=year,
        month=month,
        policy=policy,
        days=tally.days,
        working_days=tally.working_days,
        present_days=tally.present_days,
        code_counts=tally.code_counts,
        leave_days=tally.leave_days,
        late_minutes=tally.late_minutes,
        early_minutes=tally.early_minutes,
        tk_days=tk_days,
        items=tuple(items),
        table_pct=table_pct,
        base_pct=base_pct,
        deduction_pct=deduction_pct,
        full_deduction_by_tk=full,
        tpp_base=tpp_base,
        deduction_amount=amount,
    )


def _check_days(year: int, month: int, days: list[RecapDay]) -> None:
    seen: set[date] = set()
    for result in days:
        if (result.day.year, result.day.month) != (year, month):
            raise ValueError(OUTSIDE_MONTH.format(day=result.day, year=year, month=month))
        if result.day in seen:
            raise ValueError(DUPLICATE_DAY.format(day=result.day))
        seen.add(result.day)


def _item_message(item: DeductionItem) -> Message:
    params: dict[str, Param] = {"day": item.day, "code": item.code, "pct": item.pct}
    if item.counted_as is not item.code:
        return Message(Msg.DEDUCTION_ITEM_AS_BAND, {**params, "counted_as": item.counted_as})
    return Message(Msg.DEDUCTION_ITEM, params)


def _share_message(policy: Policy, base_pct: Decimal, deduction_pct: Decimal) -> Message:
    if policy.deduction_applies_to is DeductionBase.DISCIPLINE_PART:
        return Message(
            Msg.DEDUCTION_ON_DISCIPLINE_PART,
            {"share": policy.tpp_discipline_pct, "pct": base_pct, "result": deduction_pct},
        )
    return Message(Msg.DEDUCTION_ON_WHOLE_TPP, {"result": deduction_pct})
