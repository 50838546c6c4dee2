"""The user table (USERTEMP_RRQ with FCT_USER): 28-byte or 72-byte user records.

Older firmware ("ZK6") sends 28-byte records with a numeric user id; newer firmware
("ZK8", TFT screens) sends 72-byte records with the user id as text. Both carry ``uid``,
the machine's internal slot number, which is reused when a user is deleted and another
one enrolled: only the user id (PIN) identifies a person.

Passwords stored on the machine are deliberately not decoded.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from hadir.protocols.zk.errors import ZkDecodeError
from hadir.protocols.zk.fields import (
    decode_text,
    encode_text,
    infer_record_size,
    join_body,
    split_body,
)

# uid, privilege, password, name, card, (pad), group, time zone, user id (uint32)
_USER_28 = struct.Struct("< H B 5s 8s I x B h I")
# uid, privilege, password, name, card, (flag), group, (pad), user id (text)
_USER_72 = struct.Struct("< H B 8s 24s I B 7s x 24s")

USER_RECORD_SIZES = (_USER_28.size, _USER_72.size)


@dataclass(frozen=True, slots=True)
class DeviceUser:
    """One user enrolled on a machine."""

    uid: int
    user_id: str
    name: str = ""
    privilege: int = 0
    card: int = 0
    group_id: str = ""


def decode_user(record: bytes) -> DeviceUser:
    """One 28- or 72-byte user record."""
    if len(record) == _USER_28.size:
        uid, privilege, _pw, name, card, group, _tz, user_id = _USER_28.unpack(record)
        return DeviceUser(uid, str(user_id), decode_text(name), privilege, card, str(group))
    if len(record) == _USER_72.size:
        uid, privilege, _pw, name, card, _flag, group, user_id = _USER_72.unpack(record)
        return DeviceUser(
            uid, decode_text(user_id), decode_text(name), privilege, card, decode_text(group)
        )
    raise ZkDecodeError(f"user records are 28 or 72 bytes, not {len(record)}")


def encode_user(user: DeviceUser, size: int) -> bytes:
    """A user record as a machine stores it (ValueError when a field does not fit)."""
    if size == _USER_28.size:
        numeric = user.user_id.isascii() and user.user_id.isdigit()
        if not numeric or int(user.user_id) > 0xFFFFFFFF:
            raise ValueError(f"28-byte user records need a numeric user id, not {user.user_id!r}")
        group = int(user.group_id) if user.group_id else 0
        name = encode_text(user.name, 8, field="name", terminated=False)
        return _USER_28.pack(
            user.uid, user.privilege, b"", name, user.card, group, 0, int(user.user_id)
        )
    if size == _USER_72.size:
        return _USER_72.pack(
            user.uid,
            user.privilege,
            b"",
            encode_text(user.name, 24, field="name"),
            user.card,
            1,
            encode_text(user.group_id, 7, field="group", terminated=False),
            encode_text(user.user_id, 24, field="user id"),
        )
    raise ValueError(f"user records are 28 or 72 bytes, not {size}")


def decode_user_table(body: bytes, user_count: int | None) -> list[DeviceUser]:
    """The whole user data set (size prefix + records); ``user_count`` from the sizes reply."""
    declared, records = split_body(body)
    size = infer_record_size(declared, user_count, USER_RECORD_SIZES)
    if size is None:
        if declared == 0:
            return []
        raise ZkDecodeError(f"user data of {declared} bytes is not made of 28/72-byte records")
    usable = len(records) - len(records) % size
    return [decode_user(records[i : i + size]) for i in range(0, usable, size)]


def encode_user_table(users: Iterable[DeviceUser], size: int) -> bytes:
    """The user data set a machine sends: size prefix + records."""
    return join_body(b"".join(encode_user(user, size) for user in users))


def user_ids_by_uid(users: Iterable[DeviceUser]) -> Mapping[int, str]:
    """uid -> user id, leaving out uids claimed by more than one user id (ambiguous)."""
    seen: dict[int, str] = {}
    ambiguous: set[int] = set()
    for user in users:
        if user.uid in seen and seen[user.uid] != user.user_id:
            ambiguous.add(user.uid)
        seen[user.uid] = user.user_id
    return {uid: user_id for uid, user_id in seen.items() if uid not in ambiguous}
