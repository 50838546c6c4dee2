"""ATTLOG line parsing as tables: every layout, field count and way a line goes wrong."""

from __future__ import annotations

from datetime import datetime

import pytest

from hadir.protocols.attlog import (
    AttlogLayout,
    ParsedPunch,
    RejectedLine,
    RejectReason,
    detect_usb_layout,
    is_valid_pin,
    parse_push_attlog,
    parse_push_attlog_line,
    parse_usb_attlog,
    parse_usb_attlog_line,
    punch_idempotency_key,
)

T = datetime(2025, 1, 29, 6, 58, 48)

# (line, pin, status, verify, workcode, device_seq, field_count)
PUSH_ACCEPTED = [
    pytest.param("46\t2025-01-29 06:58:48\t0\t15", "46", 0, 15, "", None, 4, id="4-fields-minimum"),
    pytest.param("46\t2025-01-29 06:58:48\t0\t15\t0", "46", 0, 15, "0", None, 5, id="5-fields"),
    pytest.param("46\t2025-01-29 06:58:48\t0\t15\t0\t0\t0", "46", 0, 15, "0", None, 7, id="7"),
    pytest.param("46\t2025-01-29 06:58:48\t0\t15\t0\t0\t0\t0", "46", 0, 15, "0", None, 8, id="8"),
    pytest.param(
        "46\t2025-01-29 06:58:48\t0\t15\t0\t0\t0\t0\t36.5\t97.7",
        "46",
        0,
        15,
        "0",
        None,
        10,
        id="10-mask-temperature",
    ),
    pytest.param(
        "46\t2025-01-29 06:58:48\t0\t15\t0\t0\t0\t0\t0\t0\t10881",
        "46",
        0,
        15,
        "0",
        10881,
        11,
        id="11-with-sequence",
    ),
    pytest.param(
        "46\t2025-01-29 06:58:48\t0\t15\t0\t0\t0\t0\t0\t0\t10881\teyJHUFMiOnt9fQ==",
        "46",
        0,
        15,
        "0",
        10881,
        12,
        id="12-extend-data",
    ),
    pytest.param(
        "46\t2025-01-29 06:58:48\t0\t15\t0\t0\t0\t0\t0\t0\t+25200",
        "46",
        0,
        15,
        "0",
        None,
        11,
        id="11th-signed-is-time-offset-not-sequence",
    ),
    pytest.param("46\t2025-01-29 06:58:48\t0\t15\t\t0\t0", "46", 0, 15, "", None, 7, id="empty-wc"),
    pytest.param(
        "46\t2025-01-29 06:58:48\t\t\t\t\t", "46", None, None, "", None, 7, id="all-empty"
    ),
    pytest.param(
        "46\t2025-01-29 06:58:48\t0\t15\t0\t0\t0\t", "46", 0, 15, "0", None, 8, id="tab-end"
    ),
    pytest.param("46\t2025-01-29 06:58:48\t0\t1\t7\t\t", "46", 0, 1, "7", None, 7, id="2-tabs-end"),
    pytest.param(
        "  46 \t2025-01-29 06:58:48\t0\t1\t0\t0\t0", "46", 0, 1, "0", None, 7, id="spaces"
    ),
    pytest.param(
        "A12b\t2025-01-29 06:58:48\t5\t25\t0\t0\t0", "A12b", 5, 25, "0", None, 7, id="alnum"
    ),
    pytest.param("007\t2025-01-29 06:58:48\t0\t1\t0\t0\t0", "007", 0, 1, "0", None, 7, id="zeros"),
    pytest.param(
        "1" * 24 + "\t2025-01-29 06:58:48\t0\t1", "1" * 24, 0, 1, "", None, 4, id="pin-24"
    ),
    pytest.param(
        "46\t2025-01-29 06:58:48\t-1\t200\tx\t0\t0", "46", -1, 200, "x", None, 7, id="odd"
    ),
]


@pytest.mark.parametrize(
    ("line", "pin", "status", "verify", "workcode", "seq", "count"), PUSH_ACCEPTED
)
def test_push_line_accepted(
    line: str,
    pin: str,
    status: int | None,
    verify: int | None,
    workcode: str,
    seq: int | None,
    count: int,
) -> None:
    result = parse_push_attlog_line(line, line_no=3)
    assert isinstance(result, ParsedPunch)
    assert (result.pin, result.punched_at, result.status, result.verify) == (pin, T, status, verify)
    assert (result.workcode, result.device_seq, result.field_count) == (workcode, seq, count)
    assert result.layout is AttlogLayout.PUSH
    assert result.line_no == 3
    assert result.raw == line


PUSH_REJECTED = [
    pytest.param("", RejectReason.TOO_FEW_FIELDS, id="empty-line-alone"),
    pytest.param("46", RejectReason.TOO_FEW_FIELDS, id="1-field"),
    pytest.param("46\t2025-01-29 06:58:48", RejectReason.TOO_FEW_FIELDS, id="2-fields"),
    pytest.param("46\t2025-01-29 06:58:48\t0", RejectReason.TOO_FEW_FIELDS, id="3-fields"),
    pytest.param("\t2025-01-29 06:58:48\t0\t1\t0\t0\t0", RejectReason.EMPTY_PIN, id="empty-pin"),
    pytest.param("   \t2025-01-29 06:58:48\t0\t1", RejectReason.EMPTY_PIN, id="blank-pin"),
    pytest.param("\t\t\t\t\t\t", RejectReason.EMPTY_PIN, id="tabs-only"),
    pytest.param("4 6\t2025-01-29 06:58:48\t0\t1", RejectReason.INVALID_PIN, id="pin-space"),
    pytest.param("46-1\t2025-01-29 06:58:48\t0\t1", RejectReason.INVALID_PIN, id="pin-dash"),
    pytest.param("PIN=46\t2025-01-29 06:58:48\t0\t1", RejectReason.INVALID_PIN, id="key-value"),
    pytest.param("\u0664\u0666\t2025-01-29 06:58:48\t0\t1", RejectReason.INVALID_PIN, id="arabic"),
    pytest.param("1" * 25 + "\t2025-01-29 06:58:48\t0\t1", RejectReason.PIN_TOO_LONG, id="pin-25"),
    pytest.param("46\t2025-13-01 07:00:00\t0\t1", RejectReason.BAD_DATETIME, id="month-13"),
    pytest.param("46\t2025-02-30 07:00:00\t0\t1", RejectReason.BAD_DATETIME, id="feb-30"),
    pytest.param("46\t2025-01-29 24:00:00\t0\t1", RejectReason.BAD_DATETIME, id="hour-24"),
    pytest.param("46\t2025-01-29 06:58\t0\t1", RejectReason.BAD_DATETIME, id="no-seconds"),
    pytest.param("46\t2025-01-29T06:58:48\t0\t1", RejectReason.BAD_DATETIME, id="iso-t"),
    pytest.param("46\t29/01/2025 06:58:48\t0\t1", RejectReason.BAD_DATETIME, id="dmy"),
    pytest.param("46\t0000-01-01 00:00:00\t0\t1", RejectReason.BAD_DATETIME, id="year-0"),
    pytest.param("46\t\t0\t1", RejectReason.BAD_DATETIME, id="empty-time"),
    pytest.param("46\t2025-01-29 06:58:48\tin\t1", RejectReason.BAD_NUMBER, id="status-text"),
    pytest.param("46\t2025-01-29 06:58:48\t0\t1_5", RejectReason.BAD_NUMBER, id="verify-1_5"),
]


@pytest.mark.parametrize(("line", "reason"), PUSH_REJECTED)
def test_push_line_rejected(line: str, reason: RejectReason) -> None:
    result = parse_push_attlog_line(line, line_no=7)
    assert isinstance(result, RejectedLine)
    assert result.reason is reason
    assert result.line_no == 7
    assert result.raw == line
    assert result.message


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "46\t2025-13-01 07:00:00\t0\t1",
            "Tanggal/jam tidak valid: '2025-13-01 07:00:00'. Periksa jam mesin.",
        ),
        ("\t2025-01-29 06:58:48\t0\t1", "PIN kosong: baris tidak memuat nomor pegawai."),
        (
            "4 6\t2025-01-29 06:58:48\t0\t1",
            "PIN tidak valid: '4 6'. PIN hanya boleh berisi huruf dan angka.",
        ),
        (
            "1234567890123456789012345\t2025-01-29 06:58:48\t0\t1",
            "PIN terlalu panjang: '1234567890123456789012345' (25 karakter, maksimal 24).",
        ),
        (
            "46\t2025-01-29 06:58:48",
            "Jumlah kolom kurang: 2 (minimal 4). Format baris tidak dikenali.",
        ),
        (
            "46\t2025-01-29 06:58:48\tmasuk\t1",
            "Kolom Status harus berupa angka, bukan 'masuk'.",
        ),
    ],
)
def test_reject_messages_are_exact_indonesian(line: str, message: str) -> None:
    result = parse_push_attlog_line(line)
    assert isinstance(result, RejectedLine)
    assert result.message == message


# --- truncated last line --------------------------------------------------------------------

FULL = "46\t2025-01-29 06:58:48\t0\t15\t0\t0\t0\t0\t0\t0\t10881\n"


@pytest.mark.parametrize(
    ("tail", "outcome"),
    [
        pytest.param("46\t2025-01-29 06:5", RejectReason.TRUNCATED, id="mid-time"),
        pytest.param("46\t", RejectReason.TRUNCATED, id="after-pin"),
        pytest.param("4", RejectReason.TRUNCATED, id="mid-pin"),
        pytest.param("46\t2025-01-29 06:58:48\t0", RejectReason.TRUNCATED, id="after-status"),
        pytest.param("46\t2025-01-29 06:58:48\t0\t1", None, id="cut-after-verify-still-a-punch"),
        pytest.param("46\t2025-01-29 06:58:48\t0\t15\t0\t0\t0\t0\t0\t0\t108", None, id="in-seq"),
        pytest.param("46\t2025-13-29 06:58:48\t0\t1\t0", RejectReason.BAD_DATETIME, id="not-cut"),
    ],
)
def test_unterminated_last_line(tail: str, outcome: RejectReason | None) -> None:
    batch = parse_push_attlog(FULL + tail)
    assert len(batch.punches) + len(batch.rejected) == 2
    assert batch.punches[0].device_seq == 10881
    if outcome is None:
        assert len(batch.punches) == 2
    else:
        assert [line.reason for line in batch.rejected] == [outcome]
        assert batch.rejected[0].line_no == 2


def test_truncated_message_shows_the_cut_line() -> None:
    batch = parse_push_attlog(FULL + "46\t2025-01-29 06:5")
    assert batch.rejected[0].message == (
        "Baris terakhir terpotong: '46\\t2025-01-29 06:5'. "
        "Kiriman tidak lengkap; mesin biasanya mengirim ulang."
    )


def test_same_cut_text_in_the_middle_is_not_called_truncated() -> None:
    batch = parse_push_attlog("46\t2025-01-29 06:5\n" + FULL)
    assert [line.reason for line in batch.rejected] == [RejectReason.TOO_FEW_FIELDS]


# --- bodies: line ends, blank lines, encodings ----------------------------------------------

LINE_A = "1\t2025-01-29 07:00:00\t0\t1\t0\t0\t0"
LINE_B = "2\t2025-01-29 07:00:05\t0\t15\t0\t0\t0"


@pytest.mark.parametrize(
    ("body", "punches", "blank"),
    [
        pytest.param(f"{LINE_A}\n{LINE_B}\n", 2, 0, id="lf"),
        pytest.param(f"{LINE_A}\r\n{LINE_B}\r\n", 2, 0, id="crlf"),
        pytest.param(f"{LINE_A}\r\n{LINE_B}\n", 2, 0, id="mixed"),
        pytest.param(f"{LINE_A}\n{LINE_B}", 2, 0, id="no-final-lf"),
        pytest.param(f"\n{LINE_A}\n\n \n{LINE_B}\n\n", 2, 4, id="blank-lines"),
        pytest.param(f"{LINE_A}\r\n\r\n{LINE_B}\r\n", 2, 1, id="crlf-blank"),
        pytest.param("", 0, 0, id="empty-body"),
        pytest.param("\n", 0, 1, id="only-lf"),
    ],
)
def test_body_line_ends(body: str, punches: int, blank: int) -> None:
    for payload in (body, body.encode()):
        batch = parse_push_attlog(payload)
        assert len(batch.punches) == punches
        assert batch.rejected == ()
        assert batch.blank_lines == blank
        assert all("\r" not in punch.raw for punch in batch.punches)


def test_line_numbers_count_blank_lines() -> None:
    batch = parse_push_attlog(f"\n{LINE_A}\n\nbad\n{LINE_B}\n")
    assert [punch.line_no for punch in batch.punches] == [2, 5]
    assert [line.line_no for line in batch.rejected] == [4]
    assert batch.total_lines == 5
    assert batch.processed_count == 3


@pytest.mark.parametrize(
    ("raw", "outcome"),
    [
        pytest.param(b"1\t2025-01-29 07:00:00\t0\t1\t\xff\xfe\t0\t0", "punch", id="bad-workcode"),
        pytest.param(b"1\xff\t2025-01-29 07:00:00\t0\t1\t0\t0\t0", "invalid_pin", id="bad-pin"),
        pytest.param(b"1\t2025-01-29 07:00:0\xb0\t0\t1", "bad_datetime", id="bad-time"),
        pytest.param(b"\xef\xbb\xbf1\t2025-01-29 07:00:00\t0\t1", "punch", id="utf8-bom"),
        pytest.param(b"1\t2025-01-29 07:00:00\t0\t1\t\xe9\t0\t0", "punch", id="latin1-e-acute"),
    ],
)
def test_non_utf8_bytes_are_kept_exactly(raw: bytes, outcome: str) -> None:
    batch = parse_push_attlog(raw + b"\r\n")
    results: list[ParsedPunch | RejectedLine] = [*batch.punches, *batch.rejected]
    (result,) = results
    assert result.raw_bytes == raw
    if outcome == "punch":
        assert isinstance(result, ParsedPunch)
        assert result.pin == "1"
    else:
        assert isinstance(result, RejectedLine)
        assert result.reason == outcome
        assert "\\x" in result.raw


def test_undecodable_bytes_are_shown_not_replaced() -> None:
    batch = parse_push_attlog(b"1\t2025-01-29 07:00:00\t0\t1\t\xff\t0\t0\n")
    assert batch.punches[0].workcode == "\\xff"
    assert "\ufffd" not in batch.punches[0].raw


# --- USB files ------------------------------------------------------------------------------

# (line, pin, machine, status, verify, workcode, layout)
USB_ACCEPTED = [
    pytest.param(
        "        1\t2022-11-30 14:34:39\t1\t0\t1\t0", "1", 1, 0, 1, "0", "usb6", id="pad-9"
    ),
    pytest.param("    2\t2022-11-30 14:34:39\t1\t1\t0\t0", "2", 1, 1, 0, "0", "usb6", id="pad-5"),
    pytest.param(
        "123456789\t2022-11-30 14:34:39\t3\t4\t15\t8",
        "123456789",
        3,
        4,
        15,
        "8",
        "usb6",
        id="full-width",
    ),
    pytest.param(
        "13993\t2022-11-30 14:34:39\t1\t0\t1\t0\t0\t0\t0\t0\t0",
        "13993",
        1,
        0,
        1,
        "0",
        "usb11",
        id="eleven-unpadded",
    ),
    pytest.param(
        "        1\t2022-11-30 14:34:39\t1\t0\t1\t0\t",
        "1",
        1,
        0,
        1,
        "0",
        "usb6",
        id="six-plus-trailing-tab",
    ),
    pytest.param(
        "5\t2022-11-30 14:34:39\t1\t0\t1\t\t0\t0", "5", 1, 0, 1, "", "usb11", id="eight-columns"
    ),
    pytest.param(
        "        1\t2022-11-30 14:34:39\t\t\t\t", "1", None, None, None, "", "usb6", id="empties"
    ),
]


@pytest.mark.parametrize(
    ("line", "pin", "machine", "status", "verify", "workcode", "layout"), USB_ACCEPTED
)
def test_usb_line_accepted(
    line: str,
    pin: str,
    machine: int | None,
    status: int | None,
    verify: int | None,
    workcode: str,
    layout: str,
) -> None:
    result = parse_usb_attlog_line(line)
    assert isinstance(result, ParsedPunch)
    assert result.punched_at == datetime(2022, 11, 30, 14, 34, 39)
    assert (result.pin, result.machine_no, result.status, result.verify) == (
        pin,
        machine,
        status,
        verify,
    )
    assert result.workcode == workcode
    assert result.layout == layout
    assert result.device_seq is None


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        pytest.param("        1\t2022-11-30 14:34:39\t1\t0\t1", "too_few_fields", id="5-columns"),
        pytest.param(
            "1\t2022-11-30 14:34:39\t0\t1\t0\t0\t0", "punch", id="push-7-line-read-as-usb"
        ),
        pytest.param("         \t2022-11-30 14:34:39\t1\t0\t1\t0", "empty_pin", id="blank-pin"),
        pytest.param("        1\t2022-11-31 14:34:39\t1\t0\t1\t0", "bad_datetime", id="nov-31"),
        pytest.param("        1\t2022-11-30 14:34:39\tA\t0\t1\t0", "bad_number", id="machine"),
    ],
)
def test_usb_line_edge_cases(line: str, reason: str) -> None:
    result = parse_usb_attlog_line(line)
    if reason == "punch":
        assert isinstance(result, ParsedPunch)
    else:
        assert isinstance(result, RejectedLine)
        assert result.reason == reason


def test_usb_file_detects_layout_per_line() -> None:
    content = (
        "        1\t2022-11-30 14:34:39\t1\t0\t1\t0\r\n"
        "13993\t2026-07-20 06:48:24\t1\t0\t1\t0\t0\t0\t0\t0\t0\r\n"
        "\r\n"
        "   12\t2026-07-20 06:4"
    )
    batch = parse_usb_attlog(content.encode())
    assert [punch.layout for punch in batch.punches] == ["usb6", "usb11"]
    assert [line.reason for line in batch.rejected] == ["truncated"]
    assert batch.blank_lines == 1


@pytest.mark.parametrize(
    ("fields", "layout"),
    [
        (["1", "t", "1", "0", "1", "0"], AttlogLayout.USB_CLASSIC),
        (["1", "t", "1", "0", "1", "0", "", ""], AttlogLayout.USB_CLASSIC),
        (["1", "t", "1", "0", "1", "0", "0"], AttlogLayout.USB_EXTENDED),
        (["1", "t", "1", "0", "1", "0", "0", "0", "0", "0", "0"], AttlogLayout.USB_EXTENDED),
    ],
)
def test_detect_usb_layout(fields: list[str], layout: AttlogLayout) -> None:
    assert detect_usb_layout(fields) is layout


# --- PIN rule and idempotency key -----------------------------------------------------------


@pytest.mark.parametrize(
    ("pin", "valid"),
    [
        ("1", True),
        ("0001", True),
        ("A1b2", True),
        ("9" * 24, True),
        ("9" * 25, False),
        ("", False),
        (" 1", False),
        ("1.0", False),
        ("\u0661", False),
        ("é1", False),
    ],
)
def test_pin_rule(pin: str, valid: bool) -> None:
    assert is_valid_pin(pin) is valid


def test_key_ignores_status_verify_workcode_sequence_and_layout() -> None:
    seven = parse_push_attlog_line("46\t2025-01-29 06:58:48\t0\t1\t0\t0\t0")
    eleven = parse_push_attlog_line("46\t2025-01-29 06:58:48\t1\t15\t3\t0\t0\t0\t0\t0\t10881")
    usb = parse_usb_attlog_line("       46\t2025-01-29 06:58:48\t1\t4\t1\t0")
    assert isinstance(seven, ParsedPunch)
    assert isinstance(eleven, ParsedPunch)
    assert isinstance(usb, ParsedPunch)
    keys = {punch.idempotency_key("CNYG213260182") for punch in (seven, eleven, usb)}
    assert len(keys) == 1


@pytest.mark.parametrize(
    ("sn", "pin", "at"),
    [
        ("CNYG213260183", "46", T),
        ("CNYG213260182", "47", T),
        ("CNYG213260182", "046", T),
        ("CNYG213260182", "46", T.replace(second=49)),
    ],
)
def test_key_changes_with_device_pin_or_second(sn: str, pin: str, at: datetime) -> None:
    base = punch_idempotency_key(device_sn="CNYG213260182", pin="46", punched_at=T)
    assert punch_idempotency_key(device_sn=sn, pin=pin, punched_at=at) != base


def test_key_is_stable_text() -> None:
    key = punch_idempotency_key(device_sn="CNYG213260182", pin="46", punched_at=T)
    assert key == punch_idempotency_key(device_sn=" CNYG213260182", pin="46 ", punched_at=T)
    assert len(key) == 64
    assert set(key) <= set("0123456789abcdef")


def test_key_refuses_aware_datetimes() -> None:
    from datetime import UTC

    with pytest.raises(ValueError, match="naive"):
        punch_idempotency_key(device_sn="X", pin="1", punched_at=T.replace(tzinfo=UTC))
