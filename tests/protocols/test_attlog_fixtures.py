"""Replay every real device file in tests/fixtures (see PROVENANCE.md there).

Expected numbers were taken independently of the parser, with standard tools, e.g.::

    wc -l FILE
    awk -F'\\t' '{print NF}' FILE | sort | uniq -c                       # column counts
    awk -F'\\t' '{s[$4]++} END {for (x in s) print x, s[x]}' FILE          # status (USB col 4)
    awk -F'\\t' '{p=$1; gsub(/ /,"",p); k[p FS $2]++} END {print length(k)}' FILE
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest

from hadir.protocols.attlog import (
    AttlogLayout,
    RejectReason,
    parse_push_attlog,
    parse_usb_attlog,
    render_push_attlog_line,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
USB = FIXTURES / "usb_attlog"
PUSH = FIXTURES / "push_adms"

# file, lines (wc -l), layout, distinct PINs, first time, last time (min/max), status counts
USB_FILES = [
    pytest.param(
        "hafidzSabri_Project-JakartaNEWS__1_attlog.dat",
        384,
        AttlogLayout.USB_CLASSIC,
        13,
        "2022-11-30 14:34:39",
        "2022-12-30 16:21:51",
        {0: 272, 1: 109, 4: 3},
        id="jakarta",
    ),
    pytest.param(
        "joowdx_clockwork__1_attlog.dat",
        11902,
        AttlogLayout.USB_CLASSIC,
        90,
        "2020-02-24 10:52:43",
        "2022-03-07 08:01:28",
        {0: 6455, 1: 5385, 4: 15, 5: 47},
        id="clockwork",
    ),
    pytest.param(
        "kckdevelop_smartschool-v3__1_attlog.first5lines.dat",
        5,
        AttlogLayout.USB_EXTENDED,
        5,
        "2026-07-20 06:48:24",
        "2026-07-20 06:53:38",
        {0: 5},
        id="smartschool-11-columns",
    ),
    pytest.param(
        "tankwanghow_full_circle__1_attlog.transcribed.dat",
        13,
        AttlogLayout.USB_CLASSIC,
        2,
        "2015-06-22 17:33:15",
        "2015-06-23 19:11:34",
        {0: 13},
        id="full-circle",
    ),
]


@pytest.mark.parametrize(
    ("name", "lines", "layout", "pins", "first", "last", "statuses"), USB_FILES
)
def test_usb_file_replay(
    name: str,
    lines: int,
    layout: AttlogLayout,
    pins: int,
    first: str,
    last: str,
    statuses: dict[int, int],
) -> None:
    content = (USB / name).read_bytes()
    batch = parse_usb_attlog(content)
    assert len(batch.punches) == lines
    assert batch.rejected == ()
    assert batch.blank_lines == 0
    assert {punch.layout for punch in batch.punches} == {layout}
    assert len({punch.pin for punch in batch.punches}) == pins
    assert all(punch.pin == punch.pin.strip() and punch.pin.isdigit() for punch in batch.punches)
    times = [punch.punched_at for punch in batch.punches]
    assert min(times) == datetime.fromisoformat(first)
    assert max(times) == datetime.fromisoformat(last)
    assert Counter(punch.status for punch in batch.punches) == statuses
    assert {punch.machine_no for punch in batch.punches} == {1}
    assert [punch.raw_bytes for punch in batch.punches] == content.splitlines()
    keys = {punch.idempotency_key("USBDEVICE1") for punch in batch.punches}
    assert len(keys) == lines  # awk: every (PIN, time) pair in these files is distinct


def test_usb_verify_column_matches_awk() -> None:
    jakarta = parse_usb_attlog((USB / "hafidzSabri_Project-JakartaNEWS__1_attlog.dat").read_bytes())
    clockwork = parse_usb_attlog((USB / "joowdx_clockwork__1_attlog.dat").read_bytes())
    assert Counter(punch.verify for punch in jakarta.punches) == {1: 384}
    assert Counter(punch.verify for punch in clockwork.punches) == {0: 11902}


def test_usb_file_with_crlf_gives_the_same_punches() -> None:
    """The full_circle original was probably CRLF (455 bytes vs 442 for 13 lines)."""
    content = (USB / "tankwanghow_full_circle__1_attlog.transcribed.dat").read_bytes()
    crlf = content.replace(b"\n", b"\r\n")
    assert len(crlf) == 455
    plain, dos = parse_usb_attlog(content), parse_usb_attlog(crlf)
    assert [(p.pin, p.punched_at) for p in dos.punches] == [
        (p.pin, p.punched_at) for p in plain.punches
    ]


def test_mb10vl_batch_body() -> None:
    batch = parse_push_attlog((PUSH / "mb10vl_attlog_batch_body.txt").read_bytes())
    assert batch.rejected == ()
    assert [punch.pin for punch in batch.punches] == ["46", "41", "11", "47", "15", "12"]
    assert [punch.device_seq for punch in batch.punches] == list(range(10881, 10887))
    assert Counter(punch.verify for punch in batch.punches) == {1: 4, 15: 2}
    assert {punch.status for punch in batch.punches} == {0}
    assert {punch.field_count for punch in batch.punches} == {11}
    assert batch.processed_count == 6
    assert batch.punches[0].punched_at == datetime(2025, 1, 29, 6, 58, 48)


def test_mb10vl_checkout_lines() -> None:
    batch = parse_push_attlog((PUSH / "mb10vl_attlog_checkout_lines.txt").read_bytes())
    assert [(p.pin, p.status, p.verify, p.device_seq) for p in batch.punches] == [
        ("8", 1, 1, 10902),
        ("36", 1, 15, 10904),
    ]


def test_mb10vl_batch_cut_mid_line() -> None:
    """The truncated last line of the brief, made from the real body."""
    body = (PUSH / "mb10vl_attlog_batch_body.txt").read_bytes()
    cut = body + b"46\t2025-01-29 06:5"
    batch = parse_push_attlog(cut)
    assert len(batch.punches) == 6
    assert [(line.line_no, line.reason) for line in batch.rejected] == [(7, RejectReason.TRUNCATED)]
    assert batch.processed_count == 7


@pytest.mark.parametrize("cut_at", range(1, 60))
def test_every_cut_of_the_last_real_line_is_a_punch_or_truncated(cut_at: int) -> None:
    body = (PUSH / "mb10vl_attlog_batch_body.txt").read_bytes()
    head, last = body[: body.rindex(b"\n", 0, -1) + 1], body[body.rindex(b"\n", 0, -1) + 1 :]
    batch = parse_push_attlog(head + last[:cut_at])
    assert len(batch.punches) + len(batch.rejected) == 6
    for line in batch.rejected:
        assert line.reason is RejectReason.TRUNCATED


def test_same_punches_in_seven_field_format_have_the_same_keys() -> None:
    """A firmware change (11 -> 7 fields) must not duplicate a resent batch."""
    eleven = parse_push_attlog((PUSH / "mb10vl_attlog_batch_body.txt").read_bytes())
    seven_body = "\n".join(
        render_push_attlog_line(
            pin=p.pin, punched_at=p.punched_at, status=p.status or 0, verify=p.verify or 0
        )
        for p in eleven.punches
    )
    seven = parse_push_attlog(seven_body)
    sn = "CNYG213260182"
    assert [p.idempotency_key(sn) for p in seven.punches] == [
        p.idempotency_key(sn) for p in eleven.punches
    ]


def test_usb_export_and_push_upload_of_the_same_log_share_keys() -> None:
    """The same machine's log, once via USB and once via PUSH, is recognised as one."""
    usb = parse_usb_attlog((USB / "hafidzSabri_Project-JakartaNEWS__1_attlog.dat").read_bytes())
    push_body = "\n".join(
        render_push_attlog_line(
            pin=p.pin,
            punched_at=p.punched_at,
            status=p.status or 0,
            verify=p.verify or 0,
            device_seq=index,
            field_count=11,
        )
        for index, p in enumerate(usb.punches, start=1)
    )
    push = parse_push_attlog(push_body)
    sn = "JKT0001"
    assert {p.idempotency_key(sn) for p in push.punches} == {
        p.idempotency_key(sn) for p in usb.punches
    }
