"""Flashdisk files (``<DeviceID>_attlog.dat``): upload -> preview (nothing written) -> confirm.

Confirming hands the punches to the one ingestion service with the machine's SN, so a punch
that also came by PUSH (or in an earlier file) is recognised and not stored twice.

Lines outside the policy window are not counted but kept in quarantine with the reason:
older than ``HADIR_USB_MAX_AGE_DAYS`` (late data needs a correction request, not a file), or
refused by the plausibility gate (``punches.gate``: before the region's start of records, or
in the future). BKD may import a file as *history* with a reason: then only the future is
checked. Deciding a file (confirm, cancel) is for BKD or an operator of the machine's unit
(``usb_access``), checked here; punches of employees outside the decider's units are held.

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
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hadir.audit.services import audit_record
from hadir.devices.models import Device, DeviceState, UsbImport, UsbImportState
from hadir.devices.permissions import usb_access
from hadir.devices.services import ALREADY_REGISTERED, clean_sn, device_register
from hadir.org.models import Unit
from hadir.org.selectors import region_timezone
from hadir.people.models import Employee
from hadir.people.pins import normalize_pin
from hadir.protocols.attlog import parse_usb_attlog, punch_idempotency_key
from hadir.punches.gate import punch_gate
from hadir.punches.holds import sender_unit_ids
from hadir.punches.models import Punch, PunchSource
from hadir.punches.services import (
    IncomingPunch,
    IncomingRejected,
    ingest_summary,
    punches_ingest,
)
from hadir.uploads import UploadRefused, looks_binary, upload_store_stream

OUT_OF_WINDOW = "out_of_window"
PROBLEMS_SHOWN = 200
KEY_CHUNK = 500
SIZE_CEILING = 2**31 - 1  # PositiveIntegerField's ceiling, for a refused giant upload
# Files that are certainly not a machine's text export.

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
NOT_YOURS = gettext_noop(
    "Only BKD or an operator of the machine's unit may save or cancel this file. Ask them to "
    "decide it."
)
HISTORY_BKD_ONLY = gettext_noop(
    "Only BKD may import a file as history (before the start of records). Import it normally, "
    "or ask BKD."
)
HISTORY_REASON_REQUIRED = gettext_noop(
    "Write why this history is imported (for example: records of the old system)."
)
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
    if looks_binary(content):
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


def sort_lines(*, content: bytes, sn: str, now: datetime, history: bool = False) -> Sorted:
    """Read the file and say, line by line, what confirming would do. Writes nothing.
    ``history``: a BKD history import (no age limit, no start of records)."""
    batch = parse_usb_attlog(content)
    tz = region_timezone()
    gate = punch_gate(now=now, tz=tz, history=history)
    local_now = now.astimezone(tz).replace(tzinfo=None)
    max_age = settings.HADIR_USB_MAX_AGE_DAYS
    oldest = None if history else local_now - timedelta(days=max_age)
    with translation.override(settings.LANGUAGE_CODE):  # quarantine reasons are stored
        too_old = _(TOO_OLD) % {"days": max_age}
    rejected = [
        IncomingRejected(r.line_no, r.raw, str(r.reason), r.message) for r in batch.rejected
    ]
    invalid = len(rejected)
    punches: list[IncomingPunch] = []
    keys: dict[str, str] = {}  # key -> normalised PIN, for punches in the window
    duplicate = 0
    for parsed in batch.punches:
        refusal = gate.refusal(parsed.punched_at)
        if refusal is not None:
            message = gate.message(refusal, parsed.punched_at)
            rejected.append(IncomingRejected(parsed.line_no, parsed.raw, refusal, message))
            continue
        if oldest is not None and parsed.punched_at < oldest:
            rejected.append(IncomingRejected(parsed.line_no, parsed.raw, OUT_OF_WINDOW, too_old))
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
    history_reason: str | None = None,
) -> UsbImport:
    """Check and store the file and its preview, for a registered ``device`` or for a new
    ``sn`` of ``unit`` (registered when confirmed). No punch and no machine is written.

    ``content`` is the file's bytes or a binary stream (an uploaded file). A refused file is
    kept as a ``refused`` record with its reason, then ValidationError is raised.
    ``history_reason``: BKD imports history from before the start of records (``None``: a
    normal import; the command line, run on the server, counts as BKD)."""
    history = _history_allowed(actor, history_reason)
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
        result={"history_reason": history} if history else {},
    )
    try:
        stored, digest, size = _store(content)
        record.stored_path, record.sha256, record.size_bytes = str(stored), digest, size
        data = stored.read_bytes()  # at most HADIR_USB_MAX_BYTES
        check_upload(data)
        result = sort_lines(content=data, sn=sn, now=now or timezone.now(), history=bool(history))
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


def _history_allowed(actor: Any | None, reason: str | None) -> str:
    """The history reason, checked: BKD only (or the command line), never empty."""
    if reason is None:
        return ""
    if actor is not None and not usb_access(actor).manage_all:
        raise ValidationError(_(HISTORY_BKD_ONLY))
    reason = reason.strip()
    if not reason:
        raise ValidationError(_(HISTORY_REASON_REQUIRED))
    return reason[:300]


def usb_may_decide(actor: Any | None, usb_import: UsbImport) -> bool:
    """BKD, or an operator of the machine's unit; ``None`` is the command line on the
    server. Diskominfo, leadership and heads of unit never decide attendance files."""
    if actor is None:
        return True
    unit_id = usb_import.device.unit_id if usb_import.device else usb_import.unit_id
    return unit_id is not None and usb_access(actor).can_manage_unit(unit_id)


def _check_decider(actor: Any | None, usb_import: UsbImport) -> None:
    if not usb_may_decide(actor, usb_import):
        raise PermissionDenied(_(NOT_YOURS))


def _uploader(usb_import: UsbImport) -> str | None:
    user = usb_import.uploaded_by
    return user.get_username() if user is not None else None


@transaction.atomic
def usb_confirm(
    *, usb_import: UsbImport, actor: Any | None, now: datetime | None = None
) -> UsbImport:
    """Store the file's punches through the ingestion service (sorted again: the data may
    have changed since the preview). A new SN is registered, in use, for the chosen unit."""
    usb_import = UsbImport.objects.select_for_update().get(pk=usb_import.pk)
    _check_decider(actor, usb_import)
    if usb_import.state != UsbImportState.PREVIEWED:
        raise ValidationError(_(ALREADY_DONE))
    history = str(usb_import.result.get("history_reason") or "")
    if history and actor is not None and not usb_access(actor).manage_all:
        raise PermissionDenied(_(HISTORY_BKD_ONLY))
    device = usb_import.device
    if device is None:
        if usb_import.unit is None:  # the preview requires a unit for a new SN
            raise ValidationError(_(NEED_UNIT) % {"sn": usb_import.sn})
        device = device_register(sn=usb_import.sn, name="", unit=usb_import.unit, actor=actor)
    content = Path(usb_import.stored_path).read_bytes()
    result = sort_lines(
        content=content, sn=device.sn, now=now or timezone.now(), history=bool(history)
    )
    ingested = punches_ingest(
        source=PunchSource.USB,
        source_ref=device.sn,
        punches=result.punches,
        rejected=result.rejected,
        device=device,
        scope_unit_ids=None if actor is None else sender_unit_ids(actor),
        history=bool(history),
    )
    usb_import.device = device
    usb_import.state = UsbImportState.APPLIED
    usb_import.applied_at = timezone.now()
    usb_import.counts = result.counts
    usb_import.problems = result.problems
    usb_import.result = {
        **ingest_summary(ingested),
        **({"history_reason": history} if history else {}),
    }
    usb_import.save(update_fields=["device", "state", "applied_at", "counts", "problems", "result"])
    audit_record(
        actor=actor,
        action="device.usb_import",
        target=device,
        data={**usb_import.result, "file": usb_import.pk, "uploaded_by": _uploader(usb_import)},
    )
    return usb_import


@transaction.atomic
def usb_cancel(*, usb_import: UsbImport, actor: Any | None) -> None:
    usb_import = UsbImport.objects.select_for_update().get(pk=usb_import.pk)
    _check_decider(actor, usb_import)
    if usb_import.state != UsbImportState.PREVIEWED:
        raise ValidationError(_(ALREADY_DONE))
    usb_import.state = UsbImportState.CANCELLED
    usb_import.save(update_fields=["state"])
    audit_record(
        actor=actor,
        action="device.usb_cancel",
        target=usb_import,
        data={"uploaded_by": _uploader(usb_import)},
    )
