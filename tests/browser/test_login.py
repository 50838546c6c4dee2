"""A person logs in with their NIP and sees their home page, in Bahasa Indonesia."""

from __future__ import annotations

from datetime import date

import pytest

from hadir.accounts.models import Role
from hadir.accounts.services import role_grant, user_create
from hadir.org.services import region_configure, unit_create
from hadir.people.services import employee_create

pytestmark = pytest.mark.browser

PASSWORD = "Rahasia#2026"


@pytest.fixture
def head_of_school(transactional_db):
    region_configure(name="Kabupaten Uji", timezone="Asia/Jakarta")
    school = unit_create(code="SDN-1", name="SD Negeri 1 Uji", kind="sekolah")
    employee = employee_create(
        unit=school,
        start=date(2025, 1, 1),
        nip="197203151998032004",
        name="Dra. Siti Aminah",
        employee_type="PNS",
        position="Kepala Sekolah",
    )
    user = user_create(
        username="siti", password=PASSWORD, employee=employee, full_name="Siti Aminah"
    )
    role_grant(user=user, role=Role.HEAD, unit=school)
    return user


def test_login_by_nip_shows_home(live_server, page, head_of_school):
    page.goto(f"{live_server.url}/")
    assert "/login/" in page.url
    assert page.locator("h1").inner_text() == "Masuk ke Hadir"
    page.fill("#id_username", "19720315 199803 2 004")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("h1").inner_text() == "Selamat datang, Siti Aminah"
    assert "SD Negeri 1 Uji" in page.locator("main").inner_text()
    page.screenshot(path=str(_screenshot_dir() / "home-head.png"), full_page=True)


def test_wrong_password_then_english_switch(live_server, page, head_of_school):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "siti")
    page.fill("#id_password", "keliru")
    page.click("button[type=submit].primary")
    assert "kata sandi salah" in page.locator("[role=alert]").inner_text()
    page.click("button[name=language][value=en]")
    page.wait_for_selector("text=Log in to Hadir")


def test_phone_menu_opens(live_server, browser, head_of_school):
    context = browser.new_context(locale="id-ID", viewport={"width": 375, "height": 740})
    phone = context.new_page()
    phone.goto(f"{live_server.url}/login/")
    phone.fill("#id_username", "siti")
    phone.fill("#id_password", PASSWORD)
    phone.click("button[type=submit].primary")
    phone.wait_for_url(f"{live_server.url}/")
    assert not phone.locator("#main-nav").is_visible()
    phone.click(".menu-toggle")
    assert phone.locator("#main-nav").is_visible()
    phone.screenshot(path=str(_screenshot_dir() / "home-phone.png"), full_page=True)
    context.close()


def _screenshot_dir():
    from pathlib import Path

    folder = Path(__file__).resolve().parents[2] / "var" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
