"""Whose punch is it: the one rule every channel's punches go through in ``punches_ingest``.

A channel that knows the person (the phone's account, a row of an approved manual sheet)
names the employee, who may have no machine PIN at all (a new teacher, someone whose finger
the machine does not read). A machine, an agent or a flashdisk names a PIN, looked up
region-wide and among the PINs scoped to the machine or its unit, which win
(``people.pins``). A PIN that cannot be a PIN (``!!``, empty, 25 characters) is kept aside
with its reason whichever channel brought it (``protocols.attlog.pin_refusal``)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Q

from hadir.people.models import Employee
from hadir.people.pins import scoped_pin_owners
from hadir.protocols.attlog import pin_refusal

if TYPE_CHECKING:
    from hadir.devices.models import Device
    from hadir.punches.services import IncomingPunch, IncomingRejected

NIGHT_SHIFT_SCHEDULE = "SHIFT"
NOBODY: tuple[int | None, int | None] = (None, None)


def split_bad_pins(
    punches: Sequence[IncomingPunch],
) -> tuple[list[IncomingPunch], list[IncomingRejected]]:
    """The punches that name an employee or carry a readable PIN, and the others as quarantine
    lines (line number 0, as the gate's: earlier checks have already taken punches out)."""
    from hadir.punches.services import IncomingRejected

    kept: list[IncomingPunch] = []
    rejected: list[IncomingRejected] = []
    for punch in punches:
        refusal = None if punch.employee_id is not None else pin_refusal(punch.pin)
        if refusal is None:
            kept.append(punch)
            continue
        reason, message = refusal
        raw = punch.raw or f"{punch.pin}\t{punch.local_time}\t{punch.status}\t{punch.verify}"
        rejected.append(IncomingRejected(0, raw, reason, message))
    return kept, rejected


@dataclass(frozen=True, slots=True)
class Owners:
    """Employee and unit ids by PIN and by named employee; who works night shifts (their
    punch after midnight also marks the day before)."""

    by_pin: dict[str, tuple[int, int]] = field(default_factory=dict)
    by_employee: dict[int, tuple[int, int]] = field(default_factory=dict)
    shift_workers: set[int] = field(default_factory=set)

    def of(self, incoming: IncomingPunch, pin: str) -> tuple[int | None, int | None]:
        """(employee id, unit id) of this punch, or (None, None): kept unmatched."""
        if incoming.employee_id is not None:
            return self.by_employee.get(incoming.employee_id, NOBODY)
        return self.by_pin.get(pin, NOBODY)


def punch_owners(
    *, device: Device | None, pins: Collection[str], employee_ids: Collection[int]
) -> Owners:
    """Who owns each PIN and each named employee, with their units and night shifts: one query
    for the region-wide PINs and named employees, one more for a machine's scoped PINs."""
    owners = Owners()
    if not pins and not employee_ids:
        return owners
    named = Q()
    if pins:
        named |= Q(pin__in=set(pins))
    if employee_ids:
        named |= Q(id__in=set(employee_ids))
    rows = Employee.objects.filter(named)
    wanted = set(employee_ids)
    for pin, owner_id, unit_id, schedule_code in rows.values_list(
        "pin", "id", "unit_id", "schedule__code"
    ):
        if pin is not None and pin in pins:
            owners.by_pin[pin] = (owner_id, unit_id)
        if owner_id in wanted:
            owners.by_employee[owner_id] = (owner_id, unit_id)
        if schedule_code == NIGHT_SHIFT_SCHEDULE:
            owners.shift_workers.add(owner_id)
    for pin, scoped in scoped_pin_owners(device, pins).items():
        owners.by_pin[pin] = (scoped.employee_id, scoped.unit_id)
        if scoped.schedule_code == NIGHT_SHIFT_SCHEDULE:
            owners.shift_workers.add(scoped.employee_id)
    return owners
