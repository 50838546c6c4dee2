"""A unit with people, their March 2026 computed, and one user per role in the chain."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from hadir.accounts.models import Role
from hadir.attendance.recompute import recompute_all_dirty
from hadir.attendance.services import recompute_month
from hadir.devices.models import Device
from hadir.punches.services import IncomingPunch, punches_ingest

WIB = ZoneInfo("Asia/Jakarta")
MARCH = date(2026, 3, 1)
# 5 days after 31 March is the default deadline; the next morning is comfortably on time.
APRIL_2 = datetime(2026, 4, 2, 9, 0, tzinfo=WIB)


@pytest.fixture
def device(two_units):
    return Device.objects.create(sn="SIM-1", unit=two_units["DINKES"], state="active")


@pytest.fixture
def punch(device):
    """Ingest punches for a PIN through the one ingestion service: punch("101", "...")."""

    def add(pin: str, *times: str) -> None:
        punches_ingest(
            source="push",
            source_ref=device.sn,
            device=device,
            punches=[IncomingPunch(pin=pin, local_time=datetime.fromisoformat(t)) for t in times],
        )

    return add


@pytest.fixture
def dinkes(two_units):
    return two_units["DINKES"]


@pytest.fixture
def staff(dinkes, make_employee, punch, chain):
    """Two people of DINKES: Budi on time on 2 March, late on 3 March; Sari never punches."""
    budi = make_employee(dinkes, pin="101", name="Budi Santoso", tpp_base=5_000_000)
    sari = make_employee(dinkes, pin="102", name="Sari Dewi", tpp_base=4_000_000)
    punch("101", "2026-03-02 07:21:00", "2026-03-02 16:03:00")
    punch("101", "2026-03-03 08:12:00", "2026-03-03 16:00:00")
    recompute_month("2026-03")
    recompute_all_dirty()
    return {"budi": budi, "sari": sari}


@pytest.fixture
def chain(dinkes, make_user, make_employee, two_units):
    """operator and head of DINKES (linked to employees, for the signatures), BKD, and an
    operator of DISDIK who must not touch DINKES."""
    head_person = make_employee(dinkes, pin="900", name="dr. Hasan Basri", nip="196805121994031007")
    operator_person = make_employee(
        dinkes, pin="901", name="Rina Marlina", nip="199103042019032011"
    )
    return {
        "operator": make_user("op", Role.OPERATOR, dinkes, employee=operator_person),
        "head": make_user("head", Role.HEAD, dinkes, employee=head_person),
        "bkd": make_user("bkd", Role.BKD_ADMIN),
        "other_operator": make_user("op2", Role.OPERATOR, two_units["DISDIK"]),
    }
