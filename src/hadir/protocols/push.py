"""PUSH ("ADMS", "iclock") request and reply helpers: the device is the HTTP client.

Covers the query string of every device request, the ``INFO=`` status a device attaches to
``getrequest``, and the ``OK: n`` upload reply. The handshake reply is in
:mod:`hadir.protocols.handshake`; bodies are parsed in :mod:`.attlog`, :mod:`.operlog`,
:mod:`.commands` and :mod:`.devicecmd`. Pure: no Django, no clock.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from urllib.parse import parse_qsl

from hadir.protocols._text import parse_int

SN_RE = re.compile(r"[A-Za-z0-9._-]{1,64}", re.ASCII)
_UPLOAD_REPLY_RE = re.compile(r"OK:\s*(\d{1,9})", re.ASCII)
REPLY_OK = "OK"
LANGUAGE_INDONESIAN = "73"

MSG_MISSING_SN = "Parameter SN tidak ada pada permintaan mesin."
MSG_INVALID_SN = "SN mesin tidak valid: {value}."


class PushQueryError(ValueError):
    """The device's query string cannot be used (answer 400)."""


class PushTable(StrEnum):
    ATTLOG = "ATTLOG"
    OPERLOG = "OPERLOG"
    ATTPHOTO = "ATTPHOTO"
    BIODATA = "BIODATA"
    OPTIONS = "options"
    ERRORLOG = "ERRORLOG"


@dataclass(frozen=True, slots=True)
class PushQuery:
    """The fields of a device request's query string (names matched case-insensitively)."""

    sn: str
    table: str | None = None
    stamp: str | None = None
    options: str | None = None
    pushver: str | None = None
    language: str | None = None
    info: str | None = None
    params: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def is_handshake(self) -> bool:
        """``GET /iclock/cdata?SN=..&options=all``: the device asks for its options."""
        return (self.options or "").lower() == "all"

    @property
    def table_kind(self) -> PushTable | None:
        if self.table is None:
            return None
        for kind in PushTable:
            if kind.value.lower() == self.table.lower():
                return kind
        return None

    @property
    def device_info(self) -> DeviceInfo | None:
        return parse_device_info(self.info) if self.info else None


def validate_sn(sn: str) -> str:
    """SNs are letters, digits, ``.``, ``_`` and ``-`` (1-64); anything else could inject lines."""
    if SN_RE.fullmatch(sn) is None:
        raise PushQueryError(MSG_INVALID_SN.format(value=repr(sn[:70])))
    return sn


def parse_push_query(query: str | Mapping[str, str]) -> PushQuery:
    """Read a raw query string (``SN=..&table=ATTLOG&Stamp=9999``) or an already parsed mapping.

    Raises :class:`PushQueryError` when SN is missing or malformed. A repeated parameter keeps
    its last value, as Django's ``QueryDict`` does.
    """
    pairs = parse_qsl(query, keep_blank_values=True) if isinstance(query, str) else query.items()
    params: dict[str, str] = {}
    lowered: dict[str, str] = {}
    for key, value in pairs:
        params[key] = value
        lowered[key.lower()] = value
    sn = lowered.get("sn")
    if not sn:
        raise PushQueryError(MSG_MISSING_SN)
    return PushQuery(
        sn=validate_sn(sn),
        table=lowered.get("table"),
        stamp=lowered.get("stamp"),
        options=lowered.get("options"),
        pushver=lowered.get("pushver"),
        language=lowered.get("language"),
        info=lowered.get("info"),
        params=MappingProxyType(params),
    )


# --- getrequest INFO -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DeviceInfo:
    """``INFO=`` on a ``getrequest``: firmware, counts and abilities, by position.

    Positions: firmware, users, fingerprints, attendance records, IP, fingerprint algorithm,
    face algorithm, faces needed to enrol, faces, function bits; PUSH 2.4 adds cards, user
    photos and attendance photos. Counts that are not numbers become None; positions beyond
    the known ones are kept in ``extra``.
    """

    firmware: str
    user_count: int | None = None
    fingerprint_count: int | None = None
    attlog_count: int | None = None
    ip_address: str = ""
    fingerprint_algorithm: str = ""
    face_algorithm: str = ""
    face_enroll_count: int | None = None
    face_count: int | None = None
    function_bits: str = ""
    card_count: int | None = None
    user_photo_count: int | None = None
    attphoto_count: int | None = None
    extra: tuple[str, ...] = ()

    @property
    def supports_fingerprint(self) -> bool:
        return self.function_bits[:1] == "1"

    @property
    def supports_face(self) -> bool:
        return self.function_bits[1:2] == "1"

    @property
    def supports_user_photo(self) -> bool:
        return self.function_bits[2:3] == "1"


def parse_device_info(value: str) -> DeviceInfo:
    """Split the (already URL-decoded) ``INFO`` value on commas. Never raises."""
    parts = [part.strip() for part in value.split(",")]
    parts += [""] * (13 - len(parts))

    def count(index: int) -> int | None:
        number = parse_int(parts[index])
        return number if number is not None and number >= 0 else None

    return DeviceInfo(
        firmware=parts[0],
        user_count=count(1),
        fingerprint_count=count(2),
        attlog_count=count(3),
        ip_address=parts[4],
        fingerprint_algorithm=parts[5],
        face_algorithm=parts[6],
        face_enroll_count=count(7),
        face_count=count(8),
        function_bits=parts[9],
        card_count=count(10),
        user_photo_count=count(11),
        attphoto_count=count(12),
        extra=tuple(parts[13:]),
    )


def render_device_info(info: DeviceInfo) -> str:
    """The ``INFO`` value a device sends (before URL encoding); used by the simulator."""

    def text(value: int | None) -> str:
        return "" if value is None else str(value)

    parts = [
        info.firmware,
        text(info.user_count),
        text(info.fingerprint_count),
        text(info.attlog_count),
        info.ip_address,
        info.fingerprint_algorithm,
        info.face_algorithm,
        text(info.face_enroll_count),
        text(info.face_count),
        info.function_bits,
    ]
    optional = [text(info.card_count), text(info.user_photo_count), text(info.attphoto_count)]
    if any(optional) or info.extra:
        parts += [*optional, *info.extra]
    return ",".join(parts)


# --- upload replies --------------------------------------------------------------------------


def render_upload_reply(processed: int) -> str:
    """``OK: n`` for a cdata upload; send it only after the records are committed.

    A bare ``OK`` made one firmware resend the same batch 220 times, so always give ``n``.
    """
    if processed < 0:
        raise ValueError("processed count cannot be negative")
    return f"OK: {processed}"


def parse_upload_reply(text: str) -> int | None:
    """The ``n`` of an ``OK: n`` (or ``OK:n``) reply, or None for anything else (incl. ``OK``)."""
    match = _UPLOAD_REPLY_RE.fullmatch(text.strip())
    return int(match.group(1)) if match else None
