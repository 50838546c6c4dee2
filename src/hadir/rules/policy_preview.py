"""What a policy change does to one month's recaps, computed in memory from stored days.

Stored days carry the codes of the policy they were computed with. A changed band edge moves
a late (TL) or early (PSW) day to another band: ``rebanded`` re-derives those codes from the
stored minutes. Everything else a policy holds (rates, caps, the TPP split, N-TK) is applied
by ``build_month_recap``. Keys that change how a day itself is judged (punch windows, device
status, FWA) need the full recompute that saving starts; the preview does not show them.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Generic, TypeVar

from hadir.rules.codes import EARLY_CODES, LATE_CODES, DayCode
from hadir.rules.policy import Policy
from hadir.rules.recap import MonthRecap, RecapDay, build_month_recap

Person = TypeVar("Person")
Day = TypeVar("Day", bound=RecapDay)


def band_code(minutes: int, edges: Sequence[int], codes: Sequence[DayCode]) -> DayCode:
    """The band of ``minutes`` (1-30 -> band 1 with edges [30, 60, 90]; above the top edge ->
    the top band)."""
    return codes[bisect.bisect_left(edges, minutes)]


def rebanded(day: Day, policy: Policy) -> Day:
    """``day`` with its TL/PSW codes re-derived from its minutes under ``policy``'s edges."""
    late, early = set(LATE_CODES), set(EARLY_CODES)
    if not any(code in late or code in early for code in day.codes):
        return day
    codes = tuple(
        band_code(day.late_minutes, policy.late_band_edges, LATE_CODES)
        if code in late and day.late_minutes > 0
        else band_code(day.early_minutes, policy.early_band_edges, EARLY_CODES)
        if code in early and day.early_minutes > 0
        else code
        for code in day.codes
    )
    return replace(day, codes=codes)  # type: ignore[type-var]


@dataclass(frozen=True, slots=True)
class DeductionChange(Generic[Person]):
    person: Person
    old: MonthRecap
    new: MonthRecap

    @property
    def amount_difference(self) -> int | None:
        if self.old.deduction_amount is None or self.new.deduction_amount is None:
            return None
        return self.new.deduction_amount - self.old.deduction_amount


@dataclass(frozen=True, slots=True)
class PolicyPreview(Generic[Person]):
    year: int
    month: int
    people: int  # people with stored days in the month
    changes: tuple[DeductionChange[Person], ...]

    @property
    def total_amount_difference(self) -> int:
        return sum(change.amount_difference or 0 for change in self.changes)

    @property
    def more(self) -> int:
        return sum(1 for c in self.changes if c.new.deduction_pct > c.old.deduction_pct)

    @property
    def less(self) -> int:
        return len(self.changes) - self.more


def preview_policy_change(
    year: int,
    month: int,
    months: Iterable[tuple[Person, Sequence[Day], int | None]],
    *,
    old: Policy,
    new: Policy,
    sort_key: Callable[[Person], tuple[str, ...]] | None = None,
) -> PolicyPreview[Person]:
    """Recap every person's stored days under ``old`` and ``new``; keep those whose deduction
    (percent, or rupiah when a TPP base is known) differs."""
    edges_changed = (old.late_band_edges, old.early_band_edges) != (
        new.late_band_edges,
        new.early_band_edges,
    )
    changes: list[DeductionChange[Person]] = []
    people = 0
    for person, days, tpp_base in months:
        people += 1
        before = build_month_recap(year, month, days, policy=old, tpp_base=tpp_base)
        after_days = [rebanded(day, new) for day in days] if edges_changed else days
        after = build_month_recap(year, month, after_days, policy=new, tpp_base=tpp_base)
        if (before.deduction_pct, before.deduction_amount) != (
            after.deduction_pct,
            after.deduction_amount,
        ):
            changes.append(DeductionChange(person, before, after))
    if sort_key is not None:
        changes.sort(key=lambda change: sort_key(change.person))
    return PolicyPreview(year, month, people, tuple(changes))
