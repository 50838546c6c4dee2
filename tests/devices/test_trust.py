"""Machines that can be trusted: address binding, held punches, alerts, and the limits on what
one request, machine or address can make Hadir store (docs/security.md)."""

from __future__ import annotations

import pytest
from django.test import Client

from hadir.audit.models import AuditEvent
from hadir.devices.commands import command_simple
from hadir.devices.models import (
    AlertKind,
    CommandKind,
    CommandState,
    Device,
    DeviceAlert,
    DeviceCommand,
    DeviceState,
)
from hadir.devices.services import device_approve
from hadir.punches.models import Punch, PunchHold, QuarantinedLine
from tests.devices.conftest import iclock

OFFICE = "203.0.113.7"
ELSEWHERE = "198.51.100.9"


def attlog(n: int, day: int = 2, pin_from: int = 1001) -> bytes:
    lines = [
        f"{pin_from + i}\t2026-03-{day:02d} 07:{i // 60:02d}:{i % 60:02d}\t0\t1\t0\t0\t0"
        for i in range(n)
    ]
    return ("\n".join(lines) + "\n").encode()


def post(sn: str, body: bytes, address: str, table: str = "ATTLOG") -> object:
    params = {"SN": sn, "table": table, "Stamp": "9"}
    return iclock(Client(), "POST", "/iclock/cdata", params, body, REMOTE_ADDR=address)


@pytest.fixture
def bound_device(two_units) -> Device:
    """A machine that first called from the office's address and was approved there."""
    iclock(
        Client(), "GET", "/iclock/cdata", {"SN": "BOUND01", "options": "all"}, REMOTE_ADDR=OFFICE
    )
    device = Device.objects.get(sn="BOUND01")
    return device_approve(device=device, unit=two_units["DINKES"], name="Mesin Dinkes", actor=None)


def test_approval_binds_the_machine_to_the_address_it_was_seen_from(bound_device):
    assert bound_device.first_address == OFFICE
    assert bound_device.bound_networks == [f"{OFFICE}/32"]
    event = AuditEvent.objects.get(action="device.approve")
    assert event.data["bound_to"] == [f"{OFFICE}/32"]


@pytest.mark.parametrize(
    ("address", "trusted"),
    [(OFFICE, True), (ELSEWHERE, False), ("203.0.113.8", False), (f"::ffff:{OFFICE}", True)],
)
def test_uploads_from_elsewhere_are_kept_but_held(bound_device, address, trusted):
    response = post("BOUND01", attlog(3), address)
    assert response.content == b"OK: 3"  # never refused: the ledger keeps everything
    punches = Punch.objects.filter(device=bound_device)
    assert punches.count() == 3
    expected_hold = PunchHold.NONE if trusted else PunchHold.UNTRUSTED_SOURCE
    assert set(punches.values_list("hold", "counted")) == {(expected_hold, trusted)}
    alerts = DeviceAlert.objects.filter(device=bound_device, kind=AlertKind.UNTRUSTED_SOURCE)
    assert alerts.exists() is not trusted


def test_a_forged_poll_gets_no_command_and_cannot_close_one(bound_device):
    command = command_simple(device=bound_device, kind=CommandKind.INFO, actor=None)
    forged = iclock(Client(), "GET", "/iclock/getrequest", {"SN": "BOUND01"}, REMOTE_ADDR=ELSEWHERE)
    assert forged.content == b"OK"
    command.refresh_from_db()
    assert command.state == CommandState.QUEUED and command.sent_at is None

    real = iclock(Client(), "GET", "/iclock/getrequest", {"SN": "BOUND01"}, REMOTE_ADDR=OFFICE)
    assert f"C:{command.cmd_id}:INFO" in real.content.decode()
    result = f"ID={command.cmd_id}&Return=0&CMD=INFO\n".encode()
    forged_done = iclock(
        Client(), "POST", "/iclock/devicecmd", {"SN": "BOUND01"}, result, REMOTE_ADDR=ELSEWHERE
    )
    assert forged_done.content == b"OK"
    command.refresh_from_db()
    assert command.state == CommandState.SENT  # the forged confirmation was ignored...
    alert = DeviceAlert.objects.get(device=bound_device, kind=AlertKind.UNTRUSTED_SOURCE)
    assert alert.count == 2 and alert.address == ELSEWHERE
    assert "1 results ignored" in alert.detail  # ...and recorded
    iclock(Client(), "POST", "/iclock/devicecmd", {"SN": "BOUND01"}, result, REMOTE_ADDR=OFFICE)
    command.refresh_from_db()
    assert command.state == CommandState.DONE


def test_a_forged_poll_does_not_overwrite_the_machine_health(bound_device):
    info = "Ver 6.60,1,2,3,10.0.0.99,10,7,15,0,101"
    iclock(
        Client(),
        "GET",
        "/iclock/getrequest",
        {"SN": "BOUND01", "INFO": info},
        REMOTE_ADDR=ELSEWHERE,
    )
    bound_device.refresh_from_db()
    assert bound_device.firmware == "" and bound_device.remote_address == OFFICE


@pytest.mark.parametrize(
    ("proxies", "forwarded", "seen_as"),
    [
        ("", f"{OFFICE}", "10.0.0.5"),  # no trusted proxy: the header is anyone's to write
        ("10.0.0.5", f"{OFFICE}", OFFICE),
        ("10.0.0.0/24", f"{ELSEWHERE}, {OFFICE}, 10.0.0.9", OFFICE),  # nearest untrusted hop
        ("10.0.0.5", "not-an-address", "10.0.0.5"),
    ],
)
def test_the_client_address_comes_from_a_proxy_only_when_it_is_trusted(
    settings, bound_device, proxies, forwarded, seen_as
):
    settings.HADIR_TRUSTED_PROXIES = proxies
    params = {"SN": "BOUND01", "table": "ATTLOG", "Stamp": "9"}
    iclock(
        Client(),
        "POST",
        "/iclock/cdata",
        params,
        attlog(1),
        REMOTE_ADDR="10.0.0.5",
        HTTP_X_FORWARDED_FOR=forwarded,
    )
    punch = Punch.objects.get(device=bound_device)
    assert punch.counted is (seen_as == OFFICE)
    if seen_as != OFFICE:
        assert DeviceAlert.objects.get(device=bound_device).address == seen_as


# --- limits --------------------------------------------------------------------------------


@pytest.mark.parametrize(("size", "accepted"), [(1000, True), (1001, False), (5_000_000, False)])
def test_a_body_over_the_limit_is_refused_without_storing_anything(
    settings, bound_device, size, accepted
):
    settings.HADIR_PUSH_MAX_BODY_BYTES = 1000
    line = b"1001\t2026-03-02 07:00:00\t0\t1\t0\t0\t0\n"
    body = (line * (size // len(line) + 1))[:size]
    response = post("BOUND01", body, OFFICE)
    if accepted:
        assert response.status_code == 200
        return
    assert response.status_code == 413
    assert Punch.objects.count() == 0 and QuarantinedLine.objects.count() == 0
    alert = DeviceAlert.objects.get(kind=AlertKind.BODY_TOO_LARGE)
    assert alert.device == bound_device and alert.detail == f"{size} bytes"


@pytest.mark.parametrize(("lines", "accepted"), [(50, True), (51, False)])
def test_an_upload_with_too_many_lines_is_refused_whole(settings, bound_device, lines, accepted):
    settings.HADIR_PUSH_MAX_LINES = 50
    response = post("BOUND01", attlog(lines), OFFICE)
    if accepted:
        assert response.content == f"OK: {lines}".encode()
        assert Punch.objects.count() == lines
        return
    assert response.status_code == 413
    assert Punch.objects.count() == 0
    row = QuarantinedLine.objects.get()
    assert row.reason == "too_many_lines" and row.line_no == 51
    assert "51 baris ditolak" in row.message
    assert DeviceAlert.objects.get().kind == AlertKind.TOO_MANY_LINES


def test_refused_lines_beyond_the_hourly_limit_become_one_summary_row(settings, bound_device):
    settings.HADIR_PUSH_QUARANTINE_PER_HOUR = 10
    bad = b"".join(f"x{i}\tnot a time\n".encode() for i in range(25))
    assert post("BOUND01", bad, OFFICE).content == b"OK: 25"
    assert QuarantinedLine.objects.exclude(reason="over_hourly_limit").count() == 10
    summary = QuarantinedLine.objects.get(reason="over_hourly_limit")
    assert summary.line_no == 15
    assert post("BOUND01", bad + bad[:0], OFFICE).content == b"OK: 25"
    assert post("BOUND01", attlog(2) + bad[:60], OFFICE).status_code == 200
    summary.refresh_from_db()
    assert QuarantinedLine.objects.count() == 11  # 10 lines and one summary, not 50+
    assert summary.line_no > 40
    assert f"{summary.line_no} baris" in summary.message
    assert Punch.objects.count() == 2  # good punches in the same batch are kept


def test_new_serial_numbers_per_address_are_capped(settings, db):
    settings.HADIR_PUSH_NEW_MACHINES_PER_HOUR = 3
    statuses = [
        iclock(
            Client(),
            "GET",
            "/iclock/cdata",
            {"SN": f"FLOOD{n}", "options": "all"},
            REMOTE_ADDR=ELSEWHERE,
        ).status_code
        for n in range(5)
    ]
    assert statuses == [200, 200, 200, 503, 503]
    refused_upload = post("FLOOD9", attlog(1), ELSEWHERE)
    assert refused_upload.status_code == 503 and refused_upload["Retry-After"] == "3600"
    assert Device.objects.filter(sn__startswith="FLOOD").count() == 3
    assert Punch.objects.count() == 0
    alert = DeviceAlert.objects.get(kind=AlertKind.NEW_MACHINE_LIMIT)
    assert alert.device is None and alert.count == 3 and alert.address == ELSEWHERE
    other = iclock(
        Client(), "GET", "/iclock/cdata", {"SN": "OTHER1", "options": "all"}, REMOTE_ADDR=OFFICE
    )
    assert other.status_code == 200
    assert Device.objects.get(sn="OTHER1").state == DeviceState.PENDING
    known = iclock(
        Client(), "GET", "/iclock/cdata", {"SN": "FLOOD0", "options": "all"}, REMOTE_ADDR=ELSEWHERE
    )
    assert known.status_code == 200  # the cap is on new machines only
    assert DeviceCommand.objects.count() == 0


@pytest.mark.parametrize("address", [OFFICE, f"::ffff:{OFFICE}"])
def test_a_trusted_poll_still_costs_one_query(bound_device, address, django_assert_num_queries):
    """The hot path: the binding is checked against the cached guard, not read again."""
    poll = {"SN": "BOUND01"}
    iclock(Client(), "GET", "/iclock/getrequest", poll, REMOTE_ADDR=address)
    with django_assert_num_queries(1):  # the command queue, nothing else
        response = iclock(Client(), "GET", "/iclock/getrequest", poll, REMOTE_ADDR=address)
    assert response.content == b"OK"
