"""The handshake reply: what the server tells a device answering ``options=all``.

First line exactly ``GET OPTION FROM: <SN>``, then ``Key=Value`` lines (LF). ``TimeZone`` is
hours from -12 to 12, or minutes beyond that (330 = +5:30). Pure: no Django, no clock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypeGuard

from hadir.protocols._text import parse_int
from hadir.protocols.push import validate_sn

_TRANS_TIME_RE = re.compile(r"([01]\d|2[0-3]):[0-5]\d", re.ASCII)
_FLAG_RE = re.compile(r"[A-Za-z]+", re.ASCII)
_STAMP_RE = re.compile(r"\d{1,18}", re.ASCII)
HANDSHAKE_PREFIX = "GET OPTION FROM: "
MAX_TRANS_TIMES = 10
MIN_TIMEZONE_MINUTES = -12 * 60
MAX_TIMEZONE_MINUTES = 14 * 60

DEFAULT_TRANS_FLAGS = (
    "AttLog",
    "OpLog",
    "AttPhoto",
    "EnrollUser",
    "ChgUser",
    "EnrollFP",
    "ChgFP",
    "UserPic",
)
# Position of each flag in the older bit-string form ``TransFlag=1111000000``.
TRANS_FLAG_BITS = (
    "AttLog",
    "OpLog",
    "AttPhoto",
    "EnrollFP",
    "EnrollUser",
    "FPImag",
    "ChgUser",
    "ChgFP",
    "FACE",
    "UserPic",
    "WORKCODE",
    "BioPhoto",
)


@dataclass(frozen=True, slots=True)
class HandshakeOptions:
    """What the server tells a device in reply to ``options=all``.

    Stamps: ``None`` renders ``None`` (device keeps its own idea); ``0`` asks the device to
    resend everything of that table, so only use 0 on purpose. ``Encrypt`` is always ``None``:
    we do not implement PUSH encryption.
    """

    attlog_stamp: int | None = None
    operlog_stamp: int | None = 9999
    attphoto_stamp: int | None = None
    error_delay: int = 30
    delay: int = 10
    trans_times: tuple[str, ...] = ("00:00", "14:05")
    trans_interval: int = 1
    trans_flags: tuple[str, ...] = DEFAULT_TRANS_FLAGS
    timezone_minutes: int = 7 * 60
    realtime: bool = True

    def __post_init__(self) -> None:
        for stamp in (self.attlog_stamp, self.operlog_stamp, self.attphoto_stamp):
            if stamp is not None and stamp < 0:
                raise ValueError("stamps are None or >= 0")
        if not 1 <= self.error_delay <= 86400 or not 1 <= self.delay <= 86400:
            raise ValueError("ErrorDelay and Delay are 1..86400 seconds")
        if not 0 <= self.trans_interval <= 1440:
            raise ValueError("TransInterval is 0..1440 minutes")
        if len(self.trans_times) > MAX_TRANS_TIMES:
            raise ValueError(f"at most {MAX_TRANS_TIMES} TransTimes")
        for value in self.trans_times:
            if _TRANS_TIME_RE.fullmatch(value) is None:
                raise ValueError(f"TransTimes entries are HH:MM, got {value!r}")
        for flag in self.trans_flags:
            if _FLAG_RE.fullmatch(flag) is None:
                raise ValueError(f"TransFlag entries are letters only, got {flag!r}")
        render_timezone(self.timezone_minutes)


def render_timezone(offset_minutes: int) -> str:
    """``TimeZone=`` value: whole hours from -12 to 12 as hours, anything else in minutes.

    ``420`` (WIB, UTC+7) renders ``7``; ``330`` (UTC+5:30) renders ``330``; ``780`` (UTC+13)
    renders ``780``. Offsets must be multiples of 15 minutes so that a minute value can never
    be read back as hours (the smallest non-hour value, 15, is above 12).
    """
    if not MIN_TIMEZONE_MINUTES <= offset_minutes <= MAX_TIMEZONE_MINUTES:
        raise ValueError("time zone offset must be between -12:00 and +14:00")
    if offset_minutes % 15:
        raise ValueError("time zone offset must be a multiple of 15 minutes")
    hours, remainder = divmod(offset_minutes, 60)
    if remainder == 0 and -12 <= hours <= 12:
        return str(hours)
    return str(offset_minutes)


def parse_timezone(text: str) -> int | None:
    """Inverse of :func:`render_timezone`: offset in minutes, or None if unreadable."""
    value = parse_int(text)
    if value is None:
        return None
    return value * 60 if -12 <= value <= 12 else value


def render_handshake(sn: str, options: HandshakeOptions) -> str:
    """The reply body for ``GET /iclock/cdata?SN=..&options=all`` (LF line ends)."""
    lines = [
        HANDSHAKE_PREFIX + validate_sn(sn),
        f"ATTLOGStamp={_render_stamp(options.attlog_stamp)}",
        f"OPERLOGStamp={_render_stamp(options.operlog_stamp)}",
        f"ATTPHOTOStamp={_render_stamp(options.attphoto_stamp)}",
        f"ErrorDelay={options.error_delay}",
        f"Delay={options.delay}",
        f"TransTimes={';'.join(options.trans_times)}",
        f"TransInterval={options.trans_interval}",
        "TransFlag=TransData " + "\t".join(options.trans_flags),
        f"TimeZone={render_timezone(options.timezone_minutes)}",
        f"Realtime={1 if options.realtime else 0}",
        "Encrypt=None",
    ]
    return "\n".join(lines) + "\n"


def parse_handshake(text: str) -> tuple[str, HandshakeOptions]:
    """Read a handshake reply (what a device does). Unknown keys are ignored, missing keys
    keep their defaults. Raises ValueError when the first line is not ``GET OPTION FROM:``."""
    lines = text.replace("\r\n", "\n").split("\n")
    first = lines[0].strip()
    if not first.startswith(HANDSHAKE_PREFIX.strip()):
        raise ValueError("not a handshake reply")
    sn = first.removeprefix(HANDSHAKE_PREFIX.strip()).strip()
    values: dict[str, str] = {}
    for line in lines[1:]:
        key, sep, value = line.partition("=")
        if sep:
            values[key.strip()] = value.strip()
    defaults = HandshakeOptions()
    timezone = parse_timezone(values.get("TimeZone", ""))
    options = HandshakeOptions(
        attlog_stamp=_parse_stamp(values.get("ATTLOGStamp"), defaults.attlog_stamp),
        operlog_stamp=_parse_stamp(values.get("OPERLOGStamp"), defaults.operlog_stamp),
        attphoto_stamp=_parse_stamp(values.get("ATTPHOTOStamp"), defaults.attphoto_stamp),
        error_delay=_bounded(values.get("ErrorDelay"), defaults.error_delay, 1, 86400),
        delay=_bounded(values.get("Delay"), defaults.delay, 1, 86400),
        trans_times=_parse_trans_times(values.get("TransTimes"), defaults.trans_times),
        trans_interval=_bounded(values.get("TransInterval"), defaults.trans_interval, 0, 1440),
        trans_flags=_parse_trans_flags(values.get("TransFlag"), defaults.trans_flags),
        timezone_minutes=timezone if _valid_timezone(timezone) else defaults.timezone_minutes,
        realtime=values.get("Realtime", "1").strip() == "1",
    )
    return sn, options


def _render_stamp(stamp: int | None) -> str:
    return "None" if stamp is None else str(stamp)


def _parse_stamp(text: str | None, default: int | None) -> int | None:
    if text is None:
        return default
    return int(text) if _STAMP_RE.fullmatch(text) else None


def _bounded(text: str | None, default: int, low: int, high: int) -> int:
    value = parse_int(text or "")
    return value if value is not None and low <= value <= high else default


def _valid_timezone(minutes: int | None) -> TypeGuard[int]:
    if minutes is None:
        return False
    try:
        render_timezone(minutes)
    except ValueError:
        return False
    return True


def _parse_trans_times(text: str | None, default: tuple[str, ...]) -> tuple[str, ...]:
    if text is None:
        return default
    parts = [part.strip() for part in text.split(";") if part.strip()]
    valid = [part for part in parts if _TRANS_TIME_RE.fullmatch(part)]
    return tuple(valid[:MAX_TRANS_TIMES])


def _parse_trans_flags(text: str | None, default: tuple[str, ...]) -> tuple[str, ...]:
    if text is None:
        return default
    if text.startswith("TransData"):
        names = text.removeprefix("TransData").replace(" ", "\t").split("\t")
        return tuple(name for name in names if _FLAG_RE.fullmatch(name))
    if text and set(text) <= {"0", "1"}:
        return tuple(name for name, bit in zip(TRANS_FLAG_BITS, text, strict=False) if bit == "1")
    return default
