"""Alerts for Diskominfo: one open row per (machine, kind, address), counted, never repeated.

Raised by the PUSH server (system actor) when a machine's SN is used from an address it is
not bound to, without a valid session, or past a limit; resolved by Diskominfo. The first
occurrence is written to the audit trail; repeats only raise the count.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import F, QuerySet

from hadir.audit.services import audit_record
from hadir.devices.models import Device, DeviceAlert


def device_alert_raise(
    *, device: Device | None, kind: str, address: str, now: datetime, detail: str = ""
) -> None:
    """Count one more occurrence, or open the alert (audited)."""
    open_alerts = DeviceAlert.objects.filter(
        device=device, kind=kind, address=address[:45], resolved_at__isnull=True
    )
    fields: dict[str, Any] = {"count": F("count") + 1, "last_at": now}
    if detail:
        fields["detail"] = detail[:200]
    if open_alerts.update(**fields):
        return
    with transaction.atomic():
        DeviceAlert.objects.create(
            device=device,
            kind=kind,
            address=address[:45],
            detail=detail[:200],
            first_at=now,
            last_at=now,
        )
        audit_record(
            actor=None,
            action="device.alert",
            target=device,
            data={"kind": kind, "address": address[:45], "detail": detail[:200]},
        )


def open_alerts(devices: QuerySet[Device] | None = None) -> QuerySet[DeviceAlert]:
    """Unresolved alerts, newest first; about ``devices`` only when given (address-only
    alerts, with no machine, are left out then)."""
    alerts = DeviceAlert.objects.filter(resolved_at__isnull=True).select_related("device")
    if devices is not None:
        alerts = alerts.filter(device__in=devices)
    return alerts


@transaction.atomic
def device_alerts_resolve(*, alert_ids: list[int], actor: Any, now: datetime) -> int:
    """Diskominfo has looked at these alerts. The caller checks the role."""
    alerts = list(DeviceAlert.objects.filter(pk__in=alert_ids, resolved_at__isnull=True))
    DeviceAlert.objects.filter(pk__in=[a.pk for a in alerts]).update(
        resolved_at=now, resolved_by=actor
    )
    for alert in alerts:
        audit_record(
            actor=actor,
            action="device.alert_resolve",
            target=alert.device,
            data={"kind": alert.kind, "address": alert.address, "count": alert.count},
        )
    return len(alerts)
