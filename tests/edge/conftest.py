"""A small region for the edge tests: two SKPD with a sub-unit each, an employee with an
account, one user per role, a machine, a request, and an API token per user."""

from __future__ import annotations

import pytest
from django.utils import timezone

from hadir.accounts.models import Role
from hadir.devices.models import Device
from hadir.requests.services import request_submit

ROLES = ("employee", "head", "operator", "bkd_admin", "diskominfo_admin", "leadership")


@pytest.fixture
def small_region(two_units, make_employee, make_user):
    dinkes = two_units["DINKES"]
    worker = make_employee(dinkes, pin="101", name="Budi Santoso", nip="198001012005011001")
    boss = make_employee(dinkes, pin="102", name="Hasan Basri", nip="196805121994031007")
    users = {
        "employee": make_user("pegawai", employee=worker),
        "head": make_user("kepala", Role.HEAD, dinkes, employee=boss),
        "operator": make_user("operator", Role.OPERATOR, dinkes),
        "bkd_admin": make_user("bkd", Role.BKD_ADMIN),
        "diskominfo_admin": make_user("kominfo", Role.DISKOMINFO_ADMIN),
        "leadership": make_user("pimpinan", Role.LEADERSHIP),
    }
    device = Device.objects.create(sn="SIM-EDGE-1", unit=dinkes, state="active")
    leave = request_submit(
        actor=users["employee"],
        kind="izin",
        employee=worker,
        first_day=timezone.localdate(),
        reason="Urusan keluarga",
    )
    return {
        "units": two_units,
        "worker": worker,
        "users": users,
        "device": device,
        "request": leave,
    }
