"""Machines enrolled unit by unit: PIN 1 on two units' machines means two different people."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hadir.devices.models import Device
from hadir.devices.services import device_approve
from hadir.people.models import EmployeePin
from hadir.punches.models import Punch
from tests.devices.conftest import store

MONDAY = datetime(2026, 3, 16, 7, 30)


def approve(sn: str, unit) -> Device:
    return device_approve(device=Device.objects.get(sn=sn), unit=unit, name="", actor=None)


@pytest.fixture
def two_machines_with_pin_1(make_machine, two_units, make_employee):
    """DINKES' machine and SDN-1's machine both enrolled PIN 1, for different people."""
    machines = {}
    for sn, unit in (("DINKES01", "DINKES"), ("SDN01", "SDN-1")):
        machines[unit] = make_machine(sn, clock=lambda: MONDAY)
        machines[unit].handshake()
        approve(sn, two_units[unit])
    nurse = make_employee(two_units["PKM-A"], name="Siti Aminah", pin=None)
    teacher = make_employee(two_units["SDN-1"], name="Budi Santoso", pin=None)
    EmployeePin.objects.create(employee=nurse, pin="1", unit=two_units["DINKES"])
    EmployeePin.objects.create(employee=teacher, pin="1", device=Device.objects.get(sn="SDN01"))
    return machines, nurse, teacher


def test_pin_1_on_two_units_machines_lands_on_each_units_person(two_machines_with_pin_1):
    machines, nurse, teacher = two_machines_with_pin_1
    machines["DINKES"].punch("1", at=MONDAY, upload=True)
    machines["SDN-1"].punch("1", at=MONDAY.replace(minute=35), upload=True)
    owners = dict(Punch.objects.values_list("device__sn", "employee_id"))
    assert owners == {"DINKES01": nurse.pk, "SDN01": teacher.pk}


def test_a_unit_pin_never_matches_another_units_staff(two_units, make_employee):
    """DISDIK's machine sending PIN 1 does not reach the DINKES nurse holding PIN 1."""
    nurse = make_employee(two_units["PKM-A"], pin=None)
    EmployeePin.objects.create(employee=nurse, pin="1", unit=two_units["DINKES"])
    disdik = Device.objects.create(sn="DISDIK01", unit=two_units["DISDIK"], state="active")
    unassigned = Device.objects.create(sn="NEW01", state="pending")
    store(disdik, ("1", "2026-03-16 07:30:00"))
    store(unassigned, ("1", "2026-03-16 07:31:00"))
    assert list(Punch.objects.values_list("employee_id", flat=True)) == [None, None]


def test_scoped_pin_wins_over_region_wide_pin_only_on_its_machines(two_units, make_employee):
    region_person = make_employee(two_units["DISDIK"], pin="7")
    nurse = make_employee(two_units["PKM-A"], pin=None)
    EmployeePin.objects.create(employee=nurse, pin="7", unit=two_units["PKM-A"])
    puskesmas = Device.objects.create(sn="PKM01", unit=two_units["PKM-A"], state="active")
    dinkes = Device.objects.create(sn="DK01", unit=two_units["DINKES"], state="active")
    store(puskesmas, ("7", "2026-03-16 07:30:00"))
    store(dinkes, ("7", "2026-03-16 07:31:00"))
    owners = dict(Punch.objects.values_list("device__sn", "employee_id"))
    assert owners == {"PKM01": nurse.pk, "DK01": region_person.pk}


def test_a_machine_pin_beats_its_units_pin(two_units, make_employee):
    unit_person = make_employee(two_units["DINKES"], pin=None)
    machine_person = make_employee(two_units["DINKES"], pin=None)
    device = Device.objects.create(sn="DK02", unit=two_units["DINKES"], state="active")
    EmployeePin.objects.create(employee=unit_person, pin="3", unit=two_units["DINKES"])
    EmployeePin.objects.create(employee=machine_person, pin="3", device=device)
    store(device, ("3", "2026-03-16 07:30:00"))
    assert Punch.objects.get().employee_id == machine_person.pk


def test_owner_resolution_stays_batch_wise(two_units, make_employee):
    """The number of queries does not grow with the number of punches."""
    device = Device.objects.create(sn="DK03", unit=two_units["DINKES"], state="active")
    for n in range(1, 21):
        person = make_employee(two_units["PKM-A"], pin=None)
        EmployeePin.objects.create(employee=person, pin=str(n), unit=two_units["DINKES"])

    def queries(count: int, day: int) -> int:
        device.refresh_from_db()
        with CaptureQueriesContext(connection) as captured:
            store(device, *((str(n), f"2026-03-{day:02d} 07:{n:02d}:00") for n in range(1, count)))
        return len(captured)

    queries(2, 13)  # caches warm
    assert queries(3, 16) == queries(21, 17)


def test_a_flashdisk_file_of_a_machine_uses_that_machines_pins(two_machines_with_pin_1):
    from zoneinfo import ZoneInfo

    from hadir.devices.usb import usb_confirm, usb_preview

    _machines, nurse, teacher = two_machines_with_pin_1
    now = datetime(2026, 3, 20, tzinfo=ZoneInfo("Asia/Jakarta"))
    for sn in ("DINKES01", "SDN01"):
        usb_confirm(
            usb_import=usb_preview(
                filename="1_attlog.dat",
                content=b"1\t2026-03-17 07:10:00\t1\t0\t1\t0\n",
                actor=None,
                device=Device.objects.get(sn=sn),
                now=now,
            ),
            actor=None,
            now=now,
        )
    owners = dict(Punch.objects.values_list("device__sn", "employee_id"))
    assert owners == {"DINKES01": nurse.pk, "SDN01": teacher.pk}
