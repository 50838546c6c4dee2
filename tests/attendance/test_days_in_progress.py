"""Days still going on are stored as such, never with a penalty, and computed again once
they are over (the worker's sweep), through the real database."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from hadir.attendance.models import DayRecord, DirtyDay
from hadir.attendance.recompute import recompute_all_dirty, recompute_range
from hadir.attendance.selectors import employee_month
from hadir.attendance.services import days_in_progress_settle, settle_days_in_progress
from hadir.schedules.models import RosterEntry, Shift, WorkSchedule

WIB = ZoneInfo("Asia/Jakarta")
TUESDAY = date(2026, 3, 10)  # 07:30-16:00; the departure window closes at 22:00


def wib(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=WIB)


def record(employee, day: date) -> DayRecord:
    return DayRecord.objects.get(employee=employee, day=day)


@pytest.fixture
def budi(two_units, make_employee):
    return make_employee(two_units["DINKES"], pin="101", tpp_base=4_000_000)


def test_afternoon_check_in_is_in_progress_then_final_after_the_day(budi, punch):
    punch("101", "2026-03-10 14:27:00")
    recompute_all_dirty(at=wib("2026-03-10 14:30"))
    going = record(budi, TUESDAY)
    assert (going.codes, going.in_progress, going.settles_at) == (
        "TL4",
        True,
        wib("2026-03-10 22:00"),
    )
    assert going.explanation.startswith("Hari berjalan, belum selesai")
    month = employee_month(budi, date(2026, 3, 1))
    assert month.recap is not None
    assert (month.tpp_deduction_percent, month.totals) == (Decimal(0), {})

    assert days_in_progress_settle(now=wib("2026-03-10 21:59")) == 0  # not over yet
    assert days_in_progress_settle(now=wib("2026-03-10 22:00")) == 1
    assert days_in_progress_settle(now=wib("2026-03-10 22:01")) == 0  # already marked
    recompute_all_dirty(at=wib("2026-03-10 22:00"))
    done = record(budi, TUESDAY)
    assert (done.codes, done.in_progress) == ("TAM PSW4", False)
    assert employee_month(budi, date(2026, 3, 1)).tpp_deduction_percent > 0


def test_the_worker_sweep_settles_past_days_with_the_real_clock(budi, punch):
    punch("101", "2026-03-10 07:20:00")
    recompute_all_dirty(at=wib("2026-03-10 12:00"))
    assert (record(budi, TUESDAY).codes, record(budi, TUESDAY).in_progress) == ("", True)
    assert settle_days_in_progress() is True  # the worker's idle task, now is far later
    assert settle_days_in_progress() is False  # marked once, no busy loop
    recompute_all_dirty()
    assert (record(budi, TUESDAY).codes, record(budi, TUESDAY).in_progress) == ("TAP", False)
    assert not DirtyDay.objects.exists()


def test_a_range_recompute_leaves_only_the_unfinished_days_in_progress(budi, punch):
    punch("101", "2026-03-09 07:20:00", "2026-03-09 16:05:00")
    recompute_range([budi.pk], date(2026, 3, 9), date(2026, 3, 11), at=wib("2026-03-10 09:00"))
    assert [(r.day.day, r.codes, r.in_progress) for r in DayRecord.objects.order_by("day")] == [
        (9, "H", False),
        (10, "", True),  # today, no punch yet: not TK
        (11, "", True),  # tomorrow
    ]


def test_night_shift_stays_in_progress_until_the_next_day(two_units, make_employee, punch):
    nurse = make_employee(
        two_units["PKM-A"], pin="55", schedule=WorkSchedule.objects.get(code="SHIFT")
    )
    RosterEntry.objects.create(
        employee=nurse, day=date(2026, 3, 9), shift=Shift.objects.get(code="M")
    )
    punch("55", "2026-03-09 20:55:00")
    recompute_all_dirty(at=wib("2026-03-10 06:00"))
    night = record(nurse, date(2026, 3, 9))
    assert night.in_progress and night.codes == ""
    assert days_in_progress_settle(now=wib("2026-03-10 12:00")) == 0
    assert days_in_progress_settle(now=night.settles_at) == 1
    recompute_all_dirty(at=night.settles_at)
    assert record(nurse, date(2026, 3, 9)).codes == "TAP"


@pytest.mark.django_db
def test_days_waiting_to_settle_are_found_through_the_partial_index():
    """Only days in progress carry ``settles_at``, so its index holds only those (issue 15);
    the settle query must still be able to use it on both databases."""
    query = DayRecord.objects.filter(settles_at__lte=datetime(2026, 3, 2, tzinfo=WIB))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # an empty table is scanned unless told not to
            cursor.execute("SET LOCAL enable_seqscan = off")
        assert "day_record_settles_at" in query.explain()


@pytest.mark.django_db
def test_the_settles_at_index_holds_only_days_in_progress():
    """The index in the database carries its condition (a plain index over every day would
    let the test above pass too)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = %s", ["day_record_settles_at"]
            )
        else:
            cursor.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = %s",
                ["day_record_settles_at"],
            )
        [(definition,)] = cursor.fetchall()
    plain = definition.upper().translate(str.maketrans("", "", '()"'))
    assert plain.endswith("WHERE SETTLES_AT IS NOT NULL")
