"""Requests in force as the rules engine's ``ApprovedAbsence`` (read by
``hadir.attendance.inputs.absences_for``). One query per batch of employees."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from hadir.requests.kinds import kind_rule
from hadir.requests.models import ABSENCE_KINDS, Request
from hadir.rules import ApprovedAbsence, LeaveType


def approved_absences(
    employee_ids: Iterable[int], first: date, last: date
) -> dict[int, list[ApprovedAbsence]]:
    """Absences in force that touch ``first``-``last``, per employee. Pending, rejected,
    cancelled and approved-but-not-yet-verified requests are left out."""
    rows = (
        Request.objects.in_force()
        .filter(
            employee_id__in=list(employee_ids),
            kind__in=sorted(ABSENCE_KINDS),
            first_day__lte=last,
            last_day__gte=first,
        )
        .values_list(
            "pk", "employee_id", "kind", "first_day", "last_day", "leave_type", "spt_number"
        )
    )
    found: dict[int, list[ApprovedAbsence]] = defaultdict(list)
    for pk, employee_id, kind, first_day, last_day, leave_type, spt in rows:
        absence = kind_rule(kind).absence
        if absence is None or employee_id is None:
            continue
        found[employee_id].append(
            ApprovedAbsence(
                kind=absence,
                first_day=first_day,
                last_day=last_day,
                leave_type=LeaveType(leave_type) if leave_type else None,
                reference=spt or f"#{pk}",
            )
        )
    return dict(found)
