"""Server-to-device commands (``C:<CmdID>:<command>`` lines) and the device's results.

Commands are typed values (:class:`UpdateUser`, :class:`QueryAttlog`, ...) rendered by
:func:`format_command`, which validates every field so that nothing a user typed can add a
TAB or a line to the command. The same module parses command lines back (what a device does;
used by the simulator). Results posted to ``devicecmd`` are in :mod:`.devicecmd`.

Deliberately not offered: ``CLEAR LOG``/``CLEAR DATA`` (destroy the machine's only copy),
``Shell``, ``PutFile``/``GetFile`` and ``UPGRADE``. ``USER ADD``/``USER DEL``/``DATA DEL`` are
refused by real firmware (-1002) and are not offered either.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from hadir.protocols._text import (
    format_device_datetime,
    parse_device_datetime,
    parse_int,
    split_key_values,
)
from hadir.protocols.attlog import is_valid_pin
from hadir.protocols.push import REPLY_OK

CMD_ID_RE = re.compile(r"[A-Za-z0-9]{1,16}", re.ASCII)
_OPTION_KEY_RE = re.compile(r"[A-Za-z~][A-Za-z0-9_.]{0,63}", re.ASCII)
_PASSWORD_RE = re.compile(r"\d{0,8}", re.ASCII)
_CARD_RE = re.compile(r"\d{0,20}|\[[0-9A-Fa-f]{2,16}\]", re.ASCII)
PRIVILEGE_MAX = 14
GROUP_MAX = 99

MSG_BAD_CMD_ID = "ID perintah tidak valid: {value} (1-16 huruf/angka)."
MSG_BAD_PIN = "PIN tidak valid untuk perintah: {value}."
MSG_BAD_PRIVILEGE = "Hak akses harus 0-14, bukan {value}."
MSG_BAD_PASSWORD = "Kata sandi mesin hanya boleh angka, maksimal 8 digit."  # noqa: S105
MSG_BAD_CARD = "Nomor kartu tidak valid: {value}."
MSG_BAD_GROUP = "Grup harus 0-99, bukan {value}."
MSG_BAD_RANGE = "Rentang waktu tidak valid: awal harus sebelum atau sama dengan akhir."
MSG_BAD_OPTION = "Nama/nilai opsi tidak valid: {value}."


class CommandError(ValueError):
    """A command cannot be rendered safely; the message is for the person who asked."""


class SimpleVerb(StrEnum):
    CHECK = "CHECK"
    INFO = "INFO"
    REBOOT = "REBOOT"
    LOG = "LOG"
    RELOAD_OPTIONS = "RELOAD OPTIONS"


@dataclass(frozen=True, slots=True)
class UpdateUser:
    """``DATA UPDATE USERINFO``: create or change a user on the machine."""

    pin: str
    name: str = ""
    privilege: int = 0
    password: str = field(default="", repr=False)
    card: str = ""
    group: int = 1


@dataclass(frozen=True, slots=True)
class DeleteUser:
    pin: str


@dataclass(frozen=True, slots=True)
class QueryAttlog:
    """``DATA QUERY ATTLOG``: the device re-uploads that range through normal ATTLOG posts."""

    start: datetime
    end: datetime


@dataclass(frozen=True, slots=True)
class VerifySumAttlog:
    """``VERIFY SUM ATTLOG``: the device answers ``AttlogSum=<n>`` for the range."""

    start: datetime
    end: datetime


@dataclass(frozen=True, slots=True)
class SimpleCommand:
    verb: SimpleVerb


@dataclass(frozen=True, slots=True)
class SetOption:
    key: str
    value: str


@dataclass(frozen=True, slots=True)
class UnknownCommand:
    """A command line we (as a device) do not understand; only produced by parsing."""

    text: str


DeviceCommand = UpdateUser | DeleteUser | QueryAttlog | VerifySumAttlog | SimpleCommand | SetOption


@dataclass(frozen=True, slots=True)
class IssuedCommand:
    cmd_id: str
    command: DeviceCommand | UnknownCommand


def validate_command_id(cmd_id: str) -> str:
    if CMD_ID_RE.fullmatch(cmd_id) is None:
        raise CommandError(MSG_BAD_CMD_ID.format(value=repr(cmd_id[:40])))
    return cmd_id


def sanitize_name(name: str) -> str:
    """Make a person's name safe for a TAB-separated command: control characters (TAB, CR,
    LF, NUL, ...) become spaces, runs of whitespace collapse, ends are trimmed."""
    cleaned = "".join(" " if unicodedata.category(char)[0] in "CZ" else char for char in name)
    return " ".join(cleaned.split())


def format_command(cmd_id: str, command: DeviceCommand) -> str:
    """One ``C:<CmdID>:<command>`` line (no line end). Raises :class:`CommandError`."""
    return f"C:{validate_command_id(cmd_id)}:{_command_text(command)}"


def render_getrequest_reply(commands: Sequence[tuple[str, DeviceCommand]]) -> str:
    """The ``getrequest`` reply: ``OK`` when nothing is queued, else one command per line."""
    if not commands:
        return REPLY_OK
    return "\n".join(format_command(cmd_id, command) for cmd_id, command in commands) + "\n"


def command_echo(command: DeviceCommand | UnknownCommand) -> str:
    """The ``CMD=`` value a device puts in its result for this command."""
    if isinstance(command, UpdateUser | DeleteUser | QueryAttlog):
        return "DATA"
    if isinstance(command, VerifySumAttlog):
        return "VERIFY SUM"
    if isinstance(command, SimpleCommand):
        return command.verb.value
    if isinstance(command, SetOption):
        return "SET OPTION"
    return command.text.split(" ", 1)[0]


def _command_text(command: DeviceCommand) -> str:
    if isinstance(command, UpdateUser):
        return _update_user_text(command)
    if isinstance(command, DeleteUser):
        return f"DATA DELETE USERINFO PIN={_checked_pin(command.pin)}"
    if isinstance(command, QueryAttlog):
        return f"DATA QUERY ATTLOG {_range_text(command.start, command.end)}"
    if isinstance(command, VerifySumAttlog):
        return f"VERIFY SUM ATTLOG {_range_text(command.start, command.end)}"
    if isinstance(command, SetOption):
        return f"SET OPTION {_checked_option(command.key, command.value)}"
    return command.verb.value


def _update_user_text(command: UpdateUser) -> str:
    if not 0 <= command.privilege <= PRIVILEGE_MAX:
        raise CommandError(MSG_BAD_PRIVILEGE.format(value=command.privilege))
    if _PASSWORD_RE.fullmatch(command.password) is None:
        raise CommandError(MSG_BAD_PASSWORD)
    if _CARD_RE.fullmatch(command.card) is None:
        raise CommandError(MSG_BAD_CARD.format(value=repr(command.card[:40])))
    if not 0 <= command.group <= GROUP_MAX:
        raise CommandError(MSG_BAD_GROUP.format(value=command.group))
    fields = (
        f"PIN={_checked_pin(command.pin)}",
        f"Name={sanitize_name(command.name)}",
        f"Pri={command.privilege}",
        f"Passwd={command.password}",
        f"Card={command.card}",
        f"Grp={command.group}",
    )
    return "DATA UPDATE USERINFO " + "\t".join(fields)


def _checked_pin(pin: str) -> str:
    if not is_valid_pin(pin):
        raise CommandError(MSG_BAD_PIN.format(value=repr(pin[:40])))
    return pin


def _range_text(start: datetime, end: datetime) -> str:
    if start.tzinfo is not None or end.tzinfo is not None or start > end:
        raise CommandError(MSG_BAD_RANGE)
    return f"StartTime={format_device_datetime(start)}\tEndTime={format_device_datetime(end)}"


def _checked_option(key: str, value: str) -> str:
    unsafe = any(unicodedata.category(char)[0] == "C" for char in value)
    if _OPTION_KEY_RE.fullmatch(key) is None or unsafe:
        raise CommandError(MSG_BAD_OPTION.format(value=repr(f"{key}={value}"[:60])))
    return f"{key}={value}"


# --- parsing command lines (the device side) -------------------------------------------------


def parse_command_line(line: str) -> IssuedCommand | None:
    """Read ``C:<CmdID>:<command>``; None when the line is not a command at all."""
    head, sep, rest = line.rstrip("\r\n").partition(":")
    cmd_id, sep2, text = rest.partition(":")
    if head != "C" or not sep or not sep2 or CMD_ID_RE.fullmatch(cmd_id) is None:
        return None
    return IssuedCommand(cmd_id=cmd_id, command=_parse_command_text(text))


def parse_getrequest_reply(body: str) -> list[IssuedCommand]:
    """All commands in a ``getrequest`` reply (``OK`` and other lines yield nothing)."""
    commands = (parse_command_line(line) for line in body.splitlines())
    return [command for command in commands if command is not None]


def _parse_command_text(text: str) -> DeviceCommand | UnknownCommand:
    for verb in SimpleVerb:
        if text == verb.value:
            return SimpleCommand(verb)
    parsers = (
        ("DATA UPDATE USERINFO ", _parse_update_user),
        ("DATA DELETE USERINFO ", _parse_delete_user),
        ("DATA QUERY ATTLOG ", _parse_query_attlog),
        ("VERIFY SUM ATTLOG ", _parse_verify_sum),
        ("SET OPTION ", _parse_set_option),
    )
    for prefix, parser in parsers:
        if text.startswith(prefix):
            parsed = parser(text.removeprefix(prefix))
            return parsed if parsed is not None else UnknownCommand(text)
    return UnknownCommand(text)


def _parse_update_user(rest: str) -> DeviceCommand | None:
    values = split_key_values(rest)
    pin = values.get("PIN", "")
    privilege = parse_int(values.get("Pri", values.get("Privilege", "0")) or "0")
    group = parse_int(values.get("Grp", "1") or "1")
    if not is_valid_pin(pin) or privilege is None or group is None:
        return None
    return UpdateUser(
        pin=pin,
        name=values.get("Name", ""),
        privilege=privilege,
        password=values.get("Passwd", ""),
        card=values.get("Card", ""),
        group=group,
    )


def _parse_delete_user(rest: str) -> DeviceCommand | None:
    pin = split_key_values(rest).get("PIN", "")
    return DeleteUser(pin) if is_valid_pin(pin) else None


def _parse_range(rest: str) -> tuple[datetime, datetime] | None:
    values = split_key_values(rest)
    start = parse_device_datetime(values.get("StartTime", ""))
    end = parse_device_datetime(values.get("EndTime", ""))
    return (start, end) if start is not None and end is not None else None


def _parse_query_attlog(rest: str) -> DeviceCommand | None:
    bounds = _parse_range(rest)
    return QueryAttlog(*bounds) if bounds else None


def _parse_verify_sum(rest: str) -> DeviceCommand | None:
    bounds = _parse_range(rest)
    return VerifySumAttlog(*bounds) if bounds else None


def _parse_set_option(rest: str) -> DeviceCommand | None:
    key, sep, value = rest.partition("=")
    return SetOption(key, value) if sep and key else None
