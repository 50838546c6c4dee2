"""The cold-month bound of ``make bench`` (issue 15): the recompute with its rules work taken
out still reads every input and stores every day, and the real recompute is back after it."""

from __future__ import annotations

from datetime import date

import pytest

from hadir.attendance.bench import _rules_stubbed, bound_text
from hadir.attendance.models import DayRecord
from hadir.attendance.services import recompute_month


@pytest.fixture
def budi(two_units, make_employee, punch):
    employee = make_employee(two_units["DINKES"], pin="101")
    punch("101", "2026-03-03 08:12:00", "2026-03-03 16:00:00")  # 42 min late
    return employee


def test_the_bound_stores_every_day_without_the_rules_then_the_rules_return(budi):
    with _rules_stubbed(91):
        recompute_month("2026-03")
    rows = DayRecord.objects.filter(employee=budi)
    assert rows.count() == 31
    assert set(rows.values_list("explanation", flat=True)) == {bound_text(91)}
    DayRecord.objects.all().delete()
    recompute_month("2026-03")
    late = DayRecord.objects.get(employee=budi, day=date(2026, 3, 3))
    assert (late.codes, late.late_minutes) == ("TL2", 42)
    assert DayRecord.objects.filter(employee=budi).count() == 31


@pytest.mark.parametrize("length", [0, 1, 86, 104, 105, 500])
def test_the_bound_writes_explanations_of_the_length_asked(length):
    assert len(bound_text(length)) == length
