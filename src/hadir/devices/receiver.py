"""What Hadir does with what a PUSH machine sends. The ``/iclock/`` views only read the request
and call one of these.

Speed matters here (hundreds of machines polling every few seconds), so:
- a poll or ping costs one query when nothing is waiting: the SN -> id mapping is cached in
  the process (SNs never change owner: machines are retired, never deleted) and
  ``last_seen_at`` is written at most every ``LAST_SEEN_RESOLUTION``;
- an upload always reads the machine's row fresh, because its state decides whether the
  punches count (a cached "pending" must never outlive an approval).
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import time
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction

from hadir.audit.services import audit_record
from hadir.devices.commands import (
    command_clock_fix,
    commands_apply_results,
    commands_take_for_poll,
)
from hadir.devices.health import clock_needs_fix, drift_from_realtime_upload
from hadir.devices.models import (
    CommandKind,
    CommandState,
    Device,
    DeviceCommand,
    DeviceOperation,
    DeviceState,
    DeviceUser,
)
from hadir.org.selectors import region_timezone
from hadir.people.pins import normalize_pin
from hadir.protocols.attlog import parse_push_attlog
from hadir.protocols.devicecmd import parse_command_results
from hadir.protocols.handshake import HandshakeOptions, render_handshake
from hadir.protocols.operlog import (
    BiometricTemplate,
    OperationLogEntry,
    UserRecord,
    parse_operlog,
)
from hadir.protocols.push import DeviceInfo, PushQuery
from hadir.punches.models import PunchSource
from hadir.punches.services import IncomingPunch, IncomingRejected, punches_ingest

logger = logging.getLogger(__name__)

LAST_SEEN_RESOLUTION = 30.0  # seconds
DIE_EXIT_CODE = 70
BACKFILL_WINDOW = timedelta(minutes=30)


class _SeenCache:
    """SN -> (device id, monotonic time ``last_seen_at`` was last written by this process)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[str, tuple[int, float]] = {}

    def get(self, sn: str) -> tuple[int, float] | None:
        return self._entries.get(sn)

    def put(self, sn: str, device_id: int, written: float) -> None:
        with self._lock:
            self._entries[sn] = (device_id, written)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


seen_cache = _SeenCache()


def device_for_push(sn: str) -> Device:
    """The machine with this SN, read fresh; a machine seen for the first time is registered
    as pending (its punches are kept but not counted until it is approved)."""
    device = Device.objects.filter(sn=sn).first()
    if device is not None:
        return device
    with transaction.atomic():
        device, created = Device.objects.get_or_create(sn=sn)
        if created:
            audit_record(actor=None, action="device.first_contact", target=device)
            logger.info("new machine %s registered as pending", sn)
    return device


def _touch(sn: str, now: datetime, **fields: Any) -> int:
    """The machine's id; writes ``last_seen_at`` (and ``fields``) when due or when given."""
    cached = seen_cache.get(sn)
    clock = time.monotonic()
    if cached is None:
        device_id = device_for_push(sn).pk
        due = True
    else:
        device_id, written = cached
        due = clock - written >= LAST_SEEN_RESOLUTION
    if due or fields:
        Device.objects.filter(pk=device_id).update(last_seen_at=now, **fields)
        seen_cache.put(sn, device_id, clock)
    return device_id


def _region_offset_minutes(now: datetime) -> int:
    offset = now.astimezone(region_timezone()).utcoffset() or timedelta(0)
    return int(offset.total_seconds() // 60)


def push_handshake(*, query: PushQuery, now: datetime) -> str:
    """``GET /iclock/cdata?options=all``: the options reply. The view adds the ``Date:``
    header the machine sets its clock from; ``TimeZone`` is the region's offset."""
    device = device_for_push(query.sn)
    fields: dict[str, Any] = {"last_seen_at": now}
    if query.pushver:
        fields["push_version"] = query.pushver[:20]
    fix_pending = device.clock_fix_requested_at is not None and (
        device.clock_checked_at is None or device.clock_fix_requested_at >= device.clock_checked_at
    )
    if fix_pending:  # the clock is being set from this reply; measure again later
        fields["clock_drift_seconds"] = None
        fields["clock_checked_at"] = now
    Device.objects.filter(pk=device.pk).update(**fields)
    seen_cache.put(query.sn, device.pk, time.monotonic())
    options = HandshakeOptions(timezone_minutes=_region_offset_minutes(now))
    return render_handshake(query.sn, options)


def push_poll(*, query: PushQuery, now: datetime) -> str:
    """``GET /iclock/getrequest``: health from ``INFO=``, then the commands waiting."""
    info = query.device_info
    device_id = _touch(query.sn, now, **(_info_fields(info, now) if info else {}))
    return commands_take_for_poll(device_id=device_id, now=now)


def push_ping(*, query: PushQuery, now: datetime) -> None:
    _touch(query.sn, now)


def push_command_results(*, query: PushQuery, body: bytes, now: datetime) -> int:
    """``POST /iclock/devicecmd``: close the commands the machine reports on."""
    batch = parse_command_results(body)
    if batch.stray_lines:
        logger.info("%s: %d devicecmd lines outside any result", query.sn, len(batch.stray_lines))
    device_id = _touch(query.sn, now)
    return commands_apply_results(device_id=device_id, results=batch.results, now=now)


def _info_fields(info: DeviceInfo, now: datetime) -> dict[str, Any]:
    fields: dict[str, Any] = {"info_at": now}
    if info.firmware:
        fields["firmware"] = info.firmware[:100]
    if info.ip_address:
        fields["ip_address"] = info.ip_address[:45]
    for name in ("user_count", "fingerprint_count", "attlog_count", "face_count"):
        value = getattr(info, name)
        if value is not None:
            fields[name] = value
    return fields


# --- uploads -------------------------------------------------------------------------------


def push_attlog(*, query: PushQuery, body: bytes, now: datetime) -> int:
    """``POST /iclock/cdata?table=ATTLOG``: store the batch; the processed count for ``OK: n``.

    Returns only after the commit: an exception (or a crash) before it means no ``OK`` is
    sent and the machine sends the batch again, which the punch keys make harmless.
    """
    batch = parse_push_attlog(body)
    punches = [
        IncomingPunch(
            pin=p.pin,
            local_time=p.punched_at,
            raw=p.raw,
            status=p.status,
            verify=p.verify,
            workcode=p.workcode,
        )
        for p in batch.punches
    ]
    rejected = [
        IncomingRejected(r.line_no, r.raw, str(r.reason), r.message) for r in batch.rejected
    ]
    with transaction.atomic():
        device = device_for_push(query.sn)
        result = punches_ingest(
            source=PunchSource.PUSH,
            source_ref=query.sn,
            punches=punches,
            rejected=rejected,
            device=device,
        )
        _after_upload(device, [p.punched_at for p in batch.punches], now)
        if settings.HADIR_TEST_DIE_BEFORE_COMMIT:
            os._exit(DIE_EXIT_CODE)  # tests only: die with the batch stored but not committed
    seen_cache.put(query.sn, device.pk, time.monotonic())
    return result.processed


def _after_upload(device: Device, punch_times: Sequence[datetime], now: datetime) -> None:
    """Record contact and, for a realtime-sized upload, the clock drift (fix it if too big)."""
    fields: dict[str, Any] = {}
    drift = None
    if punch_times:
        drift = drift_from_realtime_upload(
            newest_punch=max(punch_times).replace(tzinfo=region_timezone()),
            received_at=now,
            batch_size=len(punch_times),
            previous_contact=device.last_seen_at,
        )
    if drift is not None and not _backfill_running(device, now):
        fields.update(clock_drift_seconds=drift, clock_checked_at=now)
        if device.state == DeviceState.ACTIVE and clock_needs_fix(
            drift_seconds=drift,
            threshold_seconds=settings.HADIR_DEVICE_CLOCK_DRIFT_SECONDS,
            last_fix_requested=device.clock_fix_requested_at,
            now=now,
        ):
            command_clock_fix(device=device, drift_seconds=drift, now=now)
    last = device.last_seen_at
    if fields or last is None or (now - last).total_seconds() >= LAST_SEEN_RESOLUTION:
        Device.objects.filter(pk=device.pk).update(last_seen_at=now, **fields)


def _backfill_running(device: Device, now: datetime) -> bool:
    """A ``DATA QUERY ATTLOG`` answered lately means old punches are arriving on purpose."""
    return DeviceCommand.objects.filter(
        device=device,
        kind=CommandKind.QUERY_ATTLOG,
        sent_at__gte=now - BACKFILL_WINDOW,
        state__in=[CommandState.SENT, CommandState.DONE],
    ).exists()


def push_operlog(*, query: PushQuery, body: bytes, now: datetime) -> int:
    """``POST /iclock/cdata?table=OPERLOG``: the machine's users and operation log.

    Users are kept per machine without their keypad password; biometric templates are
    dropped, only which ones exist (kind and finger/face index) is kept. Operation log
    entries are stored once; those an auditor should see (clock changed, log deleted, ...)
    also go to the audit trail.
    """
    batch = parse_operlog(body)
    with transaction.atomic():
        device = device_for_push(query.sn)
        _store_users(device, batch.users, batch.templates, now)
        _store_operations(device, batch.operations)
        Device.objects.filter(pk=device.pk).update(last_seen_at=now)
    if batch.unrecognised:
        logger.info("%s: %d OPERLOG lines not understood", query.sn, len(batch.unrecognised))
    seen_cache.put(query.sn, device.pk, time.monotonic())
    return batch.processed_count


def _store_users(
    device: Device,
    users: Sequence[UserRecord],
    templates: Sequence[BiometricTemplate],
    now: datetime,
) -> None:
    pins = {normalize_pin(u.pin) for u in users} | {normalize_pin(t.pin) for t in templates}
    if not pins:
        return
    existing = {u.pin: u for u in DeviceUser.objects.filter(device=device, pin__in=pins)}
    new: dict[str, DeviceUser] = {}

    def row(pin: str) -> DeviceUser:
        if pin in existing:
            existing[pin].updated_at = now
            return existing[pin]
        return new.setdefault(pin, DeviceUser(device=device, pin=pin, templates={}))

    for record in users:
        user = row(normalize_pin(record.pin))
        user.name = record.name[:100]
        user.privilege = record.privilege
        user.card = record.card[:40]
    found: dict[tuple[str, str], set[str]] = defaultdict(set)
    for template in templates:
        found[(normalize_pin(template.pin), str(template.kind))].add(template.index)
    for (pin, kind), indexes in found.items():
        user = row(pin)
        known = set(user.templates.get(kind, []))
        user.templates = {**user.templates, kind: sorted(known | indexes)}
    DeviceUser.objects.bulk_create(list(new.values()))
    DeviceUser.objects.bulk_update(
        list(existing.values()), ["name", "privilege", "card", "templates", "updated_at"]
    )


def _store_operations(device: Device, operations: Sequence[OperationLogEntry]) -> None:
    zone = region_timezone()
    rows = [
        DeviceOperation(
            device=device,
            key=hashlib.sha256(f"{device.sn}\x1f{op.raw}".encode()).hexdigest(),
            op_code=op.op_code,
            description=op.description[:100],
            operator=op.operator[:24],
            op_time=op.op_time.replace(tzinfo=zone) if op.op_time else None,
            targets=list(op.targets),
            needs_audit=op.needs_audit,
        )
        for op in operations
    ]
    known = set(
        DeviceOperation.objects.filter(key__in=[r.key for r in rows]).values_list("key", flat=True)
    )
    fresh = [r for r in rows if r.key not in known]
    DeviceOperation.objects.bulk_create(fresh, ignore_conflicts=True)
    for row in fresh:
        if row.needs_audit:
            audit_record(
                actor=None,
                action="device.operation",
                target=device,
                data={
                    "code": row.op_code,
                    "description": row.description,
                    "at": row.op_time.isoformat() if row.op_time else None,
                },
            )
