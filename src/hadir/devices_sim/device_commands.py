"""How the simulated machine answers server commands, as real firmware was seen to.

``DATA UPDATE/DELETE USERINFO`` change the local user table; ``DATA QUERY ATTLOG`` queues the
range for upload again (-1 when the range is empty, as a real SpeedFace answered);
``VERIFY SUM ATTLOG`` answers ``AttlogSum``; ``INFO`` answers counts as ``Key=Value`` lines;
``CHECK``/``REBOOT``/``RELOAD OPTIONS`` re-read the options; ``LOG`` uploads at once;
anything else gets -1002, the answer real firmware gave to ``USER ADD`` and ``DATA DEL``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from hadir.devices_sim.store import StoredUser
from hadir.protocols import format_device_datetime
from hadir.protocols.commands import (
    DeleteUser,
    IssuedCommand,
    QueryAttlog,
    SetOption,
    SimpleCommand,
    SimpleVerb,
    UnknownCommand,
    UpdateUser,
    VerifySumAttlog,
    command_echo,
)
from hadir.protocols.devicecmd import render_command_result

if TYPE_CHECKING:
    from hadir.devices_sim.push_device import PushDevice

RETURN_OK = 0
RETURN_BAD_PARAMETER = -1
RETURN_UNSUPPORTED = -1002
_KNOWN_COMMAND_PREFIXES = (
    "DATA UPDATE USERINFO",
    "DATA DELETE USERINFO",
    "DATA QUERY ATTLOG",
    "VERIFY SUM ATTLOG",
    "SET OPTION",
)
FollowUp = Callable[[], object] | None


def run_command(device: PushDevice, issued: IssuedCommand) -> tuple[str, FollowUp]:
    """Run one command on the device; return the result text and what to do after posting it."""
    command = issued.command
    echo = command_echo(command)
    cmd_id = issued.cmd_id
    if isinstance(command, UpdateUser):
        user = StoredUser(command.pin, command.name, command.privilege, command.card, command.group)
        device.log.upsert_user(user, command.password)
        return render_command_result(cmd_id, RETURN_OK, echo), None
    if isinstance(command, DeleteUser):
        device.log.delete_user(command.pin)
        return render_command_result(cmd_id, RETURN_OK, echo), None
    if isinstance(command, QueryAttlog):
        records = device.log.records_between(command.start, command.end)
        if not records:  # what real firmware answers for an empty range
            return render_command_result(cmd_id, RETURN_BAD_PARAMETER, echo), None
        device.queue_backfill(records)
        return render_command_result(cmd_id, RETURN_OK, echo), device.upload_pending
    if isinstance(command, VerifySumAttlog):
        fields = {
            "StartTime": format_device_datetime(command.start),
            "EndTime": format_device_datetime(command.end),
            "AttlogSum": str(device.log.count_between(command.start, command.end)),
        }
        return render_command_result(cmd_id, RETURN_OK, echo, fields=fields), None
    if isinstance(command, SetOption):
        device.log.set_option(command.key, command.value)
        return render_command_result(cmd_id, RETURN_OK, echo), None
    if isinstance(command, SimpleCommand):
        return _run_simple(device, cmd_id, command.verb)
    return refuse(cmd_id, command), None


def _run_simple(device: PushDevice, cmd_id: str, verb: SimpleVerb) -> tuple[str, FollowUp]:
    if verb is SimpleVerb.INFO:
        info = device.device_info()
        lines = {
            "~DeviceName": "Hadir Simulator",
            "~SerialNumber": device.sn,
            "FWVersion": device.config.firmware,
            "IPAddress": device.config.ip_address,
            "UserCount": str(info.user_count),
            "FPCount": "0",
            "AttLogCount": str(info.attlog_count),
            "FaceCount": "0",
            "MaxUserCount": "6000",
            "MaxAttLogCount": "200000",
            "PushVersion": device.config.pushver,
        }
        return render_command_result(cmd_id, RETURN_OK, verb.value, lines=lines), None
    follow_up: FollowUp = None
    if verb in (SimpleVerb.REBOOT, SimpleVerb.CHECK, SimpleVerb.RELOAD_OPTIONS):
        follow_up = device.handshake
    elif verb is SimpleVerb.LOG:
        follow_up = device.upload_pending
    return render_command_result(cmd_id, RETURN_OK, verb.value), follow_up


def refuse(cmd_id: str, command: UnknownCommand) -> str:
    """-1002 for what firmware does not know; -1 for a known command with bad parameters."""
    known = command.text.startswith(_KNOWN_COMMAND_PREFIXES)
    code = RETURN_BAD_PARAMETER if known else RETURN_UNSUPPORTED
    return render_command_result(cmd_id, code, command_echo(command))
