"""A day still going on, as the employee sees it in a real Chromium: an afternoon check-in
from the phone shows "belum selesai" and no deduction; a rejected capture shows the head's
reason on /m/; the page served offline from the cache says so and from when its data is."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from tests.browser.test_mobile import FAR, OFFICE, _phone

# The phone tests' fixtures: Chromium with a fake camera, and an employee on a roster.
from tests.browser.test_mobile import camera_browser as camera_browser
from tests.browser.test_mobile import employee as employee

from hadir.accounts.models import Role
from hadir.accounts.services import role_grant, user_create
from hadir.attendance.models import DayRecord
from hadir.attendance.recompute import recompute_all_dirty
from hadir.mobile.models import Capture, Outcome
from hadir.org.selectors import region_timezone
from hadir.requests.decisions import request_reject
from hadir.schedules.models import Shift, WorkSchedule
from hadir.schedules.services import employee_schedule_change, roster_set, schedules_ensure_defaults

pytestmark = pytest.mark.browser
REASON = "Lokasi terlalu jauh dari kantor, silakan absen di kantor"


def _local_now() -> datetime:
    return timezone.now().astimezone(region_timezone()).replace(second=0, microsecond=0)


@pytest.fixture
def afternoon_shift(employee) -> date:
    """A shift that started four hours ago and ends in two: a check-in now comes after its
    midpoint (an afternoon arrival) while the day is far from over. Returns its day."""
    now = _local_now()
    start, end = now - timedelta(hours=4), now + timedelta(hours=2)
    shift = Shift.objects.create(code="SIANG", label="Uji", start=start.time(), end=end.time())
    schedules_ensure_defaults()
    employee_schedule_change(
        employee=employee,
        schedule=WorkSchedule.objects.get(code="SHIFT"),
        effective=date(2025, 1, 1),
    )
    if employee.duty_day != start.date():
        # Between 04:00 and 07:00 the phone fixture's night shift (from yesterday 21:00) is
        # still going on too: a day off instead, so that only this day is in progress.
        roster_set(employee=employee, day=employee.duty_day, shift=None)
    roster_set(employee=employee, day=start.date(), shift=shift)
    return start.date()


def test_afternoon_check_in_shows_not_finished_and_no_deduction(
    live_server, camera_browser, employee, afternoon_shift
):
    employee.tpp_base = 5_000_000
    employee.save(update_fields=["tpp_base"])
    context, page = _phone(camera_browser, live_server, OFFICE)
    expect(page.locator("#direction-hint")).to_have_text(
        "Menurut jadwal dan absen Anda hari ini, ini absen masuk."
    )
    page.click("#btn-in")
    page.wait_for_selector("#message:has-text('Absen masuk tercatat pukul')")
    assert Capture.objects.get().outcome == Outcome.PUNCH
    recompute_all_dirty()  # what the worker does next
    record = DayRecord.objects.get(employee=employee, day=afternoon_shift)
    assert record.in_progress and record.codes == "TL4"

    page.goto(f"{live_server.url}/me/attendance/?month={afternoon_shift:%Y-%m}")
    cell = page.locator(
        "[data-testid=month-calendar] td", has=page.locator("[data-testid=day-in-progress]")
    )
    expect(cell).to_have_count(1)
    expect(cell).to_contain_text("Hari berjalan, belum selesai")
    expect(cell).to_contain_text(re.compile(r"terlambat 24\d menit \(TL4\)"))
    expect(cell).not_to_contain_text("TAM")
    expect(cell).not_to_contain_text("PSW")
    summary = page.locator("[data-testid=month-summary]")
    expect(summary).to_contain_text("0,00%")
    assert "Rp0" in summary.inner_text().replace(".", "")
    context.close()


def test_a_rejected_capture_shows_the_reason_on_the_phone(live_server, camera_browser, employee):
    head = user_create(username="kepala", password="Rahasia#2026", full_name="Kepala Dinas")
    role_grant(user=head, role=Role.HEAD, unit=employee.unit)
    context, page = _phone(camera_browser, live_server, FAR)
    page.click("#btn-in")
    page.wait_for_selector("#captures li[data-fate=waiting]")
    expect(page.locator("#captures li")).to_contain_text("Menunggu persetujuan")
    capture = Capture.objects.get()
    request_reject(request=capture.request, actor=head, reason=REASON)
    page.reload()
    item = page.locator("#captures li[data-fate=rejected]")
    expect(item).to_contain_text("Ditolak")
    expect(item).to_contain_text(f"Ditolak oleh kepala unit. Alasan: {REASON}")
    expect(page.locator("#captures")).not_to_contain_text("Menunggu persetujuan")
    expect(page.locator("#today-waiting")).to_have_text("0")
    context.close()


def test_the_page_says_when_it_shows_saved_data_offline(live_server, camera_browser, employee):
    context, page = _phone(camera_browser, live_server, OFFICE)
    notice = page.locator("[data-testid=offline-notice]")
    expect(notice).to_be_hidden()
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()  # now under the service worker, which keeps a copy of the page
    expect(notice).to_be_hidden()
    saved = _local_now()
    context.set_offline(True)
    page.reload()  # served from the cache
    expect(notice).to_be_visible()
    expect(notice).to_contain_text(
        "Anda sedang offline. Halaman ini menampilkan data tersimpan pada"
    )
    months = (
        "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember"
    )
    expect(notice).to_contain_text(f"{saved.day} {months.split()[saved.month - 1]} {saved.year}")
    assert page.locator("body").get_attribute("data-source") == "cache"
    context.set_offline(False)
    page.reload()
    expect(notice).to_be_hidden()
    context.close()
