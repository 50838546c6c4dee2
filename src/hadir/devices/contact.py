"""Who is calling: the machine behind a PUSH request, looked up fast and checked.

- :func:`device_for_push`: the machine with this SN, read fresh; unknown SNs become pending
  machines (at most ``HADIR_PUSH_NEW_MACHINES_PER_HOUR`` per source address);
- :func:`touch`: for polls and pings, the SN -> id mapping and the machine's :class:`Guard`
  are cached in the process (SNs never change owner: machines are retired, never deleted) and
  re-read when ``last_seen_at`` is due (every ``LAST_SEEN_RESOLUTION``), so a change of
  binding reaches every server process within that time;
- :func:`distrust`: the alert for a request that may not speak for the machine.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from hadir.audit.services import audit_record
from hadir.devices.alerts import device_alert_raise
from hadir.devices.models import AlertKind, Device
from hadir.devices.push_limits import new_machine_allowed
from hadir.devices.trust import Guard

logger = logging.getLogger(__name__)

LAST_SEEN_RESOLUTION = 30.0  # seconds


@dataclass(frozen=True, slots=True)
class PushSource:
    """Where a request came from: the client address and the security-PUSH token, if any."""

    address: str = ""
    token: str | None = None


class NewMachineRefused(Exception):
    """Too many new serial numbers from this address this hour; nothing is stored."""


class _SeenCache:
    """SN -> (device id, monotonic time ``last_seen_at`` was last written by this process,
    the machine's guard as read then)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[str, tuple[int, float, Guard]] = {}

    def get(self, sn: str) -> tuple[int, float, Guard] | None:
        return self._entries.get(sn)

    def put(self, sn: str, device_id: int, written: float, guard: Guard) -> None:
        with self._lock:
            self._entries[sn] = (device_id, written, guard)

    def forget(self, sn: str) -> None:
        with self._lock:
            self._entries.pop(sn, None)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


seen_cache = _SeenCache()


def device_for_push(sn: str, *, address: str = "", now: datetime | None = None) -> Device:
    """The machine with this SN, read fresh; a machine seen for the first time is registered
    as pending (its punches are kept but not counted until it is approved), unless its
    address already brought too many new SNs this hour (:class:`NewMachineRefused`)."""
    device = Device.objects.filter(sn=sn).first()
    if device is not None:
        return device
    if address and not new_machine_allowed(address=address, now=now or timezone.now()):
        raise NewMachineRefused(sn)  # the view alerts, outside the refused transaction
    with transaction.atomic():
        device, created = Device.objects.get_or_create(
            sn=sn, defaults={"first_address": address[:45], "remote_address": address[:45]}
        )
        if created:
            audit_record(
                actor=None,
                action="device.first_contact",
                target=device,
                data={"address": address[:45]},
            )
            logger.info("new machine %s registered as pending", sn)
    return device


def distrust(device_id: int, source: PushSource, guard: Guard, now: datetime, what: str) -> None:
    """Alert Diskominfo: the SN was used from elsewhere, or without a valid session."""
    kind = AlertKind.UNTRUSTED_SOURCE if not guard.address_ok(source.address) else None
    device_alert_raise(
        device=Device.objects.get(pk=device_id),
        kind=kind or AlertKind.BAD_SESSION,
        address=source.address,
        now=now,
        detail=what,
    )


def touch(sn: str, now: datetime, source: PushSource, **fields: Any) -> tuple[int, bool]:
    """(the machine's id, whether this request may speak for it). For a trusted request,
    writes ``last_seen_at`` (and ``fields``) when due or when given."""
    cached = seen_cache.get(sn)
    clock = time.monotonic()
    if cached is not None and clock - cached[1] < LAST_SEEN_RESOLUTION:
        device_id, _written, guard = cached
        if not guard.allows(source.address, source.token):
            return device_id, False
        if fields:
            Device.objects.filter(pk=device_id).update(last_seen_at=now, **fields)
            seen_cache.put(sn, device_id, clock, guard)
        return device_id, True
    device = device_for_push(sn, address=source.address, now=now)
    guard = Guard.of(device)
    if not guard.allows(source.address, source.token):
        return device.pk, False
    Device.objects.filter(pk=device.pk).update(
        last_seen_at=now, remote_address=source.address[:45], **fields
    )
    seen_cache.put(sn, device.pk, clock, guard)
    return device.pk, True


def seen_guard(sn: str, device_id: int) -> Guard:
    cached = seen_cache.get(sn)
    return cached[2] if cached else Guard.of(Device.objects.get(pk=device_id))
