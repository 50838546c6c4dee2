"""The demo has life in it (issue 14 item 7): requests of every kind in every state, unit
months along the reporting chain (one reopened with its difference), a shift unit's roster
with night shifts, TPP bases, and the to-do and monitoring pages show that traffic."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from hadir.accounts.models import Role, User
from hadir.attendance.models import DayRecord
from hadir.demo.generator import generate_kabupaten
from hadir.demo.life_requests import KINDS_IN_TURN, LATER_STEPS
from hadir.demo.life_roster import shift_unit
from hadir.demo.loader import load_demo
from hadir.people.models import Employee
from hadir.reporting.models import PeriodSubmission, SubmissionState
from hadir.requests.models import DispensationAsk, Request, RequestState
from hadir.schedules.models import RosterEntry

EMPLOYEES = 1200  # the smallest demo whose health office has four staffed units with heads


def build_life_demo(today: date) -> None:
    load_demo(generate_kabupaten(seed=42, employees=EMPLOYEES), today=today, seed=42)


@pytest.fixture(scope="module")
def demo(django_db_setup: object, django_db_blocker: Any) -> Iterator[date]:
    """One demo for the module (the real 'today', as ``hadir demo`` does), rolled back at
    the end; each test runs in a savepoint inside it."""
    today = timezone.localdate()
    with django_db_blocker.unblock(), transaction.atomic():
        build_life_demo(today)
        yield today
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _seeded_defaults(db: object) -> None:
    """The demo seeded the default schedules once for the module."""


def _states(kind: str, leave_type: str) -> set[str]:
    rows = Request.objects.filter(kind=kind, leave_type=leave_type)
    return set(rows.values_list("state", flat=True))


@pytest.mark.parametrize(("kind", "leave_type"), KINDS_IN_TURN)
def test_every_kind_is_in_every_state_it_can_reach(demo, kind, leave_type):
    assert _states(kind, leave_type) == {s.value for s in RequestState} - (
        set() if kind in LATER_STEPS else {RequestState.VERIFIED.value}
    )
    rows = Request.objects.filter(kind=kind, leave_type=leave_type)
    assert all(r.closed_reason for r in rows.filter(state=RequestState.REJECTED))
    assert rows.filter(state=RequestState.CANCELLED).exclude(closed_reason="").exists()


@pytest.mark.parametrize(("kind", "levels"), sorted(LATER_STEPS.items()))
def test_chained_kinds_wait_at_every_later_step(demo, kind, levels):
    waiting = Request.objects.filter(kind=kind, state=RequestState.APPROVED)
    assert set(waiting.values_list("later_steps_done", flat=True)) == set(range(levels))
    assert Request.objects.filter(kind=kind, state=RequestState.VERIFIED).exists()


def test_kinds_that_need_a_file_have_one_and_waiting_ones_are_recent(demo):
    for kind in ("sakit", "manual_attendance"):
        assert not Request.objects.filter(kind=kind, evidence__isnull=True).exists()
    pending = Request.objects.filter(state=RequestState.PENDING)
    assert pending.count() >= len(KINDS_IN_TURN)
    assert not pending.filter(first_day__lt=demo - timedelta(days=3)).exists()
    assert Request.objects.values("unit").distinct().count() >= 3


def test_the_reporting_chain_has_each_state_and_a_reopened_month(demo):
    months = PeriodSubmission.objects.all()
    states = set(months.values_list("state", flat=True))
    assert {SubmissionState.SUBMITTED, SubmissionState.SIGNED, SubmissionState.VERIFIED} <= states
    reopened = months.get(reopened_at__isnull=False)
    assert reopened.state == SubmissionState.SUBMITTED and reopened.reopen_reason
    assert reopened.snapshot is not None and reopened.snapshot != _current(reopened)
    assert DispensationAsk.objects.filter(answered_at__isnull=True).exists()
    assert DispensationAsk.objects.filter(answered_at__isnull=False).exists()


def _current(submission: PeriodSubmission) -> dict[str, Any]:
    from hadir.reporting.snapshot import current_snapshot

    return current_snapshot(submission.unit, submission.month)


def test_the_shift_unit_has_a_roster_with_night_shifts_to_the_end_of_the_month(demo):
    kab = generate_kabupaten(seed=42, employees=EMPLOYEES)
    nurses = Employee.objects.filter(unit__code=shift_unit(kab))
    entries = RosterEntry.objects.filter(employee__in=nurses)
    month_end = (demo.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    assert entries.filter(day=month_end).exists()
    assert entries.filter(day__lt=demo.replace(day=1)).exists()  # last month too
    night = entries.filter(shift__code="M").select_related("shift").first()
    assert night is not None and night.shift.end < night.shift.start  # across midnight
    assert not DayRecord.objects.filter(day__gte=demo).exists()  # no day to come is judged


def test_everyone_has_a_tpp_base(demo):
    assert not Employee.objects.filter(tpp_base__isnull=True).exists()
    assert Employee.objects.values("tpp_base").distinct().count() > 3


def _client(login: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=login))
    return client


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.BKD_ADMIN, {"requests_waiting", "months_to_verify"}),
        (Role.OPERATOR, {"days_to_explain", "months_to_submit"}),
        (Role.HEAD, {"requests_waiting", "month_to_sign"}),
    ],
)
def test_the_home_to_do_shows_real_traffic(demo, role, expected):
    """Logins as printed: BKD, the health office's operator, the head of its first unit."""
    user = User.objects.filter(role_grants__role=role).order_by("pk").first()
    page = _client(user.username).get("/")
    assert page.status_code == 200
    counts = {item.key: item.count for item in page.context["todo"]}
    assert all(counts.get(key, 0) >= 1 for key in expected), counts


def test_monitoring_of_bkd_and_the_unit_page_of_the_operator_show_the_months(demo):
    month = f"{(demo.replace(day=1) - timedelta(days=1)):%Y-%m}"
    page = _client("bkd").get(f"/monitoring/?month={month}")
    assert page.status_code == 200
    assert sum(1 for row in page.context["rows"] if row.done) >= 1
    reopened = PeriodSubmission.objects.get(reopened_at__isnull=False)
    report = _client("operator.dinkes").get(f"/units/{reopened.unit.code}/report/?month={month}")
    assert report.status_code == 200
