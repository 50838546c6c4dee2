"""Attendance figures aggregated in the database: one query per figure, whatever the number
of units. A rate is present working days over working days of the stored results."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth

from hadir.attendance.models import DayRecord

# Stored codes are space separated; no code is a substring of another one listed here
# except as intended ("TA" is TAM and TAP).
PRESENT = (
    Q(codes__contains="H")
    | Q(codes__contains="TL")
    | Q(codes__contains="PSW")
    | Q(codes__contains="TA")
    | Q(codes__contains="FWA")
)
BANDS = ("TL1", "TL2", "TL3", "TL4")


@dataclass(frozen=True, slots=True)
class Figures:
    working_days: int
    present_days: int
    tk_days: int
    late: dict[str, int]

    @property
    def rate(self) -> Decimal | None:
        """Percent present, one decimal; None without working days."""
        if not self.working_days:
            return None
        pct = Decimal(100 * self.present_days) / Decimal(self.working_days)
        return pct.quantize(Decimal("0.1"), ROUND_HALF_UP)


def _aggregates() -> dict[str, Count]:
    return {
        "working": Count("id"),
        "present": Count("id", filter=PRESENT),
        "tk": Count("id", filter=Q(codes__contains="TK")),
        **{band: Count("id", filter=Q(codes__contains=band)) for band in BANDS},
    }


def _figures(row: Mapping[str, Any]) -> Figures:
    return Figures(
        working_days=row["working"],
        present_days=row["present"],
        tk_days=row["tk"],
        late={band: row[band] for band in BANDS},
    )


def _working(first: date, last: date) -> QuerySet[DayRecord]:
    return DayRecord.objects.filter(day__gte=first, day__lte=last, working_day=True)


def figures_by_unit(first: date, last: date) -> dict[int, Figures]:
    rows = _working(first, last).values("unit_id").annotate(**_aggregates()).order_by()
    return {row["unit_id"]: _figures(row) for row in rows if row["unit_id"]}


def figures_by_month(
    first: date, last: date, unit_ids: list[int] | None = None
) -> dict[date, Figures]:
    records = _working(first, last)
    if unit_ids is not None:
        records = records.filter(unit_id__in=unit_ids)
    rows = records.annotate(m=TruncMonth("day")).values("m").annotate(**_aggregates()).order_by()
    return {row["m"]: _figures(row) for row in rows}


def figures_by_day(first: date, last: date, unit_id: int) -> dict[date, Figures]:
    rows = (
        _working(first, last).filter(unit_id=unit_id).values("day").annotate(**_aggregates())
    ).order_by()
    return {row["day"]: _figures(row) for row in rows}


def figures_by_unit_and_month(first: date, last: date) -> dict[tuple[int, date], Figures]:
    rows = (
        _working(first, last)
        .annotate(m=TruncMonth("day"))
        .values("unit_id", "m")
        .annotate(**_aggregates())
        .order_by()
    )
    return {(row["unit_id"], row["m"]): _figures(row) for row in rows if row["unit_id"]}
