"""Undoing a wrong (machine, PIN) → employee pair (``EmployeePin``, made by
``machine_users.machine_user_confirm``).

The pair is removed; nothing of the punch ledger is. The punches the pair gave the person
(same PIN, on the machines of its scope, now owned by that person) are looked up again as if
the pair had never been made, with the same precedence as a fresh punch (the machine's PIN,
the nearest unit's, then the region-wide PIN): most go back to "unmatched PIN", waiting for
the right pair; a punch another pair or the person's own region-wide PIN still explains
stays or moves accordingly. The days of everyone whose punches changed are marked for
recompute. BKD or an operator of the pair's unit (for a machine's pair: the machine's unit),
as for confirming; audited as ``device.user_unpaired``.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from hadir.audit.services import audit_record
from hadir.devices.models import Device
from hadir.devices.permissions import usb_access
from hadir.org.models import Unit
from hadir.org.selectors import region_timezone, unit_subtree_ids
from hadir.people.models import Employee, EmployeePin
from hadir.people.pins import scoped_pin_owners, unit_path_ids
from hadir.punches.models import Punch
from hadir.punches.services import StoredPunchDay, mark_punch_days_dirty


def pair_unit(pair: EmployeePin) -> Unit | None:
    """The unit that manages a pair: its own unit, or its machine's."""
    if pair.unit is not None:
        return pair.unit
    return pair.device.unit if pair.device is not None else None


def may_unpair(actor: object, pair: EmployeePin) -> bool:
    unit = pair_unit(pair)
    return unit is not None and usb_access(actor).can_manage_unit(unit.pk)


def pairs_on_device(device: Device) -> QuerySet[EmployeePin]:
    """The scoped pairs that act on this machine: its own, and those of its unit and the
    units above it."""
    units = unit_path_ids(device.unit.path) if device.unit is not None else []
    return (
        EmployeePin.objects.filter(Q(device=device) | Q(unit_id__in=units))
        .select_related("employee", "unit", "device__unit")
        .order_by("pin", "pk")
    )


def _scope_device_ids(pair: EmployeePin) -> list[int]:
    if pair.device_id is not None:
        return [pair.device_id]
    subtree = unit_subtree_ids({pair.unit_id})  # type: ignore[arg-type]
    return list(Device.objects.filter(unit_id__in=subtree).values_list("pk", flat=True))


def _owner_now(device: Device, pin: str) -> int | None:
    """Who ``pin`` means on ``device`` with the pairs that remain (as at ingest)."""
    scoped = scoped_pin_owners(device, {pin}).get(pin)
    if scoped is not None:
        return scoped.employee_id
    region = Employee.objects.filter(pin=pin).values_list("id", flat=True).first()
    return region


@transaction.atomic
def machine_user_unpair(*, actor: object, pair: EmployeePin) -> int:
    """Remove a confirmed scoped PIN pair; return how many punches left the person."""
    if not may_unpair(actor, pair):
        raise PermissionDenied(_("Only BKD or an operator of the machine's unit may do this."))
    employee_id, pin = pair.employee_id, pair.pin
    data = {
        "pin": pin,
        "employee": employee_id,
        "unit": pair.unit_id,
        "device": pair.device_id,
    }
    claimed = list(
        Punch.objects.filter(
            employee_id=employee_id, pin=pin, device_id__in=_scope_device_ids(pair)
        )
    )
    pair.delete()
    tz = region_timezone()
    days: list[StoredPunchDay] = []
    moved_to: dict[int | None, list[int]] = {}
    devices = Device.objects.select_related("unit").in_bulk({p.device_id for p in claimed})
    owners = {device_id: _owner_now(device, pin) for device_id, device in devices.items()}
    for punch in claimed:
        owner = owners[punch.device_id]
        if owner == employee_id:
            continue
        days.append(StoredPunchDay.of(punch, tz))  # the person's day loses the punch
        punch.employee_id = owner
        days.append(StoredPunchDay.of(punch, tz))  # and the new owner's (if any) gains it
        moved_to.setdefault(owner, []).append(punch.pk)
    for owner, punch_ids in moved_to.items():
        Punch.objects.filter(pk__in=punch_ids).update(employee_id=owner)
    moved = sum(len(ids) for ids in moved_to.values())
    mark_punch_days_dirty([d for d in days if d.employee_id is not None])
    audit_record(
        actor=actor,
        action="device.user_unpaired",
        target=pair.device or pair.unit,
        data={**data, "punches": moved},
    )
    return moved
