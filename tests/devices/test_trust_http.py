"""Over real HTTP: the server on 127.0.0.1, the real machine sending from 127.0.0.1 and a
forger with the same SN sending from 127.0.0.2 (Linux routes all of 127/8 to loopback)."""

from __future__ import annotations

import http.client
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from hadir.devices.commands import command_simple
from hadir.devices.models import AlertKind, CommandKind, CommandState, Device, DeviceAlert
from hadir.devices.services import device_approve
from hadir.devices_sim import DeviceConfig, PushDevice
from hadir.protocols import HandshakeOptions
from hadir.punches.models import Punch, PunchHold

SN = "REAL0001"
FORGER = "127.0.0.2"


def machine(url: str, folder: Path, source: str, **config: object) -> PushDevice:
    folder.mkdir(exist_ok=True)
    settings = DeviceConfig(
        sn=SN,
        server_url=url,
        state_dir=folder,
        error_delay=0.0,
        poll_delay=0.0,
        source_address=source,
        **config,  # type: ignore[arg-type]
    )
    return PushDevice(settings)


def raw(url: str, method: str, target: str, body: bytes = b"") -> tuple[int, bytes]:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(
        parts.hostname, parts.port, timeout=10, source_address=(FORGER, 0)
    )
    try:
        connection.request(method, target, body=body or None, headers={"Connection": "close"})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@pytest.mark.parametrize("pushver", ["2.4.1", "3.1.2"])
def test_a_forged_push_from_another_address_is_held_and_gets_no_commands(
    live_server, two_units, tmp_path, pushver
):
    real = machine(live_server.url, tmp_path / "real", "127.0.0.1", pushver=pushver)
    if pushver == "2.4.1":
        real.handshake()
    else:  # security PUSH: refused until approved, then registers in the window
        with pytest.raises(Exception, match="406"):
            real.handshake()
    device = device_approve(
        device=Device.objects.get(sn=SN), unit=two_units["DINKES"], name="Asli", actor=None
    )
    assert device.bound_networks == ["127.0.0.1/32"]
    real.handshake()
    command = command_simple(device=device, kind=CommandKind.INFO, actor=None)

    forger = machine(live_server.url, tmp_path / "forger", FORGER, pushver="2.4.1")
    status, _reply = raw(live_server.url, "GET", f"/iclock/cdata?SN={SN}&options=all")
    assert status == 200  # answered (harmless), recorded as an alert, nothing updated
    forger.options = HandshakeOptions()  # it knows the protocol; it has no registry code
    forger.punch("1001")
    assert forger.stats.records_acknowledged == 1  # kept: the ledger refuses nothing
    assert forger.poll() == []  # no command for the forger
    status, body = raw(live_server.url, "GET", f"/iclock/getrequest?SN={SN}")
    assert (status, body) == (200, b"OK")
    done = f"ID={command.cmd_id}&Return=0&CMD=INFO\n".encode()
    assert raw(live_server.url, "POST", f"/iclock/devicecmd?SN={SN}", done)[0] == 200
    command.refresh_from_db()
    assert command.state == CommandState.QUEUED  # neither handed out nor confirmed

    held = Punch.objects.get(pin="1001")
    assert held.hold == PunchHold.UNTRUSTED_SOURCE and not held.counted
    alert = DeviceAlert.objects.get(device=device, address=FORGER)
    assert alert.kind == AlertKind.UNTRUSTED_SOURCE and alert.count >= 4

    # The real machine, from its bound address, is unaffected.
    real.punch("1002")
    assert [c.cmd_id for c in real.poll()] == [command.cmd_id]
    command.refresh_from_db()
    assert command.state == CommandState.DONE
    own = Punch.objects.get(pin="1002")
    assert own.counted and own.hold == ""
    device.refresh_from_db()
    assert device.remote_address == "127.0.0.1"
    real.close()
    forger.close()
