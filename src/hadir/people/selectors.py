"""Reads of people."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

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
