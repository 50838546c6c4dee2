"""The day-off warning: filing an absence over days off names them (a warning, not an error),
computed from the person's schedule and the calendar."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone, translation

from hadir.accounts.models import Role
from hadir.org.selectors import region_timezone
from hadir.requests.days_off import days_off_warning, request_days_off
from hadir.requests.models import Request
from hadir.requests.window import dispensation_grant
from hadir.schedules.models import CalendarEntryKind, WorkSchedule
from hadir.schedules.services import calendar_entry_set
from tests.requests.helpers import PDF

D = date.fromisoformat


@pytest.fixture
def unit(two_units: Any) -> Any:
    return two_units["DINKES"]


# first, last, own schedule (None: the unit's 5-day week), the days off expected
CASES = [
    ("2026-03-13", "2026-03-16", None, ["2026-03-14", "2026-03-15"]),  # Fri..Mon
    ("2026-03-09", "2026-03-10", None, []),  # Mon, Tue
    ("2026-03-13", "2026-03-16", "6HK", ["2026-03-15"]),  # a 6-day week works Saturday
    ("2026-03-17", "2026-03-19", None, ["2026-03-18", "2026-03-19"]),  # cuti bersama, Nyepi
    ("2026-03-14", "2026-03-14", None, ["2026-03-14"]),  # a Saturday alone
]


@pytest.mark.parametrize(("first", "last", "schedule", "expected"), CASES)
def test_days_off_follow_the_schedule_and_the_calendar(
    unit: Any, make_employee: Any, first: str, last: str, schedule: str | None, expected: list[str]
) -> None:
    own = WorkSchedule.objects.get(code=schedule) if schedule else None
    employee = make_employee(unit, schedule=own)
    notes = request_days_off(employee, D(first), D(last))
    assert [note.day.isoformat() for note in notes] == expected


def test_a_regional_day_off_is_named(unit: Any, make_employee: Any) -> None:
    calendar_entry_set(day=D("2026-03-11"), kind=CalendarEntryKind.DAY_OFF, name="Hari Jadi")
    employee = make_employee(unit, name="Budi")
    with translation.override("id"):
        warning = days_off_warning(employee, D("2026-03-10"), D("2026-03-12"))
    assert "Rabu, 11 Maret 2026 (Hari Jadi)" in warning
    assert "Budi" in warning and "2026-03" not in warning


def test_no_warning_without_days_off(unit: Any, make_employee: Any) -> None:
    employee = make_employee(unit)
    assert days_off_warning(employee, D("2026-03-09"), D("2026-03-13")) == ""


def test_days_before_joining_are_not_named(unit: Any, make_employee: Any) -> None:
    employee = make_employee(unit)  # in the region from 2025-01-01
    assert request_days_off(employee, D("2024-12-28"), D("2024-12-29")) == []


@pytest.mark.parametrize(
    ("kind", "warned"),
    [("sakit", True), ("izin", True), ("punch_correction", False)],
)
def test_filing_over_a_weekend_warns_but_is_accepted(
    unit: Any, make_employee: Any, make_user: Any, kind: str, warned: bool
) -> None:
    employee = make_employee(unit, name="Budi")
    user = make_user("budi", employee=employee)
    dispensation_grant(
        actor=make_user("bkd", Role.BKD_ADMIN),
        unit=unit,
        days_from=date(2026, 3, 1),
        valid_until=timezone.now().astimezone(region_timezone()).date(),
        reason="Uji",
    )
    client = Client()
    client.force_login(user)
    form: dict[str, Any] = {"kind": kind, "first_day": "2026-03-13", "reason": "Demam"}
    if kind == "punch_correction":
        form |= {"check_in": "07:30", "check_out": "16:00"}
    else:
        form |= {"last_day": "2026-03-16", "evidence": SimpleUploadedFile("surat.pdf", PDF)}
    with translation.override("id"):
        answer = client.post("/requests/new/", form, HTTP_ACCEPT_LANGUAGE="id")
    assert answer.status_code == 302, answer.content.decode()[-2000:]
    assert Request.objects.filter(kind=kind).count() == 1
    warnings = [str(m) for m in get_messages(answer.wsgi_request) if m.level_tag == "warning"]
    detail = client.get(answer["Location"], HTTP_ACCEPT_LANGUAGE="id").content.decode()
    if warned:
        assert len(warnings) == 1
        assert "Sabtu, 14 Maret 2026" in warnings[0] and "Minggu, 15 Maret 2026" in warnings[0]
        assert 'data-testid="days-off"' in detail and "Sabtu, 14 Maret 2026" in detail
    else:
        assert warnings == []
        assert 'data-testid="days-off"' not in detail


def test_request_form_groups_fields_by_kind_under_headings(
    unit: Any, make_employee: Any, make_user: Any
) -> None:
    """Without JavaScript every field shows under a heading naming its kinds; the script
    reads ``data-kinds`` to hide the others."""
    client = Client()
    client.force_login(make_user("budi", employee=make_employee(unit)))
    with translation.override("id"):
        page = client.get("/requests/new/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert 'data-kinds="cuti"' in page and 'name="leave_type"' in page
    assert 'data-kinds="punch_correction"' in page and 'name="check_in"' in page
    assert 'data-kinds="dinas_luar tugas_belajar diklat"' in page
    assert page.count("<legend>") == 4
    assert "requests/request_form.js" in page
