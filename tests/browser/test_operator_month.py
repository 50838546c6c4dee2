"""The demo operator's month in a real browser, with clicks counted (issue 13, Done when):

- a clean month for all their units in at most 15 clicks;
- a month with three missing punches explained in at most 25 clicks;
- last week's missing check-outs across all their units found in at most 5 clicks.

Data: the demo's own builders (``generate_kabupaten``, ``load_demo``, the demo's machines) in
the demo's shape (Dinas Kesehatan with its 15 units and the demo logins), on a smaller
scale: four office workers a unit instead of 741 people, so that a test builds it in
seconds. Their October 2026 punches are complete, except the missing check-outs a test asks
for. The clock is the only thing fixed: Monday 2 November 2026, 09:00 WIB, the morning the
operator closes October (the windows of its last days are still open), set on Django's one
clock (``django.utils.timezone.now``) for the test and the live server alike.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from hadir.attendance.recompute import recompute_all_dirty, recompute_range
from hadir.demo.generator import DemoKabupaten, generate_kabupaten
from hadir.demo.loader import DEMO_PASSWORD, _load_devices, load_demo
from hadir.devices.models import Device
from hadir.org.models import Unit
from hadir.people.models import Employee
from hadir.punches.services import IncomingPunch, punches_ingest
from hadir.reporting.models import PeriodSubmission
from hadir.requests.models import Request
from hadir.rules import national_holidays

pytestmark = pytest.mark.browser

WIB = ZoneInfo("Asia/Jakarta")
NOW = datetime(2026, 11, 2, 9, 0, tzinfo=WIB)
OCTOBER = date(2026, 10, 1)
LAST_DAY = date(2026, 10, 31)
PER_UNIT = 4
OPERATOR = "operator.dinkes"


def _dinkes_shape() -> DemoKabupaten:
    """The demo kabupaten cut down to Dinas Kesehatan's tree, a head and three office
    workers (schedule 5HK) per unit."""
    kab = generate_kabupaten(seed=42, employees=5000)
    parents = {u.code: u.parent_code for u in kab.units}

    def under_dinkes(code: str | None) -> bool:
        while code is not None:
            if code == "DINKES":
                return True
            code = parents[code]
        return False

    units = tuple(u for u in kab.units if under_dinkes(u.code))
    chosen, taken = [], dict.fromkeys((u.code for u in units), 0)
    for person in kab.employees:
        if person.schedule_code == "5HK" and taken.get(person.unit_code, PER_UNIT) < PER_UNIT:
            chosen.append(person)
            taken[person.unit_code] += 1
    assert len(units) == 15 and all(n == PER_UNIT for n in taken.values())
    assert any(p.is_head and p.unit_code == "DINKES" for p in chosen)
    return DemoKabupaten(kab.region_name, kab.timezone, units, tuple(chosen))


def _working_days() -> list[date]:
    holidays = {h.day for h in national_holidays([2026])}
    days = [OCTOBER + timedelta(days=n) for n in range(31)]
    return [d for d in days if d.weekday() < 5 and d not in holidays]


def _punch_october(missing_out: set[tuple[int, date]]) -> None:
    """Every office worker in at 07:2x and out after the Friday end, through the one
    ingestion service, machine by machine; ``missing_out``: (employee, day) without a
    check-out."""
    devices = {d.unit_id: d for d in Device.objects.all()}
    for employee in Employee.objects.all():
        punches = []
        for n, day in enumerate(_working_days()):
            punches.append(IncomingPunch(employee.pin, datetime.combine(day, time(7, 20 + n % 9))))
            if (employee.pk, day) not in missing_out:
                punches.append(IncomingPunch(employee.pin, datetime.combine(day, time(16, 40))))
        device = devices[employee.unit_id]
        punches_ingest(source="push", source_ref=device.sn, device=device, punches=punches)
    recompute_range(list(Employee.objects.values_list("pk", flat=True)), OCTOBER, LAST_DAY)
    recompute_all_dirty()


@pytest.fixture
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "now", lambda: NOW)


@pytest.fixture
def demo_units(transactional_db, fixed_clock) -> Iterator[dict[str, Unit]]:
    kab = _dinkes_shape()
    load_demo(kab)
    units = {u.code: u for u in Unit.objects.all()}
    _load_devices(kab, units)
    yield units


def _three_missing_check_outs() -> list[Employee]:
    """Three people of three different units forgot to check out on Friday 30 October."""
    people = []
    for unit in Unit.objects.exclude(code="DINKES").order_by("code")[:3]:
        people.append(Employee.objects.filter(unit=unit).order_by("pk").last())
    return people


class Walk:
    """A logged-in browser page that counts the clicks it makes."""

    def __init__(self, browser, base: str) -> None:
        self.context = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 800})
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.base = base
        self.clicks = 0

    def click(self, selector: str) -> None:
        self.clicks += 1
        self.page.click(selector)
        self.page.wait_for_load_state()

    def login(self, username: str) -> None:
        self.page.goto(f"{self.base}/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", DEMO_PASSWORD)
        self.click("button[type=submit].primary")
        self.page.wait_for_url(f"{self.base}/")


def test_a_clean_month_for_all_fifteen_units(live_server, browser, demo_units):
    _punch_october(missing_out=set())
    walk = Walk(browser, live_server.url)
    walk.login(OPERATOR)
    assert "15 unit perlu dikirim untuk Oktober 2026" in walk.page.inner_text(
        "[data-testid=todo-months_to_submit]"
    )
    walk.click("[data-testid=todo-months_to_submit] a")
    clean = walk.page.locator("[data-testid=submit-clean] li")
    assert clean.count() == 15
    walk.click("[data-testid=submit-all]")
    assert "15 unit terkirim" in walk.page.inner_text(".messages")
    print(f"\nclicks: a clean month for all 15 units: {walk.clicks}")
    assert walk.clicks <= 15
    assert PeriodSubmission.objects.filter(month=OCTOBER, state="submitted").count() == 15
    walk.context.close()


def _explain(walk: Walk, row) -> None:
    """Open the row's prefilled request, give the check-out time and the reason, send."""
    employee, day = row.get_attribute("data-employee"), row.get_attribute("data-day")
    walk.clicks += 1
    row.locator("[data-testid=problem-fix]").click()
    walk.page.wait_for_url("**/requests/new/**")
    page = walk.page
    # The prefill (employee, date, kind) is the request form's; setting the same values
    # again is harmless and keeps this walk honest before that form honours them.
    page.select_option("#id_kind", "punch_correction")
    page.select_option("#id_employee", employee)
    page.fill("#id_first_day", day)
    page.fill("#id_check_out", "16:35")
    page.fill("#id_reason", "Lupa absen pulang, keluar bersama tim")
    walk.click("form button[type=submit].primary")
    walk.page.wait_for_url("**/requests/*/")


def test_three_missing_punches_explained_then_the_month_submitted(live_server, browser, demo_units):
    people = _three_missing_check_outs()
    friday = date(2026, 10, 30)
    _punch_october(missing_out={(p.pk, friday) for p in people})
    walk = Walk(browser, live_server.url)
    walk.login(OPERATOR)
    for _ in people:
        walk.click("[data-testid=todo-days_to_explain] a")
        rows = walk.page.locator("[data-testid=problem-row]")
        assert rows.count() >= 1
        _explain(walk, rows.first)
        walk.click("a.brand")
    assert walk.page.locator("[data-testid=todo-days_to_explain]").count() == 0
    walk.click("[data-testid=todo-months_to_submit] a")
    assert walk.page.locator("[data-testid=submit-clean] li").count() == 15
    walk.click("[data-testid=submit-all]")
    print(f"\nclicks: three missing punches explained, 15 units submitted: {walk.clicks}")
    assert walk.clicks <= 25
    explained = Request.objects.filter(kind="punch_correction", first_day=friday)
    assert sorted(explained.values_list("employee_id", flat=True)) == sorted(p.pk for p in people)
    assert PeriodSubmission.objects.filter(month=OCTOBER, state="submitted").count() == 15
    walk.context.close()


def test_last_weeks_missing_check_outs_across_all_units(live_server, browser, demo_units):
    people = _three_missing_check_outs()
    _punch_october(missing_out={(p.pk, date(2026, 10, 30)) for p in people})
    walk = Walk(browser, live_server.url)
    walk.login(OPERATOR)
    walk.click("[data-testid=todo-days_to_explain] a")
    walk.click("[data-testid=period-last_week]")
    walk.click("[data-testid=problem-TAP]")
    rows = walk.page.locator("[data-testid=problem-row]")
    found = {(r.get_attribute("data-employee"), r.get_attribute("data-code")) for r in rows.all()}
    print(f"\nclicks: last week's missing check-outs across all units: {walk.clicks}")
    assert found == {(str(p.pk), "TAP") for p in people}
    text = walk.page.inner_text("[data-testid=problem-list]")
    assert "Jumat, 30 Oktober 2026" in text and "Tidak absen pulang (TAP)" in text
    assert len({p.unit_id for p in people}) == 3
    assert walk.clicks <= 5
    # The same pages on a 360 px phone: nothing scrolls sideways.
    walk.page.set_viewport_size({"width": 360, "height": 740})
    for path in ("/", "/todo/problems/?period=last_week", "/todo/submit/?month=2026-10"):
        walk.page.goto(f"{live_server.url}{path}")
        assert walk.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
    walk.context.close()
