"""Requests: people of two units, BKD, and accounts for each role."""

from __future__ import annotations

from datetime import datetime

import pytest

from hadir.accounts.models import Role
from hadir.devices.models import Device
from hadir.punches.services import IncomingPunch, punches_ingest


@pytest.fixture
def people(two_units, make_employee, make_user):
    """DINKES with an operator, a head, two employees (one with an account), BKD, and an
    operator of DISDIK (another unit)."""
    dinkes = two_units["DINKES"]
    budi = make_employee(dinkes, name="Budi")
    sari = make_employee(dinkes, name="Sari")
    return {
        "unit": dinkes,
        "budi": budi,
        "sari": sari,
        "budi_user": make_user("budi", employee=budi),
        "operator": make_user("op", Role.OPERATOR, dinkes),
        "head": make_user("kepala", Role.HEAD, dinkes),
        "bkd": make_user("bkd", Role.BKD_ADMIN),
        "other_operator": make_user("op2", Role.OPERATOR, two_units["DISDIK"]),
        "other_head": make_user("kepala2", Role.HEAD, two_units["DISDIK"]),
    }


@pytest.fixture
def punch(two_units):
    """Machine punches through the one ingestion service: punch("1001", "2026-03-10 07:20")."""
    device = Device.objects.create(sn="SIM-REQ", unit=two_units["DINKES"], state="active")

    def add(pin: str, *times: str) -> None:
        punches_ingest(
            source="push",
            source_ref=device.sn,
            device=device,
            punches=[IncomingPunch(pin=pin, local_time=datetime.fromisoformat(t)) for t in times],
        )

    return add
