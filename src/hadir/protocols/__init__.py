"""Wire formats of attendance machines, as pure functions over text and plain data.

No Django, no clock, no I/O: callers pass bytes in and get frozen dataclasses out.

- :mod:`hadir.protocols.attlog`: ATTLOG lines (PUSH bodies, USB ``*_attlog.dat``) and the
  punch idempotency key.
- :mod:`hadir.protocols.push`: PUSH query strings, ``INFO=``, ``OK: n``.
- :mod:`hadir.protocols.handshake`: the ``GET OPTION FROM`` reply and ``TimeZone``.
- :mod:`hadir.protocols.operlog`: OPERLOG bodies (users, operation log, templates).
- :mod:`hadir.protocols.commands`: ``C:<id>:<command>`` lines.
- :mod:`hadir.protocols.devicecmd`: results posted to ``/iclock/devicecmd``.
- :mod:`hadir.protocols.zk`: the binary pull protocol (port 4370), a separate area.

See docs/protocols-push.md.
"""

from hadir.protocols._text import format_device_datetime, parse_device_datetime
from hadir.protocols.attlog import (
    AttlogBatch,
    AttlogLayout,
    ParsedPunch,
    RejectedLine,
    RejectReason,
    is_valid_pin,
    parse_push_attlog,
    parse_usb_attlog,
    punch_idempotency_key,
)
from hadir.protocols.commands import (
    CommandError,
    DeviceCommand,
    format_command,
    render_getrequest_reply,
)
from hadir.protocols.devicecmd import CommandResult, describe_return_code, parse_command_results
from hadir.protocols.handshake import HandshakeOptions, render_handshake
from hadir.protocols.operlog import OperlogBatch, parse_operlog
from hadir.protocols.push import (
    DeviceInfo,
    PushQuery,
    PushQueryError,
    parse_push_query,
    render_upload_reply,
)

__all__ = [
    "AttlogBatch",
    "AttlogLayout",
    "CommandError",
    "CommandResult",
    "DeviceCommand",
    "DeviceInfo",
    "HandshakeOptions",
    "OperlogBatch",
    "ParsedPunch",
    "PushQuery",
    "PushQueryError",
    "RejectReason",
    "RejectedLine",
    "describe_return_code",
    "format_command",
    "format_device_datetime",
    "is_valid_pin",
    "parse_command_results",
    "parse_device_datetime",
    "parse_operlog",
    "parse_push_attlog",
    "parse_push_query",
    "parse_usb_attlog",
    "punch_idempotency_key",
    "render_getrequest_reply",
    "render_handshake",
    "render_upload_reply",
]
