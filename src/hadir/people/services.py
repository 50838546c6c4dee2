"""Writes to people: create, update and transfer employees."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hadir.audit.services import audit_record
from hadir.org.models import Unit
from hadir.people.models import Employee, EmployeeAssignment
from hadir.punches.services import punches_claim_for_employee

TRANSFER_DATE_ERROR = gettext_noop(
    "The transfer date %(date)s is before the current assignment began (%(start)s)."
)


@transaction.atomic
def employee_create(
    *, unit: Unit, start: date, actor: Any | None = None, **fields: Any
) -> Employee:
    employee = Employee(unit=unit, **fields)
    employee.full_clean()
    employee.save()
    EmployeeAssignment.objects.create(employee=employee, unit=unit, valid_from=start)
    audit_record(actor=actor, action="employee.create", target=employee, data={"unit": unit.code})
    punches_claim_for_employee(employee=employee)
    return employee


@transaction.atomic
def employee_update(*, employee: Employee, actor: Any | None = None, **fields: Any) -> Employee:
    """Change an employee's own fields (not the unit: use ``employee_transfer``)."""
    changed = {k: str(v) for k, v in fields.items() if getattr(employee, k) != v}
    for key, value in fields.items():
        setattr(employee, key, value)
    employee.full_clean()
    employee.save()
    if changed:
        audit_record(actor=actor, action="employee.update", target=employee, data=changed)
    if "pin" in changed:
        punches_claim_for_employee(employee=employee)
    return employee


@transaction.atomic
def employee_transfer(
    *, employee: Employee, unit: Unit, effective: date, actor: Any | None = None
) -> Employee:
    """Move an employee to ``unit`` from ``effective`` on; days before stay with the old unit."""
    current = (
        EmployeeAssignment.objects.select_for_update()
        .filter(employee=employee, valid_to__isnull=True)
        .first()
    )
    if current is not None:
        if effective < current.valid_from:
            raise ValidationError(
                _(TRANSFER_DATE_ERROR) % {"date": effective, "start": current.valid_from}
            )
        if effective == current.valid_from:
            current.delete()
        else:
            current.valid_to = effective - timedelta(days=1)
            current.save(update_fields=["valid_to"])
    EmployeeAssignment.objects.create(employee=employee, unit=unit, valid_from=effective)
    old_unit = employee.unit
    employee.unit = unit
    employee.save(update_fields=["unit", "updated_at"])
    audit_record(
        actor=actor,
        action="employee.transfer",
        target=employee,
        data={"from": old_unit.code, "to": unit.code, "effective": effective.isoformat()},
    )
    return employee
