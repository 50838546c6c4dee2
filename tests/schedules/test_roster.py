"""The roster services: only changed cells are written, audited once, their days (and the
morning after) marked; copy last month weekday by weekday; swap two people; weekly schedule
hours checked in words."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from hadir.attendance.models import DirtyDay
from hadir.attendance.services import recompute_month
from hadir.audit.models import AuditEvent
from hadir.schedules.models import RosterEntry, WorkSchedule
from hadir.schedules.roster import (
    RosterRejected,
    copy_source_day,
    roster_cells_save,
    roster_codes,
    roster_copy_month,
    roster_swap,
)
from hadir.schedules.roster_grid import posted_cells, rostered_people
from hadir.schedules.services import employee_schedule_change
from hadir.schedules.weekly import ScheduleRejected, hours_problems, work_schedule_save

pytestmark = pytest.mark.django_db
NOVEMBER = [date(2026, 11, d) for d in range(1, 31)]
DECEMBER = [date(2026, 12, d) for d in range(1, 32)]


@pytest.mark.parametrize(
    ("day", "source"),
    [
        (date(2026, 12, 1), date(2026, 11, 3)),
        (date(2026, 12, 28), date(2026, 11, 30)),
        (date(2026, 12, 29), date(2026, 11, 24)),
        (date(2026, 12, 31), date(2026, 11, 26)),
        (date(2027, 3, 1), date(2027, 2, 1)),
        (date(2027, 3, 31), date(2027, 2, 24)),
    ],
)
def test_copy_takes_the_same_weekday_of_last_month(day, source):
    assert copy_source_day(day) == source
    assert source.weekday() == day.weekday() and source.month != day.month


def test_cells_are_saved_audited_once_and_their_days_marked(two_units, nurses):
    recompute_month("2026-03")  # computed days exist, so marks apply
    unit, nurse = two_units["PKM-A"], nurses[0]
    cells = {(nurse.pk, date(2026, 3, 9)): "m", (nurse.pk, date(2026, 3, 10)): "L"}
    assert roster_cells_save(unit=unit, cells=cells) == 2
    assert roster_codes([nurse.pk], [date(2026, 3, 9), date(2026, 3, 10)]) == {
        (nurse.pk, date(2026, 3, 9)): "M",
        (nurse.pk, date(2026, 3, 10)): "L",
    }
    assert AuditEvent.objects.filter(action="roster.save").count() == 1
    marked = set(DirtyDay.objects.filter(employee=nurse).values_list("day", flat=True))
    assert {date(2026, 3, 9), date(2026, 3, 10), date(2026, 3, 11)} <= marked
    # the same cells again change nothing and record nothing
    assert roster_cells_save(unit=unit, cells=cells) == 0
    assert AuditEvent.objects.filter(action="roster.save").count() == 1
    # an empty cell removes the entry
    assert roster_cells_save(unit=unit, cells={(nurse.pk, date(2026, 3, 10)): ""}) == 1
    assert RosterEntry.objects.filter(employee=nurse).count() == 1


def test_an_unknown_code_refuses_the_whole_save(two_units, nurses):
    cells = {(nurses[0].pk, DECEMBER[0]): "P", (nurses[1].pk, DECEMBER[0]): "X9"}
    with pytest.raises(RosterRejected) as refused:
        roster_cells_save(unit=two_units["PKM-A"], cells=cells)
    assert "X9" in refused.value.problems[0]
    assert not RosterEntry.objects.exists()


def test_copy_last_month_continues_the_weekly_pattern(two_units, nurses):
    unit, nurse = two_units["PKM-A"], nurses[0]
    pattern = {0: "P", 1: "P", 2: "S", 3: "S", 4: "M", 5: "L", 6: "L"}
    roster_cells_save(unit=unit, cells={(nurse.pk, d): pattern[d.weekday()] for d in NOVEMBER})
    changed = roster_copy_month(unit=unit, month=DECEMBER[0], employee_ids=[nurse.pk])
    assert changed == 31
    december = roster_codes([nurse.pk], DECEMBER)
    assert all(december[(nurse.pk, d)] == pattern[d.weekday()] for d in DECEMBER)
    assert AuditEvent.objects.filter(action="roster.copy").count() == 1


def test_swap_exchanges_the_chosen_days_only(two_units, nurses):
    unit, (a, b, _c) = two_units["PKM-A"], nurses
    roster_cells_save(
        unit=unit,
        cells={**{(a.pk, d): "P" for d in DECEMBER[:3]}, **{(b.pk, d): "M" for d in DECEMBER[:2]}},
    )
    assert roster_swap(unit=unit, first=a, second=b, days=DECEMBER[1:3]) == 4
    codes = roster_codes([a.pk, b.pk], DECEMBER[:3])
    assert [codes.get((a.pk, d), "") for d in DECEMBER[:3]] == ["P", "M", ""]
    assert [codes.get((b.pk, d), "") for d in DECEMBER[:3]] == ["M", "P", "P"]


def test_the_grid_lists_rostered_people_only(two_units, nurses, make_employee):
    office = make_employee(two_units["PKM-A"], name="Staf Kantor")
    people = list(rostered_people(two_units["PKM-A"], DECEMBER[0]))
    assert people == sorted(nurses, key=lambda p: p.name) and office not in people


def test_posted_cells_ignore_people_and_days_not_on_the_page(nurses):
    data = {
        f"c-{nurses[0].pk}-5": "P",
        f"c-{nurses[0].pk}-31": "M",  # November has 30 days
        f"c-{nurses[2].pk}-5": "S",  # not on this page
        "c-x-1": "P",
        "csrfmiddlewaretoken": "t",
    }
    cells = posted_cells(data, nurses[:2], NOVEMBER[0])
    assert cells == {(nurses[0].pk, date(2026, 11, 5)): "P"}


@pytest.mark.parametrize(
    ("hours", "problem"),
    [
        ([["07:30", "16:00"]] * 6, "tujuh hari"),
        ([["07:30", "16:00"]] * 6 + [["7.30", "16:00"]], "JJ:MM"),
        ([["07:30", "07:30"]] + [None] * 6, "sama."),
        ([["21:00", "07:00"]] + [None] * 6, "roster"),
        ([["07:30", "16:00", "17:00", "18:00"]] + [None] * 6, "istirahat"),
        ([["07:30", "16:00", "13:00", "12:00"]] + [None] * 6, "istirahat"),
        ([[float("nan"), "16:00"]] + [None] * 6, "JJ:MM"),
        ("07:30-16:00", "tujuh hari"),
    ],
)
def test_weekly_hours_refused_in_words(hours, problem):
    with translation.override("id"):
        problems = hours_problems(hours)
    assert len(problems) == 1 and problem in problems[0]


def test_a_half_day_and_a_break_are_accepted(two_units):
    hours = [["07:30", "16:00", "12:00", "13:00"]] * 4 + [["07:30", "11:30"], None, None]
    assert hours_problems(hours) == []
    schedule = work_schedule_save(code="5HK-B", name="Dengan istirahat", hours=hours)
    assert schedule.hours[4] == ["07:30", "11:30"]
    with pytest.raises(ScheduleRejected):
        work_schedule_save(code="5HK-B", name="Lagi", hours=hours)


def test_changing_a_schedule_marks_its_followers(two_units, make_employee):
    person, other = make_employee(two_units["DINKES"]), make_employee(two_units["DINKES"])
    schedule = WorkSchedule.objects.get(code="6HK")
    employee_schedule_change(employee=person, schedule=schedule, effective=date(2026, 1, 1))
    recompute_month("2026-03")
    DirtyDay.objects.all().delete()
    hours = [["08:00", "16:00"]] * 5 + [None, None]
    work_schedule_save(
        code=schedule.code, name=schedule.name, hours=hours, schedule=schedule,
        recompute_from=date(2026, 3, 1),
    )  # fmt: skip
    marked = DirtyDay.objects.filter(employee=person, day__gte=date(2026, 3, 1))
    assert marked.filter(day=date(2026, 3, 31)).exists()
    assert not DirtyDay.objects.filter(day__lt=date(2026, 3, 1)).exists()
    assert not DirtyDay.objects.filter(employee=other).exists()
