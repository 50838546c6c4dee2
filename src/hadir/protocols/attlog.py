"""ATTLOG lines from ZKTeco-style machines: PUSH upload bodies and USB ``*_attlog.dat`` files.

Every non-blank line becomes either a :class:`ParsedPunch` or a :class:`RejectedLine` carrying
a reason code and a message in Bahasa Indonesia; nothing is dropped silently. Blank lines are
counted, so ``punches + rejected + blank_lines`` always equals the number of lines received.

Layouts (TAB-separated; see docs/protocols-push.md):

- PUSH: ``PIN, time, Status, Verify, Workcode, Reserved1, Reserved2[, MaskFlag, Temperature,
  ..., sequence number as the 11th field on newer firmware]``. We need at least PIN, time,
  Status and Verify (4 fields); real firmware sends 7 or more.
- USB classic: ``PIN (right-aligned with spaces), time, DeviceID, Status, Verify, WorkCode``.
- USB extended: the same first six columns, unpadded, followed by reserved columns (11 in all
  on the firmware seen). The column order was checked on a real 11-column export where columns
  3-5 are always ``1 0 1`` (machine 1, status 0 "in", verify 1 "fingerprint").

This module is pure: no clock, no Django. Whether a time is *plausible* (not in the future,
not year 2000 from a flat RTC battery) is for the caller, who knows the current time.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from hadir.protocols._text import (
    RawLine,
    format_device_datetime,
    parse_device_datetime,
    parse_int,
    quote_for_message,
    split_lines,
    to_bytes,
)

PIN_MAX_LENGTH = 24
# Real lines are under 100 bytes. A longer one is refused before it is split into fields
# (a 20 MB line of tabs would otherwise become millions of strings) and kept cut to this size.
MAX_LINE_BYTES = 1024
MIN_PUSH_FIELDS = 4
MIN_USB_FIELDS = 6
USB_CLASSIC_FIELDS = 6
USB_EXTENDED_FIELDS = 11
PUSH_SEQUENCE_INDEX = 10
_PIN_RE = re.compile(r"[A-Za-z0-9]+", re.ASCII)
_SEQ_RE = re.compile(r"\d{1,18}", re.ASCII)
_KEY_VERSION = "attlog-v1"


class AttlogLayout(StrEnum):
    PUSH = "push"
    USB_CLASSIC = "usb6"
    USB_EXTENDED = "usb11"


class RejectReason(StrEnum):
    EMPTY_PIN = "empty_pin"
    INVALID_PIN = "invalid_pin"
    PIN_TOO_LONG = "pin_too_long"
    BAD_DATETIME = "bad_datetime"
    BAD_NUMBER = "bad_number"
    TOO_FEW_FIELDS = "too_few_fields"
    TRUNCATED = "truncated"
    LINE_TOO_LONG = "line_too_long"


MSG_EMPTY_PIN = "PIN kosong: baris tidak memuat nomor pegawai."
MSG_INVALID_PIN = "PIN tidak valid: {value}. PIN hanya boleh berisi huruf dan angka."
MSG_PIN_TOO_LONG = "PIN terlalu panjang: {value} ({length} karakter, maksimal {maximum})."
MSG_BAD_DATETIME = "Tanggal/jam tidak valid: {value}. Periksa jam mesin."
MSG_BAD_NUMBER = "Kolom {column} harus berupa angka, bukan {value}."
MSG_NUMBER_TOO_BIG = "Kolom {column} di luar batas: {value} (mesin memakai 0 sampai 255)."
# Status, verify and machine numbers are stored as smallint (PostgreSQL refuses more).
NUMBER_LIMIT = 32767
MSG_TOO_FEW_FIELDS = (
    "Jumlah kolom kurang: {count} (minimal {minimum}). Format baris tidak dikenali."
)
MSG_LINE_TOO_LONG = (
    "Baris terlalu panjang: {length} byte (maksimal {maximum}). Ini bukan baris absensi dari "
    "mesin; periksa berkasnya."
)
MSG_TRUNCATED = (
    "Baris terakhir terpotong: {value}. Kiriman tidak lengkap; mesin biasanya mengirim ulang."
)


@dataclass(frozen=True, slots=True)
class ParsedPunch:
    """One attendance record as the machine wrote it (times are naive, in device local time)."""

    line_no: int
    raw: str
    pin: str
    punched_at: datetime
    status: int | None
    verify: int | None
    workcode: str
    device_seq: int | None
    layout: AttlogLayout
    field_count: int
    machine_no: int | None = None
    raw_bytes: bytes = field(default=b"", repr=False)

    def idempotency_key(self, device_sn: str) -> str:
        return punch_idempotency_key(device_sn=device_sn, pin=self.pin, punched_at=self.punched_at)


@dataclass(frozen=True, slots=True)
class RejectedLine:
    """A line we could not read, kept with why (``reason``) and what to tell a person."""

    line_no: int
    raw: str
    reason: RejectReason
    message: str
    raw_bytes: bytes = field(default=b"", repr=False)


@dataclass(frozen=True, slots=True)
class AttlogBatch:
    punches: tuple[ParsedPunch, ...]
    rejected: tuple[RejectedLine, ...]
    blank_lines: int

    @property
    def processed_count(self) -> int:
        """Records handled (stored or refused with a reason): the ``n`` in ``OK: n``.

        Refused lines count as processed because they are kept; answering a smaller ``n``
        would make the device resend the same batch forever.
        """
        return len(self.punches) + len(self.rejected)

    @property
    def total_lines(self) -> int:
        return self.processed_count + self.blank_lines


def is_valid_pin(pin: str) -> bool:
    """PIN rule shared by every channel: 1-24 ASCII letters or digits.

    Most machines use digits only, but firmware with alphanumeric user IDs exists and the
    40-byte user record has room for 24 characters, so letters are accepted; spaces,
    punctuation and non-ASCII are not. Leading zeros are kept: the PIN is text.
    """
    return len(pin) <= PIN_MAX_LENGTH and _PIN_RE.fullmatch(pin) is not None


def punch_idempotency_key(*, device_sn: str, pin: str, punched_at: datetime) -> str:
    """A stable key for "this person punched on this machine at this second".

    Built from the device serial number, the PIN and the local punch time only. Status,
    verify mode, work code and the firmware's sequence number are left out on purpose: the
    same punch arrives again through a resend, a whole-history upload, a ``DATA QUERY`` backfill,
    a firmware that writes 11 fields instead of 7, or a USB export (different columns, no
    sequence number, sometimes another status), and all of those must be recognised as one.
    A machine cannot record the same PIN twice in one second, so nothing real is merged.
    The PIN is compared as text (``'007'`` and ``'7'`` differ) because devices store it so.
    """
    if punched_at.tzinfo is not None:
        raise ValueError("punched_at must be naive device-local time")
    canonical = "\x1f".join(
        (_KEY_VERSION, device_sn.strip(), pin.strip(), format_device_datetime(punched_at))
    )
    return hashlib.sha256(canonical.encode("utf-8", errors="surrogatepass")).hexdigest()


def parse_push_attlog(body: bytes | str) -> AttlogBatch:
    """Parse the body of ``POST /iclock/cdata?table=ATTLOG``."""
    return _parse_lines(body, _parse_push_fields)


def parse_usb_attlog(content: bytes | str) -> AttlogBatch:
    """Parse a USB ``<DeviceID>_attlog.dat`` file, deciding classic/extended layout per line."""
    return _parse_lines(content, _parse_usb_fields)


def parse_push_attlog_line(
    text: str, *, line_no: int = 1, terminated: bool = True
) -> ParsedPunch | RejectedLine:
    line = RawLine(line_no=line_no, text=text, terminated=terminated, data=to_bytes(text))
    return _parse_push_fields(line)


def parse_usb_attlog_line(
    text: str, *, line_no: int = 1, terminated: bool = True
) -> ParsedPunch | RejectedLine:
    line = RawLine(line_no=line_no, text=text, terminated=terminated, data=to_bytes(text))
    return _parse_usb_fields(line)


def detect_usb_layout(fields: list[str]) -> AttlogLayout:
    """Six columns is the classic export; more (ignoring trailing empty ones) is extended."""
    significant = len(fields)
    while significant > USB_CLASSIC_FIELDS and not fields[significant - 1].strip():
        significant -= 1
    if significant <= USB_CLASSIC_FIELDS:
        return AttlogLayout.USB_CLASSIC
    return AttlogLayout.USB_EXTENDED


def render_push_attlog_line(
    *,
    pin: str,
    punched_at: datetime,
    status: int = 0,
    verify: int = 1,
    workcode: str = "0",
    device_seq: int | None = None,
    field_count: int = 7,
) -> str:
    """One PUSH line as firmware writes it: 7 fields, or 11 with the sequence number last."""
    head = [pin, format_device_datetime(punched_at), str(status), str(verify), workcode]
    if field_count == 7:
        return "\t".join([*head, "0", "0"])
    if field_count == 11:
        seq = "0" if device_seq is None else str(device_seq)
        return "\t".join([*head, "0", "0", "0", "0", "0", seq])
    raise ValueError("field_count must be 7 or 11")


def render_usb_attlog_line(
    *,
    pin: str,
    punched_at: datetime,
    machine_no: int = 1,
    status: int = 0,
    verify: int = 1,
    workcode: str = "0",
    layout: AttlogLayout = AttlogLayout.USB_CLASSIC,
    pin_width: int = 9,
) -> str:
    """One USB export line: classic (PIN right-aligned to ``pin_width``) or extended."""
    tail = [format_device_datetime(punched_at), str(machine_no), str(status), str(verify)]
    if layout is AttlogLayout.USB_CLASSIC:
        return "\t".join([pin.rjust(pin_width), *tail, workcode])
    if layout is AttlogLayout.USB_EXTENDED:
        return "\t".join([pin, *tail, workcode, "0", "0", "0", "0", "0"])
    raise ValueError("layout must be a USB layout")


# --- internals -------------------------------------------------------------------------------


class _Refusal(Exception):
    """Raised inside one line's parsing; turned into a RejectedLine, never escapes the module."""

    def __init__(self, reason: RejectReason, message: str, field_index: int) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message
        self.field_index = field_index


def _parse_lines(
    payload: bytes | str, parse_line: Callable[[RawLine], ParsedPunch | RejectedLine]
) -> AttlogBatch:
    punches: list[ParsedPunch] = []
    rejected: list[RejectedLine] = []
    blank = 0
    for line in split_lines(payload):
        if line.is_blank:
            blank += 1
            continue
        result = _too_long(line) if len(line.data) > MAX_LINE_BYTES else parse_line(line)
        if isinstance(result, ParsedPunch):
            punches.append(result)
        else:
            rejected.append(result)
    return AttlogBatch(punches=tuple(punches), rejected=tuple(rejected), blank_lines=blank)


def _too_long(line: RawLine) -> RejectedLine:
    message = MSG_LINE_TOO_LONG.format(length=len(line.data), maximum=MAX_LINE_BYTES)
    return RejectedLine(
        line_no=line.line_no,
        raw=line.text[:MAX_LINE_BYTES],
        reason=RejectReason.LINE_TOO_LONG,
        message=message,
        raw_bytes=line.data[:MAX_LINE_BYTES],
    )


def _parse_push_fields(line: RawLine) -> ParsedPunch | RejectedLine:
    fields = line.text.split("\t")
    try:
        _require_fields(fields, MIN_PUSH_FIELDS)
        pin = _read_pin(fields[0])
        punched_at = _read_datetime(fields[1])
        status = _read_number(fields, 2, "Status")
        verify = _read_number(fields, 3, "Verifikasi")
    except _Refusal as refusal:
        return _reject(line, fields, refusal)
    seq_text = fields[PUSH_SEQUENCE_INDEX].strip() if len(fields) > PUSH_SEQUENCE_INDEX else ""
    return ParsedPunch(
        line_no=line.line_no,
        raw=line.text,
        pin=pin,
        punched_at=punched_at,
        status=status,
        verify=verify,
        workcode=fields[4].strip() if len(fields) > 4 else "",
        device_seq=int(seq_text) if _SEQ_RE.fullmatch(seq_text) else None,
        layout=AttlogLayout.PUSH,
        field_count=len(fields),
        raw_bytes=line.data,
    )


def _parse_usb_fields(line: RawLine) -> ParsedPunch | RejectedLine:
    fields = line.text.split("\t")
    try:
        _require_fields(fields, MIN_USB_FIELDS)
        pin = _read_pin(fields[0])
        punched_at = _read_datetime(fields[1])
        machine_no = _read_number(fields, 2, "Nomor mesin")
        status = _read_number(fields, 3, "Status")
        verify = _read_number(fields, 4, "Verifikasi")
    except _Refusal as refusal:
        return _reject(line, fields, refusal)
    return ParsedPunch(
        line_no=line.line_no,
        raw=line.text,
        pin=pin,
        punched_at=punched_at,
        status=status,
        verify=verify,
        workcode=fields[5].strip(),
        device_seq=None,
        layout=detect_usb_layout(fields),
        field_count=len(fields),
        machine_no=machine_no,
        raw_bytes=line.data,
    )


def _require_fields(fields: list[str], minimum: int) -> None:
    if len(fields) < minimum:
        message = MSG_TOO_FEW_FIELDS.format(count=len(fields), minimum=minimum)
        raise _Refusal(RejectReason.TOO_FEW_FIELDS, message, len(fields) - 1)


def pin_refusal(text: str) -> tuple[RejectReason, str] | None:
    """Why a PIN as a channel sent it cannot be a PIN (``is_valid_pin``), in words for the
    operator, or None. Padding spaces are not a fault (USB files pad PINs)."""
    pin = text.strip()
    if not pin:
        return RejectReason.EMPTY_PIN, MSG_EMPTY_PIN
    if _PIN_RE.fullmatch(pin) is None:
        return RejectReason.INVALID_PIN, MSG_INVALID_PIN.format(value=quote_for_message(pin))
    if len(pin) > PIN_MAX_LENGTH:
        message = MSG_PIN_TOO_LONG.format(
            value=quote_for_message(pin), length=len(pin), maximum=PIN_MAX_LENGTH
        )
        return RejectReason.PIN_TOO_LONG, message
    return None


def _read_pin(text: str) -> str:
    refusal = pin_refusal(text)
    if refusal is not None:
        raise _Refusal(refusal[0], refusal[1], 0)
    return text.strip()


def _read_datetime(text: str) -> datetime:
    value = parse_device_datetime(text.strip())
    if value is None:
        message = MSG_BAD_DATETIME.format(value=quote_for_message(text.strip()))
        raise _Refusal(RejectReason.BAD_DATETIME, message, 1)
    return value


def _read_number(fields: list[str], index: int, column: str) -> int | None:
    text = fields[index].strip()
    if not text:
        return None
    value = parse_int(text)
    if value is None:
        message = MSG_BAD_NUMBER.format(column=column, value=quote_for_message(text))
        raise _Refusal(RejectReason.BAD_NUMBER, message, index)
    if abs(value) > NUMBER_LIMIT:
        message = MSG_NUMBER_TOO_BIG.format(column=column, value=quote_for_message(text))
        raise _Refusal(RejectReason.BAD_NUMBER, message, index)
    return value


def _reject(line: RawLine, fields: list[str], refusal: _Refusal) -> RejectedLine:
    """Report a cut-off last line as truncated when the cut explains the failure.

    The cut explains it when the line has no line end and the failing field is the last one
    present (too few fields, or a half-written time/number at the end).
    """
    if not line.terminated and refusal.field_index >= len(fields) - 1:
        reason = RejectReason.TRUNCATED
        message = MSG_TRUNCATED.format(value=quote_for_message(line.text))
    else:
        reason, message = refusal.reason, refusal.message
    return RejectedLine(
        line_no=line.line_no, raw=line.text, reason=reason, message=message, raw_bytes=line.data
    )
