"""The attendance log (ATTLOG_RRQ): 8-, 16- or 40-byte records, decoded into punches.

The data set is a uint32 byte count followed by fixed-size records; the size is found by
dividing the byte count by the record count of the sizes reply:

* 8 bytes ``<H B I B``: uid, status, time, punch. No user id: the uid is looked up in the
  user table read in the same session (a uid whose user was deleted cannot be attributed).
* 16 bytes ``<I I B B 2x I``: numeric user id, time, status, punch, (reserved), workcode.
* 40 bytes ``<H 24s B I B 8x``: uid, user id text, verify type, time, in/out state,
  (reserved). For the same meaning as the other formats, and as pyzk reports it, the
  verify type goes to ``status`` and the in/out state to ``punch``.

Records that cannot become a punch are not dropped: they come back in
``AttendanceLog.rejected`` with their raw bytes and the reason.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from hadir.protocols.zk.errors import ZkDecodeError
from hadir.protocols.zk.fields import (
    decode_text,
    encode_text,
    infer_record_size,
    join_body,
    split_body,
)
from hadir.protocols.zk.timecodec import decode_time, encode_time
from hadir.protocols.zk.users import DeviceUser, user_ids_by_uid

_RECORD_8 = struct.Struct("< H B I B")
_RECORD_16 = struct.Struct("< I I B B 2x I")
_RECORD_40 = struct.Struct("< H 24s B I B 8s")
_RECORD_40_RESERVED = b"\x00\x00\x00\x00\xff\x00\x00\x00"  # as seen on TFT firmware

ATTENDANCE_RECORD_SIZES = (_RECORD_8.size, _RECORD_16.size, _RECORD_40.size)


class RejectReason(StrEnum):
    """Why a record did not become a punch."""

    INVALID_TIME = "invalid_time"  # the time field is not a real date in 2000-2099
    UNKNOWN_UID = "unknown_uid"  # 8-byte record whose uid is not (unambiguously) a user
    NO_USER_ID = "no_user_id"  # the record's user id is empty or zero
    TRUNCATED = "truncated"  # trailing bytes shorter than one record
    UNKNOWN_FORMAT = "unknown_format"  # the byte count fits no known record size


@dataclass(frozen=True, slots=True)
class Punch:
    """One attendance record. ``timestamp`` is the machine's naive local time.

    ``uid`` (the machine's slot number) is informative only: slots are reused, so punches
    are attributed by ``user_id``. 16-byte records carry no uid (None).
    """

    user_id: str
    timestamp: datetime
    status: int
    punch: int
    workcode: int
    uid: int | None
    raw: bytes


@dataclass(frozen=True, slots=True)
class RejectedRecord:
    """A record kept aside, with its position in the log and raw bytes."""

    index: int
    raw: bytes
    reason: RejectReason
    detail: str


@dataclass(frozen=True, slots=True)
class AttendanceLog:
    """The decoded log. ``declared_bytes``/``received_bytes``: the size prefix vs. reality."""

    punches: tuple[Punch, ...]
    rejected: tuple[RejectedRecord, ...]
    record_size: int | None
    declared_bytes: int
    received_bytes: int


EMPTY_LOG = AttendanceLog((), (), None, 0, 0)


def decode_attendance(
    body: bytes, record_count: int | None, users: Iterable[DeviceUser] = ()
) -> AttendanceLog:
    """Decode the attendance data set; ``users`` is needed only for 8-byte records."""
    declared, records = split_body(body)
    if declared == 0:
        return EMPTY_LOG
    size = infer_record_size(declared, record_count, ATTENDANCE_RECORD_SIZES)
    if size is None:
        detail = f"{declared} bytes fit no record size {ATTENDANCE_RECORD_SIZES}"
        reject = RejectedRecord(0, records, RejectReason.UNKNOWN_FORMAT, detail)
        return AttendanceLog((), (reject,), None, declared, len(records))
    user_ids = user_ids_by_uid(users) if size == _RECORD_8.size else {}
    punches: list[Punch] = []
    rejected: list[RejectedRecord] = []
    usable = len(records) - len(records) % size
    for index, start in enumerate(range(0, usable, size)):
        raw = records[start : start + size]
        try:
            punches.append(_decode_record(raw, user_ids))
        except _Rejected as exc:
            rejected.append(RejectedRecord(index, raw, exc.reason, exc.detail))
    if usable < len(records):
        tail = records[usable:]
        detail = f"{len(tail)} trailing bytes, records are {size} bytes"
        rejected.append(RejectedRecord(usable // size, tail, RejectReason.TRUNCATED, detail))
    return AttendanceLog(tuple(punches), tuple(rejected), size, declared, len(records))


class _Rejected(Exception):
    def __init__(self, reason: RejectReason, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def _time(value: int) -> datetime:
    try:
        return decode_time(value)
    except ZkDecodeError as exc:
        raise _Rejected(RejectReason.INVALID_TIME, str(exc)) from exc


def _decode_record(raw: bytes, user_ids: Mapping[int, str]) -> Punch:
    if len(raw) == _RECORD_40.size:
        uid, user_id_field, verify, time_value, state, _reserved = _RECORD_40.unpack(raw)
        user_id = decode_text(user_id_field)
        if not user_id:
            raise _Rejected(RejectReason.NO_USER_ID, f"empty user id (uid {uid})")
        return Punch(user_id, _time(time_value), verify, state, 0, uid, raw)
    if len(raw) == _RECORD_16.size:
        number, time_value, status, punch, workcode = _RECORD_16.unpack(raw)
        if number == 0:
            raise _Rejected(RejectReason.NO_USER_ID, "user id 0")
        return Punch(str(number), _time(time_value), status, punch, workcode, None, raw)
    uid, status, time_value, punch = _RECORD_8.unpack(raw)
    timestamp = _time(time_value)
    owner = user_ids.get(uid)
    if owner is None:
        raise _Rejected(RejectReason.UNKNOWN_UID, f"uid {uid} is not one user in the user table")
    return Punch(owner, timestamp, status, punch, 0, uid, raw)


def encode_attendance_record(
    size: int,
    *,
    uid: int,
    user_id: str,
    timestamp: datetime,
    status: int,
    punch: int,
    workcode: int = 0,
) -> bytes:
    """One record in the given format, as a machine stores it (for simulators and tests)."""
    time_value = encode_time(timestamp)
    if size == _RECORD_8.size:
        return _RECORD_8.pack(uid, status, time_value, punch)
    if size == _RECORD_16.size:
        return _RECORD_16.pack(int(user_id), time_value, status, punch, workcode)
    if size == _RECORD_40.size:
        user_id_field = encode_text(user_id, 24, field="user id")
        return _RECORD_40.pack(uid, user_id_field, status, time_value, punch, _RECORD_40_RESERVED)
    raise ValueError(f"attendance records are {ATTENDANCE_RECORD_SIZES} bytes, not {size}")


def encode_attendance_body(records: Iterable[bytes]) -> bytes:
    """The attendance data set a machine sends: size prefix + records."""
    return join_body(b"".join(records))
