"""On a phone (360 px): an employee one year short of service asks for annual leave and is
told which rule refuses it, from when it is allowed and the legal basis; maternity leave asks
which birth it is for and is filed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone
from tests.browser.test_requests import PASSWORD, log_in

from hadir.accounts.services import user_create
from hadir.org.services import region_configure, unit_create
from hadir.people.services import employee_create
from hadir.requests.models import Request
from hadir.rules.leave_rules import add_months
from hadir.schedules.services import schedules_ensure_defaults
from hadir.words import day_long

pytestmark = pytest.mark.browser


def next_monday(after: date) -> date:
    return after + timedelta(days=7 - after.weekday())


@pytest.fixture
def newcomer(transactional_db):
    schedules_ensure_defaults()
    region_configure(name="Kabupaten Uji", timezone="Asia/Jakarta")
    unit = unit_create(code="DINKES", name="Dinas Kesehatan", kind="dinas")
    today = timezone.now().date()
    employee = employee_create(
        unit=unit,
        start=today - timedelta(days=100),
        nip="199501012025012001",
        name="Nadia Putri",
        employee_type="PNS",
        gender="P",
        pin="301",
    )
    employee.service_start = today - timedelta(days=100)
    employee.save()
    user_create(username="nadia", password=PASSWORD, employee=employee)
    return employee


def test_refused_annual_leave_says_the_rule_then_maternity_is_filed(live_server, page, newcomer):
    page.set_viewport_size({"width": 360, "height": 780})
    base = live_server.url
    log_in(page, base, "nadia")
    first = next_monday(timezone.now().date())
    page.goto(f"{base}/requests/new/")
    page.select_option("#id_kind", "cuti")
    page.select_option("#id_leave_type", "tahunan")
    page.fill("#id_first_day", first.isoformat())
    page.fill("#id_last_day", first.isoformat())
    page.click("form button.primary")
    error = page.locator(".errorlist, [role=alert]").first
    text = error.inner_text()
    allowed_from = add_months(newcomer.service_start, 12)
    assert "Cuti tahunan diberikan setelah bekerja 1 tahun" in text
    assert day_long(allowed_from) in text and "Dasar hukum: PP 11/2017 Pasal 311" in text
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.select_option("#id_leave_type", "melahirkan")
    assert page.locator("label[for=id_child_order]").inner_text().startswith("Kelahiran anak")
    page.fill("#id_last_day", (first + timedelta(days=60)).isoformat())
    page.fill("#id_child_order", "1")
    page.click("form button.primary")
    page.wait_for_url("**/requests/*/")
    made = Request.objects.get()
    assert (made.leave_type, made.child_order) == ("melahirkan", 1)
