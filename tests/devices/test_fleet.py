"""The fleet: first contact, approval, replacement, retirement; unknown PINs claimed later."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from hadir.attendance.models import DirtyDay
from hadir.devices.models import CommandKind, CommandState, Device, DeviceCommand, DeviceState
from hadir.devices.services import (
    device_approve,
    device_register,
    device_replace,
    device_retire,
)
from hadir.people.services import employee_update
from hadir.punches.models import Punch
from tests.devices.conftest import post_attlog, store

LINES = b"1001\t2026-03-02 07:01:09\t0\t1\t0\t0\t0\n1002\t2026-03-02 07:05:00\t0\t1\t0\t0\t0\n"


def test_unknown_machine_is_pending_until_approved_then_its_punches_count(two_units, make_employee):
    first = make_employee(two_units["DINKES"], pin="1001")
    make_employee(two_units["DINKES"], pin="1002")
    assert post_attlog(Client(), "NEWSN1", LINES).content == b"OK: 2"
    device = Device.objects.get(sn="NEWSN1")
    assert device.state == DeviceState.PENDING
    assert Punch.objects.filter(counted=False).count() == 2
    assert not DirtyDay.objects.exists()
    device_approve(device=device, unit=two_units["DINKES"], name="Lobi", actor=None)
    assert Punch.objects.filter(counted=True).count() == 2
    assert DirtyDay.objects.filter(employee=first).exists()
    post_attlog(Client(), "NEWSN1", b"1001\t2026-03-02 16:01:09\t1\t1\t0\t0\t0\n")
    assert Punch.objects.filter(counted=True).count() == 3


def test_registering_an_sn_that_already_called_approves_it(two_units):
    post_attlog(Client(), "CALLED1", LINES)
    device = device_register(sn=" CALLED1 ", name="Aula", unit=two_units["DISDIK"], actor=None)
    assert (device.state, device.unit, device.name) == ("active", two_units["DISDIK"], "Aula")
    assert Punch.objects.filter(counted=True).count() == 2
    with pytest.raises(ValidationError):
        device_register(sn="CALLED1", name="", unit=two_units["DISDIK"], actor=None)
    with pytest.raises(ValidationError):
        device_register(sn="bad sn", name="", unit=two_units["DISDIK"], actor=None)


def test_unknown_pin_counts_once_the_pin_is_assigned(two_units, make_employee, active_device):
    post_attlog(Client(), active_device.sn, b"777\t2026-03-03 07:10:00\t0\t1\t0\t0\t0\n")
    punch = Punch.objects.get()
    assert punch.employee is None and punch.counted
    employee = make_employee(two_units["DINKES"], pin=None)
    employee_update(employee=employee, pin="777")
    punch.refresh_from_db()
    assert punch.employee == employee
    assert DirtyDay.objects.filter(employee=employee).exists()


def test_replacing_a_broken_machine(two_units, make_employee, active_device):
    staff = [make_employee(two_units["DINKES"], pin=str(2000 + n)) for n in range(3)]
    make_employee(two_units["DINKES"], pin=None)  # no PIN: nothing to enrol
    make_employee(two_units["DINKES"], pin="2999", is_active=False)  # left
    make_employee(two_units["PKM-A"], pin="3001")  # another unit
    store(active_device, ("2000", "2026-03-02 07:00:00"), ("2001", "2026-03-02 07:01:00"))
    new = device_replace(old=active_device, new_sn="NEW-9", actor=None)
    old = Device.objects.get(pk=active_device.pk)
    assert (new.unit, new.name, new.state) == (two_units["DINKES"], "Mesin Dinkes", "active")
    assert (old.state, old.replaced_by) == (DeviceState.RETIRED, new)
    assert Punch.objects.filter(device=old, counted=True).count() == 2
    commands = DeviceCommand.objects.filter(device=new)
    assert commands.count() == 3
    assert {c.params["pin"] for c in commands} == {e.pin for e in staff}
    assert all(c.kind == CommandKind.UPDATE_USER for c in commands)
    assert commands.get(params__pin="2000").text.startswith("DATA UPDATE USERINFO PIN=2000\t")
    with pytest.raises(ValidationError):
        device_replace(old=old, new_sn="NEW-10", actor=None)


def test_replacement_may_be_a_machine_that_already_called_in(two_units, active_device):
    post_attlog(Client(), "CALLED2", LINES)
    new = device_replace(old=active_device, new_sn="CALLED2", actor=None)
    assert new.state == DeviceState.ACTIVE
    assert Punch.objects.filter(device=new, counted=True).count() == 2


def test_a_retired_machine_is_still_heard_but_only_old_punches_count(two_units, active_device):
    DeviceCommand.objects.create(device=active_device, cmd_id="x1", kind="info", text="INFO")
    device_retire(device=active_device, actor=None)
    assert DeviceCommand.objects.get().state == CommandState.FAILED
    retired = Device.objects.get(pk=active_device.pk)
    local = timezone.localtime(retired.retired_at).replace(tzinfo=None)
    before = (local - timedelta(hours=1)).strftime("%Y-%m-%d %H:%M:%S")
    after = (local + timedelta(minutes=5)).strftime("%Y-%m-%d %H:%M:%S")
    body = f"1001\t{before}\t0\t1\t0\t0\t0\n1001\t{after}\t0\t1\t0\t0\t0\n".encode()
    assert post_attlog(Client(), retired.sn, body).content == b"OK: 2"
    counted = {
        timezone.localtime(p).strftime("%Y-%m-%d %H:%M:%S"): c
        for p, c in Punch.objects.values_list("punched_at", "counted")
    }
    assert counted == {before: True, after: False}
    with pytest.raises(ValidationError):
        device_retire(device=retired, actor=None)


def test_a_pending_machine_can_be_refused_and_never_counts(two_units):
    post_attlog(Client(), "ROGUE", LINES)
    device_retire(device=Device.objects.get(sn="ROGUE"), actor=None)
    post_attlog(Client(), "ROGUE", b"1001\t2020-01-01 07:00:00\t0\t1\t0\t0\t0\n")
    assert Punch.objects.filter(counted=True).count() == 0
    assert Punch.objects.count() == 3


def test_simulate_push_command_against_a_live_server(live_server, tmp_path, region):
    from hadir.devices.management.commands.simulate_push import Command

    argv = ["hadir", "simulate_push", "--server", live_server.url, "--sn", "LIVE01"]
    argv += ["--punches", "40", "--pins", "1001-1005", "--state-dir", str(tmp_path)]
    with pytest.raises(SystemExit) as finished:
        Command().run_from_argv(argv)
    assert finished.value.code == 0
    assert Punch.objects.filter(source_ref="LIVE01").count() == 40
    assert Device.objects.get(sn="LIVE01").state == DeviceState.PENDING
