"""What Hadir does with what a PUSH machine sends. The ``/iclock/`` views only read the request
and call one of these.

Speed matters here (hundreds of machines polling every few seconds), so:
- a poll or ping costs one query when nothing is waiting: the SN -> id mapping is cached in
  the process (SNs never change owner: machines are retired, never deleted) and
  ``last_seen_at`` is written at most every ``LAST_SEEN_RESOLUTION``;
- an upload always reads the machine's row fresh, because its state decides whether the
  punches count (a cached "pending" must never outlive an approval).

Trust (docs/security.md): every request is checked against the machine's :class:`Guard`
(bound addresses, security-PUSH session), cached with its id and re-read with
``last_seen_at``. From anywhere else no command is handed out or confirmed, nothing about the
machine is updated, punches are kept but held (``PunchHold.UNTRUSTED_SOURCE``) and Diskominfo
is alerted.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction

from hadir.audit.services import audit_record
from hadir.devices.alerts import device_alert_raise
from hadir.devices.commands import (
    command_clock_fix,
    commands_apply_results,
    commands_take_for_poll,
)
from hadir.devices.contact import (
    LAST_SEEN_RESOLUTION,
    PushSource,
    device_for_push,
    distrust,
    seen_cache,
    seen_guard,
    touch,
)
from hadir.devices.health import clock_needs_fix, drift_from_realtime_upload
from hadir.devices.models import (
    AlertKind,
    CommandKind,
    CommandState,
    Device,
    DeviceCommand,
    DeviceOperation,
    DeviceState,
    DeviceUser,
)
from hadir.devices.push_limits import (
    cap_rejected,
    line_count,
    quarantine_overflow,
    quarantine_too_many_lines,
)
from hadir.devices.trust import Guard
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
from hadir.protocols.push import REPLY_OK, DeviceInfo, PushQuery
from hadir.protocols.registry import (
    REPLY_UNREGISTERED,
    SecurityConfig,
    render_security_config,
    speaks_security_push,
)
from hadir.punches.models import PunchHold, PunchSource
from hadir.punches.services import IncomingPunch, IncomingRejected, punches_ingest

logger = logging.getLogger(__name__)

DIE_EXIT_CODE = 70
BACKFILL_WINDOW = timedelta(minutes=30)


class TooManyLines(Exception):
    """An upload longer than ``HADIR_PUSH_MAX_LINES``; refused whole (one quarantine row)."""


def _region_offset_minutes(now: datetime) -> int:
    offset = now.astimezone(region_timezone()).utcoffset() or timedelta(0)
    return int(offset.total_seconds() // 60)


def push_handshake(*, query: PushQuery, now: datetime, source: PushSource) -> str:
    """``GET /iclock/cdata?options=all``: the options reply. The view adds the ``Date:``
    header the machine sets its clock from; ``TimeZone`` is the region's offset.

    The handshake carries no session token (the protocol sends none), so only the address is
    checked; from an address the machine is not bound to nothing is recorded but the alert.
    A machine that registered (security PUSH) gets ``registry=ok`` and its session id.
    """
    device = device_for_push(query.sn, address=source.address, now=now)
    guard = Guard.of(device)
    if guard.address_ok(source.address):
        _record_handshake(device, query, now, source)
    else:
        distrust(device.pk, source, guard, now, "handshake")
    if not device.push_token_digest and speaks_security_push(query.pushver):
        return REPLY_UNREGISTERED  # the protocol's cue to register (/iclock/registry)
    if device.push_token_digest:
        config = SecurityConfig(
            session_id=device.push_session_id,
            timezone=str(_region_offset_minutes(now) // 60),
        )
        return render_security_config(config, registered_reply=True)
    options = HandshakeOptions(timezone_minutes=_region_offset_minutes(now))
    return render_handshake(query.sn, options)


def _record_handshake(device: Device, query: PushQuery, now: datetime, source: PushSource) -> None:
    fields: dict[str, Any] = {"last_seen_at": now, "remote_address": source.address[:45]}
    if query.pushver:
        fields["push_version"] = query.pushver[:20]
    fix_pending = device.clock_fix_requested_at is not None and (
        device.clock_checked_at is None or device.clock_fix_requested_at >= device.clock_checked_at
    )
    if fix_pending:  # the clock is being set from this reply; measure again later
        fields["clock_drift_seconds"] = None
        fields["clock_checked_at"] = now
    Device.objects.filter(pk=device.pk).update(**fields)
    seen_cache.put(query.sn, device.pk, time.monotonic(), Guard.of(device))


def push_poll(*, query: PushQuery, now: datetime, source: PushSource) -> str:
    """``GET /iclock/getrequest``: health from ``INFO=``, then the commands waiting; from an
    untrusted source ``OK`` and nothing else."""
    info = query.device_info
    device_id, trusted = touch(query.sn, now, source, **(_info_fields(info, now) if info else {}))
    if not trusted:
        distrust(device_id, source, seen_guard(query.sn, device_id), now, "getrequest")
        return REPLY_OK
    return commands_take_for_poll(device_id=device_id, now=now)


def push_ping(*, query: PushQuery, now: datetime, source: PushSource) -> None:
    device_id, trusted = touch(query.sn, now, source)
    if not trusted:
        distrust(device_id, source, seen_guard(query.sn, device_id), now, "ping")


def push_command_results(
    *, query: PushQuery, body: bytes, now: datetime, source: PushSource
) -> int:
    """``POST /iclock/devicecmd``: close the commands the machine reports on. From an
    untrusted source nothing is closed: the results are counted in the alert."""
    batch = parse_command_results(body)
    if batch.stray_lines:
        logger.info("%s: %d devicecmd lines outside any result", query.sn, len(batch.stray_lines))
    device_id, trusted = touch(query.sn, now, source)
    if not trusted:
        what = f"devicecmd: {len(batch.results)} results ignored"
        distrust(device_id, source, seen_guard(query.sn, device_id), now, what)
        return 0
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


def push_attlog(*, query: PushQuery, body: bytes, now: datetime, source: PushSource) -> int:
    """``POST /iclock/cdata?table=ATTLOG``: store the batch; the processed count for ``OK: n``.

    Returns only after the commit: an exception (or a crash) before it means no ``OK`` is
    sent and the machine sends the batch again, which the punch keys make harmless. From an
    untrusted source the punches are kept but held; refused lines past the hourly limit are
    counted in one summary row. Raises :class:`TooManyLines` for an oversized batch.
    """
    lines = line_count(body)
    if lines > settings.HADIR_PUSH_MAX_LINES:
        _refuse_long_batch(query, body, lines, now, source)
        raise TooManyLines(lines)
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
        device = device_for_push(query.sn, address=source.address, now=now)
        guard = Guard.of(device)
        trusted = guard.allows(source.address, source.token)
        kept, overflow = cap_rejected(device=device, rejected=rejected, now=now)
        quarantine_overflow(device=device, overflow=overflow, now=now)
        if trusted:  # a forged upload must not move the clock or last contact
            _after_upload(device, [p.punched_at for p in batch.punches], now)
        else:
            distrust(device.pk, source, guard, now, f"ATTLOG: {len(punches)} punches held")
        # Last: storing seals the ledger batch, whose chain head lock serialises every
        # upload until this transaction commits (``punches_ingest``).
        result = punches_ingest(
            source=PunchSource.PUSH,
            source_ref=query.sn,
            punches=punches,
            rejected=kept,
            device=device,
            hold=PunchHold.NONE if trusted else PunchHold.UNTRUSTED_SOURCE,
        )
        if settings.HADIR_TEST_DIE_BEFORE_COMMIT:
            os._exit(DIE_EXIT_CODE)  # tests only: die with the batch stored but not committed
    if trusted:
        seen_cache.put(query.sn, device.pk, time.monotonic(), guard)
    return result.processed + overflow


def _refuse_long_batch(
    query: PushQuery, body: bytes, lines: int, now: datetime, source: PushSource
) -> None:
    with transaction.atomic():
        device = device_for_push(query.sn, address=source.address, now=now)
        _kept, over = cap_rejected(
            device=device, rejected=[IncomingRejected(0, "", "", "")], now=now
        )
        if over:
            quarantine_overflow(device=device, overflow=lines, now=now)
        else:
            quarantine_too_many_lines(device=device, body=body, lines=lines)
        device_alert_raise(
            device=device,
            kind=AlertKind.TOO_MANY_LINES,
            address=source.address,
            now=now,
            detail=f"{lines} lines",
        )


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


def push_operlog(*, query: PushQuery, body: bytes, now: datetime, source: PushSource) -> int:
    """``POST /iclock/cdata?table=OPERLOG``: the machine's users and operation log.

    Users are kept per machine without their keypad password; biometric templates are
    dropped, only which ones exist (kind and finger/face index) is kept. Operation log
    entries are stored once; those an auditor should see (clock changed, log deleted, ...)
    also go to the audit trail.
    """
    batch = parse_operlog(body)
    with transaction.atomic():
        device = device_for_push(query.sn, address=source.address, now=now)
        guard = Guard.of(device)
        if not guard.allows(source.address, source.token):
            distrust(device.pk, source, guard, now, "OPERLOG ignored")
            return batch.processed_count
        _store_users(device, batch.users, batch.templates, now)
        _store_operations(device, batch.operations)
        Device.objects.filter(pk=device.pk).update(last_seen_at=now)
    if batch.unrecognised:
        logger.info("%s: %d OPERLOG lines not understood", query.sn, len(batch.unrecognised))
    seen_cache.put(query.sn, device.pk, time.monotonic(), guard)
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
