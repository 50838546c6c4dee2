"""Reads of people."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import BigIntegerField, Max, Q, QuerySet
from django.db.models.functions import Cast

from hadir.people.models import Employee, EmployeeAssignment
from hadir.people.nip import normalize_identifier


def employee_by_number(number: str) -> Employee | None:
    """Find an employee by NIP, PPPK number or NIK (spaces allowed)."""
    digits = normalize_identifier(number)
    if not digits:
        return None
    return (
        Employee.objects.select_related("unit")
        .filter(Q(nip=digits) | Q(pppk_number=digits) | Q(nik=digits))
        .first()
    )


def employee_unit_id_on(employee: Employee, day: date) -> int | None:
    """The unit the employee belonged to on ``day`` (their history, not today's unit)."""
    assignment = (
        EmployeeAssignment.objects.filter(employee=employee, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .first()
    )
    return assignment.unit_id if assignment else None


def employees_of_units(unit_ids: set[int]) -> QuerySet[Employee]:
    return Employee.objects.filter(unit_id__in=unit_ids).select_related("unit", "schedule")


# Numbers longer than this are not suggested (and do not push the suggestion up): machines
# take PINs of up to 9 digits on most firmware, and a cast stays inside a 64-bit integer.
SUGGESTED_PIN_DIGITS = 9


def _highest_numeric_pin(pins: QuerySet[Any]) -> int:
    found = (
        pins.filter(pin__regex=rf"^[0-9]{{1,{SUGGESTED_PIN_DIGITS}}}$")
        .annotate(number=Cast("pin", BigIntegerField()))
        .aggregate(top=Max("number"))["top"]
    )
    return int(found or 0)


def pin_suggest_free() -> str:
    """A PIN nobody holds in the region: one above the highest numeric PIN of any employee or
    of punches still waiting for their owner (so a newcomer never inherits a stranger's
    punches). Any other free PIN is as good; this is only a suggestion."""
    from hadir.punches.models import Punch

    top = max(
        _highest_numeric_pin(Employee.objects.exclude(pin__isnull=True)),
        _highest_numeric_pin(Punch.objects.filter(employee__isnull=True)),
    )
    return str(top + 1)
