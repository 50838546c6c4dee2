"""Reading a large data set: PREPARE_BUFFER, READ_BUFFER chunks, DATA packets, FREE_DATA.

1. The client sends PREPARE_BUFFER with ``01 <command:u16> <fct:u32> <ext:u32>``.
2. The machine answers DATA with the whole data set (small sets), or ACK_OK whose data
   holds the staged size at bytes 1-4 (``00 <size> <size> <4 unknown bytes>``).
3. For each chunk the client sends READ_BUFFER ``<start:i32> <length:i32>``; the machine
   answers PREPARE_DATA ``<length:u32> <packet size:u32>``, then one or more DATA packets
   (the session field counts them 0, 1, 2...), then ACK_OK, all with the request's reply
   number. Some firmware answers READ_BUFFER with a single DATA packet instead.
4. FREE_DATA releases the buffer.
"""

from __future__ import annotations

import struct

from hadir.protocols.zk.constants import Cmd
from hadir.protocols.zk.errors import ZkDecodeError
from hadir.protocols.zk.packet import Packet

_PREPARE_BUFFER = struct.Struct("<BHII")
_BUFFER_READY = struct.Struct("<BIII")
_READ_BUFFER = struct.Struct("<ii")
_PREPARE_DATA = struct.Struct("<II")


def encode_prepare_buffer(command: int, fct: int = 0, ext: int = 0) -> bytes:
    """PREPARE_BUFFER data asking to stage the data set of ``command``."""
    return _PREPARE_BUFFER.pack(1, command, fct, ext)


def decode_prepare_buffer(data: bytes) -> tuple[int, int, int]:
    """(command, fct, ext) of a PREPARE_BUFFER request."""
    if len(data) < _PREPARE_BUFFER.size:
        raise ZkDecodeError(f"PREPARE_BUFFER data is {len(data)} bytes, expected 11")
    _flag, command, fct, ext = _PREPARE_BUFFER.unpack_from(data)
    return command, fct, ext


def encode_buffer_ready(size: int) -> bytes:
    """ACK_OK data announcing a staged data set of ``size`` bytes.

    The last four bytes look like a checksum on real machines; clients ignore them.
    """
    return _BUFFER_READY.pack(0, size, size, 0)


def decode_buffer_ready(data: bytes) -> int:
    """Size of the staged data set, from the ACK_OK that answers PREPARE_BUFFER."""
    if len(data) < 5:
        raise ZkDecodeError(f"buffer-ready reply has {len(data)} data bytes, expected 13")
    (size,) = struct.unpack_from("<I", data, 1)
    return int(size)


def encode_read_buffer(start: int, length: int) -> bytes:
    """READ_BUFFER data for one chunk."""
    return _READ_BUFFER.pack(start, length)


def decode_read_buffer(data: bytes) -> tuple[int, int]:
    """(start, length) of a READ_BUFFER request."""
    if len(data) < _READ_BUFFER.size:
        raise ZkDecodeError(f"READ_BUFFER data is {len(data)} bytes, expected 8")
    start, length = _READ_BUFFER.unpack_from(data)
    return int(start), int(length)


def encode_prepare_data(length: int, packet_size: int) -> bytes:
    """PREPARE_DATA data: the bytes about to follow and the DATA packet size used."""
    return _PREPARE_DATA.pack(length, packet_size)


def decode_prepare_data(data: bytes) -> int:
    """Byte count announced by PREPARE_DATA."""
    if len(data) < 4:
        raise ZkDecodeError(f"PREPARE_DATA has {len(data)} data bytes, expected 4 or 8")
    (length,) = struct.unpack_from("<I", data)
    return int(length)


def plan_chunks(total: int, chunk_size: int) -> list[tuple[int, int]]:
    """(start, length) of every READ_BUFFER needed for ``total`` bytes."""
    if chunk_size <= 0:
        raise ValueError("chunk size must be positive")
    return [(start, min(chunk_size, total - start)) for start in range(0, total, chunk_size)]


class DataCollector:
    """Gathers the DATA packets that follow a PREPARE_DATA, until the closing ACK_OK.

    Feed it the packets of one transfer (same reply number, live events already removed).
    """

    def __init__(self, expected: int) -> None:
        self.expected = expected
        self._parts: list[bytes] = []
        self._received = 0
        self.done = False

    @property
    def received(self) -> int:
        """Data bytes gathered so far."""
        return self._received

    def add(self, packet: Packet) -> bool:
        """Take one packet; True once the transfer is complete."""
        if packet.command == Cmd.DATA:
            self._parts.append(packet.data)
            self._received += len(packet.data)
            if self._received > self.expected:
                raise ZkDecodeError(
                    f"transfer announced {self.expected} bytes but sent {self._received}"
                )
            return False
        if packet.command == Cmd.ACK_OK:
            if self._received != self.expected:
                raise ZkDecodeError(
                    f"transfer ended after {self._received} of {self.expected} bytes"
                )
            self.done = True
            return True
        raise ZkDecodeError(f"unexpected command {packet.command} inside a data transfer")

    def result(self) -> bytes:
        """The gathered bytes (call after ``add`` returned True)."""
        if not self.done:
            raise ZkDecodeError("transfer is not complete")
        return b"".join(self._parts)
