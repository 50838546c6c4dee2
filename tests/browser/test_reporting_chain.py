"""The reporting chain in a real browser: the operator submits last month, the head of unit
signs it, BKD verifies it; the monitoring page then shows the unit as done."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from hadir.accounts.models import Role
from hadir.accounts.services import role_grant, user_create
from hadir.attendance.recompute import recompute_all_dirty
from hadir.attendance.services import recompute_month
from hadir.org.selectors import region_timezone
from hadir.org.services import region_configure, unit_create
from hadir.people.services import employee_create
from hadir.schedules.services import schedules_ensure_defaults

pytestmark = pytest.mark.browser

PASSWORD = "Rahasia#2026"


@pytest.fixture
def chain(transactional_db):
    # A transactional test before this one may have flushed the default schedules.
    schedules_ensure_defaults()
    region_configure(name="Kabupaten Uji", timezone="Asia/Jakarta")
    unit = unit_create(code="DINKES", name="Dinas Kesehatan", kind="dinas")
    for n, name in enumerate(("Budi Santoso", "Sari Dewi")):
        employee_create(
            unit=unit,
            start=date(2025, 1, 1),
            nip=f"19800101200501100{n + 1}",
            name=name,
            employee_type="PNS",
            pin=str(101 + n),
        )
    users = {}
    for username, role, on_unit in (
        ("operator", Role.OPERATOR, unit),
        ("kepala", Role.HEAD, unit),
        ("bkd", Role.BKD_ADMIN, None),
    ):
        users[username] = user_create(username=username, password=PASSWORD)
        role_grant(user=users[username], role=role, unit=on_unit)
    today = timezone.now().astimezone(region_timezone()).date()
    month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    recompute_month(f"{month:%Y-%m}")
    recompute_all_dirty()
    return f"{month:%Y-%m}"


def act(browser, base: str, username: str, url: str, button: str, expected: str) -> None:
    context = browser.new_context(locale="id-ID", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}{url}")
    page.click(f"[data-testid=report-{button}]")
    page.wait_for_selector(".msg-success")
    assert page.locator("[data-testid=report-state]").inner_text() == expected
    context.close()


def test_operator_head_and_bkd_take_the_month_to_done(live_server, browser, chain):
    url = f"/units/DINKES/report/?month={chain}"
    act(browser, live_server.url, "operator", url, "submit", "Dikirim operator")
    act(browser, live_server.url, "kepala", url, "sign", "Ditandatangani kepala unit")
    act(browser, live_server.url, "bkd", url, "verify", "Diverifikasi BKD")

    context = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "bkd")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{live_server.url}/")
    page.click("nav >> text=Pemantauan")
    page.goto(f"{live_server.url}/monitoring/?month={chain}")
    assert page.locator("[data-testid=state-DINKES]").inner_text().startswith("Selesai")
    assert "Unit terverifikasi: 1 dari 1." in page.locator("main").inner_text()
    page.goto(f"{live_server.url}/dashboard/?month={chain}")
    assert page.locator("figure.chart svg").count() == 5
    context.close()
