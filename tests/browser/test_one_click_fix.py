"""From a problem to its fix in a real browser: a TAM day on the unit's grid opens a prefilled
correction that is sent in a few clicks; a day past its window opens a prefilled ask to BKD,
which BKD grants from its page; the head of a school without an operator submits and signs
the month in one step. Clicks are counted and printed."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone
from tests.browser.test_requests import PASSWORD, _screenshot_dir, log_in

from hadir.accounts.models import Role
from hadir.accounts.services import role_grant, user_create
from hadir.attendance.inputs import calendar_for
from hadir.attendance.recompute import recompute_all_dirty, recompute_range
from hadir.attendance.services import recompute_month
from hadir.audit.models import AuditEvent
from hadir.devices.models import Device
from hadir.org.selectors import region_timezone
from hadir.org.services import region_configure, unit_create
from hadir.people.services import employee_create
from hadir.punches.services import IncomingPunch, punches_ingest
from hadir.requests.models import Dispensation, DispensationAsk, Request
from hadir.requests.window import deadline_for, dispensation_grant
from hadir.schedules.services import schedules_ensure_defaults

pytestmark = pytest.mark.browser


class Clicks:
    """Counts what the person does with the mouse (typing is not a click)."""

    def __init__(self, page) -> None:
        self.page, self.count = page, 0

    def click(self, selector: str) -> None:
        self.count += 1
        self.page.click(selector)


def _today() -> date:
    return timezone.now().astimezone(region_timezone()).date()


def _working_days_back(start: date, stop: int) -> list[date]:
    calendar = calendar_for(_today() - timedelta(days=60), _today())
    days, day = [], start
    while len(days) < stop:
        if calendar.is_working_day(day):
            days.append(day)
        day -= timedelta(days=1)
    return days


def _user(username: str, role: Role, unit=None):
    user = user_create(username=username, password=PASSWORD, full_name=username.title())
    role_grant(user=user, role=role, unit=unit)
    return user


@pytest.fixture
def dinkes(transactional_db):
    """Dinas Kesehatan with 40 people, an operator, a head and BKD. Ani forgot to punch in on
    the last working day (TAM, its window open: BKD opens it if a long holiday closed it);
    nobody punched on a working day three weeks ago (TK, long closed)."""
    schedules_ensure_defaults()
    region_configure(name="Kabupaten Uji", timezone="Asia/Jakarta")
    unit = unit_create(code="DINKES", name="Dinas Kesehatan", kind="dinas")
    people = [
        employee_create(
            unit=unit, start=date(2024, 1, 1), nip=f"1985010120100110{n:02d}",
            name="Ani Lestari" if n == 0 else f"Pegawai {n:02d}", employee_type="PNS",
            pin=str(300 + n),
        )
        for n in range(40)
    ]  # fmt: skip
    ani = people[0]
    operator = _user("operator", Role.OPERATOR, unit)
    _user("kepala", Role.HEAD, unit)
    bkd = _user("bkd", Role.BKD_ADMIN)
    tam_day = _working_days_back(_today() - timedelta(days=1), 1)[0]
    if not deadline_for(tam_day).is_open(timezone.now()):
        dispensation_grant(
            actor=bkd, unit=unit, days_from=tam_day,
            valid_until=_today() + timedelta(days=1), reason="Libur panjang",
        )  # fmt: skip
    closed_day = _working_days_back(_today() - timedelta(days=21), 1)[0]
    device = Device.objects.create(sn="SIM-FIX", unit=unit, state="active")
    punches_ingest(
        source="push",
        source_ref=device.sn,
        device=device,
        punches=[
            IncomingPunch(
                pin=ani.pin,
                local_time=datetime.combine(tam_day, datetime.min.time()).replace(
                    hour=16, minute=40
                ),
            )
        ],
    )
    recompute_range([p.pk for p in people], min(closed_day, tam_day), tam_day)
    recompute_all_dirty()
    return {"ani": ani, "operator": operator, "tam_day": tam_day, "closed_day": closed_day}


def _day_cell(page, name: str, day: date):
    row = page.locator("[data-testid=unit-grid] tr", has=page.locator(f"a:text-is('{name}')"))
    return row.locator("td").nth(day.day)


def test_a_tam_day_on_the_grid_becomes_a_correction_in_few_clicks(
    live_server, page, dinkes, capsys
):
    base, day, ani = live_server.url, dinkes["tam_day"], dinkes["ani"]
    log_in(page, base, "operator")
    page.goto(f"{base}/units/DINKES/attendance/?month={day:%Y-%m}")
    cell = _day_cell(page, "Ani Lestari", day)
    assert "TAM" in cell.inner_text()
    clicks = Clicks(page)
    link = cell.locator("[data-testid=day-fix]")
    assert link.get_attribute("data-fix") == "punch_correction"
    clicks.count += 1
    link.click()
    page.wait_for_url("**/requests/new/?*")
    # The person is known: one name to choose, not every name of the unit.
    options = page.locator("#id_employee option[value]:not([value=''])")
    assert options.count() == 1 and options.first.inner_text().startswith("Ani Lestari")
    assert page.locator("#id_kind").input_value() == "punch_correction"
    assert page.locator("#id_first_day").input_value() == day.isoformat()
    page.screenshot(path=str(_screenshot_dir() / "fix-correction-prefilled.png"), full_page=True)
    page.fill("#id_check_in", "07:25")
    page.fill("#id_reason", "Lupa absen masuk, hadir sejak pagi")
    clicks.click("[data-testid=request-form] button.primary")
    page.wait_for_url("**/requests/*/")
    assert page.locator("[data-testid=request-state]").inner_text() == "Menunggu kepala unit"
    made = Request.objects.get()
    assert (made.kind, made.employee_id, made.first_day) == ("punch_correction", ani.pk, day)
    with capsys.disabled():
        print(f"\nTAM day on the grid -> correction sent: {clicks.count} clicks")
    assert clicks.count <= 3


def test_a_day_past_its_window_asks_bkd_and_bkd_grants(live_server, browser, page, dinkes):
    base, day, ani = live_server.url, dinkes["closed_day"], dinkes["ani"]
    log_in(page, base, "operator")
    page.goto(f"{base}/units/DINKES/attendance/?month={day:%Y-%m}")
    link = _day_cell(page, "Ani Lestari", day).locator("[data-testid=day-fix]")
    assert link.get_attribute("data-fix") == "dispensation"
    link.click()
    page.wait_for_url("**/requests/dispensations/ask/?*")
    assert "Ani Lestari" in page.locator("[data-testid=ask-for]").inner_text()
    assert page.locator("#id_days_from").input_value() == day.isoformat()
    page.screenshot(path=str(_screenshot_dir() / "fix-dispensation-ask.png"), full_page=True)
    page.set_viewport_size({"width": 360, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.fill("#id_reason", "Bertugas di pulau, baru kembali")
    page.click("[data-testid=dispensation-ask-form] button.primary")
    page.wait_for_selector(".msg-success")
    assert DispensationAsk.objects.get().employee_id == ani.pk

    bkd = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 800}).new_page()
    log_in(bkd, base, "bkd")
    bkd.goto(f"{base}/requests/dispensations/")
    assert "Ani Lestari" in bkd.locator("[data-testid=dispensation-asks]").inner_text()
    bkd.click("[data-testid=ask-grant]")
    assert bkd.locator("#id_employee_number").input_value() == ani.id_number
    assert bkd.locator("#id_days_from").input_value() == day.isoformat()
    bkd.click("[data-testid=dispensation-form] button.primary")
    bkd.wait_for_selector(".msg-success")
    granted = Dispensation.objects.get(employee=ani)
    assert DispensationAsk.objects.get().answered_by_grant == granted
    bkd.context.close()

    page.goto(f"{base}/units/DINKES/attendance/?month={day:%Y-%m}")
    link = _day_cell(page, "Ani Lestari", day).locator("[data-testid=day-fix]")
    assert link.get_attribute("data-fix") == "izin"  # the window is open again for Ani


@pytest.fixture
def school(transactional_db):
    """SMPN 9: a head, no operator anywhere above it, last month computed."""
    schedules_ensure_defaults()
    region_configure(name="Kabupaten Uji", timezone="Asia/Jakarta")
    unit = unit_create(code="SMPN-9", name="SMP Negeri 9", kind="sekolah")
    for n, name in enumerate(("Guru Satu", "Guru Dua")):
        employee_create(
            unit=unit, start=date(2025, 1, 1), nip=f"19800101200501100{n + 1}", name=name,
            employee_type="PNS", pin=str(101 + n),
        )  # fmt: skip
    head = _user("kepsek", Role.HEAD, unit)
    month = (_today().replace(day=1) - timedelta(days=1)).replace(day=1)
    recompute_month(f"{month:%Y-%m}")
    recompute_all_dirty()
    return {"head": head, "month": month}


def test_the_head_without_an_operator_submits_and_signs_in_one_step(
    live_server, page, school, capsys
):
    base = live_server.url
    page.set_viewport_size({"width": 360, "height": 740})
    log_in(page, base, "kepsek")
    page.goto(f"{base}/units/SMPN-9/report/?month={school['month']:%Y-%m}")
    assert page.locator("[data-testid=report-state]").inner_text() == "Terbuka"
    assert (
        "Unit ini tidak memiliki operator" in page.locator("[data-testid=report-next]").inner_text()
    )
    clicks = Clicks(page)
    clicks.click("[data-testid=report-submit-sign] summary")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(_screenshot_dir() / "report-head-submit-sign.png"), full_page=True)
    clicks.click("[data-testid=report-submit-sign-confirm]")
    page.wait_for_selector(".msg-success")
    assert page.locator("[data-testid=report-state]").inner_text() == "Ditandatangani kepala unit"
    assert "BKD memverifikasi" in page.locator("[data-testid=report-next]").inner_text()
    actions = list(
        AuditEvent.objects.filter(action__startswith="reporting.")
        .order_by("id")
        .values_list("action", "actor_id")
    )
    assert actions == [
        ("reporting.submitted", school["head"].pk),
        ("reporting.signed", school["head"].pk),
    ]
    with capsys.disabled():
        print(f"\nhead without an operator: submitted and signed in {clicks.count} clicks")
