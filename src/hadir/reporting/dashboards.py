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
    figures_by_unit_and_day,
    regroup,
)

MONTHS_SHOWN = 6
UNITS_OVER_MONTHS = 5


@dataclass
class RegionDashboard:
    months: list[date]
    rate_by_month: list[float | None]
    late_by_month: dict[str, list[int]]
    tk_by_month: list[int]
    ranking: list[tuple[Unit, Decimal]]  # highest rate first
    month_figures: Figures | None
    # the top-level units (with everything below them) lowest this month, month by month
    lowest_over_months: list[tuple[str, list[float | None]]]


def months_up_to(month: date, count: int = MONTHS_SHOWN) -> list[date]:
    months = [month.replace(day=1)]
    while len(months) < count:
        months.insert(0, (months[0] - timedelta(days=1)).replace(day=1))
    return months


def region_dashboard(units: QuerySet[Unit], month: date) -> RegionDashboard:
    """The last ``MONTHS_SHOWN`` months up to ``month`` for the units in ``units``: one
    grouped query, folded by month, by unit and by top-level unit."""
    months = months_up_to(month)
    unit_list = list(units.filter(is_active=True))
    unit_ids = {u.pk for u in unit_list}
    by_unit_and_day = figures_by_unit_and_day(months[0], month_last_day(months[-1]))
    by_month = regroup(
        by_unit_and_day, lambda unit_id, day: day.replace(day=1) if unit_id in unit_ids else None
    )
    by_unit = regroup(by_unit_and_day, lambda unit_id, day: unit_id if day >= month else None)
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
        lowest_over_months=_lowest_over_months(unit_list, months, by_unit_and_day),
    )


def _lowest_over_months(
    units: list[Unit], months: list[date], by_unit_and_day: dict[tuple[int, date], Figures]
) -> list[tuple[str, list[float | None]]]:
    """Each top-level unit counts its whole subtree."""
    root_of = {u.pk: int(u.path.strip("/").split("/")[0]) for u in units if u.path.strip("/")}
    roots = {u.pk: u for u in units if u.depth == 0}

    def root_and_month(unit_id: int, day: date) -> tuple[int, date] | None:
        root = root_of.get(unit_id)
        return (root, day.replace(day=1)) if root in roots else None

    grouped = regroup(by_unit_and_day, root_and_month)
    series = []
    for root_id, unit in roots.items():
        rates = [grouped[(root_id, m)].rate if (root_id, m) in grouped else None for m in months]
        if rates[-1] is not None:
            series.append((rates[-1], unit.code, unit.name, rates))
    series.sort()
    return [
        (name, [float(r) if r is not None else None for r in rates])
        for _, _, name, rates in series[:UNITS_OVER_MONTHS]
    ]


def unit_month_chart(unit: Unit, first: date, last: date) -> str:
    """The unit's attendance rate per working day from ``first`` to ``last``."""
    by_day = figures_by_day(first, last, unit.pk)
    days = sorted(by_day)
    return bar_chart_svg(
        f"{unit.name}: {MONTH_NAMES[first.month - 1]} {first.year}",
        [str(d.day) for d in days],
        [("%", [float(by_day[d].rate or 0) for d in days])],
    )
