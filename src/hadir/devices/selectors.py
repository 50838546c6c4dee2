"""Reads for the machine pages and the API: health in plain words, offline machines first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Case, Count, F, IntegerField, Max, Min, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from hadir.devices.alerts import open_alerts
from hadir.devices.health import Health, device_health
from hadir.devices.models import (
    Device,
    DeviceCommand,
    DeviceOperation,
    DeviceState,
    DeviceUser,
    UsbImport,
)
from hadir.devices.permissions import DeviceAccess
from hadir.devices.trust import Guard
from hadir.devices.trust_services import held_untrusted
from hadir.punches.models import Punch, QuarantinedLine

RECENT_COMMANDS = 30
RECENT_QUARANTINE = 50
UNMATCHED_SHOWN = 100


def offline_after() -> timedelta:
    return timedelta(hours=settings.HADIR_DEVICE_OFFLINE_HOURS)


def health_of(device: Device, now: datetime) -> Health:
    return device_health(
        state=device.state,
        last_seen=device.last_seen_at,
        drift_seconds=device.clock_drift_seconds,
        now=now,
        offline_after=offline_after(),
        drift_threshold_seconds=settings.HADIR_DEVICE_CLOCK_DRIFT_SECONDS,
    )


@dataclass(frozen=True)
class DeviceRow:
    device: Device
    health: Health


def devices_for_list(
    access: DeviceAccess, *, now: datetime, include_pending: bool = False
) -> list[DeviceRow]:
    """Visible machines: those in use and offline (or never seen) first, longest silent
    first; then the ones in touch; retired machines last."""
    cutoff = now - offline_after()
    devices = access.devices()
    if not include_pending:
        devices = devices.exclude(state=DeviceState.PENDING)
    devices = devices.annotate(
        rank=Case(
            When(state=DeviceState.RETIRED, then=Value(3)),
            When(state=DeviceState.PENDING, then=Value(2)),
            When(Q(last_seen_at__isnull=True) | Q(last_seen_at__lt=cutoff), then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    ).order_by("rank", F("last_seen_at").asc(nulls_first=True), "name", "sn")
    return [DeviceRow(device, health_of(device, now)) for device in devices]


def devices_pending() -> QuerySet[Device]:
    return Device.objects.filter(state=DeviceState.PENDING).order_by("-created_at")


def _command_message(command: DeviceCommand) -> str:
    message = str(command.result.get("message", ""))
    return _(message) if message else ""


@dataclass(frozen=True)
class CommandRow:
    command: DeviceCommand
    message: str


@dataclass(frozen=True)
class DeviceDetail:
    device: Device
    health: Health
    punch_counts: dict[str, int]
    unmatched: list[dict[str, Any]]
    quarantined: list[QuarantinedLine]
    quarantined_total: int
    commands: list[CommandRow]
    users_on_machine: int
    operations: list[DeviceOperation]
    usb_imports: list[UsbImport]


def device_detail(device: Device, *, now: datetime) -> DeviceDetail:
    punches = Punch.objects.filter(device=device)
    counts = punches.aggregate(
        total=Count("id"),
        last_day=Count("id", filter=Q(received_at__gte=now - timedelta(days=1))),
        last_week=Count("id", filter=Q(received_at__gte=now - timedelta(days=7))),
        not_counted=Count("id", filter=Q(counted=False)),
        unmatched=Count("id", filter=Q(employee__isnull=True)),
    )
    quarantined = QuarantinedLine.objects.filter(device=device)
    commands = DeviceCommand.objects.filter(device=device).select_related("created_by")
    return DeviceDetail(
        device=device,
        health=health_of(device, now),
        punch_counts=counts,
        unmatched=unmatched_pins(Punch.objects.filter(device=device)),
        quarantined=list(quarantined[:RECENT_QUARANTINE]),
        quarantined_total=quarantined.count(),
        commands=[CommandRow(c, _command_message(c)) for c in commands[:RECENT_COMMANDS]],
        users_on_machine=DeviceUser.objects.filter(device=device).count(),
        operations=list(DeviceOperation.objects.filter(device=device, needs_audit=True)[:20]),
        usb_imports=list(UsbImport.objects.filter(device=device)[:10]),
    )


def unmatched_pins(punches: QuerySet[Punch], limit: int = UNMATCHED_SHOWN) -> list[dict[str, Any]]:
    """PINs with punches but no employee: per machine, how many, first and last."""
    rows = (
        punches.filter(employee__isnull=True)
        .values("device__sn", "device__name", "pin")
        .annotate(n=Count("id"), first=Min("punched_at"), last=Max("punched_at"))
        .order_by("-n", "pin")
    )
    return [dict(row) for row in rows[:limit]]


@dataclass(frozen=True)
class Issues:
    quarantined: list[QuarantinedLine]
    quarantined_total: int
    unmatched: list[dict[str, Any]]
    alerts: list[Any]


def device_issues(access: DeviceAccess) -> Issues:
    """Refused lines, unknown PINs and open security alerts on every machine the user may
    see."""
    visible = access.devices().values("id")
    quarantined = QuarantinedLine.objects.filter(device_id__in=visible).select_related("device")
    unmatched = unmatched_pins(Punch.objects.filter(device_id__in=visible))
    return Issues(
        quarantined=list(quarantined[:200]),
        quarantined_total=quarantined.count(),
        unmatched=unmatched,
        alerts=alerts_for(access),
    )


HELD_SHOWN = 100


@dataclass(frozen=True)
class TrustPanel:
    """The machine page's trust section (docs/security.md)."""

    bound: list[str]
    last_address_bound: bool
    secure: bool
    registry_open: bool
    held: list[Punch]
    held_total: int
    alerts: list[Any]


def trust_panel(device: Device, *, now: datetime) -> TrustPanel:
    held = held_untrusted(device).select_related("employee")
    guard = Guard.of(device)
    return TrustPanel(
        bound=list(device.bound_networks or []),
        last_address_bound=bool(device.remote_address) and guard.address_ok(device.remote_address),
        secure=bool(device.push_token_digest),
        registry_open=device.registry_open_until is not None and device.registry_open_until > now,
        held=list(held[:HELD_SHOWN]),
        held_total=held.count(),
        alerts=list(open_alerts().filter(device=device)[:50]),
    )


def alerts_for(access: DeviceAccess) -> list[Any]:
    """Open alerts about the machines this user may see; address-only alerts (no machine)
    for region-wide roles."""
    alerts = open_alerts().filter(
        Q(device__in=access.devices()) | Q(device__isnull=True)
        if access.scope.all_units
        else Q(device__in=access.devices())
    )
    return list(alerts[:200])


@dataclass(frozen=True)
class MachineContact:
    """When a machine of a unit last sent data (its last contact), and whether that is
    longer ago than ``HADIR_DEVICE_OFFLINE_HOURS``."""

    device: Device
    offline: bool


def unit_machine_contacts(unit_id: int, *, now: datetime) -> list[MachineContact]:
    """The machines in use at the unit, longest silent first (the today page)."""
    devices = Device.objects.filter(unit_id=unit_id, state=DeviceState.ACTIVE).order_by(
        F("last_seen_at").asc(nulls_first=True), "name", "sn"
    )
    cutoff = now - offline_after()
    return [MachineContact(d, d.last_seen_at is None or d.last_seen_at < cutoff) for d in devices]
