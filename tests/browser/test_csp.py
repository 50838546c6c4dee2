"""The strict Content-Security-Policy breaks nothing: the login page, the home page, the
phone page and the API docs work in Chromium without a single CSP violation in the console."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from hadir.accounts.services import user_create
from hadir.org.services import region_configure, unit_create, unit_locations_replace
from hadir.people.services import employee_create

pytestmark = pytest.mark.browser

PASSWORD = "Rahasia#2026"
NIP = "199001012015031009"


@pytest.fixture
def employee(transactional_db):
    region_configure(name="Kabupaten Uji", timezone="Asia/Jakarta")
    unit = unit_create(code="DINKES", name="Dinas Kesehatan", kind="dinas")
    unit_locations_replace(
        unit=unit, locations=[("Kantor", Decimal("-6.914744"), Decimal("107.609810"), 100)]
    )
    person = employee_create(
        unit=unit, start=date(2025, 1, 1), nip=NIP, name="Rina", employee_type="PNS", pin="2001"
    )
    user_create(username="rina", password=PASSWORD, employee=person, full_name="Rina")
    return person


def test_main_pages_work_under_the_csp(live_server, browser, employee):
    context = browser.new_context(
        locale="id-ID",
        viewport={"width": 360, "height": 740},
        permissions=["geolocation", "camera"],
        geolocation={"latitude": -6.914744, "longitude": 107.609810, "accuracy": 10},
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    try:
        response = page.goto(f"{live_server.url}/login/")
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.fill("#id_username", NIP)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit].primary")
        page.wait_for_url(f"{live_server.url}/")
        # hadir.js runs: the menu button opens the menu on a narrow screen
        page.click(".menu-toggle")
        assert page.get_attribute(".menu-toggle", "aria-expanded") == "true"
        page.goto(f"{live_server.url}/m/")
        page.wait_for_selector("#btn-in:not([disabled])")
        expect(page.locator("#position")).to_contain_text("akurasi")
        page.goto(f"{live_server.url}/api/v1/docs")
        page.wait_for_selector(".swagger-ui .opblock")  # the API docs render too
        violations = [t for t in console if "Content Security Policy" in t]
        assert violations == []
    finally:
        context.close()
