"""BKD changes a late band in the policy form, sees whose deduction it changes last month,
then saves (issue 14, item 3), in a real browser; the page also fits a 360 px phone."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from hadir.accounts.models import Role
from hadir.accounts.services import role_grant, user_create
from hadir.attendance.models import DayRecord
from hadir.attendance.policy_preview import previous_month
from hadir.jobs.models import Job
from hadir.org.services import region_configure, unit_create
from hadir.people.services import employee_create
from hadir.schedules.models import PolicyDocument
from hadir.schedules.services import schedules_ensure_defaults

pytestmark = pytest.mark.browser
PASSWORD = "Rahasia#2026"


@pytest.fixture
def late_pair(transactional_db):
    """Ani was 20 minutes late last month (TL1), Budi 45 minutes (TL2)."""
    schedules_ensure_defaults()
    region_configure(name="Kabupaten Uji", timezone="Asia/Jakarta")
    unit = unit_create(code="DINKES", name="Dinas Kesehatan", kind="dinas")
    month = previous_month(timezone.localdate())
    people = {}
    for n, (name, code, late) in enumerate((("Ani", "TL1", 20), ("Budi", "TL2", 45)), start=1):
        person = employee_create(
            unit=unit,
            start=date(2024, 1, 1),
            nip=f"19850101201001100{n}",
            name=name,
            employee_type="PNS",
            pin=str(300 + n),
            tpp_base=5_000_000,
        )
        DayRecord.objects.create(
            employee=person,
            unit=unit,
            day=month + timedelta(days=2),
            codes=code,
            working_day=True,
            late_minutes=late,
            computed_at=timezone.now(),
        )
        people[name] = person
    bkd = user_create(username="bkd", password=PASSWORD, full_name="Admin BKD")
    role_grant(user=bkd, role=Role.BKD_ADMIN)
    return people


def log_in(page, base: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("#id_username", "bkd")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{base}/")


def test_bkd_changes_a_band_sees_the_preview_and_saves(live_server, page, late_pair):
    base = live_server.url
    log_in(page, base)
    page.goto(f"{base}/policy/")
    page.locator('[name="f:late_band_edges"]').first.fill("15")
    page.click("[data-testid=policy-preview-button]")
    preview = page.locator("[data-testid=policy-preview]")
    preview.wait_for()
    rows = page.locator("[data-testid=policy-preview-table] tbody tr")
    assert rows.count() == 1
    assert rows.first.get_attribute("data-nip") == late_pair["Ani"].nip
    assert "Rp 10.000" in page.inner_text("[data-testid=policy-preview-total]")
    assert PolicyDocument.objects.count() == 0 and Job.objects.count() == 0
    page.fill("#policy-note", "TL1 sampai 15 menit")
    page.click("[data-testid=policy-save-button]")
    page.wait_for_url(f"{base}/policy/")
    assert "Kebijakan disimpan" in page.inner_text(".messages")
    assert PolicyDocument.objects.get().note == "TL1 sampai 15 menit"
    assert page.locator('[name="f:late_band_edges"]').first.input_value() == "15"


def test_policy_form_fits_a_phone(live_server, page, late_pair):
    base = live_server.url
    page.set_viewport_size({"width": 360, "height": 740})
    log_in(page, base)
    page.goto(f"{base}/policy/")
    page.click("[data-testid=policy-preview-button]")
    page.locator("[data-testid=policy-unchanged]").wait_for()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
