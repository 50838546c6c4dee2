"""The 4-byte answer to ACK_UNAUTH, derived from the machine's comm password (Comm Key).

A machine with a Comm Key set answers CONNECT with ACK_UNAUTH and a session id; the client
must then send AUTH carrying a key scrambled from the password and that session id:

1. mirror the 32 bits of the password (bit 0 becomes bit 31, and so on);
2. add the session id (modulo 2**32);
3. XOR the four little-endian bytes with the letters ``Z K S O``;
4. swap the two 16-bit halves;
5. XOR bytes 0, 1 and 3 with a one-byte "ticks" value and put the ticks value itself in
   byte 2 (the vendor SDK uses 50).

The machine reads the ticks from byte 2 and repeats the computation, so any ticks value
is accepted. Written from the public descriptions of the vendor's MakeKey routine and
checked in the tests against captured AUTH packets and against pyzk.
"""

from __future__ import annotations

DEFAULT_TICKS = 50
_MASK = b"ZKSO"


def _mirror_32_bits(value: int) -> int:
    return int(f"{value:032b}"[::-1], 2)


def make_comm_key(password: int, session_id: int, ticks: int = DEFAULT_TICKS) -> bytes:
    """AUTH data for ``password`` (0..4294967295) in session ``session_id``."""
    if not 0 <= password <= 0xFFFFFFFF:
        raise ValueError(f"comm password must fit in 32 bits, got {password}")
    if not 0 <= ticks <= 0xFF:
        raise ValueError(f"ticks must fit in one byte, got {ticks}")
    mixed = (_mirror_32_bits(password) + session_id) & 0xFFFFFFFF
    masked = bytes(b ^ m for b, m in zip(mixed.to_bytes(4, "little"), _MASK, strict=True))
    swapped = masked[2:4] + masked[0:2]
    return bytes((swapped[0] ^ ticks, swapped[1] ^ ticks, ticks, swapped[3] ^ ticks))


def comm_key_matches(data: bytes, password: int, session_id: int) -> bool:
    """Whether AUTH ``data`` proves knowledge of ``password`` (what a machine checks)."""
    if len(data) != 4:
        return False
    return data == make_comm_key(password, session_id, ticks=data[2])
