"""The GET_FREE_SIZES reply: counters and capacities, an array of little-endian int32.

Known positions: [4] users, [6] fingerprints, [8] attendance records, [10] operation log,
[12] admins, [13] passwords, [14] fingerprint capacity, [15] user capacity, [16] record
capacity, [17]/[18]/[19] what is still free of each, [20] faces, [22] face capacity.
Firmware answers anywhere from 80 to 92 bytes (and some shorter): absent fields are None.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

SIZES_FIELD_COUNT = 23

_USERS, _FINGERPRINTS, _RECORDS = 4, 6, 8
_FP_CAPACITY, _USER_CAPACITY, _RECORD_CAPACITY = 14, 15, 16
_FACES, _FACE_CAPACITY = 20, 22


@dataclass(frozen=True, slots=True)
class DeviceSizes:
    """What the machine says it holds. None: the reply was too short to carry the field."""

    users: int | None
    fingerprints: int | None
    records: int | None
    fingerprint_capacity: int | None
    user_capacity: int | None
    record_capacity: int | None
    faces: int | None = None
    face_capacity: int | None = None


def decode_sizes(data: bytes) -> DeviceSizes:
    """Read whatever fields a (possibly short) sizes reply carries."""
    count = len(data) // 4
    fields = struct.unpack_from(f"<{count}i", data)

    def field(index: int) -> int | None:
        return fields[index] if index < count else None

    return DeviceSizes(
        users=field(_USERS),
        fingerprints=field(_FINGERPRINTS),
        records=field(_RECORDS),
        fingerprint_capacity=field(_FP_CAPACITY),
        user_capacity=field(_USER_CAPACITY),
        record_capacity=field(_RECORD_CAPACITY),
        faces=field(_FACES),
        face_capacity=field(_FACE_CAPACITY),
    )


def encode_sizes(sizes: DeviceSizes, length: int = SIZES_FIELD_COUNT * 4) -> bytes:
    """The reply a machine would send, cut to ``length`` bytes (short replies for tests).

    The "still free" fields are derived from count and capacity.
    """
    fields = [0] * SIZES_FIELD_COUNT
    pairs = (
        (_USERS, sizes.users),
        (_FINGERPRINTS, sizes.fingerprints),
        (_RECORDS, sizes.records),
        (_FP_CAPACITY, sizes.fingerprint_capacity),
        (_USER_CAPACITY, sizes.user_capacity),
        (_RECORD_CAPACITY, sizes.record_capacity),
        (_FACES, sizes.faces),
        (_FACE_CAPACITY, sizes.face_capacity),
    )
    for index, value in pairs:
        fields[index] = value or 0
    for free, used, capacity in ((17, 6, 14), (18, 4, 15), (19, 8, 16)):
        fields[free] = max(fields[capacity] - fields[used], 0)
    return struct.pack(f"<{SIZES_FIELD_COUNT}i", *fields)[:length]
