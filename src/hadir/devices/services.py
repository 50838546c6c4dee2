"""The fleet: register, approve, move, retire and replace machines. Every change is audited.

Permission checks belong to the caller (views use :mod:`hadir.devices.permissions`); these
functions check what must hold whoever asks (states, a unique SN, a valid name).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hadir.audit.services import audit_record
from hadir.devices.commands import commands_cancel_open, commands_enrol_unit
from hadir.devices.contact import seen_cache
from hadir.devices.models import Device, DeviceState
from hadir.devices.trust_services import learned_binding
from hadir.org.models import Unit
from hadir.protocols.push import PushQueryError, validate_sn
from hadir.punches.services import punches_count_device

ALREADY_REGISTERED = gettext_noop(
    "The machine %(sn)s is already registered. Open it from the list of machines."
)
NOT_PENDING = gettext_noop("Only a machine waiting for approval can be approved.")
NOT_ACTIVE = gettext_noop("Only a machine in use can be moved, replaced or retired.")
SAME_MACHINE = gettext_noop("The new machine must have another serial number.")
NEW_MACHINE_IN_USE = gettext_noop(
    "The machine %(sn)s is already in use or retired; a replacement must be new or waiting "
    "for approval."
)
BAD_SN = gettext_noop(
    "The serial number may only contain letters, digits, dots, dashes and underscores "
    "(1-64 characters): %(sn)s."
)


def clean_sn(sn: str) -> str:
    """The SN as typed (spaces trimmed), or ValidationError in words for the operator."""
    sn = sn.strip()
    try:
        return validate_sn(sn)
    except PushQueryError as error:
        raise ValidationError(_(BAD_SN) % {"sn": sn[:70]}) from error


@transaction.atomic
def device_register(*, sn: str, name: str, unit: Unit, actor: Any | None) -> Device:
    """Register a machine for a unit, in use at once. A machine that already contacted Hadir
    (waiting for approval) is approved instead: same SN, same machine."""
    sn = clean_sn(sn)
    existing = Device.objects.select_for_update().filter(sn=sn).first()
    if existing is not None:
        if existing.state != DeviceState.PENDING:
            raise ValidationError(_(ALREADY_REGISTERED) % {"sn": sn})
        return device_approve(device=existing, unit=unit, name=name, actor=actor)
    device = Device(sn=sn, name=name.strip(), unit=unit, state=DeviceState.ACTIVE)
    device.full_clean()
    device.save()
    audit_record(actor=actor, action="device.register", target=device, data={"unit": unit.code})
    return device


@transaction.atomic
def device_approve(*, device: Device, unit: Unit, name: str, actor: Any | None) -> Device:
    """A machine waiting for approval gets its unit; the punches it sent so far now count."""
    device = Device.objects.select_for_update().get(pk=device.pk)
    if device.state != DeviceState.PENDING:
        raise ValidationError(_(NOT_PENDING))
    device.unit = unit
    device.name = name.strip() or device.name
    device.state = DeviceState.ACTIVE
    _trust_on_approval(device)
    device.full_clean()
    device.save(update_fields=["unit", "name", "state", "bound_networks", "registry_open_until"])
    counted = punches_count_device(device=device)
    audit_record(
        actor=actor,
        action="device.approve",
        target=device,
        data={
            "unit": unit.code,
            "punches_counted": counted,
            "bound_to": device.bound_networks,
        },
    )
    return device


def _trust_on_approval(device: Device) -> None:
    """Approval binds the machine to the address it was last seen from (Diskominfo edits it
    on the machine page) and lets a security-PUSH machine register (docs/security.md)."""
    if not device.bound_networks:
        device.bound_networks = learned_binding(device)
    minutes = settings.HADIR_PUSH_REGISTRY_WINDOW_MINUTES
    device.registry_open_until = timezone.now() + timedelta(minutes=minutes)
    seen_cache.forget(device.sn)  # the cached guard said "pending, not checked"


@transaction.atomic
def device_rename(*, device: Device, name: str, actor: Any | None) -> Device:
    old = device.name
    device.name = name.strip()
    device.full_clean()
    device.save(update_fields=["name"])
    audit_record(actor=actor, action="device.rename", target=device, data={"old": old})
    return device


@transaction.atomic
def device_move(*, device: Device, unit: Unit, actor: Any | None) -> Device:
    """The machine now serves another unit. Punches already stored keep their employees; the
    new unit's people can be enrolled with :func:`commands_enrol_unit`."""
    if device.state != DeviceState.ACTIVE:
        raise ValidationError(_(NOT_ACTIVE))
    old = device.unit.code if device.unit else None
    device.unit = unit
    device.save(update_fields=["unit"])
    audit_record(
        actor=actor, action="device.move", target=device, data={"from": old, "to": unit.code}
    )
    return device


def _retire(device: Device, now: Any) -> None:
    if device.state == DeviceState.ACTIVE:
        device.counted_until = now
    device.state = DeviceState.RETIRED
    device.retired_at = now
    device.save(update_fields=["state", "retired_at", "counted_until", "replaced_by"])
    commands_cancel_open(device=device)


@transaction.atomic
def device_retire(*, device: Device, actor: Any | None) -> Device:
    """The machine is no longer used (or was never ours: a pending machine can be refused).

    Its data stays. Whatever it still sends is stored; punches it recorded before this moment
    count, later ones do not.
    """
    device = Device.objects.select_for_update().get(pk=device.pk)
    if device.state == DeviceState.RETIRED:
        raise ValidationError(_(NOT_ACTIVE))
    _retire(device, timezone.now())
    audit_record(actor=actor, action="device.retire", target=device)
    return device


@transaction.atomic
def device_replace(*, old: Device, new_sn: str, actor: Any | None) -> Device:
    """A broken machine is replaced: the new one takes over the unit and the name, the old one
    is retired (its data stays), and every active employee of the unit is enrolled on the new
    one with ``DATA UPDATE USERINFO`` commands."""
    new_sn = clean_sn(new_sn)
    old = Device.objects.select_for_update().get(pk=old.pk)
    if old.state != DeviceState.ACTIVE or old.unit is None:
        raise ValidationError(_(NOT_ACTIVE))
    if new_sn == old.sn:
        raise ValidationError(_(SAME_MACHINE))
    new = Device.objects.select_for_update().filter(sn=new_sn).first()
    if new is not None and new.state != DeviceState.PENDING:
        raise ValidationError(_(NEW_MACHINE_IN_USE) % {"sn": new_sn})
    if new is None:
        new = Device.objects.create(sn=new_sn, state=DeviceState.PENDING)
    new.unit = old.unit
    new.name = old.name
    new.state = DeviceState.ACTIVE
    _trust_on_approval(new)
    new.save(update_fields=["unit", "name", "state", "bound_networks", "registry_open_until"])
    counted = punches_count_device(device=new)
    old.replaced_by = new
    _retire(old, timezone.now())
    commands = commands_enrol_unit(device=new, actor=actor)
    audit_record(
        actor=actor,
        action="device.replace",
        target=new,
        data={
            "old_sn": old.sn,
            "unit": old.unit.code,
            "enrol_commands": len(commands),
            "punches_counted": counted,
        },
    )
    return new


@transaction.atomic
def device_register_pending(*, sn: str, unit: Unit | None, via: str) -> Device:
    """The machine with this SN; one never seen before is stored as pending (in ``unit`` when
    the channel knows it, e.g. a LAN agent of that unit): its punches are kept, not counted."""
    device, created = Device.objects.get_or_create(
        sn=clean_sn(sn), defaults={"unit": unit, "state": DeviceState.PENDING}
    )
    if created:
        data = {"via": via, "unit": unit.code if unit else None}
        audit_record(actor=None, action="device.first_contact", target=device, data=data)
    return device


def device_report_health(
    *,
    device: Device,
    seen_at: datetime,
    users: int | None = None,
    fingerprints: int | None = None,
    records: int | None = None,
    clock_drift_seconds: int | None = None,
    firmware: str = "",
    ip_address: str = "",
) -> None:
    """What a channel that reads the machine itself (the LAN agent) saw of it just now."""
    fields: dict[str, Any] = {"last_seen_at": seen_at, "info_at": seen_at}
    if users is not None:
        fields["user_count"] = users
    if fingerprints is not None:
        fields["fingerprint_count"] = fingerprints
    if records is not None:
        fields["attlog_count"] = records
    if clock_drift_seconds is not None:
        fields.update(clock_drift_seconds=clock_drift_seconds, clock_checked_at=seen_at)
    if firmware:
        fields["firmware"] = firmware[:100]
    if ip_address:
        fields["ip_address"] = ip_address[:45]
    Device.objects.filter(pk=device.pk).update(**fields)
