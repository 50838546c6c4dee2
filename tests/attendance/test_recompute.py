"""Stored day results: full-month and incremental recompute through the real database."""

from __future__ import annotations

from datetime import date, time

import pytest
from django.core.management import call_command

from hadir.attendance.models import DayRecord, DirtyDay, PeriodLock
from hadir.attendance.recompute import recompute_all_dirty
from hadir.attendance.services import close_finished_days, recompute_month
from hadir.jobs.models import Job
from hadir.people.services import employee_transfer
from hadir.punches.models import Punch, PunchHold
from hadir.punches.services import punches_release
from hadir.rules import bundled_policy_text
from hadir.schedules.models import CalendarEntry, RosterEntry, Shift, WorkSchedule
from hadir.schedules.services import (
    calendar_entry_remove,
    calendar_entry_set,
    employee_schedule_change,
    policy_save,
    roster_set,
    schedule_assign,
    schedule_override_create,
)


def record(employee, day: str) -> DayRecord:
    return DayRecord.objects.get(employee=employee, day=date.fromisoformat(day))


@pytest.fixture
def budi(two_units, make_employee):
    return make_employee(two_units["DINKES"], pin="101")


def test_full_month_gives_every_day_a_code(budi, punch):
    punch("101", "2026-03-02 07:21:00", "2026-03-02 16:03:00")  # Monday, on time
    punch("101", "2026-03-03 08:12:00", "2026-03-03 16:00:00")  # 42 min late
    punch("101", "2026-03-04 07:30:59", "2026-03-04 15:30:00")  # on time, 30 min early
    recompute_month("2026-03")
    assert DayRecord.objects.filter(employee=budi).count() == 31
    assert record(budi, "2026-03-02").codes == "H"
    late = record(budi, "2026-03-03")
    assert (late.codes, late.late_minutes) == ("TL2", 42)
    assert late.explanation.startswith("Masuk 08:12, jadwal 07:30: terlambat 42 menit (TL2)")
    assert late.check_in.astimezone(late.check_in.tzinfo).time() == time(1, 12)  # 08:12 WIB
    assert record(budi, "2026-03-04").codes == "PSW1"
    assert record(budi, "2026-03-05").codes == "TK"
    assert record(budi, "2026-03-07").codes == "L"  # Saturday
    assert record(budi, "2026-03-07").working_day is False
    assert DirtyDay.objects.count() == 3  # the punches' own marks, not needed any more...
    recompute_all_dirty()
    assert DirtyDay.objects.count() == 0


def test_a_new_punch_recomputes_exactly_its_day(budi, punch):
    recompute_month("2026-03")
    assert record(budi, "2026-03-10").codes == "TK"
    before = {r.day: r.computed_at for r in DayRecord.objects.filter(employee=budi)}
    punch("101", "2026-03-10 07:45:00")
    assert list(DirtyDay.objects.values_list("day", flat=True)) == [date(2026, 3, 10)]
    result = recompute_all_dirty()
    assert result.days == 1
    codes = record(budi, "2026-03-10").code_list
    assert set(codes) == {"TL1", "TAP"}
    after = {r.day: r.computed_at for r in DayRecord.objects.filter(employee=budi)}
    changed = {d for d in after if after[d] != before[d]}
    assert changed == {date(2026, 3, 10)}


def test_night_shift_belongs_to_the_day_it_starts(two_units, make_employee, punch):
    nurse = make_employee(
        two_units["PKM-A"], pin="55", schedule=WorkSchedule.objects.get(code="SHIFT")
    )
    night = Shift.objects.get(code="M")
    RosterEntry.objects.create(employee=nurse, day=date(2026, 3, 9), shift=night)
    punch("55", "2026-03-09 20:55:00", "2026-03-10 07:05:00")
    recompute_month("2026-03")
    assert record(nurse, "2026-03-09").codes == "H"
    assert record(nurse, "2026-03-10").codes == "L"  # no roster entry: a rostered day off


def test_holiday_and_regional_day_off(budi, punch):
    CalendarEntry.objects.create(day=date(2026, 3, 16), kind="day_off", name="HUT Kabupaten")
    recompute_month("2026-03")
    assert record(budi, "2026-03-16").codes == "L"
    assert "HUT Kabupaten" in record(budi, "2026-03-16").explanation
    assert record(budi, "2026-03-20").codes == "L"  # cuti bersama Idul Fitri 2026


def test_transfer_mid_month_keeps_days_with_each_unit(budi, two_units):
    employee_transfer(employee=budi, unit=two_units["SDN-1"], effective=date(2026, 3, 16))
    recompute_month("2026-03")
    units = dict(DayRecord.objects.filter(employee=budi).values_list("day", "unit__code"))
    assert units[date(2026, 3, 13)] == "DINKES"
    assert units[date(2026, 3, 16)] == "SDN-1"


def test_locked_month_is_not_changed_silently(budi, punch, two_units):
    recompute_month("2026-03")
    PeriodLock.objects.create(unit=two_units["DINKES"], month=date(2026, 3, 1))
    punch("101", "2026-03-11 07:10:00", "2026-03-11 16:10:00")
    held = list(Punch.objects.filter(hold=PunchHold.PERIOD_CLOSED).values_list("pk", flat=True))
    assert len(held) == 2 and not DirtyDay.objects.exists()  # the punches wait, unmarked
    punches_release(punch_ids=held, hold=PunchHold.PERIOD_CLOSED)  # accepted: the lock holds
    result = recompute_all_dirty()
    assert result.held == 1
    assert record(budi, "2026-03-11").codes == "TK"
    assert DirtyDay.objects.get().held is True
    full = recompute_month("2026-03")
    assert full.held == 31 and record(budi, "2026-03-11").codes == "TK"


def test_policy_change_recomputes_only_months_it_changes(budi):
    recompute_month("2026-03")
    text = bundled_policy_text("default")
    policy_save(text=text)
    assert Job.objects.count() == 0  # same rules as the shipped default: nothing to redo
    changed = text + (
        '\n[[version]]\neffective_from = "2026-03"\n'
        "[version.deduction_pct]\nTL1 = 1.0\nTL2 = 1.0\nTL3 = 1.25\nTL4 = 1.5\n"
        "PSW1 = 0.5\nPSW2 = 1.0\nPSW3 = 1.25\nPSW4 = 1.5\nTK = 3\n"
    )
    policy_save(text=changed)
    assert list(Job.objects.values_list("payload", flat=True)) == [{"month": "2026-03"}]


def test_close_finished_days_computes_days_without_punches(budi, region):
    assert close_finished_days(today=date(2026, 3, 4)) == 1
    assert record(budi, "2026-03-03").codes == "TK"
    assert close_finished_days(today=date(2026, 3, 4)) == 0
    assert close_finished_days(today=date(2026, 3, 6)) == 2


def test_recompute_command_prints_progress(budi, capsys):
    call_command("recompute", "--month", "2026-03")
    captured = capsys.readouterr()
    assert "31 hari untuk 1 pegawai" in captured.out
    assert "1/1 pegawai" in captured.err


@pytest.fixture
def computed(budi, two_units, make_employee):
    sari = make_employee(two_units["SDN-1"], pin="102")
    recompute_month("2026-03")
    DirtyDay.objects.all().delete()
    return {"budi": budi, "sari": sari}


def dirty() -> set[tuple[int, date]]:
    return set(DirtyDay.objects.values_list("employee_id", "day"))


def test_calendar_change_marks_everyone_on_that_day(computed):
    calendar_entry_set(day=date(2026, 3, 12), kind="day_off", name="Banjir")
    assert dirty() == {(e.pk, date(2026, 3, 12)) for e in computed.values()}
    recompute_all_dirty()
    assert record(computed["budi"], "2026-03-12").codes == "L"
    calendar_entry_remove(day=date(2026, 3, 12))
    recompute_all_dirty()
    assert record(computed["budi"], "2026-03-12").codes == "TK"


def test_unit_schedule_change_marks_only_that_unit_from_its_date(computed, two_units):
    six = WorkSchedule.objects.get(code="6HK")
    schedule_assign(schedule=six, valid_from=date(2026, 3, 28), unit=two_units["SDN-1"])
    sari = computed["sari"]
    assert dirty() == {(sari.pk, date(2026, 3, d)) for d in range(28, 32)}
    recompute_all_dirty()
    assert record(sari, "2026-03-28").codes == "TK"  # Saturday is a working day now
    assert record(computed["budi"], "2026-03-28").codes == "L"


def test_employee_schedule_change_keeps_the_past(computed):
    budi = computed["budi"]
    budi.schedule = WorkSchedule.objects.get(code="5HK")
    budi.save()
    employee_schedule_change(
        employee=budi, schedule=WorkSchedule.objects.get(code="6HK"), effective=date(2026, 3, 21)
    )
    assert min(d for _, d in dirty()) == date(2026, 3, 21)
    recompute_all_dirty()
    assert record(budi, "2026-03-14").codes == "L"  # Saturday under 5HK, untouched
    assert record(budi, "2026-03-28").codes == "TK"  # Saturday under 6HK


def test_roster_change_marks_the_day_and_the_next(computed, two_units, make_employee):
    nurse = make_employee(
        two_units["PKM-A"], pin="66", schedule=WorkSchedule.objects.get(code="SHIFT")
    )
    recompute_month("2026-03")
    DirtyDay.objects.all().delete()
    roster_set(employee=nurse, day=date(2026, 3, 9), shift=Shift.objects.get(code="M"))
    assert dirty() == {(nurse.pk, date(2026, 3, 9)), (nurse.pk, date(2026, 3, 10))}
    recompute_all_dirty()
    assert record(nurse, "2026-03-09").codes == "TK"


def test_ramadan_override_changes_hours(computed, punch):
    punch("101", "2026-03-03 08:10:00", "2026-03-03 15:05:00")
    schedule_override_create(
        name="Ramadan 1447",
        first_day=date(2026, 2, 19),
        last_day=date(2026, 3, 19),
        replacements={"5HK": "5HK-RAMADAN"},
    )
    recompute_all_dirty()
    day = record(computed["budi"], "2026-03-03")
    assert (day.codes, day.late_minutes) == ("TL1", 10)  # Ramadan start is 08:00


def test_worker_once_recomputes_marked_days(budi, punch):
    recompute_month("2026-03")
    punch("101", "2026-03-12 07:05:00", "2026-03-12 16:05:00")
    assert DirtyDay.objects.count() == 1
    call_command("worker", "--once")
    assert DirtyDay.objects.count() == 0
    assert record(budi, "2026-03-12").codes == "H"


def test_unit_working_on_holidays(computed, two_units, punch):
    from hadir.attendance.services import holiday_working_unit_set

    assert record(computed["budi"], "2026-03-19").codes == "L"  # Nyepi
    holiday_working_unit_set(unit=two_units["DINKES"], works_on_holidays=True)
    assert (computed["budi"].pk, date(2026, 3, 19)) in dirty()
    assert (computed["sari"].pk, date(2026, 3, 19)) not in dirty()
    recompute_all_dirty()
    assert record(computed["budi"], "2026-03-19").codes == "TK"
