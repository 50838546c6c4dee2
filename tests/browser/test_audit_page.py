"""BKD reads the audit trail on a 360 px phone: no sideways scroll, filters work."""

from __future__ import annotations

import pytest

from hadir.accounts.models import Role
from hadir.accounts.services import role_grant, user_create
from hadir.audit.services import audit_record
from hadir.org.services import region_configure, unit_create

pytestmark = pytest.mark.browser

PASSWORD = "Rahasia#2026"


@pytest.fixture
def bkd(transactional_db):
    region_configure(name="Kabupaten Uji", timezone="Asia/Jakarta")
    name = "DinasKesehatanPengendalianPendudukDanKeluargaBerencanaKabupatenUji"  # no break
    unit = unit_create(code="DINAS-KESEHATAN-KABUPATEN", name=name, kind="dinas")
    user = user_create(username="bkd", password=PASSWORD, full_name="Admin BKD")
    role_grant(user=user, role=Role.BKD_ADMIN)
    audit_record(actor=user, action="reporting.verified", target=unit, data={"unit": unit.code})
    return user


def test_audit_page_fits_a_phone(live_server, browser, bkd):
    context = browser.new_context(locale="id-ID", viewport={"width": 360, "height": 740})
    phone = context.new_page()
    phone.goto(f"{live_server.url}/login/?next=/audit/")
    phone.fill("#id_username", "bkd")
    phone.fill("#id_password", PASSWORD)
    phone.click("button[type=submit].primary")
    phone.wait_for_url(f"{live_server.url}/audit/")
    assert phone.locator("h1").inner_text() == "Jejak audit"
    phone.select_option("#id_action", "reporting")
    phone.click("button[type=submit].primary")
    phone.wait_for_url("**/audit/?*action=reporting*")
    assert "reporting.verified" in phone.locator("[data-testid=audit-events]").inner_text()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    context.close()
