"""Figures for the dashboards: the region over the last months, the units ranked, and one
unit's month day by day. Every figure is a grouped query (``figures``); charts are the
pure SVG renderers of ``hadir.exports``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import QuerySet

from hadir.exports import bar_chart_svg
from hadir.exports.labels import MONTH_NAMES
from hadir.org.models import Unit
from hadir.reporting.deadlines import month_last_day
from hadir.reporting.figures import (
    BANDS,
    Figures,
    figures_by_day,
    figures_by_month,
    figures_by_unit,
)

MONTHS_SHOWN = 6


@dataclass
class RegionDashboard:
    months: list[date]
    rate_by_month: list[float | None]
    late_by_month: dict[str, list[int]]
    tk_by_month: list[int]
    ranking: list[tuple[Unit, Decimal]]  # highest rate first
    month_figures: Figures | None


def months_up_to(month: date, count: int = MONTHS_SHOWN) -> list[date]:
    months = [month.replace(day=1)]
    while len(months) < count:
        months.insert(0, (months[0] - timedelta(days=1)).replace(day=1))
    return months


def region_dashboard(units: QuerySet[Unit], month: date) -> RegionDashboard:
    """The last ``MONTHS_SHOWN`` months up to ``month`` for the units in ``units``."""
    months = months_up_to(month)
    unit_list = list(units.filter(is_active=True))
    unit_ids = [u.pk for u in unit_list]
    by_month = figures_by_month(months[0], month_last_day(months[-1]), unit_ids)
    by_unit = figures_by_unit(month, month_last_day(month))
    ranking = [
        (unit, rate)
        for unit in unit_list
        if unit.pk in by_unit and (rate := by_unit[unit.pk].rate) is not None
    ]
    ranking.sort(key=lambda pair: (-pair[1], pair[0].code))
    empty = Figures(0, 0, 0, dict.fromkeys(BANDS, 0))
    series = [by_month.get(m, empty) for m in months]
    return RegionDashboard(
        months=months,
        rate_by_month=[float(f.rate) if f.rate is not None else None for f in series],
        late_by_month={band: [f.late[band] for f in series] for band in BANDS},
        tk_by_month=[f.tk_days for f in series],
        ranking=ranking,
        month_figures=by_month.get(months[-1]),
    )


def unit_month_chart(unit: Unit, first: date, last: date) -> str:
    """The unit's attendance rate per working day from ``first`` to ``last``."""
    by_day = figures_by_day(first, last, unit.pk)
    days = sorted(by_day)
    return bar_chart_svg(
        f"{unit.name}: {MONTH_NAMES[first.month - 1]} {first.year}",
        [str(d.day) for d in days],
        [("%", [float(by_day[d].rate or 0) for d in days])],
    )
