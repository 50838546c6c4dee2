"""The pages issue 11 and 12 added, on a 360 px phone: no sideways scroll, nothing cut off.

Locked accounts and a machine's trust section (Diskominfo), the start of records and held
punches (BKD)."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.utils import timezone
from tests.browser.test_requests import PASSWORD, log_in

from hadir.accounts.models import Role
from hadir.accounts.services import role_grant, user_create
from hadir.devices.alerts import device_alert_raise
from hadir.devices.services import device_register
from hadir.devices.trust_services import device_bind
from hadir.org.services import region_configure, unit_create
from hadir.people.services import employee_create

pytestmark = pytest.mark.browser
PAGES = {
    "kominfo": ["/accounts/locked/", "/devices/", "/devices/MESIN-DINKES-01/"],
    "bkd": ["/region/records-start/", "/punches/held/", "/audit/"],
}


@pytest.fixture
def region_with_trouble(transactional_db):
    region_configure(name="Kabupaten Uji", timezone="Asia/Jakarta")
    unit = unit_create(code="DINKES", name="Dinas Kesehatan", kind="dinas")
    employee = employee_create(
        unit=unit,
        start=date(2025, 1, 1),
        nip="198001012005011001",
        name="Budi Santoso Wicaksono Kusumaningrat",
        employee_type="PNS",
        pin="101",
    )
    user_create(username="budi", password=PASSWORD, employee=employee)
    for role, name in ((Role.DISKOMINFO_ADMIN, "kominfo"), (Role.BKD_ADMIN, "bkd")):
        role_grant(user=user_create(username=name, password=PASSWORD), role=role)
    kominfo = user_create(username="kominfo2", password=PASSWORD)
    role_grant(user=kominfo, role=Role.DISKOMINFO_ADMIN)
    for _ in range(5):  # Budi typed a wrong password five times: locked
        Client().post("/login/", {"username": "budi", "password": "salah"})
    machine = device_register(sn="MESIN-DINKES-01", name="Mesin lobi", unit=unit, actor=kominfo)
    device_bind(device=machine, networks=["192.168.10.0/24", "10.20.30.40"], actor=kominfo)
    device_alert_raise(
        device=machine, kind="untrusted_source", address="203.0.113.250", now=timezone.now()
    )


@pytest.mark.parametrize("role", sorted(PAGES))
def test_new_pages_fit_a_phone(live_server, browser, region_with_trouble, role):
    context = browser.new_context(locale="id-ID", viewport={"width": 360, "height": 740})
    page = context.new_page()
    log_in(page, live_server.url, role)
    for path in PAGES[role]:
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 200, path
        assert page.locator("h1").count() == 1, path
        width = page.evaluate("document.documentElement.scrollWidth")
        wide = page.evaluate(
            "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right"
            " > 361).slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' +"
            " (e.textContent || '').trim().slice(0, 40))"
        )
        assert width <= 360, f"{path} scrolls sideways: {width} px ({wide})"
    context.close()
