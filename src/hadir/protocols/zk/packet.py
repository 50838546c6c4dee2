"""Packets: the 8-byte header, the checksum, and the TCP frame around them.

A payload is ``<HHHH`` (command, checksum, session id, reply number) followed by data.
Over UDP a datagram is exactly one payload. Over TCP each payload is wrapped in a frame:
``50 50 82 7d`` + uint32 LE payload length + payload.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from hadir.protocols.zk.constants import REPLY_NUMBER_MODULO, TCP_MAGIC
from hadir.protocols.zk.errors import ZkDecodeError

HEADER = struct.Struct("<4H")
HEADER_SIZE = HEADER.size
TCP_TOP = struct.Struct("<4sI")
TCP_TOP_SIZE = TCP_TOP.size

#: A declared TCP payload longer than this is taken as garbage, not as a frame to wait for.
MAX_TCP_PAYLOAD = 16 * 1024 * 1024


def checksum(header_and_data: bytes) -> int:
    """Checksum of a payload whose checksum field (bytes 2-3) is zero.

    The protocol's rule: add the payload as little-endian 16-bit words (an odd last byte
    counts as its own word), fold every carry above bit 15 back into the low 16 bits
    (one's-complement addition), then invert the 16 bits.

    Folding carries makes the sum congruent to the payload modulo 0xFFFF, because
    2**16 = 1 (mod 0xFFFF). Reading the whole payload as one little-endian integer and
    taking it modulo 0xFFFF therefore gives the folded sum in a single C-level operation,
    which matters for 64 KB DATA packets. The only ambiguity is 0 vs 0xFFFF (both are 0
    modulo 0xFFFF): the folded sum of non-zero data is never 0.
    """
    folded = int.from_bytes(header_and_data, "little") % 0xFFFF
    if folded == 0 and any(header_and_data):
        folded = 0xFFFF
    return 0xFFFF - folded


def next_reply_number(reply_number: int) -> int:
    """The reply number a client sends after ``reply_number`` (0..65534, then 0 again)."""
    return (reply_number + 1) % REPLY_NUMBER_MODULO


@dataclass(frozen=True, slots=True)
class Packet:
    """One decoded payload. ``checksum`` is the value found on the wire."""

    command: int
    checksum: int
    session_id: int
    reply_number: int
    data: bytes = b""

    @property
    def checksum_ok(self) -> bool:
        """Whether the transmitted checksum matches the header and data."""
        zeroed = HEADER.pack(self.command, 0, self.session_id, self.reply_number) + self.data
        return checksum(zeroed) == self.checksum


def encode_payload(command: int, session_id: int, reply_number: int, data: bytes = b"") -> bytes:
    """Header + data with the checksum filled in (a UDP datagram, or a TCP frame's body)."""
    zeroed = HEADER.pack(command, 0, session_id, reply_number) + data
    return HEADER.pack(command, checksum(zeroed), session_id, reply_number) + data


def decode_payload(payload: bytes) -> Packet:
    """Split a payload into header fields and data; does not judge the checksum."""
    if len(payload) < HEADER_SIZE:
        raise ZkDecodeError(f"payload of {len(payload)} bytes is shorter than the 8-byte header")
    command, chk, session_id, reply_number = HEADER.unpack_from(payload)
    return Packet(command, chk, session_id, reply_number, bytes(payload[HEADER_SIZE:]))


def frame_tcp(payload: bytes) -> bytes:
    """Wrap a payload in the TCP frame header."""
    return TCP_TOP.pack(TCP_MAGIC, len(payload)) + payload


def unframe_tcp(frame: bytes) -> bytes:
    """The payload of one complete TCP frame (exactly one frame, nothing after it)."""
    if len(frame) < TCP_TOP_SIZE or frame[:4] != TCP_MAGIC:
        raise ZkDecodeError("not a TCP frame: missing 50 50 82 7d")
    (length,) = struct.unpack_from("<I", frame, 4)
    if len(frame) - TCP_TOP_SIZE != length:
        raise ZkDecodeError(f"TCP frame declares {length} bytes but carries {len(frame) - 8}")
    return bytes(frame[TCP_TOP_SIZE:])


class TcpFrameDecoder:
    """Cuts a TCP byte stream into payloads, however the stream was split by the network.

    Bytes that cannot start a frame (no magic, or an absurd declared length) are skipped up
    to the next ``50 50 82 7d``; ``skipped_bytes`` counts them so callers can report it.
    """

    def __init__(self) -> None:
        self._buffer = bytearray()
        self._start = 0
        self.skipped_bytes = 0

    def feed(self, data: bytes) -> None:
        """Add bytes received from the socket."""
        if self._start and self._start >= len(self._buffer) // 2:
            del self._buffer[: self._start]
            self._start = 0
        self._buffer += data

    @property
    def pending(self) -> int:
        """Bytes held that do not yet form a complete frame."""
        return len(self._buffer) - self._start

    def next_payload(self) -> bytes | None:
        """The next complete payload, or None until more bytes arrive."""
        buf = self._buffer
        while len(buf) - self._start >= TCP_TOP_SIZE:
            start = self._start
            if buf[start : start + 4] != TCP_MAGIC:
                self._resync(start + 1)
                continue
            (length,) = struct.unpack_from("<I", buf, start + 4)
            if length < HEADER_SIZE or length > MAX_TCP_PAYLOAD:
                self._resync(start + 1)
                continue
            end = start + TCP_TOP_SIZE + length
            if len(buf) < end:
                return None
            self._start = end
            return bytes(buf[start + TCP_TOP_SIZE : end])
        return None

    def _resync(self, search_from: int) -> None:
        found = self._buffer.find(TCP_MAGIC, search_from)
        # Keep up to 3 trailing bytes: they may be the start of a magic split by the network.
        new_start = found if found >= 0 else max(search_from, len(self._buffer) - 3)
        self.skipped_bytes += new_start - self._start
        self._start = new_start
