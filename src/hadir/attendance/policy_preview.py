"""Preview a policy change on last month's stored days, in memory: nothing is written."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from hadir.attendance.inputs import policy_set
from hadir.attendance.models import DayRecord
from hadir.attendance.selectors import StoredDay
from hadir.people.models import Employee
from hadir.people.tpp import tpp_base_for, tpp_bases_for
from hadir.rules import DayCode, LeaveType, PolicySet
from hadir.rules.policy_preview import PolicyPreview, preview_policy_change

# tpp_base_for is re-exported: it lived here before the TPP base history (people.tpp).
__all__ = ["preview_on_month", "previous_month", "tpp_base_for"]


def previous_month(today: date) -> date:
    return (today.replace(day=1) - timedelta(days=1)).replace(day=1)


def preview_on_month(new: PolicySet, month: date) -> PolicyPreview[Employee]:
    """Whose deduction for ``month`` changes if ``new`` replaces the policy in force."""
    first = month.replace(day=1)
    last = (first + timedelta(days=31)).replace(day=1) - timedelta(days=1)
    rows = DayRecord.objects.filter(day__gte=first, day__lte=last).values_list(
        "employee_id",
        "day",
        "codes",
        "working_day",
        "late_minutes",
        "early_minutes",
        "leave_type",
        "settles_at",
        "check_in",
        "check_out",
    )
    days: dict[int, list[StoredDay]] = defaultdict(list)
    for employee_id, day, codes, working, late, early, leave, settles_at, c_in, c_out in rows:
        if settles_at is not None:
            stored = StoredDay(
                day, (), working, 0, 0, None, in_progress=True, punched=bool(c_in or c_out)
            )
        else:
            stored = StoredDay(
                day,
                tuple(DayCode(code) for code in codes.split()),
                working,
                late,
                early,
                LeaveType(leave) if leave else None,
            )
        days[employee_id].append(stored)
    employees = list(Employee.objects.filter(id__in=days).select_related("unit"))
    bases = tpp_bases_for(employees, first)
    return preview_policy_change(
        first.year,
        first.month,
        ((e, days[e.id], bases[e.pk]) for e in employees),
        old=policy_set().for_month(first.year, first.month),
        new=new.for_month(first.year, first.month),
        sort_key=lambda e: (e.unit.name if e.unit else "", e.name),
    )
