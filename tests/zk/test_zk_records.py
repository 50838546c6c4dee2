"""Attendance and user records: each size, rejected records, recycled uids."""

from __future__ import annotations

import struct
from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hadir.protocols.zk import (
    DeviceUser,
    RejectReason,
    ZkDecodeError,
    decode_attendance,
    decode_user,
    decode_user_table,
    encode_attendance_body,
    encode_attendance_record,
    encode_time,
    encode_user,
    encode_user_table,
)

MOMENT = datetime(2024, 8, 19, 7, 28, 45)
USERS = [DeviceUser(1, "1001", "Siti"), DeviceUser(2, "1002", "Budi"), DeviceUser(3, "77", "Agus")]


def _record(size: int, uid: int, user_id: str, **fields: int) -> bytes:
    values = {"status": 1, "punch": 15, "workcode": 3} | fields
    return encode_attendance_record(size, uid=uid, user_id=user_id, timestamp=MOMENT, **values)


# -- attendance layouts ----------------------------------------------------------------------


def test_8_byte_record_layout_and_uid_lookup() -> None:
    raw = _record(8, 2, "ignored")
    assert raw == struct.pack("<HBIB", 2, 1, encode_time(MOMENT), 15)
    log = decode_attendance(encode_attendance_body([raw]), 1, USERS)
    (punch,) = log.punches
    assert (punch.user_id, punch.timestamp, punch.status, punch.punch, punch.workcode) == (
        "1002",
        MOMENT,
        1,
        15,
        0,
    )
    assert (punch.uid, punch.raw, log.record_size) == (2, raw, 8)


def test_16_byte_record_layout() -> None:
    raw = _record(16, 9, "4294967295", status=4, punch=1, workcode=7)
    assert raw == struct.pack("<IIBB2xI", 4294967295, encode_time(MOMENT), 4, 1, 7)
    (punch,) = decode_attendance(encode_attendance_body([raw]), 1).punches
    assert (punch.user_id, punch.status, punch.punch, punch.workcode, punch.uid) == (
        "4294967295",
        4,
        1,
        7,
        None,
    )


def test_40_byte_record_layout() -> None:
    raw = _record(40, 3, "198501012010011001", status=15, punch=0)
    assert len(raw) == 40
    assert raw[2:20] == b"198501012010011001"
    assert raw[26] == 15
    assert struct.unpack_from("<I", raw, 27)[0] == encode_time(MOMENT)
    assert raw[31] == 0
    (punch,) = decode_attendance(encode_attendance_body([raw]), 1).punches
    assert (punch.user_id, punch.status, punch.punch, punch.uid) == ("198501012010011001", 15, 0, 3)


@pytest.mark.parametrize("size", [8, 16, 40])
@given(
    records=st.lists(
        st.tuples(
            st.sampled_from(USERS),
            st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31)),
            st.integers(0, 255),
            st.integers(0, 255),
            st.integers(0, 0xFFFFFFFF),
        ),
        max_size=30,
    )
)
def test_attendance_round_trip(
    size: int, records: list[tuple[DeviceUser, datetime, int, int, int]]
) -> None:
    body = encode_attendance_body(
        encode_attendance_record(
            size, uid=u.uid, user_id=u.user_id, timestamp=t, status=s, punch=p, workcode=w
        )
        for u, t, s, p, w in records
    )
    log = decode_attendance(body, len(records), USERS)
    assert log.rejected == ()
    assert [(p.user_id, p.timestamp) for p in log.punches] == [
        (u.user_id, t.replace(microsecond=0)) for u, t, *_ in records
    ]
    assert [p.workcode for p in log.punches] == [w if size == 16 else 0 for *_, w in records]


def test_empty_and_speedface_logs() -> None:
    assert decode_attendance(b"", 0).punches == ()
    assert decode_attendance(encode_attendance_body([]), 0).record_size is None


# -- what real logs contain --------------------------------------------------------------------


def test_uid_recycled_after_deletion_40_byte() -> None:
    # Siti (1001, uid 1) punched, was deleted; Rina (2002) was enrolled into uid 1.
    users_now = [DeviceUser(1, "2002", "Rina")]
    body = encode_attendance_body([_record(40, 1, "1001"), _record(40, 1, "2002")])
    log = decode_attendance(body, 2, users_now)
    assert [p.user_id for p in log.punches] == ["1001", "2002"]


def test_8_byte_record_of_a_deleted_user_is_kept_aside() -> None:
    body = encode_attendance_body([_record(8, 1, ""), _record(8, 9, "")])
    log = decode_attendance(body, 2, USERS)
    assert [p.user_id for p in log.punches] == ["1001"]
    (rejected,) = log.rejected
    assert (rejected.index, rejected.reason) == (1, RejectReason.UNKNOWN_UID)
    assert rejected.raw == _record(8, 9, "")


def test_8_byte_record_with_an_ambiguous_uid_is_kept_aside() -> None:
    users = [DeviceUser(4, "10"), DeviceUser(4, "11")]
    log = decode_attendance(encode_attendance_body([_record(8, 4, "")]), 1, users)
    assert log.punches == ()
    assert log.rejected[0].reason == RejectReason.UNKNOWN_UID


def test_impossible_time_is_kept_aside() -> None:
    good = _record(16, 0, "5")
    bad = struct.pack("<IIBB2xI", 5, ((24 * 12 + 1) * 31 + 30) * 86400, 0, 1, 0)  # 2024-02-31
    log = decode_attendance(encode_attendance_body([good, bad, good]), 3)
    assert len(log.punches) == 2
    (rejected,) = log.rejected
    assert (rejected.index, rejected.reason, rejected.raw) == (1, RejectReason.INVALID_TIME, bad)
    assert "2024-02-31" in rejected.detail


def test_records_without_user_id_are_kept_aside() -> None:
    no_id_16 = struct.pack("<IIBB2xI", 0, encode_time(MOMENT), 0, 1, 0)
    assert decode_attendance(encode_attendance_body([no_id_16]), 1).rejected[0].reason == (
        RejectReason.NO_USER_ID
    )
    no_id_40 = _record(40, 5, "")
    assert decode_attendance(encode_attendance_body([no_id_40]), 1).rejected[0].reason == (
        RejectReason.NO_USER_ID
    )


def test_truncated_transfer_keeps_whole_records_and_the_tail() -> None:
    records = b"".join(_record(16, 0, str(n)) for n in range(1, 4))
    body = struct.pack("<I", len(records)) + records[:-5]
    log = decode_attendance(body, 3)
    assert len(log.punches) == 2
    assert (log.declared_bytes, log.received_bytes) == (48, 43)
    assert log.rejected[0].reason == RejectReason.TRUNCATED
    assert log.rejected[0].raw == records[32:43]


def test_unknown_record_size_is_kept_whole() -> None:
    body = struct.pack("<I", 21) + b"\x01" * 21
    log = decode_attendance(body, 3)
    assert log.punches == ()
    assert log.rejected[0].reason == RejectReason.UNKNOWN_FORMAT
    assert log.rejected[0].raw == b"\x01" * 21


def test_record_count_off_by_new_punches_still_decodes() -> None:
    body = encode_attendance_body([_record(40, 1, "1001")] * 11)
    assert decode_attendance(body, 10).record_size == 40


# -- users ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [28, 72])
def test_user_round_trip(size: int) -> None:
    user = DeviceUser(
        uid=300, user_id="123456789", name="Wayan", privilege=14, card=7654321, group_id="1"
    )
    raw = encode_user(user, size)
    assert len(raw) == size
    assert decode_user(raw) == user
    assert decode_user_table(encode_user_table([user, user], size), 2) == [user, user]


def test_72_byte_user_keeps_text_ids_and_long_names() -> None:
    user = DeviceUser(2, "NIP198501012010011001", "Ni Luh Putu Ayu Lestari", 0, 0, "")
    assert decode_user(encode_user(user, 72)) == user


def test_28_byte_user_needs_a_numeric_id_and_short_name() -> None:
    with pytest.raises(ValueError, match="numeric"):
        encode_user(DeviceUser(1, "A12"), 28)
    with pytest.raises(ValueError, match="name"):
        encode_user(DeviceUser(1, "12", "Bambang Santoso"), 28)


def test_user_names_in_latin1_are_read() -> None:
    raw = bytearray(encode_user(DeviceUser(1, "5", "Jose"), 72))
    raw[11:16] = b"Jos\xe9\x00"
    assert decode_user(bytes(raw)).name == "José"


def test_user_table_with_an_odd_size_is_an_error() -> None:
    with pytest.raises(ZkDecodeError):
        decode_user_table(struct.pack("<I", 30) + b"\x00" * 30, 1)
    with pytest.raises(ZkDecodeError):
        decode_user(b"\x00" * 30)
    assert decode_user_table(b"", 0) == []
