"""Totals of a TPP list, summed from the very rows printed, while they are printed: one pass
over the rows, so a region's list can stream without holding them twice.

Only people with a TPP base are summed; those without count in ``missing_base`` and their
total line says so (a missing base is never added as 0 unnoticed).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from hadir.exports import labels
from hadir.exports.model import TppRow


@dataclass(frozen=True, slots=True)
class TppTotal:
    """A subtotal (one unit) or the grand total of a TPP list."""

    label: str
    people: int
    missing_base: int
    base: int
    deduction: int
    paid: int
    grand: bool = False

    @property
    def remark(self) -> str:
        if self.missing_base:
            return labels.TOTAL_MISSING.format(people=self.people, missing=self.missing_base)
        return labels.TOTAL_PEOPLE.format(people=self.people)


class _Sum:
    def __init__(self) -> None:
        self.people = self.missing = self.base = self.deduction = self.paid = 0

    def add(self, row: TppRow) -> None:
        self.people += 1
        if row.tpp_base is None:
            self.missing += 1
            return
        self.base += row.tpp_base
        self.deduction += row.deduction_amount or 0
        self.paid += row.paid_amount if row.paid_amount is not None else row.tpp_base

    def total(self, label: str, *, grand: bool = False) -> TppTotal:
        return TppTotal(
            label, self.people, self.missing, self.base, self.deduction, self.paid, grand
        )


def tpp_lines(rows: Iterable[TppRow], *, per_unit: bool) -> Iterator[TppRow | TppTotal]:
    """Each row, a subtotal after each unit's rows when ``per_unit`` (rows come unit by
    unit), and the grand total last (also for an empty list)."""
    grand, unit = _Sum(), _Sum()
    current: str | None = None
    for row in rows:
        if per_unit and current is not None and row.unit_name != current:
            yield unit.total(labels.UNIT_SUBTOTAL.format(unit=current))
            unit = _Sum()
        current = row.unit_name
        unit.add(row)
        grand.add(row)
        yield row
    if per_unit and current is not None:
        yield unit.total(labels.UNIT_SUBTOTAL.format(unit=current))
    yield grand.total(labels.GRAND_TOTAL, grand=True)
