"""The phone page in a real Chromium: fake camera, fake GPS, the network cut and restored.

Each test reads the database after the page says it is done: captures, punches, requests
and the day's result (after the recompute the worker would run)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hadir.accounts.services import user_create
from hadir.attendance.models import DayRecord
from hadir.attendance.recompute import recompute_all_dirty
from hadir.mobile.models import Capture, Outcome
from hadir.org.selectors import region_timezone
from hadir.org.services import region_configure, unit_create, unit_locations_replace
from hadir.people.services import employee_create
from hadir.punches.models import Punch
from hadir.requests.models import Request, RequestState
from hadir.schedules.models import Shift, WorkSchedule
from hadir.schedules.services import (
    employee_schedule_change,
    roster_set,
    schedules_ensure_defaults,
)

pytestmark = pytest.mark.browser

PASSWORD = "Rahasia#2026"
NIP = "198507122010011003"
OFFICE = {"latitude": -6.914744, "longitude": 107.609810, "accuracy": 15}
FAR = {"latitude": -6.930000, "longitude": 107.609810, "accuracy": 15}  # ~1.7 km south


@pytest.fixture
def camera_browser(browser) -> object:
    """The shared Chromium: launched with a fake camera (see conftest.py)."""
    return browser


@pytest.fixture
def employee(transactional_db):
    region_configure(name="Kabupaten Uji", timezone="Asia/Jakarta")
    unit = unit_create(code="DINKES", name="Dinas Kesehatan", kind="dinas")
    unit_locations_replace(
        unit=unit, locations=[("Kantor", Decimal("-6.914744"), Decimal("107.609810"), 100)]
    )
    person = employee_create(
        unit=unit,
        start=date(2025, 1, 1),
        nip=NIP,
        name="Rina Marlina",
        employee_type="PNS",
        pin="2001",
    )
    user_create(username="rina", password=PASSWORD, employee=person, full_name="Rina Marlina")
    # A rostered shift around the current hour, so today is a working day whatever the
    # weekday and the time the tests run.
    schedules_ensure_defaults()  # a transactional test flushes what the migration installed
    employee_schedule_change(
        employee=person, schedule=WorkSchedule.objects.get(code="SHIFT"), effective=date(2025, 1, 1)
    )
    now = timezone.now().astimezone(region_timezone())
    if now.hour < 7:  # after midnight: yesterday's night shift (21:00-07:00) is going on
        code, day = "M", now.date() - timedelta(days=1)
    else:
        code, day = ("P" if now.hour < 14 else "S" if now.hour < 21 else "M"), now.date()
    roster_set(employee=person, day=day, shift=Shift.objects.get(code=code))
    person.duty_day = day  # the day a check-in now belongs to
    return person


def _phone(browser, live_server, where):
    context = browser.new_context(
        locale="id-ID",
        timezone_id="Asia/Jakarta",
        viewport={"width": 375, "height": 740},
        permissions=["geolocation", "camera"],
        geolocation=where,
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{live_server.url}/login/?next=/m/")
    page.fill("#id_username", NIP)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{live_server.url}/m/")
    _ready(page)
    return context, page


def _ready(page):
    page.wait_for_selector("#btn-in:not([disabled])")
    # Locator assertions, not wait_for_function: its polling evaluates a string, which the
    # page's Content-Security-Policy (no 'unsafe-eval') refuses.
    expect(page.locator("#position")).to_contain_text("akurasi")


def _queued(page, n):
    expect(page.locator("#queue-count")).to_have_text(str(n))


def test_online_check_in_inside_is_a_punch_in_the_day_result(live_server, camera_browser, employee):
    context, page = _phone(camera_browser, live_server, OFFICE)
    page.click("#btn-in")
    page.wait_for_selector("#message:has-text('Absen masuk tercatat pukul')")
    capture = Capture.objects.get()
    assert capture.outcome == Outcome.PUNCH
    assert capture.distance_m < 5 and capture.accuracy_m == 15
    assert capture.photo.content_type == "image/jpeg"
    punch = Punch.objects.get()
    assert (punch.source, punch.employee_id) == ("app", employee.pk)
    recompute_all_dirty()
    record = DayRecord.objects.get(employee=employee, day=employee.duty_day)
    assert punch.punched_at in (record.check_in, record.check_out)
    page.wait_for_selector("#captures li.m-punch a")
    href = page.locator("#captures li.m-punch a").get_attribute("href")
    photo = page.request.get(f"{live_server.url}{href}")
    assert photo.headers["content-type"] == "image/jpeg"
    assert page.locator("#today-in").inner_text() != "\u2013"
    context.close()


def test_check_in_outside_is_a_pending_request(live_server, camera_browser, employee):
    context, page = _phone(camera_browser, live_server, FAR)
    page.click("#btn-in")
    page.wait_for_selector("#message:has-text('kepala unit')")
    message = page.locator("#message").inner_text()
    assert "di luar radius 100 m" in message
    capture = Capture.objects.get()
    assert capture.outcome == Outcome.REQUEST
    request = Request.objects.get()
    assert request.state == RequestState.PENDING
    assert request.evidence.count() == 1
    assert not Punch.objects.exists()
    context.close()


def test_offline_captures_are_queued_survive_a_reload_and_arrive_once(
    live_server, camera_browser, employee
):
    context, page = _phone(camera_browser, live_server, OFFICE)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    context.set_offline(True)
    page.click("#btn-in")
    _queued(page, 1)
    page.wait_for_timeout(1100)  # two different photos and times
    page.click("#btn-out")
    _queued(page, 2)
    assert not Capture.objects.exists()
    page.reload()  # served by the service worker from its cache
    _queued(page, 2)
    assert page.locator("#captures li.m-queued").count() == 2
    context.set_offline(False)
    _queued(page, 0)
    page.wait_for_selector("#captures li.m-punch >> nth=1")
    assert page.locator("#last-sync").inner_text() not in ("\u2013", "belum pernah")
    assert sorted(Capture.objects.values_list("direction", flat=True)) == ["in", "out"]
    assert Punch.objects.filter(source="app").count() == 2
    page.evaluate("() => new Promise((done) => setTimeout(done, 500))")
    page.reload()  # nothing is sent again
    _ready(page)
    _queued(page, 0)
    assert Capture.objects.count() == 2 and Punch.objects.count() == 2
    context.close()


def test_a_capture_older_than_the_window_is_refused_on_the_phone(
    live_server, camera_browser, employee
):
    context, page = _phone(camera_browser, live_server, OFFICE)
    context.set_offline(True)
    long_ago = timezone.now() - timedelta(days=20)
    page.clock.set_system_time(long_ago)
    page.click("#btn-in")
    _queued(page, 1)
    page.clock.set_system_time(timezone.now())
    context.set_offline(False)
    _queued(page, 0)
    page.wait_for_selector("#refused li")
    refused = page.locator("#refused").inner_text()
    assert "batas" in page.locator("#message").inner_text() or "BKD" in refused
    assert "BKD" in refused
    capture = Capture.objects.get()
    assert capture.outcome == Outcome.REFUSED
    assert not Punch.objects.exists() and not Request.objects.exists()
    context.close()
