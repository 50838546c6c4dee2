"""The command queue against the simulated machine: poll, run, result; resend; reconcile;
clock drift; a whole-history resend."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from hadir.audit.guards import guards_lifted
from hadir.devices.commands import (
    command_backfill,
    command_reconcile,
    command_simple,
    commands_enrol_employee,
    commands_remove_pin,
)
from hadir.devices.models import CommandKind, CommandState, Device, DeviceCommand
from hadir.devices.services import device_approve
from hadir.punches.models import Punch

PINS = ["1001", "1002", "1003"]
DAYS = [date(2026, 3, 2) + timedelta(days=n) for n in range(5)]


def approve(sn: str, unit) -> Device:
    return device_approve(device=Device.objects.get(sn=sn), unit=unit, name="", actor=None)


def test_a_machine_resending_its_whole_history_creates_no_duplicates(make_machine):
    machine = make_machine("HIST01", batch_size=100)
    machine.add_generated_punches(1000, pins=PINS, dates=DAYS, seed=7)
    assert machine.run_once()
    assert Punch.objects.count() == 1000
    for _ in range(2):
        machine.resend_history()
        assert machine.run_once()
    assert machine.stats.records_acknowledged == 3000
    assert Punch.objects.count() == 1000
    assert Punch.objects.values("key").distinct().count() == 1000


def test_enrol_round_trip_with_the_machine(make_machine, two_units, make_employee):
    machine = make_machine("RT01")
    machine.handshake()
    device = approve("RT01", two_units["DINKES"])
    nurse = make_employee(two_units["DINKES"], pin="1001", name="Siti Aminah binti Abdullah Wahab")
    other = make_employee(two_units["DINKES"], pin="1002")
    queued = commands_enrol_employee(employee=nurse, actor=None)
    commands_enrol_employee(employee=other, actor=None)
    assert [c.device for c in queued] == [device]
    issued = machine.poll()
    assert len(issued) == 2
    transport = machine._transport
    assert all(c.state == CommandState.DONE for c in DeviceCommand.objects.all())
    users = machine.log.users()
    assert users["1001"].name == "Siti Aminah binti Abdull"  # 24 characters, as machines hold
    commands_remove_pin(pin="1002", actor=None, devices=[device])
    assert machine.poll()
    assert "1002" not in machine.log.users()
    assert machine.poll() == []  # nothing left: plain OK
    assert transport.requests[-1][1] == "/iclock/getrequest"


def test_poll_reply_carries_c_lines_and_sent_commands_are_resent_after_the_timeout(
    make_machine, two_units, settings
):
    from django.test import Client

    from tests.devices.conftest import iclock

    make_machine("RS01").handshake()
    device = approve("RS01", two_units["DINKES"])
    command = command_simple(device=device, kind=CommandKind.INFO, actor=None)
    client = Client()
    reply = iclock(client, "GET", "/iclock/getrequest", {"SN": "RS01"}).content.decode()
    assert reply == f"C:{command.cmd_id}:INFO\n"
    command.refresh_from_db()
    assert (command.state, command.attempts) == (CommandState.SENT, 1)
    assert iclock(client, "GET", "/iclock/getrequest", {"SN": "RS01"}).content == b"OK"
    DeviceCommand.objects.filter(pk=command.pk).update(
        sent_at=timezone.now()
        - timedelta(minutes=settings.HADIR_DEVICE_COMMAND_TIMEOUT_MINUTES + 1)
    )
    reply = iclock(client, "GET", "/iclock/getrequest", {"SN": "RS01"}).content.decode()
    assert reply == f"C:{command.cmd_id}:INFO\n"
    command.refresh_from_db()
    assert command.attempts == 2
    DeviceCommand.objects.filter(pk=command.pk).update(
        attempts=DeviceCommand.MAX_ATTEMPTS, sent_at=timezone.now() - timedelta(days=1)
    )
    assert iclock(client, "GET", "/iclock/getrequest", {"SN": "RS01"}).content == b"OK"
    command.refresh_from_db()
    assert command.state == CommandState.FAILED


def test_info_result_fills_the_health_fields(make_machine, two_units):
    machine = make_machine("INF01")
    machine.add_generated_punches(30, pins=PINS, dates=DAYS, seed=1)
    machine.run_once()
    device = approve("INF01", two_units["DINKES"])
    command_simple(device=device, kind=CommandKind.INFO, actor=None)
    machine.poll()
    device.refresh_from_db()
    assert device.attlog_count == 30 and device.firmware == machine.config.firmware
    info = DeviceCommand.objects.get()
    assert info.state == CommandState.DONE and info.result["info"]["AttLogCount"] == "30"


def test_reconcile_shows_the_difference_and_backfill_closes_it(make_machine, two_units):
    machine = make_machine("REC01", batch_size=50)
    machine.add_generated_punches(200, pins=PINS, dates=DAYS, seed=3)
    assert machine.run_once()
    device = approve("REC01", two_units["DINKES"])
    lost = list(Punch.objects.filter(local_date=date(2026, 3, 3)).values_list("pk", flat=True))
    assert lost
    with transaction.atomic(), guards_lifted():  # the ledger refuses deletes; lifted on purpose
        Punch.objects.filter(pk__in=lost).delete()  # as if these had never arrived
    command_reconcile(device=device, first=date(2026, 3, 2), last=date(2026, 3, 6), actor=None)
    machine.poll()
    result = DeviceCommand.objects.get(kind=CommandKind.VERIFY_SUM).result
    assert result["on_machine"] == 200
    assert result["stored"] == 200 - len(lost)
    assert result["difference"] == len(lost)
    command_backfill(device=device, first=date(2026, 3, 3), last=date(2026, 3, 3), actor=None)
    machine.poll()
    assert Punch.objects.count() == 200
    backfill = DeviceCommand.objects.get(kind=CommandKind.QUERY_ATTLOG)
    assert backfill.state == CommandState.DONE


def test_commands_go_only_to_machines_in_use(two_units, make_employee):
    pending = Device.objects.create(sn="PEND1")
    with pytest.raises(ValueError, match="sedang dipakai"):
        command_simple(device=pending, kind=CommandKind.REBOOT, actor=None)
    command_simple(device=pending, kind=CommandKind.INFO, actor=None)  # to see what it is
    employee = make_employee(two_units["DINKES"], pin=None)
    with pytest.raises(ValueError):
        commands_enrol_employee(employee=employee, actor=None, devices=[pending])


def test_a_fast_clock_is_measured_and_fixed_through_a_new_handshake(
    make_machine, two_units, settings
):
    skew = timedelta(minutes=10)
    machine = make_machine(
        "CLK01",
        clock=lambda: (
            datetime.now(timezone.get_current_timezone()).replace(tzinfo=None, microsecond=0) + skew
        ),
    )
    machine.handshake()
    device = approve("CLK01", two_units["DINKES"])
    machine.punch("1001")  # realtime upload of one punch
    device.refresh_from_db()
    assert abs(device.clock_drift_seconds - 600) <= 5
    fix = DeviceCommand.objects.get(kind=CommandKind.CHECK)
    assert fix.params["reason"] == "clock" and fix.created_by is None
    handshakes = machine.stats.handshakes
    machine.poll()  # CHECK -> the machine fetches its options (and our Date header) again
    assert machine.stats.handshakes == handshakes + 1
    device.refresh_from_db()
    assert device.clock_drift_seconds is None and device.clock_checked_at is not None
    machine.punch("1002")  # still fast (the simulator's clock does not obey): asked once only
    assert DeviceCommand.objects.filter(kind=CommandKind.CHECK).count() == 1


def test_a_backlog_upload_says_nothing_about_the_clock(make_machine, two_units):
    machine = make_machine("CLK02")
    machine.handshake()
    approve("CLK02", two_units["DINKES"])
    machine.add_generated_punches(2, pins=PINS, dates=DAYS, seed=5)  # old punches, 2 lines
    machine.log.append(
        pin="1001", punched_at=datetime(2026, 3, 9, 7, 0), status=0, verify=1, workcode="0"
    )
    Device.objects.filter(sn="CLK02").update(last_seen_at=timezone.now() - timedelta(hours=3))
    machine.upload_pending()  # small, but the machine was out of touch: no measurement
    assert Device.objects.get(sn="CLK02").clock_drift_seconds is None
    assert not DeviceCommand.objects.exists()
