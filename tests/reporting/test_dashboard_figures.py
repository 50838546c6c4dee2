"""The region dashboard reads one query grouped by unit and day and folds it in Python; its
figures must equal what the database gives when it groups by month and by unit itself (the
reference queries below, which the dashboard used before: too slow on SQLite)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.test.utils import CaptureQueriesContext

from hadir.accounts.scope import scope_for
from hadir.attendance.models import DayRecord
from hadir.attendance.recompute import recompute_all_dirty
from hadir.attendance.services import recompute_month
from hadir.reporting.dashboards import months_up_to, region_dashboard
from hadir.reporting.figures import BANDS, PRESENT

from .conftest import MARCH

pytestmark = pytest.mark.django_db
COUNTS = {
    "working": Count("id"),
    "present": Count("id", filter=PRESENT),
    "tk": Count("id", filter=Q(codes__contains="TK")),
    **{band: Count("id", filter=Q(codes__contains=band)) for band in BANDS},
}


@pytest.fixture
def two_months(staff, punch, two_units, make_employee):
    """February and March with on-time, late (every band) and absent days in DINKES and a
    puskesmas under it, and DISDIK with one person."""
    make_employee(two_units["PKM-A"], pin="301")
    make_employee(two_units["DISDIK"], pin="401")
    punch("101", "2026-02-02 07:20:00", "2026-02-03 07:45:00", "2026-02-04 08:40:00")
    punch("301", "2026-02-05 09:10:00", "2026-03-04 10:30:00", "2026-03-05 07:00:00")
    punch("401", "2026-03-06 07:35:00")
    recompute_month("2026-02")
    recompute_month("2026-03")
    recompute_all_dirty()


def test_the_folded_figures_equal_the_databases_own_grouping(two_months, chain):
    data = region_dashboard(scope_for(chain["bkd"]).units(), MARCH)
    months = months_up_to(MARCH)
    working = DayRecord.objects.filter(
        day__gte=months[0], day__lte=date(2026, 3, 31), working_day=True
    )
    by_month = {
        row["m"]: row
        for row in working.annotate(m=TruncMonth("day")).values("m").annotate(**COUNTS)
    }
    expected_rates = [
        round(100 * by_month[m]["present"] / by_month[m]["working"], 1) if m in by_month else None
        for m in months
    ]
    assert data.rate_by_month == pytest.approx(expected_rates)
    assert data.tk_by_month == [by_month[m]["tk"] if m in by_month else 0 for m in months]
    for band in BANDS:
        assert data.late_by_month[band] == [
            by_month[m][band] if m in by_month else 0 for m in months
        ]
    assert sum(data.late_by_month["TL1"]) + sum(data.late_by_month["TL4"]) > 0  # data exists
    march = working.filter(day__gte=MARCH).values("unit_id").annotate(**COUNTS)
    expected_ranking = sorted(
        (-round(100 * row["present"] / row["working"], 1), row["unit_id"]) for row in march
    )
    assert sorted((-float(rate), unit.pk) for unit, rate in data.ranking) == expected_ranking
    assert data.month_figures is not None
    assert data.month_figures.working_days == by_month[MARCH]["working"]


def test_the_dashboard_reads_the_results_once(two_months, chain):
    units = scope_for(chain["bkd"]).units()
    with CaptureQueriesContext(connection) as queries:
        region_dashboard(units, MARCH)
    reads = [q["sql"] for q in queries.captured_queries if "attendance_dayrecord" in q["sql"]]
    assert len(reads) == 1, reads
