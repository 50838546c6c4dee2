"""An operator enters a signed manual sheet with its scan; the head of the unit approves it;
the day shows H on the unit's month grid."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from tests.requests.helpers import png_bytes

from hadir.accounts.models import Role
from hadir.accounts.services import role_grant, user_create
from hadir.attendance.inputs import calendar_for
from hadir.attendance.recompute import recompute_all_dirty
from hadir.attendance.services import recompute_month
from hadir.org.selectors import region_timezone
from hadir.org.services import region_configure, unit_create
from hadir.people.services import employee_create
from hadir.requests.window import deadline_for, dispensation_grant
from hadir.schedules.services import schedules_ensure_defaults

pytestmark = pytest.mark.browser

PASSWORD = "Rahasia#2026"
NAMES = ("Ani Lestari", "Bayu Pratama", "Citra Dewi")


def sheet_day() -> date:
    """The latest past working day (the real clock runs in a browser test); BKD opens the
    window when that day is already closed (e.g. after a long holiday)."""
    today = timezone.now().astimezone(region_timezone()).date()
    calendar = calendar_for(today - timedelta(days=40), today)
    day = today - timedelta(days=1)
    while not calendar.is_working_day(day):
        day -= timedelta(days=1)
    return day


def sheet_day_open_for(unit: Any) -> date:
    """``sheet_day`` for ``unit``, with BKD's dispensation when its window has closed."""
    day = sheet_day()
    if not deadline_for(day).is_open(timezone.now()):
        bkd = user_create(username="bkd", password=PASSWORD)
        role_grant(user=bkd, role=Role.BKD_ADMIN)
        dispensation_grant(
            actor=bkd,
            unit=unit,
            days_from=day,
            valid_until=timezone.now().date() + timedelta(days=1),
            reason="Uji peramban",
        )
    return day


@pytest.fixture
def unit_with_staff(transactional_db):
    schedules_ensure_defaults()  # an earlier browser test may have flushed the seeded rows
    region_configure(name="Kabupaten Uji", timezone="Asia/Jakarta")
    unit = unit_create(code="DINKES", name="Dinas Kesehatan", kind="dinas")
    staff = [
        employee_create(
            unit=unit,
            start=date(2024, 1, 1),
            nip=f"19850101201001100{n}",
            name=name,
            employee_type="PNS",
            pin=str(200 + n),
        )
        for n, name in enumerate(NAMES, start=1)
    ]
    operator = user_create(username="operator", password=PASSWORD, full_name="Operator Dinkes")
    role_grant(user=operator, role=Role.OPERATOR, unit=unit)
    head = user_create(username="kepala", password=PASSWORD, full_name="Kepala Dinkes")
    role_grant(user=head, role=Role.HEAD, unit=unit)
    day = sheet_day_open_for(unit)
    recompute_month(f"{day:%Y-%m}")
    return {"unit": unit, "staff": staff, "day": day}


def log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{base}/")


def log_out(page) -> None:
    page.click("[data-testid=logout]")
    page.wait_for_url("**/login/")


def test_manual_sheet_then_approval_shows_h(live_server, page, unit_with_staff):
    base, day, staff = live_server.url, unit_with_staff["day"], unit_with_staff["staff"]
    log_in(page, base, "operator")
    page.click("nav >> text=Permohonan")
    page.click("[data-testid=new-sheet]")
    assert page.locator("h1").inner_text() == "Lembar presensi manual"
    assert "batas pengajuan untuk" in page.locator("[data-testid=deadline]").inner_text()
    page.fill("#id_day", day.isoformat())
    page.fill("#id_reason", "Mesin sidik jari rusak, presensi ditulis di kertas")
    page.set_input_files(
        "#id_evidence",
        {"name": "lembar-presensi.png", "mimeType": "image/png", "buffer": png_bytes(40, 20)},
    )
    for n, employee in enumerate(staff):
        page.check(f"#pick-{employee.pk}")
        page.fill(f"#in-{employee.pk}", f"07:{20 + n:02d}")
        page.fill(f"#out-{employee.pk}", "16:35")  # after Friday's 16:30
    page.screenshot(path=str(_screenshot_dir() / "request-sheet-form.png"), full_page=True)
    page.click("[data-testid=sheet-form] button.primary")
    page.wait_for_url("**/requests/*/")
    assert page.locator("[data-testid=request-state]").inner_text() == "Menunggu kepala unit"
    assert page.locator("[data-testid=entries] tbody tr").count() == 3
    page.screenshot(path=str(_screenshot_dir() / "request-sheet-sent.png"), full_page=True)
    log_out(page)

    log_in(page, base, "kepala")
    page.click("nav >> text=Permohonan (1 menunggu)")
    page.click("[data-testid=todo] tbody tr >> a >> nth=0")
    # the scan is shown through the protected view (a locator assertion: the page's CSP
    # refuses the string evaluation wait_for_function polls with)
    expect(page.locator("[data-testid=evidence] img")).to_have_js_property("naturalWidth", 40)
    page.click("[data-testid=approve]")
    page.wait_for_selector("text=Disetujui.")
    assert page.locator("[data-testid=request-state]").inner_text() == "Disetujui"
    page.screenshot(path=str(_screenshot_dir() / "request-approved.png"), full_page=True)

    recompute_all_dirty()  # what the worker does when idle
    page.goto(f"{base}/units/DINKES/attendance/?month={day:%Y-%m}")
    grid = page.locator("[data-testid=unit-grid]")
    for name in NAMES:
        cells = grid.locator(f"tr:has(a:text-is('{name}')) td")
        assert cells.nth(day.day).inner_text() == "H", name


def _screenshot_dir():
    from pathlib import Path

    folder = Path(__file__).resolve().parents[2] / "var" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
