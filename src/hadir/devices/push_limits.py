"""Limits on what one PUSH request, one machine or one address can make Hadir store.

- the body is refused before it is read when ``Content-Length`` is too large, and read in
  bounded chunks otherwise (``HADIR_PUSH_MAX_BODY_BYTES``);
- an upload with more lines than any firmware sends (batches are 1-128 lines) is refused
  whole, with one quarantine row saying so (``HADIR_PUSH_MAX_LINES``);
- refused lines are kept one by one up to ``HADIR_PUSH_QUARANTINE_PER_HOUR`` per machine;
  beyond, one summary row per machine and hour carries the count (``line_no``) and the reason;
- at most ``HADIR_PUSH_NEW_MACHINES_PER_HOUR`` unknown SNs become pending machines per source
  address and hour.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hadir.devices.models import Device
from hadir.punches.models import PunchSource, QuarantinedLine
from hadir.punches.services import IncomingRejected

CHUNK = 64 * 1024
HOUR = timedelta(hours=1)
REASON_TOO_MANY_LINES = "too_many_lines"
REASON_OVER_HOURLY_LIMIT = "over_hourly_limit"

TOO_MANY_LINES = gettext_noop(
    "Upload of %(n)d lines refused: at most %(limit)d lines per upload. Nothing from it was "
    "stored; check the machine's settings or who is sending with its serial number."
)
OVER_HOURLY_LIMIT = gettext_noop(
    "%(n)d more refused lines in this hour were not kept one by one (limit %(limit)d per "
    "hour). Check the machine's clock and firmware, or who is sending with its serial number."
)


class BodyTooLarge(Exception):
    """The upload is larger than ``HADIR_PUSH_MAX_BODY_BYTES``; nothing is stored."""

    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


def read_body(request: HttpRequest, limit: int | None = None) -> bytes:
    """The request body, at most ``limit`` bytes, never buffered past the limit."""
    limit = settings.HADIR_PUSH_MAX_BODY_BYTES if limit is None else limit
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        raise BodyTooLarge(declared)
    chunks: list[bytes] = []
    total = 0
    while chunk := request.read(CHUNK):
        total += len(chunk)
        if total > limit:
            raise BodyTooLarge(total)
        chunks.append(chunk)
    return b"".join(chunks)


def line_count(body: bytes) -> int:
    return body.count(b"\n") + (1 if body and not body.endswith(b"\n") else 0)


def _stored_message(template: str, **values: int) -> str:
    # Quarantine messages are stored in the region's language, like the parsers' messages.
    with translation.override(settings.LANGUAGE_CODE):
        return _(template) % values


def quarantine_too_many_lines(*, device: Device, body: bytes, lines: int) -> None:
    QuarantinedLine.objects.create(
        source=PunchSource.PUSH,
        source_ref=device.sn,
        device=device,
        line_no=lines,
        raw=body[:200].decode("utf-8", errors="replace"),
        reason=REASON_TOO_MANY_LINES,
        message=_stored_message(TOO_MANY_LINES, n=lines, limit=settings.HADIR_PUSH_MAX_LINES),
    )


def cap_rejected(
    *, device: Device, rejected: Sequence[IncomingRejected], now: datetime
) -> tuple[list[IncomingRejected], int]:
    """(the refused lines still kept one by one, how many are over this hour's limit)."""
    if not rejected:
        return [], 0
    limit = settings.HADIR_PUSH_QUARANTINE_PER_HOUR
    kept_this_hour = (
        QuarantinedLine.objects.filter(device=device, received_at__gte=now - HOUR)
        .exclude(reason=REASON_OVER_HOURLY_LIMIT)
        .count()
    )
    room = max(0, limit - kept_this_hour)
    return list(rejected[:room]), max(0, len(rejected) - room)


def quarantine_overflow(*, device: Device, overflow: int, now: datetime) -> None:
    """Add ``overflow`` to this hour's summary row of the machine (one row, not thousands)."""
    if overflow <= 0:
        return
    limit = settings.HADIR_PUSH_QUARANTINE_PER_HOUR
    summary = (
        QuarantinedLine.objects.select_for_update()
        .filter(device=device, reason=REASON_OVER_HOURLY_LIMIT, received_at__gte=now - HOUR)
        .first()
    )
    if summary is None:
        QuarantinedLine.objects.create(
            source=PunchSource.PUSH,
            source_ref=device.sn,
            device=device,
            line_no=overflow,
            raw="",
            reason=REASON_OVER_HOURLY_LIMIT,
            message=_stored_message(OVER_HOURLY_LIMIT, n=overflow, limit=limit),
        )
        return
    summary.line_no += overflow
    summary.message = _stored_message(OVER_HOURLY_LIMIT, n=summary.line_no, limit=limit)
    summary.save(update_fields=["line_no", "message"])


def new_machine_allowed(*, address: str, now: datetime) -> bool:
    """Whether one more unknown SN from ``address`` may become a pending machine."""
    recent = Device.objects.filter(first_address=address[:45], created_at__gte=now - HOUR)
    return recent.count() < settings.HADIR_PUSH_NEW_MACHINES_PER_HOUR
