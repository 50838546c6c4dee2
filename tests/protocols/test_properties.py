"""Hypothesis properties: rendered lines parse back; no parser raises on arbitrary bytes."""

from __future__ import annotations

import string
from datetime import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hadir.protocols.attlog import (
    AttlogLayout,
    ParsedPunch,
    RejectedLine,
    parse_push_attlog,
    parse_push_attlog_line,
    parse_usb_attlog,
    parse_usb_attlog_line,
    punch_idempotency_key,
    render_push_attlog_line,
    render_usb_attlog_line,
)
from hadir.protocols.commands import (
    IssuedCommand,
    UpdateUser,
    format_command,
    parse_command_line,
    sanitize_name,
)
from hadir.protocols.devicecmd import parse_command_results
from hadir.protocols.handshake import (
    HandshakeOptions,
    parse_handshake,
    parse_timezone,
    render_handshake,
    render_timezone,
)
from hadir.protocols.operlog import parse_operlog
from hadir.protocols.push import parse_device_info, parse_push_query, parse_upload_reply

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

pins = st.text(string.ascii_letters + string.digits, min_size=1, max_size=24)
times = st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59))
whole_seconds = times.map(lambda value: value.replace(microsecond=0))
small = st.integers(min_value=0, max_value=255)
workcodes = st.text(string.digits, max_size=8)
sns = st.text(string.ascii_uppercase + string.digits, min_size=1, max_size=20)
# Payloads made of pieces devices send, plus anything at all.
device_ish = st.lists(
    st.sampled_from(
        [
            b"\t",
            b"\n",
            b"\r\n",
            b"\r",
            b" ",
            b"46",
            b"2025-01-29 06:58:48",
            b"0",
            b"15",
            b"\xff",
            b"\xef\xbb\xbf",
            b"\x00",
            b"=",
            b"&",
            b"ID=",
            b"USER ",
            b"OPLOG ",
            b"FP ",
            b"PIN=",
            b"TMP=",
            b"C:",
            b"-",
            b"2025-13-01 07:00:00",
        ]
    )
    | st.binary(max_size=8),
    max_size=40,
).map(b"".join)
payloads = st.binary(max_size=400) | device_ish


def _line_count(data: bytes) -> int:
    """Lines as devices mean them, counted without the parser."""
    if not data:
        return 0
    return data.count(b"\n") + (0 if data.endswith(b"\n") else 1)


@FAST
@given(
    pin=pins,
    at=whole_seconds,
    status=small,
    verify=small,
    workcode=workcodes,
    seq=st.integers(min_value=0, max_value=10**12),
    fields=st.sampled_from([7, 11]),
)
def test_push_line_round_trip(
    pin: str, at: datetime, status: int, verify: int, workcode: str, seq: int, fields: int
) -> None:
    line = render_push_attlog_line(
        pin=pin,
        punched_at=at,
        status=status,
        verify=verify,
        workcode=workcode,
        device_seq=seq,
        field_count=fields,
    )
    punch = parse_push_attlog_line(line)
    assert isinstance(punch, ParsedPunch)
    assert (punch.pin, punch.punched_at, punch.status, punch.verify) == (pin, at, status, verify)
    assert punch.workcode == workcode
    assert punch.device_seq == (seq if fields == 11 else None)
    assert punch.field_count == fields


@FAST
@given(
    pin=pins,
    at=whole_seconds,
    machine=small,
    status=small,
    verify=small,
    workcode=workcodes,
    layout=st.sampled_from(list(AttlogLayout)[1:]),
    width=st.integers(min_value=0, max_value=30),
)
def test_usb_line_round_trip(
    pin: str,
    at: datetime,
    machine: int,
    status: int,
    verify: int,
    workcode: str,
    layout: AttlogLayout,
    width: int,
) -> None:
    line = render_usb_attlog_line(
        pin=pin,
        punched_at=at,
        machine_no=machine,
        status=status,
        verify=verify,
        workcode=workcode,
        layout=layout,
        pin_width=width,
    )
    punch = parse_usb_attlog_line(line)
    assert isinstance(punch, ParsedPunch)
    assert (punch.pin, punch.punched_at, punch.machine_no) == (pin, at, machine)
    assert (punch.status, punch.verify, punch.workcode, punch.layout) == (
        status,
        verify,
        workcode,
        layout,
    )


@FAST
@given(sn=sns, pin=pins, at=whole_seconds, a=small, b=small, seq=st.integers(0, 10**9))
def test_key_is_the_same_across_every_format(
    sn: str, pin: str, at: datetime, a: int, b: int, seq: int
) -> None:
    lines = [
        parse_push_attlog_line(render_push_attlog_line(pin=pin, punched_at=at, status=a)),
        parse_push_attlog_line(
            render_push_attlog_line(
                pin=pin, punched_at=at, status=b, verify=a, device_seq=seq, field_count=11
            )
        ),
        parse_usb_attlog_line(render_usb_attlog_line(pin=pin, punched_at=at, status=b)),
    ]
    keys = {line.idempotency_key(sn) for line in lines if isinstance(line, ParsedPunch)}
    assert keys == {punch_idempotency_key(device_sn=sn, pin=pin, punched_at=at)}


@FAST
@given(data=payloads)
def test_attlog_parsers_never_raise_and_never_lose_a_line(data: bytes) -> None:
    for parse in (parse_push_attlog, parse_usb_attlog):
        batch = parse(data)
        assert batch.total_lines == _line_count(data)
        numbers = [p.line_no for p in batch.punches] + [r.line_no for r in batch.rejected]
        assert len(set(numbers)) == len(numbers)
        for rejected in batch.rejected:
            assert rejected.message
        lines = data.split(b"\n")[: _line_count(data)]
        results: list[ParsedPunch | RejectedLine] = [*batch.punches, *batch.rejected]
        for result in results:
            assert result.raw_bytes == lines[result.line_no - 1].removesuffix(b"\r")


@FAST
@given(text=st.text(max_size=300))
def test_attlog_parsers_accept_any_text(text: str) -> None:
    batch = parse_push_attlog(text)
    assert batch.total_lines == _line_count(text.encode("utf-8", errors="surrogatepass"))


@FAST
@given(data=payloads)
def test_other_parsers_never_raise(data: bytes) -> None:
    parse_command_results(data)
    batch = parse_operlog(data)
    for template in batch.templates:
        if template.sensitive_payload:
            assert template.sensitive_payload.decode(errors="replace") not in template.raw_redacted
    text = data.decode("utf-8", errors="replace")
    parse_device_info(text)
    parse_upload_reply(text)
    parse_timezone(text)
    for line in text.splitlines():
        parse_command_line(line)
    try:
        parse_handshake(text)
        parse_push_query(text)
    except ValueError:
        pass


@FAST
@given(
    pin=pins,
    name=st.text(max_size=40),
    privilege=st.integers(0, 14),
    password=st.text(string.digits, max_size=8),
    group=st.integers(0, 99),
    cmd_id=st.text(string.ascii_letters + string.digits, min_size=1, max_size=16),
)
def test_update_user_round_trip_with_any_name(
    pin: str, name: str, privilege: int, password: str, group: int, cmd_id: str
) -> None:
    command = UpdateUser(pin=pin, name=name, privilege=privilege, password=password, group=group)
    line = format_command(cmd_id, command)
    assert line.count("\t") == 5
    assert len(line.splitlines()) == 1
    expected = UpdateUser(pin, sanitize_name(name), privilege, password, "", group)
    assert parse_command_line(line) == IssuedCommand(cmd_id, expected)


@FAST
@given(
    minutes=st.integers(-48, 56).map(lambda quarter: quarter * 15),
    stamp=st.none() | st.integers(0, 10**9),
    error_delay=st.integers(1, 86400),
    delay=st.integers(1, 86400),
    realtime=st.booleans(),
)
def test_handshake_round_trip_property(
    minutes: int, stamp: int | None, error_delay: int, delay: int, realtime: bool
) -> None:
    options = HandshakeOptions(
        attlog_stamp=stamp,
        error_delay=error_delay,
        delay=delay,
        timezone_minutes=minutes,
        realtime=realtime,
    )
    assert parse_timezone(render_timezone(minutes)) == minutes
    assert parse_handshake(render_handshake("SN1", options)) == ("SN1", options)
