"""The recompute keeps the region-wide inputs between batches while their stamp stays the
same (issue 15, ``hadir.attendance.region_inputs``). Every change to a table they come from
must give a new stamp (else a worker would go on computing with the old schedule or policy),
including a change rolled back, a TRUNCATE, and a stamp row that went missing."""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from hadir.attendance import region_inputs as region
from hadir.attendance.models import DayRecord, InputsStamp
from hadir.attendance.recompute import recompute_range
from hadir.events.models import Event
from hadir.org.models import Unit
from hadir.rules import bundled_policy_text
from hadir.schedules.models import (
    CalendarEntry,
    HolidayWorkingUnit,
    PolicyDocument,
    ScheduleOverride,
    Shift,
    WorkSchedule,
)

migration = importlib.import_module("hadir.attendance.migrations.0006_h15_region_inputs_stamp")
WIB = ZoneInfo("Asia/Jakarta")
AFTER_MARCH = datetime(2026, 4, 1, 8, 0, tzinfo=WIB)
EVENT = {"kind": "apel", "recurrence": "once", "starts": time(7, 30), "ends": time(8, 0)}


def _unit(code: str = "X-1") -> Unit:
    return Unit.objects.create(code=code, name=code, kind="dinas", path="/", depth=0)


def _event() -> Event:
    return Event.objects.create(name="Apel", valid_from=date(2026, 3, 1), **EVENT)


# table -> (create a row, change it, delete it); each step must give a new stamp.
Steps = tuple[Callable[[], Any], Callable[[Any], None], Callable[[Any], None]]
CHANGES: dict[str, Steps] = {
    "schedules_policydocument": (
        lambda: PolicyDocument.objects.create(text=bundled_policy_text("default"), note="a"),
        lambda row: PolicyDocument.objects.filter(pk=row.pk).update(note="b"),
        lambda row: row.delete(),
    ),
    "schedules_calendarentry": (
        lambda: CalendarEntry.objects.create(day=date(2026, 3, 9), kind="day_off", name="a"),
        lambda row: CalendarEntry.objects.filter(pk=row.pk).update(name="b"),
        lambda row: row.delete(),
    ),
    "schedules_holidayworkingunit": (
        lambda: HolidayWorkingUnit.objects.create(unit=_unit()),
        lambda row: HolidayWorkingUnit.objects.filter(pk=row.pk).update(unit=_unit("X-2")),
        lambda row: row.delete(),
    ),
    "schedules_workschedule": (
        lambda: WorkSchedule.objects.create(code="T", name="a", hours=[None] * 7),
        lambda row: WorkSchedule.objects.filter(pk=row.pk).update(name="b"),
        lambda row: row.delete(),
    ),
    "schedules_shift": (
        lambda: Shift.objects.create(code="T", label="a", start=time(7), end=time(14)),
        lambda row: Shift.objects.filter(pk=row.pk).update(label="b"),
        lambda row: row.delete(),
    ),
    "schedules_scheduleoverride": (
        lambda: ScheduleOverride.objects.create(
            name="a", first_day=date(2026, 3, 1), last_day=date(2026, 3, 5)
        ),
        lambda row: ScheduleOverride.objects.filter(pk=row.pk).update(name="b"),
        lambda row: row.delete(),
    ),
    "events_event": (
        _event,
        lambda row: Event.objects.filter(pk=row.pk).update(name="b"),
        lambda row: row.delete(),
    ),
    "events_event_units": (
        lambda: (_event(), _unit()),
        lambda pair: pair[0].units.add(pair[1]),
        lambda pair: pair[0].units.remove(pair[1]),
    ),
    "org_unit": (
        _unit,
        lambda row: Unit.objects.filter(pk=row.pk).update(name="b"),
        lambda row: Unit.objects.filter(pk=row.pk).delete(),
    ),
}


def test_every_watched_table_has_its_changes_written_here() -> None:
    assert set(CHANGES) == set(region.WATCHED_TABLES)
    # The migration's frozen copy: a table added to the module needs its own migration.
    assert set(migration.WATCHED_TABLES) == set(region.WATCHED_TABLES)


@pytest.mark.django_db
def test_loading_reads_only_watched_tables(two_units) -> None:
    _event().units.add(two_units["DINKES"])
    with CaptureQueriesContext(connection) as queries:
        region.load()
    read = {
        name
        for query in queries.captured_queries
        for name in re.findall(r'(?:FROM|JOIN)\s+"?(\w+)"?', query["sql"])
    }
    assert read, "load() read nothing"
    assert read <= set(region.WATCHED_TABLES), read - set(region.WATCHED_TABLES)


@pytest.mark.django_db
@pytest.mark.parametrize("table", sorted(CHANGES))
def test_each_change_to_a_watched_table_gives_a_new_stamp(table: str) -> None:
    create, change, delete = CHANGES[table]
    seen = [region.stamp()]
    row = create()
    seen.append(region.stamp())
    change(row)
    seen.append(region.stamp())
    delete(row)
    seen.append(region.stamp())
    assert None not in seen
    assert len(set(seen)) == len(seen), f"{table}: a change kept the stamp ({seen})"


@pytest.mark.django_db
def test_a_batch_reuses_what_it_loaded_until_the_stamp_changes() -> None:
    first = region.region_inputs()
    assert region.region_inputs() is first
    WorkSchedule.objects.create(code="T", name="a", hours=[None] * 7)
    second = region.region_inputs()
    assert second is not first
    assert "T" in {s.code for s in second.schedules.values()}
    assert region.region_inputs() is second


@pytest.mark.django_db
def test_a_change_rolled_back_is_not_kept() -> None:
    before = region.region_inputs()
    with pytest.raises(RuntimeError), transaction.atomic():
        WorkSchedule.objects.create(code="GONE", name="a", hours=[None] * 7)
        assert "GONE" in {s.code for s in region.region_inputs().schedules.values()}
        raise RuntimeError
    after = region.region_inputs()
    assert "GONE" not in {s.code for s in after.schedules.values()}
    assert {s.code for s in after.schedules.values()} == {s.code for s in before.schedules.values()}


@pytest.mark.django_db
def test_without_a_stamp_row_every_batch_reads_the_tables() -> None:
    InputsStamp.objects.all().delete()
    assert region.stamp() is None
    first = region.region_inputs()
    assert region.region_inputs() is not first  # nothing kept
    # The next change writes the row again; from then on, kept again.
    WorkSchedule.objects.create(code="T", name="a", hours=[None] * 7)
    assert region.stamp() is not None
    kept = region.region_inputs()
    assert region.region_inputs() is kept


@pytest.mark.django_db
def test_emptying_a_table_at_once_gives_a_new_stamp() -> None:
    """TRUNCATE on PostgreSQL (fires no row trigger: a statement trigger catches it), a
    DELETE of every row on SQLite (which has no TRUNCATE)."""
    CalendarEntry.objects.create(day=date(2026, 3, 9), kind="day_off", name="a")
    before = region.stamp()
    postgres = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute(f"{'TRUNCATE' if postgres else 'DELETE FROM'} schedules_calendarentry")
    assert region.stamp() not in (None, before)


@pytest.mark.django_db
def test_an_insert_or_ignore_gives_a_new_stamp() -> None:
    """SQLite lets the statement that fires a trigger impose its conflict clause on the
    trigger's own statements (a many-to-many add is INSERT OR IGNORE)."""
    event, unit = _event(), _unit()
    before = region.stamp()
    verb = "INSERT" if connection.vendor == "postgresql" else "INSERT OR IGNORE"
    tail = " ON CONFLICT DO NOTHING" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"{verb} INTO events_event_units (event_id, unit_id) VALUES (%s, %s){tail}",
            [event.pk, unit.pk],
        )
    assert region.stamp() not in (None, before)


@pytest.mark.django_db
def test_a_recompute_in_the_same_process_sees_a_changed_week(two_units, make_employee) -> None:
    """End to end: the first recompute keeps the inputs; the default week then gains
    Saturday (a change only the kept inputs hold); the second recompute, in the same
    process, must judge that Saturday a working day missed."""
    budi = make_employee(two_units["DINKES"], pin="101")
    saturday = date(2026, 3, 7)
    recompute_range([budi.pk], date(2026, 3, 2), saturday, at=AFTER_MARCH)
    assert not DayRecord.objects.get(employee=budi, day=saturday).working_day
    week = WorkSchedule.objects.get(code="5HK")
    hours = list(week.hours)
    hours[5] = hours[0]
    WorkSchedule.objects.filter(pk=week.pk).update(hours=hours)
    recompute_range([budi.pk], date(2026, 3, 2), saturday, at=AFTER_MARCH)
    day = DayRecord.objects.get(employee=budi, day=saturday)
    assert day.working_day
    assert "TK" in day.codes.split()


@pytest.mark.django_db
def test_what_was_loaded_while_a_change_committed_is_not_kept(monkeypatch) -> None:
    """A change between reading the stamp and reading the tables: what was loaded is newer
    than its stamp. Kept, it would be wrong once that stamp came back with its own content
    (a backup restored from exactly then): it is used once and not kept."""
    real_load = region.load

    def load_during_a_change() -> region.RegionInputs:
        WorkSchedule.objects.create(code="MEANWHILE", name="a", hours=[None] * 7)
        return real_load()

    region.region_inputs()
    WorkSchedule.objects.create(code="T", name="a", hours=[None] * 7)
    before_the_change = region.stamp()
    monkeypatch.setattr(region, "load", load_during_a_change)
    during = region.region_inputs()
    monkeypatch.setattr(region, "load", real_load)
    assert "MEANWHILE" in {s.code for s in during.schedules.values()}
    # The state of ``before_the_change`` comes back, as a restore would bring it.
    WorkSchedule.objects.filter(code="MEANWHILE").delete()
    InputsStamp.objects.filter(id=1).update(value=before_the_change)
    restored = region.region_inputs()
    assert "MEANWHILE" not in {s.code for s in restored.schedules.values()}
    assert "T" in {s.code for s in restored.schedules.values()}
