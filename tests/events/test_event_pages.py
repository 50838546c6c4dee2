"""The pages: BKD holds an event through the form, the head keeps the list, hostile input is
refused in Indonesian and never answers 500."""

from __future__ import annotations

import pytest
from django.test import Client

from hadir.events.models import Event, EventAttendance

from .conftest import MONDAY

FORM = {
    "name": "Upacara Senin",
    "kind": "upacara",
    "recurrence": "weekly",
    "weekdays": ["0"],
    "starts": "07:30",
    "ends": "08:15",
    "valid_from": "2026-01-01",
    "all_units": "on",
}


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_bkd_holds_a_weekly_event_for_every_unit(world) -> None:
    answer = client_of(world["bkd"]).post("/events/new/", FORM)
    assert answer.status_code == 302
    event = Event.objects.get(name="Upacara Senin")
    assert (event.all_units, event.weekdays, event.kind) == (True, [0], "upacara")
    page = client_of(world["head"]).get("/events/")
    assert "Upacara Senin" in page.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "says"),
    [
        ({"lat": "NaN", "lon": "107", "radius_m": "50"}, "lat"),
        ({"radius_m": "99999999999999999999"}, "radius_m"),
        ({"valid_from": "9999-12-31"}, "valid_from"),
        ({"starts": "25:99"}, "starts"),
        ({"recurrence": "once"}, "day"),
    ],
)
def test_hostile_input_is_refused_on_the_form(world, changes: dict, says: str) -> None:
    answer = client_of(world["bkd"]).post("/events/new/", {**FORM, **changes})
    assert answer.status_code == 200
    assert says in answer.context["form"].errors
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_a_head_is_told_why_a_weekly_event_is_refused(world) -> None:
    form = {**FORM, "all_units": "", "units": [str(world["dinkes"].pk)]}
    answer = client_of(world["head"]).post("/events/new/", form)
    assert answer.status_code == 200
    assert "Hanya BKD yang boleh" in answer.content.decode()
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_the_head_ticks_the_list(world, monday_apel) -> None:
    head = client_of(world["head"])
    url = f"/events/{monday_apel.pk}/attendance/?day={MONDAY.isoformat()}"
    page = head.get(url).content.decode()
    assert "Budi" in page and "Sari" in page and "Dewi" not in page
    answer = head.post(url, {"present": [str(world["sari"].pk), "x", "9" * 40]})
    assert answer.status_code == 302
    assert list(EventAttendance.objects.values_list("employee_id", flat=True)) == [world["sari"].pk]


@pytest.mark.django_db
def test_a_bad_day_falls_back_to_today_with_a_notice(world, monday_apel) -> None:
    answer = client_of(world["head"]).get(f"/events/{monday_apel.pk}/attendance/?day=2026-13-45")
    assert answer.status_code == 200
    assert answer.context["day"] != MONDAY
