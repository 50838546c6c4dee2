"""The demo kabupaten loads through the real command and is the same every time."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import Client
from django.utils import timezone
from tests.foundation.test_demo_life import build_life_demo

from hadir.accounts.models import Role, RoleGrant, User
from hadir.accounts.scope import scope_for
from hadir.attendance.models import DayRecord
from hadir.demo.generator import generate_kabupaten
from hadir.demo.loader import DEMO_PASSWORD, load_demo
from hadir.devices.models import Device
from hadir.org.models import Unit
from hadir.people.models import Employee
from hadir.people.nip import parse_nik, parse_nip, parse_pppk_number
from hadir.people.selectors import employee_by_number
from hadir.punches.models import Punch
from hadir.reporting.models import PeriodSubmission
from hadir.requests.decisions import request_approve
from hadir.requests.models import Request
from hadir.requests.permissions import request_access
from hadir.requests.services import request_submit


def test_demo_builds_a_kabupaten_with_one_account_per_role(db, capsys):
    call_command("demo", "--no-serve", "--employees", "300")
    out = capsys.readouterr().out
    assert Unit.objects.filter(parent__isnull=True).count() == 41
    assert Unit.objects.filter(parent__isnull=True, kind="kecamatan").count() == 11
    assert Employee.objects.count() == 300
    roles = set(RoleGrant.objects.values_list("role", flat=True))
    assert roles == {r.value for r in Role}
    assert User.objects.filter(employee__isnull=False, role_grants__isnull=True).exists()
    for login in ("bkd", "diskominfo", "bupati", "operator.dinkes"):
        assert login in out
    head = User.objects.filter(role_grants__role=Role.HEAD).order_by("pk").first()
    assert head.employee.id_number in out
    response = Client().post(
        "/login/", {"username": head.employee.id_number, "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    quiet = Device.objects.filter(last_seen_at__lt=timezone.now() - timedelta(hours=2)).count()
    assert 0 < quiet < Device.objects.count() // 10  # a few machines for the fleet page
    assert Punch.objects.exists() and DayRecord.objects.exists()


def test_demo_refuses_to_overwrite_without_reset(transactional_db):
    call_command("demo", "--no-serve", "--employees", "60")
    with pytest.raises(CommandError):
        call_command("demo", "--no-serve", "--employees", "60")
    call_command("demo", "--no-serve", "--employees", "60", "--reset")
    assert Employee.objects.count() == 60


def test_generated_identities_pass_our_validators():
    kab = generate_kabupaten(seed=42, employees=5000)
    for employee in kab.employees:
        if employee.nip:
            nip = parse_nip(employee.nip)
            assert nip.gender == employee.gender
        if employee.pppk_number:
            parse_pppk_number(employee.pppk_number)
            with pytest.raises(ValueError):
                parse_nip(employee.pppk_number)
        if employee.nik:
            parse_nik(employee.nik)
        assert employee.nip or employee.pppk_number or employee.nik


def _account_of(number: str) -> User:
    return User.objects.get(employee=employee_by_number(number))


@pytest.mark.parametrize("employees", [300, 1200])
def test_the_printed_logins_walk_the_chain_of_one_unit(db, employees):
    """Operator -> head of one of the operator's units -> an employee of that unit -> BKD:
    the employee files, everyone up the chain sees it, the head decides (issue 13)."""
    logins = load_demo(generate_kabupaten(seed=42, employees=employees), today=None)
    assert [login.role for login in logins] == [
        "Operator unit", "Kepala unit", "Pegawai", "BKD admin", "Diskominfo admin", "Pimpinan",
    ]  # fmt: skip
    by_role = {login.role: login.login for login in logins}
    operator = User.objects.get(username=by_role["Operator unit"])
    head, employee = _account_of(by_role["Kepala unit"]), _account_of(by_role["Pegawai"])
    unit = RoleGrant.objects.get(user=head, role=Role.HEAD).unit
    assert employee.employee.unit == unit == head.employee.unit
    assert unit.name in logins[1].description and unit.name in logins[2].description
    assert scope_for(operator).can_see_unit(unit.pk)
    now = timezone.now()
    filed = request_submit(
        actor=employee, kind="izin", employee=employee.employee, reason="Urusan keluarga",
        first_day=timezone.localdate(now), now=now,
    )  # fmt: skip
    bkd = User.objects.get(username=by_role["BKD admin"])
    for who in (operator, head, bkd):
        assert request_access(who).requests().filter(pk=filed.pk).exists(), who.username
    assert request_approve(request=filed, actor=head, now=now).state == "approved"
    for login in (by_role["Operator unit"], by_role["Kepala unit"], by_role["Pegawai"]):
        answer = Client().post("/login/", {"username": login, "password": DEMO_PASSWORD})
        assert answer.status_code == 302, login


def _signature() -> list[tuple[Any, ...]]:
    return sorted(
        Request.objects.values_list(
            "kind", "leave_type", "state", "employee__pin", "first_day", "last_day",
            "later_steps_done",
        )
    )  # fmt: skip


def test_two_builds_give_the_same_requests_and_months(db):
    """The life of the demo is deterministic: same seed and day, same requests and months."""
    seen = []
    for _build_number in range(2):
        with transaction.atomic():
            build_life_demo(date(2026, 3, 18))
            months = sorted(
                PeriodSubmission.objects.values_list("unit__code", "month", "state", "late")
            )
            seen.append((_signature(), months))
            transaction.set_rollback(True)
    assert seen[0] == seen[1]
    assert len(seen[0][0]) >= 75 and len(seen[0][1]) == 4
