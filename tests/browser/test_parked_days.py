"""Diskominfo on a phone: the days that could not be computed, retried with one tap."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from hadir.accounts.models import Role
from hadir.accounts.services import role_grant, user_create
from hadir.attendance.dirty import days_mark_dirty
from hadir.attendance.models import DirtyDay
from hadir.attendance.recompute import recompute_all_dirty
from hadir.org.services import region_configure, unit_create
from hadir.people.services import employee_create
from hadir.punches.models import Punch

pytestmark = pytest.mark.browser
PASSWORD = "Rahasia#2026"


@pytest.fixture
def parked(transactional_db):
    region_configure(name="Kabupaten Uji", timezone="Asia/Jakarta")
    unit = unit_create(code="DINKES", name="Dinas Kesehatan", kind="dinas")
    employee = employee_create(
        unit=unit,
        start=date(2025, 1, 1),
        nip="198001012005011001",
        name="Budi Santoso",
        employee_type="PNS",
        pin="101",
    )
    Punch.objects.create(  # a legacy row with a time the rules cannot read
        key="legacy-1",
        source="usb",
        pin="101",
        employee=employee,
        punched_at=datetime(2026, 3, 10, tzinfo=UTC),
        local_time="2026-03-10 25:61:00",
        local_date=date(2026, 3, 10),
    )
    days_mark_dirty([(employee.pk, date(2026, 3, 10))])
    recompute_all_dirty()
    user = user_create(username="kominfo", password=PASSWORD, full_name="Admin Kominfo")
    role_grant(user=user, role=Role.DISKOMINFO_ADMIN)
    return employee


def test_retry_a_parked_day_on_a_phone(live_server, browser, parked):
    context = browser.new_context(locale="id-ID", viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "kominfo")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/attendance/parked/")
    assert page.locator("h1").inner_text() == "Hari yang tidak bisa dihitung"
    table = page.locator("[data-testid=parked-days]").inner_text()
    assert "Budi Santoso" in table and "ValueError" in table
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.click("button:has-text('Coba lagi'):not([data-testid])")
    page.wait_for_selector("text=Hari yang dihitung ulang: 1.")
    assert "Menunggu pekerja" in page.locator("[data-testid=parked-days]").inner_text()
    assert DirtyDay.objects.filter(employee=parked, day=date(2026, 3, 10)).exists()
    context.close()
