"""Diskominfo's decisions about a machine's trust: which addresses it may talk from, and
which punches held as "sent from elsewhere" start counting. Audited; the caller checks that
the actor is Diskominfo (:func:`hadir.devices.permissions.DeviceAccess.manage_all`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction

from hadir.audit.services import audit_record
from hadir.devices.contact import seen_cache
from hadir.devices.models import Device
from hadir.devices.trust import clean_networks, single_address_network
from hadir.punches.models import Punch, PunchHold
from hadir.punches.services import punches_release


def learned_binding(device: Device) -> list[str]:
    """What approval binds a machine to: the address it was last seen from, if any."""
    network = single_address_network(device.remote_address)
    return [network] if network else []


@transaction.atomic
def device_bind(*, device: Device, networks: Sequence[str], actor: Any) -> Device:
    """The machine is trusted only from these addresses or ranges (empty: not checked)."""
    device = Device.objects.select_for_update().get(pk=device.pk)
    old = list(device.bound_networks or [])
    device.bound_networks = clean_networks(networks)
    device.save(update_fields=["bound_networks"])
    audit_record(
        actor=actor,
        action="device.bind",
        target=device,
        data={"old": old, "new": device.bound_networks},
    )
    seen_cache.forget(device.sn)  # this process at once; others within LAST_SEEN_RESOLUTION
    return device


def held_untrusted(device: Device) -> Any:
    """The machine's punches held because they came from an address it is not bound to."""
    return Punch.objects.filter(device=device, hold=PunchHold.UNTRUSTED_SOURCE).order_by(
        "-punched_at", "-id"
    )


@transaction.atomic
def device_release_untrusted(*, device: Device, punch_ids: Sequence[int] | None, actor: Any) -> int:
    """Held punches of this machine (all when ``punch_ids`` is None) start counting: Diskominfo
    checked they are the machine's own (e.g. its office changed its public address). Punches
    the machine itself would not count (recorded after it was retired) stay held."""
    held = held_untrusted(device)
    if punch_ids is not None:
        held = held.filter(pk__in=list(punch_ids))
    countable = [p.pk for p in held if device.counts_punch_at(p.punched_at)]
    released = punches_release(punch_ids=countable, hold=PunchHold.UNTRUSTED_SOURCE)
    audit_record(
        actor=actor,
        action="device.release_untrusted",
        target=device,
        data={"released": released, "asked": "all" if punch_ids is None else len(punch_ids)},
    )
    return released
