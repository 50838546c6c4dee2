"""Device PINs. By default one PIN identifies one employee on every machine in the region
(``Employee.pin``); regions whose machines were enrolled unit by unit also keep scoped PINs
(``EmployeePin``: valid on one unit's machines and its sub-units', or on one machine), which
win over the region-wide PIN on the machines of their scope."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q

if TYPE_CHECKING:
    from hadir.devices.models import Device

PIN_PATTERN = re.compile(r"^[0-9A-Za-z]{1,24}$")


def normalize_pin(raw: str) -> str:
    """Machines pad PINs with spaces (USB files) and some with zeros; ``" 0012"`` is ``"12"``.

    Numeric PINs lose leading zeros so that the same person matches on every machine;
    alphanumeric PINs are kept as typed (upper-cased).
    """
    pin = (raw or "").strip()
    if pin.isdigit():
        return pin.lstrip("0") or "0"
    return pin.upper()


@dataclass(frozen=True, slots=True)
class PinOwner:
    employee_id: int
    unit_id: int
    schedule_code: str | None


def unit_path_ids(path: str) -> list[int]:
    """The unit ids of a ``Unit.path`` (``/3/17/``), from the root down."""
    return [int(part) for part in path.strip("/").split("/") if part]


def scoped_pin_owners(device: Device | None, pins: Collection[str]) -> dict[str, PinOwner]:
    """Who each PIN means on this machine through a scoped PIN, in one query: a PIN of the
    machine itself first, then of the nearest unit up from the machine's unit. A machine
    without a unit has no scoped PINs (they never reach another unit's staff)."""
    from hadir.people.models import EmployeePin

    if device is None or not pins:
        return {}
    unit_chain = unit_path_ids(device.unit.path) if device.unit is not None else []
    rank = {unit_id: depth for depth, unit_id in enumerate(unit_chain)}
    rows = EmployeePin.objects.filter(pin__in=set(pins)).filter(
        _device_or_units(device.pk, unit_chain)
    )
    best: dict[str, tuple[int, PinOwner]] = {}
    for pin, device_id, unit_id, owner_id, owner_unit_id, schedule_code in rows.values_list(
        "pin",
        "device_id",
        "unit_id",
        "employee_id",
        "employee__unit_id",
        "employee__schedule__code",
    ):
        # The machine's own PIN beats every unit's; a deeper unit beats its parents.
        priority = len(unit_chain) if device_id is not None else rank.get(unit_id, -1)
        if pin not in best or priority > best[pin][0]:
            best[pin] = (priority, PinOwner(owner_id, owner_unit_id, schedule_code))
    return {pin: owner for pin, (_priority, owner) in best.items()}


def _device_or_units(device_id: int, unit_ids: list[int]) -> Q:
    return Q(device_id=device_id) | Q(unit_id__in=unit_ids)
