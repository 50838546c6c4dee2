"""BKD keeps the region's own days off; everyone's day is recomputed; others only read."""

from __future__ import annotations

from datetime import date

from django.test import Client

from hadir.accounts.models import Role
from hadir.attendance.models import DirtyDay
from hadir.attendance.services import recompute_month
from hadir.schedules.models import CalendarEntry


def test_bkd_adds_and_removes_a_regional_day_off(two_units, make_user, make_employee):
    budi = make_employee(two_units["DINKES"], pin="101")
    recompute_month("2026-03")
    DirtyDay.objects.all().delete()
    bkd = Client()
    bkd.force_login(make_user("bkd", Role.BKD_ADMIN))
    page = bkd.get("/calendar/?year=2026").content.decode()
    assert "Hari Suci Nyepi" in page  # national holidays listed for reference
    response = bkd.post(
        "/calendar/?year=2026", {"day": "2026-03-12", "kind": "day_off", "name": "Banjir"}
    )
    assert response.status_code == 302
    assert CalendarEntry.objects.get().name == "Banjir"
    assert set(DirtyDay.objects.values_list("employee_id", "day")) == {(budi.pk, date(2026, 3, 12))}
    assert "Banjir" in bkd.get("/calendar/?year=2026").content.decode()
    bkd.post("/calendar/2026-03-12/remove/")
    assert not CalendarEntry.objects.exists()
    assert bkd.post("/calendar/not-a-date/remove/").status_code == 404


def test_others_read_or_are_refused(two_units, make_user):
    boss = Client()
    boss.force_login(make_user("bupati", Role.LEADERSHIP))
    assert boss.get("/calendar/").status_code == 200
    refused = boss.post("/calendar/", {"day": "2026-03-12", "kind": "day_off", "name": "x"})
    assert refused.status_code == 403
    operator = Client()
    operator.force_login(make_user("op", Role.OPERATOR, two_units["DINKES"]))
    assert operator.get("/calendar/").status_code == 403
