"""Flashdisk files (``<DeviceID>_attlog.dat``): upload -> preview (nothing written) -> confirm.

Confirming hands the punches to the one ingestion service with the machine's SN, so a punch
that also came by PUSH (or in an earlier file) is recognised and not stored twice.

Lines outside the policy window are not counted but kept in quarantine with the reason:
older than ``HADIR_USB_MAX_AGE_DAYS`` (late data needs a correction request, not a file), or
more than one day in the future (a machine with a wrong clock).

The upload is copied to disk in chunks (never whole in memory from the request) and refused,
in words, when over ``HADIR_USB_MAX_BYTES`` or ``HADIR_UPLOAD_MAX_ROWS`` lines; a refused file
is kept as a ``refused`` record with its reason.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hadir.audit.services import audit_record
from hadir.devices.models import Device, DeviceState, UsbImport, UsbImportState
from hadir.devices.services import ALREADY_REGISTERED, clean_sn, device_register
from hadir.org.models import Unit
from hadir.org.selectors import region_timezone
from hadir.people.models import Employee
from hadir.people.pins import normalize_pin
from hadir.protocols.attlog import parse_usb_attlog, punch_idempotency_key
from hadir.punches.models import Punch, PunchSource
from hadir.punches.services import (
    IncomingPunch,
    IncomingRejected,
    ingest_summary,
    punches_ingest,
)
from hadir.uploads import UploadRefused, upload_store_stream

OUT_OF_WINDOW = "out_of_window"
FUTURE_TOLERANCE = timedelta(days=1)
PROBLEMS_SHOWN = 200
KEY_CHUNK = 500
SIZE_CEILING = 2**31 - 1  # PositiveIntegerField's ceiling, for a refused giant upload
# Files that are certainly not a machine's text export.
BINARY_SIGNATURES = (
    b"MZ",  # Windows program
    b"\x7fELF",  # Linux program
    b"\xcf\xfa\xed\xfe",  # macOS program
    b"#!",  # script
    b"PK\x03\x04",  # zip, xlsx, docx
    b"%PDF",
    b"\x89PNG",
    b"\xff\xd8\xff",  # jpeg
    b"Rar!",
    b"\x1f\x8b",  # gzip
    b"7z\xbc\xaf",
)

FILE_TOO_LARGE = gettext_noop(
    "The file is %(size)d KB; the limit is %(limit)d KB. Split it into smaller files."
)
TOO_MANY_LINES = gettext_noop(
    "The file has more than %(limit)d lines. Copy only recent attendance from the machine "
    "(download by date), or split the file into parts of at most %(limit)d lines."
)
FILE_EMPTY = gettext_noop("The file is empty.")
NOT_TEXT = gettext_noop(
    "This file is not an attendance export from a fingerprint machine: it looks like a "
    "program or another binary file. Choose the file named like 1_attlog.dat on the flashdisk."
)
NO_LINES = gettext_noop("The file holds no attendance lines.")
TOO_OLD = gettext_noop(
    "Punch older than %(days)d days: not counted. Late attendance needs a correction request."
)
IN_FUTURE = gettext_noop("Punch more than one day in the future: check the machine's clock.")
NEED_UNIT = gettext_noop("The machine %(sn)s is not registered yet: choose its unit.")
ALREADY_DONE = gettext_noop("This file was already saved or cancelled.")


@dataclass(frozen=True, slots=True)
class Sorted:
    """A file's lines sorted into what confirming would do with them."""

    punches: list[IncomingPunch]  # in the window: handed to punches_ingest
    rejected: list[IncomingRejected]  # unreadable and out-of-window: quarantined
    counts: dict[str, int]

    @property
    def problems(self) -> list[dict[str, Any]]:
        return [
            {"line": r.line_no, "raw": r.raw, "reason": r.reason, "message": r.message}
            for r in self.rejected[:PROBLEMS_SHOWN]
        ]


def check_upload(content: bytes) -> None:
    """Refuse what is not a machine's text export before its lines are read."""
    limit = settings.HADIR_USB_MAX_BYTES
    if len(content) > limit:
        raise ValidationError(
            _(FILE_TOO_LARGE) % {"size": len(content) // 1024, "limit": limit // 1024}
        )
    if not content.strip():
        raise ValidationError(_(FILE_EMPTY))
    if content.startswith(BINARY_SIGNATURES) or b"\x00" in content[:65536]:
        raise ValidationError(_(NOT_TEXT))
    max_lines = int(settings.HADIR_UPLOAD_MAX_ROWS)
    if content.count(b"\n", 0, len(content) - 1) + 1 > max_lines:
        raise ValidationError(_(TOO_MANY_LINES) % {"limit": max_lines})


def _store(content: bytes | IO[bytes]) -> tuple[Path, str, int]:
    """Copy the upload to disk in chunks, refusing it past ``HADIR_USB_MAX_BYTES``."""
    limit = settings.HADIR_USB_MAX_BYTES
    declared = len(content) if isinstance(content, bytes) else getattr(content, "size", None)
    if declared is not None and declared > limit:
        raise ValidationError(
            _(FILE_TOO_LARGE) % {"size": declared // 1024, "limit": limit // 1024}
        )
    stream = io.BytesIO(content) if isinstance(content, bytes) else content
    stream.seek(0)
    try:
        return upload_store_stream(stream, folder="usb", suffix=".dat", max_bytes=limit)
    except UploadRefused as exc:
        raise ValidationError(str(exc)) from exc


def _existing_keys(keys: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(keys), KEY_CHUNK):
        chunk = keys[start : start + KEY_CHUNK]
        found.update(Punch.objects.filter(key__in=chunk).values_list("key", flat=True))
    return found


def sort_lines(*, content: bytes, sn: str, now: datetime) -> Sorted:
    """Read the file and say, line by line, what confirming would do. Writes nothing."""
    batch = parse_usb_attlog(content)
    local_now = now.astimezone(region_timezone()).replace(tzinfo=None)
    max_age = settings.HADIR_USB_MAX_AGE_DAYS
    oldest, newest = local_now - timedelta(days=max_age), local_now + FUTURE_TOLERANCE
    with translation.override(settings.LANGUAGE_CODE):  # quarantine reasons are stored
        too_old, in_future = _(TOO_OLD) % {"days": max_age}, _(IN_FUTURE)
    rejected = [
        IncomingRejected(r.line_no, r.raw, str(r.reason), r.message) for r in batch.rejected
    ]
    invalid = len(rejected)
    punches: list[IncomingPunch] = []
    keys: dict[str, str] = {}  # key -> normalised PIN, for punches in the window
    duplicate = 0
    for parsed in batch.punches:
        if not oldest <= parsed.punched_at <= newest:
            message = too_old if parsed.punched_at < oldest else in_future
            rejected.append(IncomingRejected(parsed.line_no, parsed.raw, OUT_OF_WINDOW, message))
            continue
        pin = normalize_pin(parsed.pin)
        key = punch_idempotency_key(device_sn=sn, pin=pin, punched_at=parsed.punched_at)
        if key in keys:
            duplicate += 1
        keys[key] = pin
        punches.append(
            IncomingPunch(
                pin=parsed.pin,
                local_time=parsed.punched_at,
                raw=parsed.raw,
                status=parsed.status,
                verify=parsed.verify,
                workcode=parsed.workcode,
            )
        )
    stored = _existing_keys(list(keys))
    new_pins = [pin for key, pin in keys.items() if key not in stored]
    known = set(Employee.objects.filter(pin__in=set(new_pins)).values_list("pin", flat=True))
    counts = {
        "lines": batch.processed_count,
        "new": len(new_pins),
        "duplicate": duplicate + len(stored),
        "unknown_pin": sum(1 for pin in new_pins if pin not in known),
        "invalid": invalid,
        "out_of_window": len(rejected) - invalid,
    }
    return Sorted(punches=punches, rejected=rejected, counts=counts)


def usb_preview(
    *,
    filename: str,
    content: bytes | IO[bytes],
    actor: Any | None,
    device: Device | None = None,
    sn: str = "",
    unit: Unit | None = None,
    now: datetime | None = None,
) -> UsbImport:
    """Check and store the file and its preview, for a registered ``device`` or for a new
    ``sn`` of ``unit`` (registered when confirmed). No punch and no machine is written.

    ``content`` is the file's bytes or a binary stream (an uploaded file). A refused file is
    kept as a ``refused`` record with its reason, then ValidationError is raised."""
    if device is None:
        sn = clean_sn(sn)
        if unit is None:
            raise ValidationError(_(NEED_UNIT) % {"sn": sn})
        registered = Device.objects.filter(sn=sn).first()
        if registered is not None and registered.state != DeviceState.PENDING:
            raise ValidationError(_(ALREADY_REGISTERED) % {"sn": sn})
    else:
        sn = device.sn
    user = actor if getattr(actor, "is_authenticated", False) else None
    record = UsbImport(
        sn=sn,
        device=device,
        unit=unit if device is None else device.unit,
        filename=Path(filename).name[:255],
        uploaded_by=user,
    )
    try:
        stored, digest, size = _store(content)
        record.stored_path, record.sha256, record.size_bytes = str(stored), digest, size
        data = stored.read_bytes()  # at most HADIR_USB_MAX_BYTES
        check_upload(data)
        result = sort_lines(content=data, sn=sn, now=now or timezone.now())
        if not result.counts["lines"]:
            raise ValidationError(_(NO_LINES))
    except ValidationError as exc:
        declared = len(content) if isinstance(content, bytes) else getattr(content, "size", 0)
        record.size_bytes = min(record.size_bytes or declared or 0, SIZE_CEILING)
        record.state = UsbImportState.REFUSED
        record.error = "; ".join(exc.messages)
        record.save()
        audit_record(actor=user, action="device.usb_refuse", target=record)
        raise
    record.counts = result.counts
    record.problems = result.problems
    record.save()
    return record


@transaction.atomic
def usb_confirm(
    *, usb_import: UsbImport, actor: Any | None, now: datetime | None = None
) -> UsbImport:
    """Store the file's punches through the ingestion service (sorted again: the data may
    have changed since the preview). A new SN is registered, in use, for the chosen unit."""
    usb_import = UsbImport.objects.select_for_update().get(pk=usb_import.pk)
    if usb_import.state != UsbImportState.PREVIEWED:
        raise ValidationError(_(ALREADY_DONE))
    device = usb_import.device
    if device is None:
        if usb_import.unit is None:  # the preview requires a unit for a new SN
            raise ValidationError(_(NEED_UNIT) % {"sn": usb_import.sn})
        device = device_register(sn=usb_import.sn, name="", unit=usb_import.unit, actor=actor)
    content = Path(usb_import.stored_path).read_bytes()
    result = sort_lines(content=content, sn=device.sn, now=now or timezone.now())
    ingested = punches_ingest(
        source=PunchSource.USB,
        source_ref=device.sn,
        punches=result.punches,
        rejected=result.rejected,
        device=device,
    )
    usb_import.device = device
    usb_import.state = UsbImportState.APPLIED
    usb_import.applied_at = timezone.now()
    usb_import.counts = result.counts
    usb_import.problems = result.problems
    usb_import.result = ingest_summary(ingested)
    usb_import.save(update_fields=["device", "state", "applied_at", "counts", "problems", "result"])
    audit_record(actor=actor, action="device.usb_import", target=device, data=usb_import.result)
    return usb_import


def usb_cancel(*, usb_import: UsbImport, actor: Any | None) -> None:
    if usb_import.state != UsbImportState.PREVIEWED:
        raise ValidationError(_(ALREADY_DONE))
    usb_import.state = UsbImportState.CANCELLED
    usb_import.save(update_fields=["state"])
    audit_record(actor=actor, action="device.usb_cancel", target=usb_import)
