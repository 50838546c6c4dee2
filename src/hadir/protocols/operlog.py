"""OPERLOG upload bodies: user records, the machine's operation log, and biometric templates.

``POST /iclock/cdata?table=OPERLOG`` mixes several kinds of line:

- ``USER PIN=..<TAB>Name=..<TAB>Pri=..<TAB>Passwd=..<TAB>Card=..<TAB>Grp=..<TAB>TZ=..``
- ``OPLOG <code><TAB><operator><TAB><time><TAB><target>...`` (who did what on the keypad)
- ``FP PIN=..<TAB>FID=..<TAB>Size=..<TAB>Valid=..<TAB>TMP=<base64>`` and its relatives
  ``FACE``, ``FVEIN``, ``BIODATA`` (templates) and ``USERPIC``, ``BIOPHOTO`` (pictures).

Templates, pictures and keypad passwords are personal data we do not need for attendance.
They never appear in ``repr`` or in the ``raw_redacted`` text; the payload is reachable only
through fields named ``sensitive_*`` so that the caller decides, visibly, to encrypt or drop.
Lines we do not understand are returned as :class:`UnrecognisedLine`, never dropped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType

from hadir.protocols._text import (
    parse_device_datetime,
    parse_int,
    quote_for_message,
    split_lines,
    to_bytes,
)
from hadir.protocols.attlog import is_valid_pin


class TemplateKind(StrEnum):
    FINGERPRINT = "fingerprint"
    FACE = "face"
    FINGER_VEIN = "finger_vein"
    BIODATA = "biodata"
    USER_PHOTO = "user_photo"
    BIO_PHOTO = "bio_photo"


_TEMPLATE_PREFIXES = {
    "FP": TemplateKind.FINGERPRINT,
    "FACE": TemplateKind.FACE,
    "FVEIN": TemplateKind.FINGER_VEIN,
    "BIODATA": TemplateKind.BIODATA,
    "USERPIC": TemplateKind.USER_PHOTO,
    "BIOPHOTO": TemplateKind.BIO_PHOTO,
}
_PAYLOAD_KEYS = ("tmp", "content")
# Keys whose values are hidden in any kept text (ID-card lines carry photos and templates).
_HIDDEN_KEYS = frozenset({"tmp", "content", "photo", "fptemplate1", "fptemplate2"})
_PASSWORD_KEY = "passwd"  # noqa: S105 - a field name
_USER_KEYS = ("pin", "name", "pri", "passwd", "card", "grp", "tz", "verify")

MSG_USER_BAD_PIN = "Data pengguna dengan PIN tidak valid: {value}."
MSG_TEMPLATE_BAD_PIN = "Template biometrik dengan PIN tidak valid: {value}."
MSG_UNKNOWN_LINE = "Jenis baris OPERLOG tidak dikenal."

# Operation codes (PUSH protocol appendix). The ones an auditor should see are flagged.
OPERATION_DESCRIPTIONS: Mapping[int, str] = MappingProxyType(
    {
        0: "Mesin dinyalakan",
        1: "Mesin dimatikan",
        2: "Verifikasi gagal",
        3: "Alarm",
        4: "Masuk menu",
        5: "Pengaturan diubah",
        6: "Sidik jari didaftarkan",
        7: "Kata sandi didaftarkan",
        8: "Kartu HID didaftarkan",
        9: "Pengguna dihapus",
        10: "Sidik jari dihapus",
        11: "Kata sandi dihapus",
        12: "Kartu RF dihapus",
        13: "Data dihapus",
        21: "Jam mesin diubah",
        22: "Kembali ke pengaturan pabrik",
        23: "Log absensi dihapus",
        24: "Hak admin dihapus",
        30: "Pengguna baru didaftarkan",
        32: "Alarm paksaan",
        35: "Foto absensi dihapus",
        36: "Data pengguna diubah",
        40: "Unggah ke flashdisk",
        41: "Unduh dari flashdisk",
        43: "Log dihapus setelah unduh ke flashdisk",
        70: "Nama pengguna diubah",
        71: "Hak pengguna diubah",
        101: "Wajah didaftarkan",
        106: "Wajah dihapus",
    }
)
AUDIT_OPERATION_CODES = frozenset({3, 13, 21, 22, 23, 24, 32, 43})


@dataclass(frozen=True, slots=True)
class UserRecord:
    """A ``USER`` line. The keypad password is only in ``sensitive_password``."""

    line_no: int
    pin: str
    name: str
    privilege: int | None
    card: str
    group: str
    timezones: str
    verify: int | None
    has_password: bool
    raw_redacted: str
    extra: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    sensitive_password: str = field(default="", repr=False)


@dataclass(frozen=True, slots=True)
class OperationLogEntry:
    """An ``OPLOG`` line: operation code, operator, time and up to four targets."""

    line_no: int
    op_code: int | None
    operator: str
    op_time: datetime | None
    targets: tuple[str, ...]
    raw: str

    @property
    def description(self) -> str:
        if self.op_code is None:
            return "Operasi tidak dikenal"
        return OPERATION_DESCRIPTIONS.get(self.op_code, f"Operasi kode {self.op_code}")

    @property
    def needs_audit(self) -> bool:
        """Clock changes, log deletion, resets and alarms: worth showing to an auditor."""
        return self.op_code in AUDIT_OPERATION_CODES


@dataclass(frozen=True, slots=True)
class BiometricTemplate:
    """A template or picture line. Only that it exists, whose, and how big is kept openly.

    ``sensitive_payload`` holds the base64 text exactly as sent; encrypt it or drop it.
    """

    line_no: int
    kind: TemplateKind
    pin: str
    index: str
    declared_size: int | None
    payload_length: int
    valid: int | None
    raw_redacted: str
    sensitive_payload: bytes = field(default=b"", repr=False)


@dataclass(frozen=True, slots=True)
class UnrecognisedLine:
    line_no: int
    raw_redacted: str
    message: str


@dataclass(frozen=True, slots=True)
class OperlogBatch:
    users: tuple[UserRecord, ...]
    operations: tuple[OperationLogEntry, ...]
    templates: tuple[BiometricTemplate, ...]
    unrecognised: tuple[UnrecognisedLine, ...]
    blank_lines: int

    @property
    def processed_count(self) -> int:
        """Every non-blank line, understood or kept as unrecognised: the ``n`` of ``OK: n``."""
        return len(self.users) + len(self.operations) + len(self.templates) + len(self.unrecognised)


def parse_operlog(body: bytes | str) -> OperlogBatch:
    """Parse an OPERLOG body. Never raises; never returns a password or template in clear
    outside a ``sensitive_*`` field."""
    users: list[UserRecord] = []
    operations: list[OperationLogEntry] = []
    templates: list[BiometricTemplate] = []
    unrecognised: list[UnrecognisedLine] = []
    blank = 0
    for line in split_lines(body):
        if line.is_blank:
            blank += 1
            continue
        prefix, _, rest = line.text.lstrip(" ").partition(" ")
        tag = prefix.upper()
        result: UserRecord | OperationLogEntry | BiometricTemplate | UnrecognisedLine
        if tag == "USER":
            result = _parse_user(line.line_no, rest)
        elif tag == "OPLOG":
            result = _parse_oplog(line.line_no, line.text, rest)
        elif tag in _TEMPLATE_PREFIXES:
            result = _parse_template(line.line_no, _TEMPLATE_PREFIXES[tag], prefix, rest)
        else:
            result = UnrecognisedLine(line.line_no, _redact_unknown(line.text), MSG_UNKNOWN_LINE)
        if isinstance(result, UserRecord):
            users.append(result)
        elif isinstance(result, OperationLogEntry):
            operations.append(result)
        elif isinstance(result, BiometricTemplate):
            templates.append(result)
        else:
            unrecognised.append(result)
    return OperlogBatch(
        users=tuple(users),
        operations=tuple(operations),
        templates=tuple(templates),
        unrecognised=tuple(unrecognised),
        blank_lines=blank,
    )


def _pairs(rest: str) -> list[tuple[str, str]]:
    """``Key=Value`` pieces in order (keys as sent); pieces without ``=`` keep an empty key."""
    pairs: list[tuple[str, str]] = []
    for piece in rest.split("\t"):
        key, sep, value = piece.partition("=")
        pairs.append((key.strip(), value) if sep else ("", piece))
    return pairs


def _redact(prefix: str, pairs: list[tuple[str, str]]) -> str:
    pieces: list[str] = []
    for key, value in pairs:
        lowered = key.lower()
        if lowered == _PASSWORD_KEY and value:
            value = "***"
        elif lowered in _HIDDEN_KEYS and value:
            value = f"<{len(value)} karakter disembunyikan>"
        pieces.append(f"{key}={value}" if key else value)
    return f"{prefix} " + "\t".join(pieces)


def _redact_unknown(text: str) -> str:
    prefix, _, rest = text.partition(" ")
    pairs = _pairs(rest)
    if any(key.lower() in _HIDDEN_KEYS | {_PASSWORD_KEY} for key, _ in pairs):
        return _redact(prefix, pairs)
    return text


def _lookup(pairs: list[tuple[str, str]]) -> dict[str, str]:
    return {key.lower(): value for key, value in pairs if key}


def _parse_user(line_no: int, rest: str) -> UserRecord | UnrecognisedLine:
    pairs = _pairs(rest)
    redacted = _redact("USER", pairs)
    values = _lookup(pairs)
    pin = values.get("pin", "").strip()
    if not is_valid_pin(pin):
        message = MSG_USER_BAD_PIN.format(value=quote_for_message(pin))
        return UnrecognisedLine(line_no, redacted, message)
    password = values.get(_PASSWORD_KEY, "")
    return UserRecord(
        line_no=line_no,
        pin=pin,
        name=values.get("name", "").strip(),
        privilege=parse_int(values.get("pri", "")),
        card=values.get("card", "").strip(),
        group=values.get("grp", "").strip(),
        timezones=values.get("tz", "").strip(),
        verify=parse_int(values.get("verify", "")),
        has_password=bool(password),
        raw_redacted=redacted,
        extra=MappingProxyType(
            {key: value for key, value in pairs if key and key.lower() not in _USER_KEYS}
        ),
        sensitive_password=password,
    )


def _parse_oplog(line_no: int, raw: str, rest: str) -> OperationLogEntry:
    fields = rest.split("\t")
    fields += [""] * (3 - len(fields))
    return OperationLogEntry(
        line_no=line_no,
        op_code=parse_int(fields[0]),
        operator=fields[1].strip(),
        op_time=parse_device_datetime(fields[2].strip()),
        targets=tuple(value.strip() for value in fields[3:]),
        raw=raw,
    )


def _parse_template(
    line_no: int, kind: TemplateKind, prefix: str, rest: str
) -> BiometricTemplate | UnrecognisedLine:
    pairs = _pairs(rest)
    redacted = _redact(prefix, pairs)
    values = _lookup(pairs)
    pin = values.get("pin", "").strip()
    if not is_valid_pin(pin):
        message = MSG_TEMPLATE_BAD_PIN.format(value=quote_for_message(pin))
        return UnrecognisedLine(line_no, redacted, message)
    payload = next((values[key] for key in _PAYLOAD_KEYS if key in values), "").strip()
    return BiometricTemplate(
        line_no=line_no,
        kind=kind,
        pin=pin,
        index=(values.get("fid") or values.get("no") or values.get("filename") or "").strip(),
        declared_size=parse_int(values.get("size", "")),
        payload_length=len(payload),
        valid=parse_int(values.get("valid", "")),
        raw_redacted=redacted,
        sensitive_payload=to_bytes(payload),
    )
