"""Small pieces shared by the user-table and attendance-log decoders."""

from __future__ import annotations

import struct
from collections.abc import Sequence

from hadir.protocols.zk.errors import ZkDecodeError

_TOTAL = struct.Struct("<I")


def decode_text(field: bytes) -> str:
    """A NUL-terminated string field: UTF-8, or Latin-1 when it is not valid UTF-8."""
    raw = field.split(b"\x00", 1)[0]
    try:
        return raw.decode("utf-8").strip()
    except UnicodeDecodeError:
        return raw.decode("latin-1").strip()


def encode_text(value: str, size: int, *, field: str, terminated: bool = True) -> bytes:
    """A string field of ``size`` bytes, NUL padded; ValueError when it does not fit.

    ``terminated``: whether a NUL must remain after the text (true for most fields).
    """
    raw = value.encode("utf-8")
    room = size - 1 if terminated else size
    if len(raw) > room:
        raise ValueError(f"{field} {value!r} needs {len(raw)} bytes, the field holds {room}")
    return raw.ljust(size, b"\x00")


def split_body(body: bytes) -> tuple[int, bytes]:
    """A data set as machines send it: uint32 byte count, then the records.

    Returns the declared count and the record bytes actually present (never more than
    declared; fewer when the transfer came up short).
    """
    if len(body) < _TOTAL.size:
        if body:
            raise ZkDecodeError(f"data set of {len(body)} bytes has no 4-byte size prefix")
        return 0, b""
    (declared,) = _TOTAL.unpack_from(body)
    return declared, body[_TOTAL.size : _TOTAL.size + declared]


def join_body(records: bytes) -> bytes:
    """Prefix record bytes with their count, as a machine does."""
    return _TOTAL.pack(len(records)) + records


def infer_record_size(total: int, count: int | None, sizes: Sequence[int]) -> int | None:
    """Which of ``sizes`` the records have, from the byte total and the machine's count.

    ``total / count`` when that is one of ``sizes``. Otherwise (records added between the
    count and the read, a short count, no count) the size that divides ``total`` and whose
    record count is nearest to ``count``; with no count, the largest size that divides
    ``total``. None when no size divides ``total``.
    """
    if total == 0:
        return None
    if count and total % count == 0 and total // count in sizes:
        return total // count
    fitting = [size for size in sizes if total % size == 0]
    if not fitting:
        return None
    if not count:
        return max(fitting)
    return min(fitting, key=lambda size: (abs(total // size - count), -size))
