"""The "Pengguna mesin" page on a 360 px phone: BKD confirms a machine's user, no sideways
scroll, nothing that needs hover."""

from __future__ import annotations

from datetime import date

import pytest
from tests.browser.test_requests import PASSWORD, log_in

from hadir.accounts.models import Role
from hadir.accounts.services import role_grant, user_create
from hadir.devices.models import Device, DeviceUser
from hadir.org.services import region_configure, unit_create
from hadir.people.models import EmployeePin
from hadir.people.services import employee_create

pytestmark = pytest.mark.browser


@pytest.fixture
def machine_with_users(transactional_db):
    region_configure(name="Kabupaten Uji", timezone="Asia/Jakarta")
    unit = unit_create(code="DINKES", name="Dinas Kesehatan", kind="dinas")
    employee_create(
        unit=unit,
        start=date(2025, 1, 1),
        nip="198001012005011001",
        name="Budi Santoso Wicaksono Kusumaningrat",
        employee_type="PNS",
    )
    role_grant(user=user_create(username="bkd", password=PASSWORD), role=Role.BKD_ADMIN)
    machine = Device.objects.create(
        sn="MESIN-DINKES-01", name="Mesin lobi", unit=unit, state="active"
    )
    DeviceUser.objects.create(
        device=machine, pin="1", name="BUDI SANTOSO WICAKSONO K", templates={}
    )
    DeviceUser.objects.create(device=machine, pin="2", name="Tamu", templates={})


def test_bkd_confirms_a_machine_user_on_a_phone(live_server, browser, machine_with_users):
    context = browser.new_context(locale="id-ID", viewport={"width": 360, "height": 740})
    page = context.new_page()
    log_in(page, live_server.url, "bkd")
    page.goto(f"{live_server.url}/devices/MESIN-DINKES-01/")
    page.get_by_test_id("machine-users-link").click()
    assert page.locator("h1").inner_text().startswith("Pengguna mesin")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_role("button", name="Konfirmasi: Budi Santoso").click()
    assert "Dikonfirmasi: PIN 1" in page.content()
    assert "belum dikonfirmasi: 1" in page.content()
    assert EmployeePin.objects.get().pin == "1"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()
