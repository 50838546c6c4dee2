"""Turning device payloads into lines and values without losing a byte.

Devices send TAB-separated text with LF or CRLF line ends, sometimes with bytes that are not
UTF-8 and sometimes with the last line cut short. Everything here is shared by the ATTLOG,
OPERLOG and command-result parsers so that they all split and decode the same way.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime

DEVICE_DATETIME_LENGTH = 19
_DATETIME_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})", re.ASCII)
_INT_RE = re.compile(r"-?\d{1,9}", re.ASCII)
_UTF8_BOM = b"\xef\xbb\xbf"
_CONTROL_NAMES = {"\t": "\\t", "\r": "\\r", "\n": "\\n"}


@dataclass(frozen=True, slots=True)
class RawLine:
    """One line of a payload: its exact bytes, a readable decoding, and where it stood."""

    line_no: int
    text: str
    terminated: bool
    data: bytes = field(repr=False)

    @property
    def is_blank(self) -> bool:
        """Empty or spaces only. A line of TABs is *not* blank: it is an empty record."""
        return not self.text.strip(" ")


def to_bytes(payload: bytes | str) -> bytes:
    """Bytes as received; text is encoded as UTF-8 (lone surrogates kept, never raising)."""
    if isinstance(payload, bytes):
        return payload
    return payload.encode("utf-8", errors="surrogatepass")


def decode_lenient(data: bytes) -> str:
    """UTF-8 when valid; otherwise UTF-8 with undecodable bytes shown as ``\\xNN``.

    ``backslashreplace`` (rather than U+FFFD) keeps the text readable for an operator and
    shows exactly which bytes were wrong; the exact bytes stay in ``RawLine.data``. A NUL
    byte is shown as ``\\x00`` too.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("utf-8", errors="backslashreplace")
    # NUL is valid UTF-8 but PostgreSQL cannot store it in text: shown as \x00 like any
    # other byte that cannot be kept as is (found by fuzzing the PUSH endpoint).
    return text.replace("\x00", "\\x00")


def split_lines(payload: bytes | str) -> list[RawLine]:
    """Split on LF, drop one CR before it, number lines from 1, remember the unterminated tail.

    Blank lines are returned too (callers count them) so that line numbers match the payload.
    """
    data = to_bytes(payload)
    if not data:
        return []
    last_terminated = data.endswith(b"\n")
    parts = data.split(b"\n")
    if last_terminated:
        parts.pop()
    lines: list[RawLine] = []
    last_index = len(parts) - 1
    for index, part in enumerate(parts):
        chunk = part.removesuffix(b"\r")
        text = decode_lenient(chunk.removeprefix(_UTF8_BOM) if index == 0 else chunk)
        terminated = index < last_index or last_terminated
        lines.append(RawLine(line_no=index + 1, text=text, terminated=terminated, data=chunk))
    return lines


def format_device_datetime(value: datetime) -> str:
    """``YYYY-MM-DD HH:MM:SS`` in the device's local time; refuses aware datetimes.

    Formatted by hand because ``strftime('%Y')`` does not zero-pad years below 1000.
    """
    if value.tzinfo is not None:
        raise ValueError("device datetimes are naive local time; convert before formatting")
    return (
        f"{value.year:04d}-{value.month:02d}-{value.day:02d} "
        f"{value.hour:02d}:{value.minute:02d}:{value.second:02d}"
    )


def parse_device_datetime(text: str) -> datetime | None:
    """Parse exactly ``YYYY-MM-DD HH:MM:SS`` (ASCII digits) into a naive datetime, else None."""
    match = _DATETIME_RE.fullmatch(text)
    if match is None:
        return None
    year, month, day, hour, minute, second = (int(part) for part in match.groups())
    try:
        return datetime(year, month, day, hour, minute, second)  # noqa: DTZ001 - device local time
    except ValueError:
        return None


def parse_int(text: str) -> int | None:
    """An optionally signed ASCII integer of at most 9 digits, else None.

    ``int()`` alone would accept ``'1_0'`` and non-ASCII digits; devices never send those.
    """
    stripped = text.strip()
    if _INT_RE.fullmatch(stripped) is None:
        return None
    return int(stripped)


def quote_for_message(value: str, limit: int = 60) -> str:
    """The value in single quotes with TABs and other control characters made visible
    (``'46\\t2025-01-29 06:5'``), shortened to ``limit`` characters, for people to read."""
    if len(value) > limit:
        value = value[: limit - 3] + "..."
    return "'" + "".join(_visible(char) for char in value) + "'"


def _visible(char: str) -> str:
    if char in _CONTROL_NAMES:
        return _CONTROL_NAMES[char]
    if unicodedata.category(char)[0] != "C":
        return char
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def split_key_values(text: str, separator: str = "\t") -> dict[str, str]:
    """``Key=Value`` pairs split on ``separator``; the first ``=`` splits key from value.

    Pieces without ``=`` are ignored; a repeated key keeps its last value.
    """
    pairs: dict[str, str] = {}
    for piece in text.split(separator):
        key, sep, value = piece.partition("=")
        if sep:
            pairs[key.strip()] = value
    return pairs
