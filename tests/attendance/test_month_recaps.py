"""Many units' month recaps in a few queries (``hadir.attendance.month_recaps``), held to the
unit grid's own read (``unit_month_grid``), unit by unit, whatever the chunk size."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hadir.attendance import month_recaps, selectors
from hadir.attendance.inputs import policy_set
from hadir.attendance.models import DayRecord
from hadir.attendance.month_recaps import units_month_recaps
from hadir.attendance.selectors import (
    RULES_EMPLOYEE_TYPE,
    StoredDay,
    employees_discipline,
    unit_month_grid,
)
from hadir.attendance.services import recompute_month
from hadir.attendance.tallies import tallies_refresh
from hadir.org.models import Unit
from hadir.people.models import Employee
from hadir.people.services import employee_transfer
from hadir.people.tpp import tpp_base_set
from hadir.reporting.documents import discipline_document
from hadir.rules import DayCode, discipline_status

MONTH = date(2026, 3, 1)
WIB_NOON = datetime.fromisoformat("2026-03-31 12:00:00+07:00")


@pytest.fixture
def region(two_units, make_employee, punch):
    """Four people over four units: a transfer mid-month, a base changed in the month, a
    leave day, a day in progress, someone with no day at all, a namesake in another unit."""
    dinkes, pkm, disdik = two_units["DINKES"], two_units["PKM-A"], two_units["DISDIK"]
    budi = make_employee(dinkes, pin="101", name="Budi", tpp_base=4_000_000)
    sari = make_employee(dinkes, pin="102", name="Sari", tpp_base=3_000_000)
    make_employee(pkm, pin="103", name="Ani")
    make_employee(disdik, pin="104", name="Budi", tpp_base=2_500_000)
    punch("101", "2026-03-02 08:12:00", "2026-03-02 16:01:00", "2026-03-03 07:01:00")
    punch("102", "2026-03-02 07:10:00", "2026-03-02 16:30:00", "2026-03-17 07:45:00")
    punch("103", "2026-03-02 07:20:00")
    employee_transfer(employee=sari, unit=pkm, effective=date(2026, 3, 16))
    tpp_base_set(employee=budi, amount=4_500_000, valid_from=MONTH)
    recompute_month("2026-03")
    days = DayRecord.objects.filter(employee=budi)
    edit_days(days.filter(day=date(2026, 3, 4)), codes="C", leave_type="tahunan")
    edit_days(days.filter(day=date(2026, 3, 31)), settles_at=WIB_NOON)  # not over when computed
    return two_units


def edit_days(days, **values) -> None:
    """Change stored days in place (only a test does), then count their months again as the
    store does after writing days (``tallies_refresh``)."""
    days.update(**values)
    tallies_refresh(days.values_list("employee_id", "day"))


def grid_rows(unit: Unit) -> list[tuple]:
    return [(r.employee.pk, r.recap, r.tpp_base) for r in unit_month_grid(unit, MONTH).rows]


@pytest.mark.parametrize("chunk", [1, 2, 25])
def test_every_unit_as_its_grid_reads_it(region, monkeypatch, chunk):
    monkeypatch.setattr(month_recaps, "UNITS_PER_CHUNK", chunk)
    units = list(Unit.objects.order_by("code"))
    read = list(units_month_recaps(units, MONTH))
    assert [unit for unit, _ in read] == units
    for unit, people in read:
        assert [(p.employee.pk, p.recap, p.tpp_base) for p in people] == grid_rows(unit), unit
    found = {unit.code: [p.employee.name for p in people] for unit, people in read}
    assert found == {
        "DINKES": ["Budi", "Sari"],  # Sari's first half
        "PKM-A": ["Ani", "Sari"],  # Ani never punched after the 2nd, Sari's second half
        "DISDIK": ["Budi"],
        "SDN-1": [],
    }


def test_the_rows_carry_leave_progress_and_the_month_base(region):
    (_, dinkes), *_ = units_month_recaps([region["DINKES"]], MONTH)
    budi = next(p for p in dinkes if p.tpp_base is not None and p.employee.pin == "101")
    assert budi.tpp_base == 4_500_000  # the base in force in March, not the old one
    assert budi.recap is not None and budi.recap.deduction_amount is not None
    assert budi.tpp_deduction_percent == budi.recap.deduction_pct > 0


def test_queries_do_not_grow_with_people_or_units(region, make_employee, punch):
    units = list(Unit.objects.order_by("code"))
    with CaptureQueriesContext(connection) as few:
        list(units_month_recaps(units, MONTH))
    for n in range(12):
        make_employee(region["SDN-1" if n % 2 else "DISDIK"], pin=str(300 + n))
        punch(str(300 + n), f"2026-03-{2 + n:02d} 07:00:00")
    recompute_month("2026-03")
    with CaptureQueriesContext(connection) as many:
        read = list(units_month_recaps(units, MONTH))
    assert sum(len(people) for _, people in read) == 4 + 12 + 1  # Sari in two units
    assert len(many.captured_queries) == len(few.captured_queries) <= 4


def test_an_empty_list_of_units_reads_nothing(db):
    with CaptureQueriesContext(connection) as queries:
        assert list(units_month_recaps([], MONTH)) == []
    assert not queries.captured_queries


def test_a_day_in_progress_counts_nothing_until_it_is_over(region):
    def budi_tk() -> int:
        (_, dinkes), *_ = units_month_recaps([region["DINKES"]], MONTH)
        (budi,) = (p for p in dinkes if p.employee.pin == "101")
        return budi.recap.code_counts.get(DayCode.TK, 0)

    waiting = budi_tk()
    edit_days(DayRecord.objects.filter(employee__pin="101", day=date(2026, 3, 31)), settles_at=None)
    assert budi_tk() == waiting + 1  # the 31st, a Tuesday without a punch, is TK once over


@pytest.mark.parametrize("chunk", [1, 3, 500])
def test_discipline_of_many_as_read_from_whole_rows(region, monkeypatch, chunk):
    monkeypatch.setattr(selectors, "DISCIPLINE_CHUNK", chunk)
    people = list(Employee.objects.order_by("pk"))
    until = date(2026, 3, 31)
    found = employees_discipline(people, 2026, until)
    minutes = policy_set().for_month(2026, 3).discipline_minutes_per_day
    for person in people:
        rows = DayRecord.objects.filter(employee=person).order_by("day")
        expected = discipline_status(
            2026,
            [StoredDay.of(r) for r in rows],
            employee_type=RULES_EMPLOYEE_TYPE[person.employee_type],
            minutes_per_day=minutes,
        )
        assert found[person.pk] == expected
    assert found[people[0].pk].tk_days > 0  # the fixture's month holds unexcused days


def test_the_discipline_list_reads_the_same_whatever_its_size(region, make_employee):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            discipline_document(region["DINKES"], 2026)
        return len(captured.captured_queries)

    few = queries()
    for n in range(15):
        make_employee(region["DINKES"], pin=str(400 + n))
    recompute_month("2026-03")
    assert queries() == few


def test_namesakes_come_in_the_same_order_in_both_reads(region, make_employee, punch):
    """Two Siti of DINKES: the first moved to DISDIK mid-month (she is read through her days
    there), the second still there; both reads list them by name, then by id."""
    first = make_employee(region["DINKES"], pin="201", name="Siti")
    punch("201", "2026-03-02 07:05:00")
    employee_transfer(employee=first, unit=region["DISDIK"], effective=date(2026, 3, 10))
    second = make_employee(region["DINKES"], pin="202", name="Siti")
    recompute_month("2026-03")
    (_, dinkes), _ = units_month_recaps([region["DINKES"], region["DISDIK"]], MONTH)
    sitis = [p.employee.pk for p in dinkes if p.employee.name == "Siti"]
    assert sitis == [first.pk, second.pk]
    grid = [r.employee.pk for r in unit_month_grid(region["DINKES"], MONTH).rows]
    assert [pk for pk in grid if pk in sitis] == sitis
