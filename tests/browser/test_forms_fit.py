"""Forms that fit (issue 13, item 7), in a real browser: an operator adds one employee with
the form and sees the next steps; that employee logs in with the starting password and the
request form shows only the chosen kind's fields."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from hadir.accounts.models import Role
from hadir.accounts.services import role_grant, user_create
from hadir.devices.models import Device
from hadir.org.services import region_configure, unit_create
from hadir.people.models import Employee
from hadir.people.services import employee_create
from hadir.schedules.services import schedules_ensure_defaults

pytestmark = pytest.mark.browser

PASSWORD = "Rahasia#2026"
NEW_NIP = "199103142019032005"


@pytest.fixture
def dinkes(transactional_db: Any) -> Any:
    schedules_ensure_defaults()  # an earlier browser test may have flushed the seeded rows
    region_configure(name="Kabupaten Uji", timezone="Asia/Jakarta")
    unit = unit_create(code="DINKES", name="Dinas Kesehatan", kind="dinas")
    employee_create(
        unit=unit,
        start=date(2024, 1, 1),
        nip="198501012010011001",
        name="Ani Lestari",
        employee_type="PNS",
        pin="300",
    )
    Device.objects.create(sn="SIM-LOBI", name="Mesin Lobi", unit=unit, state="active")
    operator = user_create(username="operator", password=PASSWORD, full_name="Operator Dinkes")
    role_grant(user=operator, role=Role.OPERATOR, unit=unit)
    return unit


def log_in(page: Any, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{base}/")


def test_operator_adds_one_employee_who_then_files_a_request(
    live_server: Any, page: Any, dinkes: Any
) -> None:
    base = live_server.url
    log_in(page, base, "operator", PASSWORD)
    page.goto(f"{base}/employees/")
    page.click("[data-testid=add-employee]")
    page.wait_for_url("**/employees/new/")
    assert page.input_value("#id_pin") == "301"  # one above the highest PIN in the region
    assert "301" in page.locator("[data-testid=pin-suggestion]").inner_text()
    page.select_option("#id_jenis", "PNS")
    page.fill("#id_nip", NEW_NIP)
    page.fill("#id_nama", "Rina Marlina")
    page.fill("#id_jabatan", "Perawat")
    page.select_option("#id_unit_kode", "DINKES")
    page.select_option("#id_jadwal", "5HK")
    page.click("[data-testid=employee-form] button.primary")

    steps = page.locator("[data-testid=next-steps]")
    steps.wait_for()
    text = steps.inner_text()
    assert "Mesin Lobi" in text and "PIN 301" in text
    password = page.locator("[data-testid=starting-password]").inner_text()
    assert len(password) == 10
    assert Employee.objects.get(nip=NEW_NIP).pin == "301"
    page.click("[data-testid=employee-link]")
    page.wait_for_url(f"**/employees/{NEW_NIP}/")
    assert "Rina Marlina" in page.locator("h1").inner_text()
    page.click("[data-testid=logout]")
    page.wait_for_url("**/login/")

    log_in(page, base, NEW_NIP, password)  # the first login, by NIP
    page.goto(f"{base}/requests/new/")
    leave, times, spt = (
        page.locator("#id_leave_type"),
        page.locator("#id_check_in"),
        page.locator("#id_spt_number"),
    )
    page.select_option("#id_kind", "izin")
    assert not leave.is_visible() and not times.is_visible() and not spt.is_visible()
    assert page.locator("#id_last_day").is_visible() and page.locator("#id_reason").is_visible()
    page.select_option("#id_kind", "cuti")
    assert leave.is_visible() and not times.is_visible()
    page.select_option("#id_kind", "punch_correction")
    assert times.is_visible() and not leave.is_visible()
    assert not page.locator("#id_last_day").is_visible()
    page.select_option("#id_kind", "dinas_luar")
    assert spt.is_visible() and not times.is_visible()
    assert page.locator("fieldset[data-kinds]:not([hidden]) legend").all_inner_texts() == [
        "Beberapa hari",
        "Khusus dinas luar, tugas belajar dan diklat",
    ]

    # the starting password is replaced by one only the employee knows
    page.click("[data-testid=password-link]")
    page.fill("#id_old_password", password)
    page.fill("#id_new_password1", "Rina-Sandi#2027")
    page.fill("#id_new_password2", "Rina-Sandi#2027")
    page.click("[data-testid=password-form] button.primary")
    page.wait_for_url("**/login/**")
    log_in(page, base, NEW_NIP, "Rina-Sandi#2027")


def test_the_forms_fit_a_phone(live_server: Any, browser: Any, dinkes: Any) -> None:
    context = browser.new_context(locale="id-ID", viewport={"width": 360, "height": 740})
    page = context.new_page()
    try:
        log_in(page, live_server.url, "operator", PASSWORD)
        for path in (
            "/employees/new/",
            "/imports/new/",
            "/requests/new/",
            "/units/DINKES/attendance/",
            "/accounts/password/",
        ):
            page.goto(f"{live_server.url}{path}")
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 360, f"{path} scrolls sideways: {width} px"
        page.goto(f"{live_server.url}/units/DINKES/attendance/")
        assert page.locator("[data-testid=code-legend]").is_visible()
        page.goto(f"{live_server.url}/employees/new/")
        page.fill("#id_nip", NEW_NIP)
        page.fill("#id_nama", "Rina Marlina binti Abdul Rahman Hakim Siregar")
        page.click("[data-testid=employee-form] button.primary")
        page.locator("[data-testid=next-steps]").wait_for()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"the next steps scroll sideways: {width} px"
    finally:
        context.close()
