"""The manual sheet of a unit with 741 staff: found, ticked and sent in one go; what was typed
survives a failed submit and a reload as a draft in the browser, and is cleared once the
server confirms the sheet."""

from __future__ import annotations

import re
from datetime import date

import pytest
from tests.browser.test_requests import PASSWORD, log_in, sheet_day_open_for
from tests.requests.helpers import png_bytes

from hadir.accounts.models import Role
from hadir.accounts.services import role_grant, user_create
from hadir.org.services import region_configure, unit_create
from hadir.people.services import employee_create
from hadir.requests.models import Request
from hadir.schedules.services import schedules_ensure_defaults

pytestmark = pytest.mark.browser

STAFF = 741  # the unit that met "Bad Request (400)"
DRAFT_KEYS = "() => Object.keys(localStorage).filter(k => k.startsWith('hadir.sheet.')).length"


# Types a check-in time into every empty row the way a keyboard does (an input event each).
TYPE_EVERY_CHECK_IN = """() => document.querySelectorAll('input[data-side=in]')
.forEach((input, n) => {
  if (!input.value) {
    input.value = '07:' + String(n % 60).padStart(2, '0');
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }
})"""


def attach(page) -> None:
    page.set_input_files(
        "#id_evidence", {"name": "lembar.png", "mimeType": "image/png", "buffer": png_bytes()}
    )


@pytest.fixture
def big_unit(transactional_db):
    schedules_ensure_defaults()
    region_configure(name="Kabupaten Uji", timezone="Asia/Jakarta")
    unit = unit_create(code="DISDIK", name="Dinas Pendidikan", kind="dinas")
    staff = [
        employee_create(
            unit=unit,
            start=date(2024, 1, 1),
            nip=f"198501012010011{n:03d}",
            name=f"Guru {n:03d}",
            employee_type="PNS",
            pin=str(5000 + n),
        )
        for n in range(1, STAFF + 1)
    ]
    operator = user_create(username="operator", password=PASSWORD, full_name="Operator Disdik")
    role_grant(user=operator, role=Role.OPERATOR, unit=unit)
    day = sheet_day_open_for(unit)
    return {"staff": staff, "day": day}


def test_a_741_staff_sheet_survives_a_failed_submit_and_a_reload(live_server, page, big_unit):
    base, staff, day = live_server.url, big_unit["staff"], big_unit["day"]
    first, last = staff[0], staff[-1]
    log_in(page, base, "operator")
    page.goto(f"{base}/requests/sheet/")
    assert page.locator("[data-testid=sheet-rows] tbody tr").count() == STAFF
    page.set_viewport_size({"width": 360, "height": 740})  # a phone: no sideways scroll
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.set_viewport_size({"width": 1280, "height": 800})
    page.fill("#id_day", day.isoformat())
    page.fill("#id_reason", "Listrik padam, presensi ditulis di kertas")
    page.fill("[data-testid=sheet-filter]", "guru 741")  # find one person among 741
    assert page.locator("[data-testid=sheet-rows] tbody tr:visible").count() == 1
    page.fill(f"#in-{last.pk}", "07:05")  # typing a time ticks the row
    page.fill("[data-testid=sheet-filter]", "")
    page.click("[data-testid=tick-shown]")
    page.fill(f"#in-{first.pk}", "07:15")
    page.fill(f"#out-{first.pk}", "16:40")
    assert page.locator("[data-testid=sheet-count]").inner_text() == str(STAFF)
    attach(page)

    # The server refuses (ticked rows without a time): the reason is shown, nothing is lost.
    page.click("[data-testid=sheet-form] button.primary")
    page.wait_for_selector("[data-testid=sheet-errors]:has-text('Isi jam masuk, jam pulang')")
    assert page.input_value(f"#out-{first.pk}") == "16:40"
    assert page.locator("[data-testid=sheet-count]").inner_text() == str(STAFF)
    assert not Request.objects.exists()
    page.evaluate(TYPE_EVERY_CHECK_IN)  # the operator copies every time from the paper

    # The server fails: nothing typed is lost, on the page or after a reload.
    def server_error(route):
        if route.request.method == "POST":
            route.fulfill(status=500, body="Server Error (500)", content_type="text/html")
        else:
            route.continue_()

    page.route("**/requests/sheet/", server_error)
    page.click("[data-testid=sheet-form] button.primary")
    page.wait_for_selector("[data-testid=sheet-draft]:has-text('Lembar belum terkirim')")
    assert page.input_value(f"#in-{first.pk}") == "07:15"
    page.unroute("**/requests/sheet/")
    assert not Request.objects.exists()
    page.reload()
    page.wait_for_selector("[data-testid=sheet-draft]:has-text('dipulihkan')")
    assert page.input_value("#id_day") == day.isoformat()
    assert page.input_value("#id_reason") == "Listrik padam, presensi ditulis di kertas"
    assert page.input_value(f"#in-{first.pk}") == "07:15"
    assert page.input_value(f"#out-{first.pk}") == "16:40"
    assert page.input_value(f"#in-{last.pk}") == "07:05"
    assert page.locator("[data-testid=sheet-count]").inner_text() == str(STAFF)
    assert page.evaluate(DRAFT_KEYS) == 1

    # Sent for real: all 741 rows in one request; the draft is cleared.
    attach(page)
    page.click("[data-testid=sheet-form] button.primary")
    page.wait_for_url(re.compile(r"/requests/\d+/$"))
    sheet = Request.objects.get()
    assert sheet.entries.count() == STAFF
    assert sheet.entries.get(employee=first).check_out.strftime("%H:%M") == "16:40"
    assert sheet.entries.get(employee=last).check_in.strftime("%H:%M") == "07:05"
    assert page.evaluate(DRAFT_KEYS) == 0
