"""Ending and deleting a schedule assignment or a Ramadan period (issue 14): who may, what
is refused (in Indonesian), the audit entry and the days marked for recompute."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from hadir.attendance.models import DirtyDay
from hadir.attendance.services import recompute_month
from hadir.audit.models import AuditEvent
from hadir.schedules.endings import (
    region_today,
    schedule_assignment_delete,
    schedule_assignment_end,
    schedule_override_delete,
    schedule_override_end,
)
from hadir.schedules.models import ScheduleAssignment, ScheduleOverride, WorkSchedule
from hadir.schedules.services import schedule_assign, schedule_override_create
from tests.schedules.test_permissions import (
    REGION_EDITORS,
    REGION_REFUSED,
    UNIT_EDITORS,
    UNIT_REFUSED,
)

pytestmark = pytest.mark.django_db
MARCH = date(2026, 3, 2)


def _future(days: int) -> date:
    return region_today() + timedelta(days=days)


@pytest.fixture
def assignments(two_units, nurses) -> dict[str, ScheduleAssignment]:
    """A unit's and a person's assignment from 2 March 2026 (started), and one to come."""
    five = WorkSchedule.objects.get(code="5HK")
    return {
        "unit": schedule_assign(schedule=five, valid_from=MARCH, unit=two_units["PKM-A"]),
        "person": schedule_assign(schedule=five, valid_from=MARCH, employee=nurses[1]),
        "coming": schedule_assign(
            schedule=five, valid_from=_future(30), valid_until=_future(60), employee=nurses[2]
        ),
    }


def _override(first: date, last: date) -> ScheduleOverride:
    return schedule_override_create(
        name="Ramadan", first_day=first, last_day=last, replacements={"5HK": "5HK-RAMADAN"}
    )


@pytest.mark.parametrize("which", ["unit", "person"])
@pytest.mark.parametrize("who", UNIT_EDITORS)
def test_an_assignment_is_ended_audited_and_its_later_days_marked(which, who, actors, assignments):
    recompute_month("2026-03")
    DirtyDay.objects.all().delete()
    assignment = assignments[which]
    schedule_assignment_end(assignment, date(2026, 3, 15), actor=actors[who])
    assignment.refresh_from_db()
    assert assignment.valid_until == date(2026, 3, 15)
    assert AuditEvent.objects.filter(action="schedule.assignment_end").count() == 1
    marked = set(DirtyDay.objects.values_list("day", flat=True))
    assert date(2026, 3, 16) in marked and date(2026, 3, 31) in marked
    assert not {d for d in marked if d <= date(2026, 3, 15)}


@pytest.mark.parametrize("who", UNIT_EDITORS)
def test_an_assignment_not_started_is_deleted(who, actors, assignments):
    schedule_assignment_delete(assignments["coming"], actor=actors[who])
    assert not ScheduleAssignment.objects.filter(pk=assignments["coming"].pk).exists()
    assert AuditEvent.objects.filter(action="schedule.assignment_delete").count() == 1


@pytest.mark.parametrize("which", ["unit", "person", "coming"])
@pytest.mark.parametrize("who", UNIT_REFUSED)
def test_others_may_neither_end_nor_delete_an_assignment(which, who, actors, assignments):
    audited = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        schedule_assignment_end(assignments[which], _future(40), actor=actors[who])
    with pytest.raises(PermissionDenied):
        schedule_assignment_delete(assignments[which], actor=actors[who])
    assert ScheduleAssignment.objects.filter(pk=assignments[which].pk).exists()
    assert AuditEvent.objects.count() == audited


def test_a_started_assignment_is_not_deleted_and_the_refusal_offers_ending_it(assignments):
    with translation.override("id"), pytest.raises(ValidationError) as refused:
        schedule_assignment_delete(assignments["person"], actor=None)
    assert "akhiri" in refused.value.messages[0].lower()
    assert ScheduleAssignment.objects.filter(pk=assignments["person"].pk).exists()


@pytest.mark.parametrize(
    "last_day", [date(2026, 3, 1), date(2026, 2, 1)], ids=["before-start", "long-before"]
)
def test_an_assignment_does_not_end_before_it_starts(last_day, assignments):
    with pytest.raises(ValidationError):
        schedule_assignment_end(assignments["person"], last_day, actor=None)


@pytest.mark.parametrize("extra", [0, 5], ids=["same-day", "later"])
def test_ending_does_not_lengthen_an_assignment(extra, assignments):
    coming = assignments["coming"]
    with pytest.raises(ValidationError):
        schedule_assignment_end(coming, _future(60 + extra), actor=None)
    coming.refresh_from_db()
    assert coming.valid_until == _future(60)


@pytest.mark.parametrize("who", REGION_EDITORS)
def test_an_override_is_ended_and_its_dropped_days_marked(who, actors, nurses):
    recompute_month("2026-03")
    override = _override(date(2026, 3, 2), date(2026, 3, 31))
    DirtyDay.objects.all().delete()
    schedule_override_end(override, date(2026, 3, 20), actor=actors[who])
    override.refresh_from_db()
    assert override.last_day == date(2026, 3, 20)
    marked = set(DirtyDay.objects.values_list("day", flat=True))
    assert min(marked) == date(2026, 3, 21) and max(marked) == date(2026, 3, 31)
    assert AuditEvent.objects.filter(action="schedule.override_end").count() == 1


@pytest.mark.parametrize("who", REGION_EDITORS)
def test_an_override_not_started_is_deleted(who, actors):
    override = _override(_future(10), _future(40))
    schedule_override_delete(override, actor=actors[who])
    assert not ScheduleOverride.objects.exists()
    assert AuditEvent.objects.filter(action="schedule.override_delete").count() == 1


@pytest.mark.parametrize("who", REGION_REFUSED)
def test_others_may_neither_end_nor_delete_an_override(who, actors):
    override = _override(_future(10), _future(40))
    with pytest.raises(PermissionDenied):
        schedule_override_end(override, _future(20), actor=actors[who])
    with pytest.raises(PermissionDenied):
        schedule_override_delete(override, actor=actors[who])
    override.refresh_from_db()
    assert override.last_day == _future(40)


def test_a_started_override_is_not_deleted(nurses):
    override = _override(date(2026, 3, 2), date(2026, 3, 31))
    with pytest.raises(ValidationError):
        schedule_override_delete(override, actor=None)
    assert ScheduleOverride.objects.filter(pk=override.pk).exists()


def test_the_unit_page_ends_and_deletes_through_its_buttons(client, actors, assignments, two_units):
    client.force_login(actors["op"])
    page = client.get(f"/units/{two_units['PKM-A'].code}/schedules/")
    coming = assignments["coming"]
    url = f"/units/{two_units['PKM-A'].code}/schedules/{coming.pk}/"
    assert f'action="{url}delete/"'.encode() in page.content
    assert client.post(f"{url}end/", {"last_day": _future(45).isoformat()}).status_code == 302
    coming.refresh_from_db()
    assert coming.valid_until == _future(45)
    assert client.post(f"{url}delete/").status_code == 302
    assert not ScheduleAssignment.objects.filter(pk=coming.pk).exists()


@pytest.mark.parametrize("last_day", ["", "2026-02-30", "99999-01-01", "nan"])
def test_the_end_button_refuses_a_bad_date_with_a_message(
    last_day, client, actors, assignments, two_units
):
    client.force_login(actors["op"])
    person = assignments["person"]
    url = f"/units/{two_units['PKM-A'].code}/schedules/{person.pk}/end/"
    response = client.post(url, {"last_day": last_day}, follow=True)
    assert response.status_code == 200 and list(response.context["messages"])
    person.refresh_from_db()
    assert person.valid_until is None


def test_another_units_assignment_is_not_found_through_this_unit(
    client, actors, assignments, two_units
):
    client.force_login(actors["bkd"])
    url = f"/units/{two_units['DISDIK'].code}/schedules/{assignments['person'].pk}/delete/"
    assert client.post(url).status_code == 404
