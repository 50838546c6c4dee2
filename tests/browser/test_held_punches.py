"""An operator of another unit sees the punch held from a colleague's flashdisk, on a phone-
sized screen, and accepts it with the buttons."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from hadir.accounts.models import Role
from hadir.accounts.services import role_grant, user_create
from hadir.devices.models import Device
from hadir.org.selectors import region_timezone
from hadir.org.services import region_configure, unit_create
from hadir.people.services import employee_create
from hadir.punches.models import Punch
from hadir.punches.services import IncomingPunch, punches_ingest

pytestmark = pytest.mark.browser

PASSWORD = "Rahasia#2026"


@pytest.fixture
def held(transactional_db):
    region_configure(name="Kabupaten Uji", timezone="Asia/Jakarta")
    dinkes = unit_create(code="DINKES", name="Dinas Kesehatan", kind="dinas")
    disdik = unit_create(code="DISDIK", name="Dinas Pendidikan", kind="dinas")
    employee_create(unit=disdik, start=date(2025, 1, 1), nip="198609262015051001",
                    name="Ani Lestari", employee_type="PNS", pin="47")  # fmt: skip
    device = Device.objects.create(sn="USB-B1", unit=dinkes, state="active")
    local = timezone.now().astimezone(region_timezone()).replace(tzinfo=None, microsecond=0)
    punches_ingest(
        source="usb",
        source_ref=device.sn,
        device=device,
        punches=[IncomingPunch(pin="47", local_time=local - timedelta(hours=1))],
        scope_unit_ids=frozenset({dinkes.pk}),
    )
    user = user_create(username="op-disdik", password=PASSWORD)
    role_grant(user=user, role=Role.OPERATOR, unit=disdik)
    return user


def test_held_punch_is_accepted_on_a_phone_screen(live_server, browser, held):
    context = browser.new_context(locale="id-ID", viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "op-disdik")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{live_server.url}/")
    page.click('[data-testid="home-held"]')
    page.wait_for_url(f"{live_server.url}/punches/held/")
    assert "Ani Lestari" in page.locator('[data-testid="held-list"]').inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.check('input[name="punch"]')
    page.click('button[value="release"]')
    page.wait_for_url(f"{live_server.url}/punches/held/")
    assert "Menunggu keputusan: 0" in page.locator("main").inner_text()
    assert list(Punch.objects.values_list("hold", "counted")) == [("", True)]
    context.close()
