"""The command queue of each machine: what we ask, what it answered.

A command is queued here (validated and rendered by :mod:`hadir.protocols.commands`), picked
up by the machine on its next ``getrequest`` poll (:func:`commands_take_for_poll`) and closed
when the machine posts its result to ``devicecmd`` (:func:`commands_apply_results`).
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hadir.audit.services import audit_record
from hadir.devices.models import CommandKind, CommandState, Device, DeviceCommand, DeviceState
from hadir.org.selectors import region_timezone
from hadir.people.models import Employee
from hadir.protocols.commands import (
    DeleteUser,
    QueryAttlog,
    SimpleCommand,
    SimpleVerb,
    UpdateUser,
    VerifySumAttlog,
    format_command,
    parse_command_line,
    render_getrequest_reply,
)
from hadir.protocols.commands import DeviceCommand as ProtocolCommand
from hadir.protocols.devicecmd import CommandResult
from hadir.protocols.push import REPLY_OK
from hadir.punches.models import Punch

logger = logging.getLogger(__name__)

DEVICE_NAME_MAX = 24  # the user record on the machines holds 24 characters
MAX_COMMANDS_PER_POLL = 50
INFO_FIELDS = {
    "UserCount": "user_count",
    "FPCount": "fingerprint_count",
    "FaceCount": "face_count",
    "AttLogCount": "attlog_count",
    "TransactionCount": "attlog_count",
}

NOT_ACTIVE = gettext_noop("Commands can only be sent to a machine that is in use.")
NO_PIN = gettext_noop("%(name)s has no machine PIN yet; give them one first.")
BAD_RANGE = gettext_noop("The first day must not be after the last day.")
NO_DEVICES = gettext_noop("The unit %(unit)s has no machine in use.")
NO_ANSWER = gettext_noop("The machine did not answer after %(n)d attempts.")
MACHINE_RETIRED = gettext_noop("The machine was retired before it ran this command.")


def _new_cmd_id() -> str:
    return secrets.token_hex(6)


def command_queue(
    *,
    device: Device,
    kind: CommandKind,
    command: ProtocolCommand,
    actor: Any | None,
    params: dict[str, Any] | None = None,
    allow_pending: bool = False,
) -> DeviceCommand:
    """Queue one command for one machine. Raises ``ValueError`` (with a message for the
    operator) when the machine is not in use or the command cannot be rendered safely."""
    allowed = {DeviceState.ACTIVE, DeviceState.PENDING} if allow_pending else {DeviceState.ACTIVE}
    if device.state not in allowed:
        raise ValueError(_(NOT_ACTIVE))
    cmd_id = _new_cmd_id()
    line = format_command(cmd_id, command)  # raises CommandError (a ValueError) when unsafe
    user = actor if getattr(actor, "is_authenticated", False) else None
    queued = DeviceCommand.objects.create(
        device=device,
        cmd_id=cmd_id,
        kind=kind,
        text=line.split(":", 2)[2],
        params=params or {},
        created_by=user,
    )
    audit_record(
        actor=actor,
        action="device.command",
        target=device,
        data={"cmd_id": cmd_id, "kind": str(kind)},
    )
    return queued


def _update_user_command(employee: Employee) -> UpdateUser:
    if not employee.pin:
        raise ValueError(_(NO_PIN) % {"name": employee.name})
    return UpdateUser(pin=employee.pin, name=employee.name[:DEVICE_NAME_MAX])


def _active_devices_of(unit_id: int) -> list[Device]:
    return list(Device.objects.filter(unit_id=unit_id, state=DeviceState.ACTIVE))


@transaction.atomic
def commands_enrol_employee(
    *, employee: Employee, actor: Any | None, devices: Sequence[Device] | None = None
) -> list[DeviceCommand]:
    """``DATA UPDATE USERINFO`` for the employee on every machine in use in their unit (or on
    the given machines): adds them, or updates their name."""
    command = _update_user_command(employee)
    targets = list(devices) if devices is not None else _active_devices_of(employee.unit_id)
    return [
        command_queue(
            device=device,
            kind=CommandKind.UPDATE_USER,
            command=command,
            actor=actor,
            params={"pin": employee.pin},
        )
        for device in targets
    ]


@transaction.atomic
def commands_enrol_unit(*, device: Device, actor: Any | None) -> list[DeviceCommand]:
    """Enrol every active employee (with a PIN) of the machine's unit on this machine."""
    if device.state != DeviceState.ACTIVE or device.unit_id is None:
        raise ValueError(_(NOT_ACTIVE))
    employees = Employee.objects.filter(
        unit_id=device.unit_id, is_active=True, pin__isnull=False
    ).exclude(pin="")
    return [
        command_queue(
            device=device,
            kind=CommandKind.UPDATE_USER,
            command=_update_user_command(employee),
            actor=actor,
            params={"pin": employee.pin},
        )
        for employee in employees.order_by("pin")
    ]


@transaction.atomic
def commands_remove_pin(
    *, pin: str, actor: Any | None, devices: Sequence[Device]
) -> list[DeviceCommand]:
    """``DATA DELETE USERINFO`` for a PIN on the given machines (someone left the unit)."""
    return [
        command_queue(
            device=device,
            kind=CommandKind.DELETE_USER,
            command=DeleteUser(pin=pin),
            actor=actor,
            params={"pin": pin},
        )
        for device in devices
    ]


def _day_range(first: date, last: date) -> tuple[datetime, datetime]:
    if first > last:
        raise ValueError(_(BAD_RANGE))
    return datetime.combine(first, time(0, 0, 0)), datetime.combine(last, time(23, 59, 59))


def command_backfill(
    *, device: Device, first: date, last: date, actor: Any | None
) -> DeviceCommand:
    """``DATA QUERY ATTLOG``: the machine uploads that period again; what we already have is
    recognised by its key and not stored twice."""
    start, end = _day_range(first, last)
    return command_queue(
        device=device,
        kind=CommandKind.QUERY_ATTLOG,
        command=QueryAttlog(start=start, end=end),
        actor=actor,
        params={"start": start.isoformat(sep=" "), "end": end.isoformat(sep=" ")},
    )


def command_reconcile(
    *, device: Device, first: date, last: date, actor: Any | None
) -> DeviceCommand:
    """``VERIFY SUM ATTLOG``: the machine counts its punches in the period; the answer is
    compared with what we stored from it (see :func:`stored_punch_count`)."""
    start, end = _day_range(first, last)
    return command_queue(
        device=device,
        kind=CommandKind.VERIFY_SUM,
        command=VerifySumAttlog(start=start, end=end),
        actor=actor,
        params={"start": start.isoformat(sep=" "), "end": end.isoformat(sep=" ")},
    )


SIMPLE_KINDS = {
    CommandKind.INFO: SimpleVerb.INFO,
    CommandKind.CHECK: SimpleVerb.CHECK,
    CommandKind.REBOOT: SimpleVerb.REBOOT,
}


def command_simple(*, device: Device, kind: CommandKind, actor: Any | None) -> DeviceCommand:
    """``INFO``, ``CHECK`` (reload settings; the machine also takes the time from our reply)
    or ``REBOOT``. INFO may go to a machine waiting for approval (to see what it is)."""
    return command_queue(
        device=device,
        kind=kind,
        command=SimpleCommand(SIMPLE_KINDS[kind]),
        actor=actor,
        allow_pending=kind == CommandKind.INFO,
    )


def stored_punch_count(*, device: Device, start: datetime, end: datetime) -> int:
    """Punches stored from this machine between two naive device-local times (inclusive)."""
    zone = region_timezone()
    return Punch.objects.filter(
        device=device,
        punched_at__gte=start.replace(tzinfo=zone),
        punched_at__lte=end.replace(tzinfo=zone),
    ).count()


def commands_cancel_open(*, device: Device) -> int:
    """A retired machine runs nothing more: its open commands fail with the reason."""
    return DeviceCommand.objects.filter(
        device=device, state__in=[CommandState.QUEUED, CommandState.SENT]
    ).update(state=CommandState.FAILED, done_at=timezone.now(), result={"message": MACHINE_RETIRED})


# --- the machine's side: polls and results -----------------------------------------------------


def _timeout() -> timedelta:
    return timedelta(minutes=settings.HADIR_DEVICE_COMMAND_TIMEOUT_MINUTES)


def _anything_due(device_id: int, now: datetime) -> bool:
    """Nearly every poll finds nothing, and polls are the busiest request a server gets: this
    check is one indexed statement without building an ORM query (a third of the time)."""
    table = connection.ops.quote_name(DeviceCommand._meta.db_table)
    stale = connection.ops.adapt_datetimefield_value(now - _timeout())
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 1 FROM {table} WHERE device_id = %s AND (state = %s OR "  # noqa: S608
            "(state = %s AND sent_at < %s)) LIMIT 1",
            [device_id, CommandState.QUEUED.value, CommandState.SENT.value, stale],
        )
        return cursor.fetchone() is not None


def commands_take_for_poll(*, device_id: int, now: datetime) -> str:
    """The ``getrequest`` reply: queued commands, and commands sent more than the timeout ago
    without an answer (sent again), marked sent. ``OK`` when there is nothing to do.

    One query when nothing is waiting, which is nearly every poll.
    """
    if not _anything_due(device_id, now):
        return REPLY_OK
    due = list(
        DeviceCommand.objects.filter(device_id=device_id)
        .filter(
            Q(state=CommandState.QUEUED) | Q(state=CommandState.SENT, sent_at__lt=now - _timeout())
        )
        .order_by("id")[:MAX_COMMANDS_PER_POLL]
    )
    if not due:
        return REPLY_OK
    give_up = [c for c in due if c.attempts >= DeviceCommand.MAX_ATTEMPTS]
    send = [c for c in due if c.attempts < DeviceCommand.MAX_ATTEMPTS]
    with transaction.atomic():
        for command in give_up:
            command.state = CommandState.FAILED
            command.done_at = now
            command.result = {"message": NO_ANSWER, "attempts": command.attempts}
        for command in send:
            command.state = CommandState.SENT
            command.sent_at = now
            command.attempts += 1
        DeviceCommand.objects.bulk_update(
            [*give_up, *send], ["state", "done_at", "result", "sent_at", "attempts"]
        )
    return render_getrequest_reply(list(_typed(send)))


def _typed(commands: Iterable[DeviceCommand]) -> Iterable[tuple[str, ProtocolCommand]]:
    for command in commands:
        issued = parse_command_line(f"C:{command.cmd_id}:{command.text}")
        if issued is None or not isinstance(
            issued.command,
            UpdateUser | DeleteUser | QueryAttlog | VerifySumAttlog | SimpleCommand,
        ):
            logger.error("stored command %s cannot be read back", command.pk)
            continue
        yield issued.cmd_id, issued.command


def _verify_sum_result(command: DeviceCommand, result: CommandResult) -> dict[str, Any]:
    start = datetime.fromisoformat(command.params["start"])
    end = datetime.fromisoformat(command.params["end"])
    stored = stored_punch_count(device=command.device, start=start, end=end)
    on_machine = result.attlog_sum
    return {
        "on_machine": on_machine,
        "stored": stored,
        "difference": None if on_machine is None else on_machine - stored,
    }


def info_health_fields(extra: dict[str, str]) -> dict[str, Any]:
    """Device fields from an ``INFO`` command result (``UserCount=...`` lines)."""
    fields: dict[str, Any] = {}
    for key, field in INFO_FIELDS.items():
        value = extra.get(key, "").strip()
        if value.isascii() and value.isdigit() and len(value) <= 9:  # "²" is a digit too
            fields[field] = int(value)
    if extra.get("FWVersion"):
        fields["firmware"] = extra["FWVersion"].strip()[:100]
    if extra.get("IPAddress"):
        fields["ip_address"] = extra["IPAddress"].strip()[:45]
    if extra.get("PushVersion"):
        fields["push_version"] = extra["PushVersion"].strip()[:20]
    return fields


@transaction.atomic
def commands_apply_results(
    *, device_id: int, results: Sequence[CommandResult], now: datetime
) -> int:
    """Close the commands a machine reports on. Results for ids we do not know (or for another
    machine) are logged and ignored; a repeated result overwrites the same row."""
    by_id = {
        c.cmd_id: c
        for c in DeviceCommand.objects.select_related("device").filter(
            device_id=device_id, cmd_id__in=[r.cmd_id for r in results]
        )
    }
    applied = 0
    for result in results:
        command = by_id.get(result.cmd_id)
        if command is None:
            logger.info("device %s: result for unknown command id", device_id)
            continue
        extra = dict(result.extra)
        data: dict[str, Any] = {"cmd": result.cmd, "message": result.message}
        if command.kind == CommandKind.VERIFY_SUM and result.ok:
            data.update(_verify_sum_result(command, result))
        if command.kind == CommandKind.INFO and result.ok:
            data["info"] = extra
            health = info_health_fields(extra)
            if health:
                Device.objects.filter(pk=device_id).update(info_at=now, **health)
        command.state = CommandState.DONE if result.ok else CommandState.FAILED
        command.return_code = result.return_code
        command.done_at = now
        command.result = data
        command.save(update_fields=["state", "return_code", "done_at", "result"])
        applied += 1
    return applied


def command_clock_fix(*, device: Device, drift_seconds: int, now: datetime) -> DeviceCommand:
    """The machine's clock is off: ask it to ``CHECK``, i.e. fetch its options again. The
    handshake reply carries our ``Date:`` header, which PUSH firmware sets its clock from."""
    queued = command_queue(
        device=device,
        kind=CommandKind.CHECK,
        command=SimpleCommand(SimpleVerb.CHECK),
        actor=None,
        params={"reason": "clock", "drift_seconds": drift_seconds},
    )
    Device.objects.filter(pk=device.pk).update(clock_fix_requested_at=now)
    return queued
