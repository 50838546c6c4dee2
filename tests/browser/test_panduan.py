"""The guides' tasks walked in a real browser on the demo kabupaten: each step asserts what
the page must show, and with HADIR_PANDUAN_SCREENSHOTS=1 (``make panduan``) saves the
screenshot the guide shows into docs/panduan/img/. Plain test runs write nothing there."""

from __future__ import annotations

import io
import os
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect
from tests.requests.helpers import png_bytes

from hadir.accounts.models import Role, RoleGrant, User
from hadir.accounts.scope import scope_for
from hadir.accounts.services import role_grant, user_create
from hadir.attendance.models import DayRecord
from hadir.demo.loader import DEMO_PASSWORD
from hadir.devices.models import Device
from hadir.org.models import Unit
from hadir.org.selectors import region_timezone
from hadir.reporting.models import PeriodSubmission, SubmissionState
from hadir.reporting.services import submission_submit
from hadir.requests.models import Request, RequestKind
from hadir.requests.services import Upload, request_submit
from hadir.requests.window import deadline_for, dispensation_grant

pytestmark = pytest.mark.browser

SHOTS = os.environ.get("HADIR_PANDUAN_SCREENSHOTS") == "1"
IMG = Path(__file__).resolve().parents[2] / "docs" / "panduan" / "img"
DESK = {"width": 1000, "height": 720}
PHONE = {"width": 360, "height": 740}


def shot(page: Any, name: str, element: Any = None) -> None:
    """Save the guide's picture ``name.png``: the element alone, or the visible window."""
    if not SHOTS:
        return
    IMG.mkdir(parents=True, exist_ok=True)
    target = IMG / f"{name}.png"
    if element is not None:
        element.screenshot(path=target)
    else:
        page.screenshot(path=target)


def today() -> date:
    return timezone.now().astimezone(region_timezone()).date()


def last_month() -> date:
    return (today().replace(day=1) - timedelta(days=1)).replace(day=1)


def open_for(day: date, **whom: Any) -> None:
    """BKD opens a dispensation when ``day``'s 3-day window is already closed (the test
    runs on the real clock: a Monday after a long holiday has no open day)."""
    if not deadline_for(day).is_open(timezone.now()):
        dispensation_grant(
            actor=User.objects.get(username="bkd"),
            days_from=day,
            valid_until=today() + timedelta(days=1),
            reason="Panduan",
            **whom,
        )


@pytest.fixture
def demo(transactional_db):
    call_command("demo", "--no-serve", "--employees", "300", stdout=io.StringIO())
    operator = User.objects.get(role_grants__role=Role.OPERATOR)
    # The head the demo prints (the first one made; the demo's life adds more heads).
    head = User.objects.filter(role_grants__role=Role.HEAD).order_by("pk").first()
    head_unit = RoleGrant.objects.get(user=head, role=Role.HEAD).unit
    employee = User.objects.filter(employee__isnull=False, role_grants__isnull=True).first()
    return {
        "operator": operator,
        "head": head,
        "head_unit": head_unit,
        "employee": employee,
    }


def login(browser: Any, base: str, login_name: str, viewport: dict[str, int], picture: str = ""):
    context = browser.new_context(locale="id-ID", viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{base}/login/")
    page.fill("#id_username", login_name)
    page.fill("#id_password", DEMO_PASSWORD)
    if picture:
        shot(page, picture, page.locator("main"))
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{base}/")
    return context, page


def missing_check_out(unit_ids: set[int]) -> DayRecord:
    """The latest day in the operator's units without a check-out (TAP)."""
    record = (
        DayRecord.objects.filter(unit_id__in=unit_ids, codes__contains="TAP")
        .select_related("employee", "unit")
        .order_by("-day", "employee__name")
        .first()
    )
    assert record is not None, "the demo month has no TAP day in the operator's units"
    return record


def unit_to_submit(unit_ids: set[int], month: date) -> Any:
    """A unit of the operator with results in ``month`` whose month nobody submitted yet (the
    demo's life takes some units' months up the chain)."""
    taken = PeriodSubmission.objects.filter(month=month).values_list("unit_id", flat=True)
    computed = DayRecord.objects.filter(day__year=month.year, day__month=month.month)
    unit = (
        Unit.objects.filter(pk__in=unit_ids - set(taken))
        .filter(pk__in=computed.values("unit_id"))
        .order_by("code")
        .first()
    )
    assert unit is not None, "every unit of the operator has last month submitted"
    return unit


def operator_unit_ids(operator: User) -> set[int]:
    return set(scope_for(operator).unit_ids)


def test_operator_guide(live_server, browser, demo):
    base = live_server.url
    operator = demo["operator"]
    context, page = login(browser, base, operator.username, DESK, picture="masuk")

    # Beranda: the home page leads to the operator's units and their reports.
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("main a[href*='/units/']").first).to_be_visible()
    expect(page.locator("[data-testid=help]")).to_have_attribute(
        "href", "/panduan/operator/#beranda"
    )
    shot(page, "operator-beranda")

    # Mencari hari yang perlu dijelaskan: the month grid shows the TAP day on its row.
    record = missing_check_out(operator_unit_ids(operator))
    unit, person = record.unit, record.employee
    page.click("nav a[href='/units/']")
    page.click(f"main a[href='/units/{unit.code}/']")
    page.goto(f"{base}/units/{unit.code}/attendance/?month={record.day:%Y-%m}")
    row = page.locator("tr", has_text=person.name).first
    expect(row).to_contain_text("TAP")
    row.scroll_into_view_if_needed()
    shot(page, "operator-rekap")
    row.locator(f"a[href*='{person.id_number}']").first.click()
    expect(page.locator("main")).to_contain_text("TAP")

    # Koreksi absen pulang yang terlewat: the correction with its evidence waits for the head.
    open_for(record.day, unit=unit)
    page.click("nav a[href='/requests/']")
    page.click("main a[href='/requests/new/']")
    form = page.locator("[data-testid=request-form]")
    page.select_option("#id_kind", RequestKind.PUNCH_CORRECTION.value)
    who = page.locator("#id_employee")
    if who.evaluate("e => e.tagName") == "SELECT":
        who.select_option(str(person.pk))
    else:
        who.fill(person.id_number)
    page.fill("#id_first_day", record.day.isoformat())
    page.fill("#id_check_out", "16:05")
    page.fill("#id_reason", "Lupa absen pulang; hadir rapat sampai sore (daftar hadir terlampir).")
    page.set_input_files(
        "#id_evidence",
        files=[{"name": "daftar-hadir.png", "mimeType": "image/png", "buffer": png_bytes(160, 90)}],
    )
    shot(page, "operator-koreksi", form)
    form.locator("button[type=submit]").click()
    expect(page.locator("[data-testid=request-state]")).to_be_visible()
    filed = Request.objects.get(
        employee=person,
        kind=RequestKind.PUNCH_CORRECTION,
        reason__startswith="Lupa absen pulang; hadir",
    )
    assert filed.state == "pending" and filed.first_day == record.day

    # Setelah batas 3 hari lewat: the form says until when, and that BKD opens older days.
    page.goto(f"{base}/requests/new/")
    deadline = page.locator("[data-testid=deadline]")
    expect(deadline).to_contain_text("BKD")
    shot(page, "operator-batas", deadline)

    # Laporan bulanan: last month's checks, then the operator submits it.
    month = last_month()
    report_unit = unit_to_submit(operator_unit_ids(operator), month)
    page.goto(f"{base}/units/{report_unit.code}/report/?month={month:%Y-%m}")
    expect(page.locator("[data-testid=report-checks]")).to_be_visible()
    shot(page, "operator-laporan")
    page.click("[data-testid=report-submit]")
    expect(page.locator(".msg-success")).to_be_visible()
    submitted = PeriodSubmission.objects.get(unit=report_unit, month=month)
    assert submitted.state == SubmissionState.SUBMITTED

    # Memeriksa mesin: every machine of the operator's units with its last contact.
    page.click("nav a[href='/devices/']")
    machine = Device.objects.filter(unit=unit).first()
    assert machine is not None
    expect(page.locator("main")).to_contain_text(machine.name)
    shot(page, "operator-mesin")

    # Menambah pegawai baru: the employee list leads to the one-person form (with a free PIN)
    # where that form exists, and the import takes many people at once.
    page.click("nav a[href='/employees/']")
    expect(page.locator("main")).to_contain_text(person.name[:12])
    add = page.locator("[data-testid=add-employee]")
    if add.count():
        add.click()
        expect(page.locator("[data-testid=pin-suggestion]")).to_be_visible()
    shot(page, "operator-pegawai-baru")
    page.goto(f"{base}/imports/new/")
    expect(page.locator("main input[type=file]")).to_be_visible()
    shot(page, "operator-impor")

    # The help link opens this guide at the page's section, served inside Hadir.
    page.click("[data-testid=help]")
    expect(page.locator("#menambah-pegawai-baru")).to_be_visible()
    images = page.locator("[data-testid=guide] img")
    assert images.count() > 0
    for n in range(images.count()):
        picture = page.request.get(base + images.nth(n).get_attribute("src"))
        assert picture.ok and picture.body().startswith(b"\x89PNG")
    context.close()


def file_correction(employee: Any, day: date, note: str) -> Request:
    return request_submit(
        actor=User.objects.get(employee=employee),
        kind=RequestKind.PUNCH_CORRECTION,
        employee=employee,
        first_day=day,
        check_out=time(16, 5),
        reason=note,
        files=[Upload(io.BytesIO(png_bytes(160, 90)), "surat-keterangan.png")],
    )


def latest_working_days(employee: Any, count: int) -> list[date]:
    days = (
        DayRecord.objects.filter(employee=employee, working_day=True)
        .order_by("-day")
        .values_list("day", flat=True)
    )
    return list(days[:count])


def test_head_guide(live_server, browser, demo):
    base = live_server.url
    head, unit, staff = demo["head"], demo["head_unit"], demo["employee"].employee
    assert staff.unit_id == unit.pk
    first, second = latest_working_days(staff, 2)
    for day in (first, second):
        open_for(day, employee=staff)
    to_approve = file_correction(staff, first, "Lupa absen pulang; ikut apel sore.")
    to_reject = file_correction(staff, second, "Lupa absen pulang.")
    # The month's report comes from the unit's operator (the demo school has none yet).
    operator = user_create(
        username="operator.sekolah", password=DEMO_PASSWORD, full_name="Operator Sekolah"
    )
    role_grant(user=operator, role=Role.OPERATOR, unit=unit)
    month = last_month()
    waiting = PeriodSubmission.objects.filter(
        unit=unit, month=month, state=SubmissionState.SUBMITTED
    )
    if not waiting.exists():  # the demo's life may have submitted it already
        submission_submit(actor=operator, unit=unit, month=month)

    context, page = login(browser, base, head.employee.id_number, DESK, picture="kepala-masuk")
    expect(page.locator("[data-testid=help]")).to_have_attribute("href", "/panduan/kepala/#beranda")
    shot(page, "kepala-beranda")

    # Memutuskan permohonan: open the request, read the evidence, approve; reject with reason.
    page.click("nav a[href='/requests/']")
    expect(page.locator("main")).to_contain_text(staff.name)
    shot(page, "kepala-permohonan")
    page.goto(f"{base}/requests/{to_approve.pk}/")
    expect(page.locator("[data-testid=evidence]")).to_be_visible()
    shot(page, "kepala-putuskan", page.locator("main"))
    page.click("[data-testid=approve]")
    expect(page.locator(".msg-success")).to_be_visible()
    page.goto(f"{base}/requests/{to_reject.pk}/")
    page.fill(
        "[data-testid=decide] textarea, [data-testid=decide] input[name=reason]", "Tanpa bukti"
    )
    page.click("[data-testid=reject]")
    expect(page.locator(".msg-success")).to_be_visible()
    to_approve.refresh_from_db()
    to_reject.refresh_from_db()
    assert (to_approve.state, to_reject.state) == ("approved", "rejected")

    # Laporan bulanan: the head reads the checks and signs the submitted month.
    page.goto(f"{base}/units/{unit.code}/report/?month={month:%Y-%m}")
    expect(page.locator("[data-testid=report-status]")).to_be_visible()
    expect(page.locator("[data-testid=report-sign]")).to_be_visible()
    shot(page, "kepala-laporan")
    page.click("[data-testid=report-sign]")
    expect(page.locator(".msg-success")).to_be_visible()
    assert PeriodSubmission.objects.get(unit=unit, month=month).state == SubmissionState.SIGNED

    # Memeriksa mesin: the unit's today page and its machines.
    page.goto(f"{base}/units/{unit.code}/today/")
    expect(page.locator("h1")).to_contain_text(unit.name)
    shot(page, "kepala-hari-ini")
    context.close()


def test_employee_phone_page(live_server, browser, demo):
    employee = demo["employee"].employee
    context, page = login(browser, live_server.url, employee.id_number, PHONE)
    page.goto(f"{live_server.url}/m/")
    expect(page.locator("h1")).to_contain_text(employee.name)
    expect(page.locator("[data-testid=help]")).to_have_attribute(
        "href", "/panduan/pegawai/#absen-dari-hp"
    )
    shot(page, "hp")
    # The help link opens the employee's guide at its section, readable on the phone.
    page.click("[data-testid=help]")
    expect(page.locator("#absen-dari-hp")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()
