"""Who may hold an event and keep its list: role and unit checked in the services."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hadir.attendance.models import DayRecord, DirtyDay
from hadir.attendance.recompute import recompute_range
from hadir.audit.models import AuditEvent
from hadir.events.models import Event, EventAttendance
from hadir.events.services import event_attendance_save, event_save

from .conftest import MONDAY, apel_data

ONE_DAY_DINKES = {"recurrence": "once", "day": MONDAY, "weekdays": ()}


def units(world, *codes: str) -> frozenset[int]:
    return frozenset(world[code].pk for code in codes)


@pytest.mark.django_db
def test_a_head_holds_a_one_day_event_for_own_unit(world) -> None:
    event = event_save(
        actor=world["head"], data=apel_data(unit_ids=units(world, "dinkes"), **ONE_DAY_DINKES)
    )
    assert (event.valid_from, event.valid_until, event.weekdays) == (MONDAY, MONDAY, [])
    assert AuditEvent.objects.filter(action="event.save").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("actor", "changes", "refusal"),
    [
        ("head", {"unit_ids": "disdik", **ONE_DAY_DINKES}, ValidationError),  # other unit
        ("head", {"unit_ids": "dinkes"}, ValidationError),  # weekly: BKD only
        ("op", {"all_units": True, **ONE_DAY_DINKES}, ValidationError),  # region: BKD only
        ("budi_user", {"unit_ids": "dinkes", **ONE_DAY_DINKES}, PermissionDenied),
        ("bkd", {"unit_ids": ""}, ValidationError),  # no unit at all
        ("bkd", {"unit_ids": "dinkes", "radius_m": 50}, ValidationError),  # half a place
    ],
)
def test_event_writes_are_refused(world, actor: str, changes: dict, refusal: type) -> None:
    codes = changes.pop("unit_ids", "")
    data = apel_data(unit_ids=units(world, *codes.split()), **changes)
    with pytest.raises(refusal):
        event_save(actor=world[actor], data=data)
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_a_head_cannot_change_bkds_event(world, monday_apel) -> None:
    with pytest.raises(PermissionDenied):
        event_save(
            actor=world["head"],
            data=apel_data(unit_ids=units(world, "dinkes"), **ONE_DAY_DINKES),
            event=monday_apel,
        )


@pytest.mark.django_db
def test_changing_an_event_marks_its_days(world, monday_apel, punch) -> None:
    punch(world["budi"], "2026-08-03 07:10", "2026-08-03 16:05")
    recompute_range([world["budi"].pk, world["dewi"].pk], MONDAY, MONDAY)
    DirtyDay.objects.all().delete()
    event_save(
        actor=world["bkd"],
        data=apel_data(unit_ids=units(world, "disdik")),
        event=monday_apel,
    )
    marked = set(DirtyDay.objects.values_list("employee_id", flat=True))
    everyone = {world[name].pk for name in ("budi", "sari", "dewi")}
    assert marked == everyone  # the old unit's people and the new one's
    assert DayRecord.objects.filter(day=MONDAY).count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("actor", "who", "day", "message"),
    [
        ("head_b", "budi", MONDAY, "Tidak ada orang"),  # DISDIK's head: nobody of theirs due
        ("head", "dewi", MONDAY, "Hanya orang"),  # someone not due at the event
        ("head", "budi", MONDAY + timedelta(days=7), "belum berlangsung"),  # a future day
    ],
)
def test_list_writes_are_refused(
    world, monday_apel, actor: str, who: str, day: date, message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        event_attendance_save(
            actor=world[actor], event=monday_apel, day=day, present=[world[who].pk], today=MONDAY
        )
    assert not EventAttendance.objects.exists()


@pytest.mark.django_db
def test_an_employee_cannot_keep_a_list(world, monday_apel) -> None:
    with pytest.raises(PermissionDenied):
        event_attendance_save(
            actor=world["budi_user"],
            event=monday_apel,
            day=MONDAY,
            present=[world["budi"].pk],
            today=MONDAY,
        )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("head", "day", "budi_listed"),
    [
        ("head", MONDAY, True),  # before the move: still DINKES's
        ("head_b", MONDAY, False),
        ("head", MONDAY + timedelta(days=7), False),  # moved to DISDIK that day
        ("head_b", MONDAY + timedelta(days=7), True),
    ],
)
def test_the_list_follows_the_unit_on_that_day_not_today(world, head, day, budi_listed) -> None:
    from hadir.events.services import event_list_people
    from hadir.people.services import employee_transfer

    everyone = event_save(actor=world["bkd"], data=apel_data(all_units=True))
    employee_transfer(employee=world["budi"], unit=world["disdik"], effective=MONDAY + timedelta(7))
    listed = event_list_people(actor=world[head], event=everyone, day=day)
    assert (world["budi"] in listed) is budi_listed
    if budi_listed:  # and the head's save accepts him for that day
        count = event_attendance_save(
            actor=world[head], event=everyone, day=day, present=[world["budi"].pk], today=day
        )
        assert count == 1
