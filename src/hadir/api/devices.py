"""API for fingerprint machines: the fleet with its health, scoped like the pages."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from hadir.devices.models import Device
from hadir.devices.permissions import device_access
from hadir.devices.selectors import devices_for_list, health_of

router = Router(tags=["devices"])


class DeviceOut(Schema):
    sn: str
    name: str
    unit_code: str | None
    state: str
    condition: str
    status: str
    clock_warning: str
    last_seen_at: datetime | None
    firmware: str
    push_version: str
    user_count: int | None
    fingerprint_count: int | None
    face_count: int | None
    attlog_count: int | None
    clock_drift_seconds: int | None


def device_out(device: Device, now: datetime) -> DeviceOut:
    health = health_of(device, now)
    return DeviceOut(
        sn=device.sn,
        name=device.name,
        unit_code=device.unit.code if device.unit else None,
        state=device.state,
        condition=str(health.condition),
        status=health.text,
        clock_warning=health.clock_warning,
        last_seen_at=device.last_seen_at,
        firmware=device.firmware,
        push_version=device.push_version,
        user_count=device.user_count,
        fingerprint_count=device.fingerprint_count,
        face_count=device.face_count,
        attlog_count=device.attlog_count,
        clock_drift_seconds=device.clock_drift_seconds,
    )


@router.get("/devices", response=list[DeviceOut])
def device_list(request: HttpRequest) -> list[DeviceOut]:
    """Machines the caller may see, offline ones first (pending ones for region-wide roles)."""
    now = timezone.now()
    rows = devices_for_list(device_access(request.user), now=now, include_pending=True)
    return [device_out(row.device, now) for row in rows]


@router.get("/devices/{sn}", response=DeviceOut)
def device_detail(request: HttpRequest, sn: str) -> DeviceOut:
    device = device_access(request.user).device_or_404(sn)
    return device_out(device, timezone.now())
