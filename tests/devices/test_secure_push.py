"""Security PUSH registration (pushver 3.x) with the simulated machine: a registry code only in
a window Diskominfo opened, a session token on every request, nothing to forge without it."""

from __future__ import annotations

import hashlib

import pytest
from django.test import Client
from django.utils import timezone

from hadir.audit.models import AuditEvent
from hadir.devices.commands import command_simple
from hadir.devices.models import AlertKind, CommandKind, CommandState, Device, DeviceAlert
from hadir.devices.secure_push import device_registry_open
from hadir.devices.services import device_approve
from hadir.devices_sim.push_device import DeviceError
from hadir.protocols.registry import (
    parse_key_values,
    parse_registry_body,
    push_token,
    speaks_security_push,
)
from hadir.punches.models import Punch, PunchHold
from tests.devices.conftest import iclock

SN = "SEC0001"


@pytest.mark.parametrize(
    ("pushver", "secure"),
    [
        ("3.1.2", True),
        ("3.0.1", True),
        ("Ver 3.1", True),
        ("2.4.1", False),
        ("", False),
        (None, False),
    ],
)
def test_which_firmware_speaks_security_push(pushver, secure):
    assert speaks_security_push(pushver) is secure


def test_registry_body_and_token_follow_the_vendor_text():
    body = b"DeviceType=acc,~DeviceName=F20/M,FirmVer=Ver 8.0.1.3-20151229,PushVersion=Ver 2.0.22"
    params = parse_registry_body(body)
    assert params["DeviceName"] == "F20/M" and params["FirmVer"] == "Ver 8.0.1.3-20151229"
    expected = hashlib.md5(b"Uy47fxftP33383154200002ABC", usedforsecurity=False).hexdigest()
    assert push_token(registry_code="Uy47fxftP3", sn="3383154200002", session_id="ABC") == expected


@pytest.fixture
def secure_machine(make_machine, two_units):
    """A PUSH 3.x machine that contacted Hadir, approved by Diskominfo (window opened)."""
    machine = make_machine(SN, pushver="3.1.2")
    with pytest.raises(DeviceError):  # unregistered and unapproved: registration refused
        machine.handshake()
    device = Device.objects.get(sn=SN)
    device_approve(device=device, unit=two_units["DINKES"], name="Mesin aman", actor=None)
    return machine


def test_an_unregistered_machine_is_told_to_register_and_refused_before_approval(make_machine, db):
    machine = make_machine(SN, pushver="3.1.2")
    with pytest.raises(DeviceError, match="406"):
        machine.handshake()
    paths = [path for _method, path, _params in machine._transport.requests]
    assert paths == ["/iclock/cdata", "/iclock/registry"]
    alert = DeviceAlert.objects.get(kind=AlertKind.REGISTRY_REFUSED)
    assert alert.detail == "machine not approved"


def test_the_approved_machine_registers_once_and_works_with_its_session(secure_machine):
    secure_machine.handshake()
    device = Device.objects.get(sn=SN)
    assert device.push_token_digest and device.registry_open_until is None
    code = secure_machine.log.option("registry_code")
    assert code and len(code) == 32
    stored = [str(v) for v in Device.objects.filter(sn=SN).values().get().values()]
    assert not any(code in value for value in stored)  # only digests are kept
    token = push_token(registry_code=code, sn=SN, session_id=device.push_session_id)
    assert token not in stored
    assert AuditEvent.objects.filter(action="device.registry_issued").count() == 1

    command = command_simple(device=device, kind=CommandKind.INFO, actor=None)
    secure_machine.punch("1001")  # realtime: uploaded at once
    secure_machine.upload_pending()
    assert secure_machine.stats.records_acknowledged == 1
    assert secure_machine.poll()[0].cmd_id == command.cmd_id
    command.refresh_from_db()
    assert command.state == CommandState.DONE
    punch = Punch.objects.get(device=device)
    assert punch.counted and punch.hold == PunchHold.NONE

    # A restart: the handshake says registry=ok, the machine keeps its code and session.
    secure_machine.options = None
    secure_machine.handshake()
    assert Device.objects.get(sn=SN).push_token_digest == device.push_token_digest


def test_the_registration_window_closes_after_the_first_success(
    secure_machine, make_machine, tmp_path
):
    secure_machine.handshake()
    thief = make_machine(SN, pushver="3.1.2", state_dir=tmp_path / "thief")
    (tmp_path / "thief").mkdir(exist_ok=True)
    with pytest.raises(DeviceError, match="406"):
        thief.handshake()  # same SN, same address, no code: no second registry code
    assert DeviceAlert.objects.get(kind=AlertKind.REGISTRY_REFUSED).detail == (
        "no registration window open"
    )


@pytest.mark.parametrize("cookie", [None, "token=0123456789abcdef0123456789abcdef", "token="])
def test_requests_without_a_valid_session_are_held_and_get_nothing(secure_machine, cookie):
    secure_machine.handshake()
    device = Device.objects.get(sn=SN)
    command = command_simple(device=device, kind=CommandKind.INFO, actor=None)
    extra = {"HTTP_COOKIE": cookie} if cookie else {}
    params = {"SN": SN, "table": "ATTLOG", "Stamp": "9"}
    line = b"1001\t2026-03-02 07:00:00\t0\t1\t0\t0\t0\n"
    assert iclock(Client(), "POST", "/iclock/cdata", params, line, **extra).content == b"OK: 1"
    assert Punch.objects.get(device=device).hold == PunchHold.UNTRUSTED_SOURCE
    assert iclock(Client(), "GET", "/iclock/getrequest", {"SN": SN}, **extra).content == b"OK"
    command.refresh_from_db()
    assert command.state == CommandState.QUEUED
    assert iclock(Client(), "POST", "/iclock/push", {"SN": SN}, **extra).status_code == 401
    alert = DeviceAlert.objects.get(kind=AlertKind.BAD_SESSION)
    assert alert.count == 3


def test_diskominfo_can_let_a_reset_machine_register_again(secure_machine, tmp_path, make_machine):
    secure_machine.handshake()
    old = Device.objects.get(sn=SN).push_token_digest
    reset = make_machine(SN, pushver="3.1.2", state_dir=tmp_path / "reset")
    (tmp_path / "reset").mkdir(exist_ok=True)
    device_registry_open(device=Device.objects.get(sn=SN), actor=None, now=timezone.now())
    reset.handshake()
    assert Device.objects.get(sn=SN).push_token_digest != old
    secure_machine.punch("1002")
    secure_machine.upload_pending()  # the old session no longer counts
    assert Punch.objects.get(pin="1002").hold == PunchHold.UNTRUSTED_SOURCE


def test_the_handshake_of_a_registered_machine_names_its_session(secure_machine):
    secure_machine.handshake()
    reply = iclock(
        Client(), "GET", "/iclock/cdata", {"SN": SN, "options": "all", "pushver": "3.1.2"}
    )
    values = parse_key_values(reply.content.decode())
    assert (
        values["registry"] == "ok"
        and values["SessionID"] == Device.objects.get(sn=SN).push_session_id
    )
    assert "RegistryCode" not in values  # never stored, so never repeated
