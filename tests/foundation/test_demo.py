"""The demo kabupaten loads through the real command and is the same every time."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

from hadir.accounts.models import Role, RoleGrant, User
from hadir.attendance.models import DayRecord
from hadir.demo.generator import generate_kabupaten
from hadir.demo.loader import DEMO_PASSWORD
from hadir.devices.models import Device
from hadir.org.models import Unit
from hadir.people.models import Employee
from hadir.people.nip import parse_nik, parse_nip, parse_pppk_number
from hadir.punches.models import Punch


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
    head = User.objects.get(role_grants__role=Role.HEAD)
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
