"""Who may change working hours, checked in the services themselves (issue 14, item 1):
the system and BKD everything; a head or operator only their own units' people; the
region's schedules, shifts and Ramadan hours BKD only."""

from __future__ import annotations

from datetime import date, time

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from hadir.audit.models import AuditEvent
from hadir.schedules.models import (
    RosterEntry,
    ScheduleAssignment,
    ScheduleOverride,
    Shift,
    WorkSchedule,
)
from hadir.schedules.roster import roster_cells_save
from hadir.schedules.services import (
    employee_schedule_change,
    roster_set,
    schedule_assign,
    schedule_override_create,
)
from hadir.schedules.weekly import shift_save, work_schedule_save

pytestmark = pytest.mark.django_db
UNIT_EDITORS = ("system", "superuser", "bkd", "head", "op")
UNIT_REFUSED = ("kominfo", "lead", "head_b", "op_b")
REGION_EDITORS = ("system", "superuser", "bkd")
REGION_REFUSED = ("kominfo", "lead", "head", "op", "head_b")
DAY = date(2026, 3, 9)
WEEK = [["07:30", "16:00"]] * 5 + [None, None]


def _write(kind: str, actor, two_units, nurses) -> None:
    nurse, five = nurses[0], WorkSchedule.objects.get(code="5HK")
    if kind == "assign_unit":
        schedule_assign(schedule=five, valid_from=DAY, unit=two_units["PKM-A"], actor=actor)
    elif kind == "assign_person":
        schedule_assign(schedule=five, valid_from=DAY, employee=nurse, actor=actor)
    elif kind == "change":
        employee_schedule_change(employee=nurse, schedule=five, effective=DAY, actor=actor)
    elif kind == "roster_set":
        roster_set(employee=nurse, day=DAY, shift=Shift.objects.get(code="M"), actor=actor)
    else:
        roster_cells_save(unit=two_units["PKM-A"], cells={(nurse.pk, DAY): "P"}, actor=actor)


UNIT_WRITES = ("assign_unit", "assign_person", "change", "roster_set", "roster_grid")


def _stored() -> tuple[int, int]:
    return ScheduleAssignment.objects.count(), RosterEntry.objects.count()


@pytest.mark.parametrize("kind", UNIT_WRITES)
@pytest.mark.parametrize("who", UNIT_EDITORS)
def test_unit_writes_allowed(kind, who, actors, two_units, nurses):
    before = _stored()
    _write(kind, actors[who], two_units, nurses)
    assert _stored() != before


@pytest.mark.parametrize("kind", UNIT_WRITES)
@pytest.mark.parametrize("who", UNIT_REFUSED)
def test_unit_writes_refused_outside_the_actors_units(kind, who, actors, two_units, nurses):
    before, audited = _stored(), AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        _write(kind, actors[who], two_units, nurses)
    assert _stored() == before and AuditEvent.objects.count() == audited


def test_an_employee_account_may_not_roster_itself(actors, two_units, nurses, make_user):
    me = make_user("perawat", employee=nurses[0])
    with pytest.raises(PermissionDenied):
        roster_set(employee=nurses[0], day=DAY, shift=None, actor=me)


def test_a_head_may_not_roster_someone_of_another_unit_through_their_own_grid(
    actors, two_units, nurses, make_employee
):
    stranger = make_employee(two_units["DISDIK"])
    with pytest.raises(PermissionDenied):
        roster_cells_save(
            unit=two_units["PKM-A"], cells={(stranger.pk, DAY): "P"}, actor=actors["head"]
        )
    assert not RosterEntry.objects.exists()


def _region_write(kind: str, actor) -> None:
    if kind == "schedule":
        work_schedule_save(code="4HK", name="Empat hari", hours=WEEK, actor=actor)
    elif kind == "shift":
        shift_save(code="P2", label="Pagi 2", start=time(6), end=time(13), actor=actor)
    else:
        schedule_override_create(
            name="Ramadan 2027", first_day=date(2027, 2, 8), last_day=date(2027, 3, 9),
            replacements={"5HK": "5HK-RAMADAN"}, actor=actor,
        )  # fmt: skip


def _region_count() -> int:
    return WorkSchedule.objects.count() + Shift.objects.count() + ScheduleOverride.objects.count()


@pytest.mark.parametrize("kind", ["schedule", "shift", "override"])
@pytest.mark.parametrize("who", REGION_EDITORS)
def test_region_writes_allowed(kind, who, actors):
    before = _region_count()
    _region_write(kind, actors[who])
    assert _region_count() == before + 1


@pytest.mark.parametrize("kind", ["schedule", "shift", "override"])
@pytest.mark.parametrize("who", REGION_REFUSED)
def test_region_writes_refused(kind, who, actors):
    before = _region_count()
    with translation.override("id"), pytest.raises(PermissionDenied) as refused:
        _region_write(kind, actors[who])
    assert str(refused.value) == (
        "Hanya BKD yang mengubah jadwal kerja, shift, dan jam kerja Ramadan daerah."
    )
    assert _region_count() == before
