"""A unit today, for its head: who is in, who is late, who is away, who has not punched.

Today's results exist for those whose punches the worker already computed; someone without
a result has not punched in yet (or is absent: that is decided when the day closes). Only
an arrival that was recorded can be on time: a day without one (its first punch came in the
afternoon, or the day was judged TAM) is never counted as "in on time".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from hadir.attendance.models import DayRecord
from hadir.org.models import Unit
from hadir.people.models import Employee

LATE_PREFIX = "TL"
AWAY_CODES = frozenset({"C", "S", "I", "DL", "TB", "DIK"})


@dataclass
class UnitToday:
    day: date
    present: list[tuple[Employee, DayRecord]] = field(default_factory=list)
    late: list[tuple[Employee, DayRecord]] = field(default_factory=list)
    away: list[tuple[Employee, DayRecord]] = field(default_factory=list)
    not_in: list[Employee] = field(default_factory=list)


def unit_today(unit: Unit, day: date) -> UnitToday:
    """Two queries: the unit's people and their results of ``day``."""
    employees = list(Employee.objects.filter(unit=unit, is_active=True).order_by("name"))
    records = {
        r.employee_id: r
        for r in DayRecord.objects.filter(day=day, employee__in=[e.pk for e in employees])
    }
    today = UnitToday(day=day)
    for employee in employees:
        record = records.get(employee.pk)
        codes = set(record.code_list) if record else set()
        if record is None or "TK" in codes:
            today.not_in.append(employee)
        elif codes & AWAY_CODES or (not record.working_day and record.check_in is None):
            today.away.append((employee, record))  # leave, duty, or a day off for them
        elif any(code.startswith(LATE_PREFIX) for code in codes):
            today.late.append((employee, record))
        elif record.check_in is None and "FWA" not in codes:
            today.not_in.append(employee)  # punched, but no arrival recorded yet (or TAM)
        else:
            today.present.append((employee, record))
    return today
