"""Reads of stored day results: one employee's month, a unit's month grid, recaps."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from hadir.attendance.inputs import policy_set
from hadir.attendance.models import DayRecord
from hadir.org.models import Unit
from hadir.people.models import Employee
from hadir.people.tpp import tpp_base_for, tpp_bases_for
from hadir.rules import (
    DayCode,
    DisciplineStatus,
    LeaveType,
    MonthRecap,
    Policy,
    build_month_recap,
    discipline_status,
)
from hadir.rules import EmployeeType as RulesEmployeeType
from hadir.rules.codes import PRESENT_CODES

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class StoredDay:
    """A stored DayRecord in the shape the rules' recap and discipline read.

    A day still in progress counts with no code and no minutes: nothing about it is a
    penalty until it is over (the recap skips it too, the discipline sees nothing of it).
    """

    day: date
    codes: tuple[DayCode, ...]
    working_day: bool
    late_minutes: int
    early_minutes: int
    leave_type: LeaveType | None
    in_progress: bool = False
    punched: bool = False

    @property
    def is_present(self) -> bool:
        if self.in_progress:
            return self.punched
        return not PRESENT_CODES.isdisjoint(self.codes)

    @classmethod
    def of(cls, record: DayRecord) -> StoredDay:
        if record.in_progress:
            return cls(
                day=record.day,
                codes=(),
                working_day=record.working_day,
                late_minutes=0,
                early_minutes=0,
                leave_type=None,
                in_progress=True,
                punched=record.check_in is not None or record.check_out is not None,
            )
        return cls(
            day=record.day,
            codes=tuple(DayCode(c) for c in record.codes.split()),
            working_day=record.working_day,
            late_minutes=record.late_minutes,
            early_minutes=record.early_minutes,
            leave_type=LeaveType(record.leave_type) if record.leave_type else None,
        )


@dataclass
class EmployeeMonth:
    employee: Employee
    records: dict[date, DayRecord]
    recap: MonthRecap | None
    other_unit_days: set[date] = field(default_factory=set)
    tpp_base: int | None = None  # rupiah in force this month; None when not filled in

    @property
    def tpp_deduction_percent(self) -> Decimal:
        return self.recap.deduction_pct if self.recap else Decimal(0)

    @property
    def totals(self) -> dict[str, int]:
        if self.recap is None:
            return {}
        return {code.value: n for code, n in sorted(self.recap.code_counts.items())}


@dataclass
class MonthGrid:
    month: date
    days: list[date]
    rows: list[EmployeeMonth]


def month_days(month: date) -> list[date]:
    day, days = month, []
    while day.month == month.month:
        days.append(day)
        day += ONE_DAY
    return days


def _recap(
    month: date, records: list[DayRecord], policy: Policy, tpp_base: int | None
) -> MonthRecap | None:
    if not records:
        return None
    return build_month_recap(
        month.year,
        month.month,
        [StoredDay.of(r) for r in records],
        policy=policy,
        tpp_base=tpp_base,
    )


def employee_month(employee: Employee, month: date) -> EmployeeMonth:
    days = month_days(month)
    records = list(DayRecord.objects.filter(employee=employee, day__gte=days[0], day__lte=days[-1]))
    base = tpp_base_for(employee, days[0])
    return EmployeeMonth(
        employee=employee,
        records={r.day: r for r in records},
        recap=_recap(month, records, policy_set().for_month(month.year, month.month), base),
        tpp_base=base,
    )


def unit_month_grid(unit: Unit, month: date) -> MonthGrid:
    """Everyone who belonged to ``unit`` during the month, with only the days spent there
    (days in another unit after a transfer are listed in ``other_unit_days``)."""
    days = month_days(month)
    records = DayRecord.objects.filter(day__gte=days[0], day__lte=days[-1])
    employee_ids = set(records.filter(unit=unit).values_list("employee_id", flat=True))
    employee_ids |= set(Employee.objects.filter(unit=unit).values_list("id", flat=True))
    employees = list(Employee.objects.filter(id__in=employee_ids).order_by("name"))
    bases = tpp_bases_for(employees, days[0])
    by_employee: dict[int, list[DayRecord]] = defaultdict(list)
    for record in records.filter(employee_id__in=employee_ids).order_by("employee_id", "day"):
        by_employee[record.employee_id].append(record)
    policy = policy_set().for_month(month.year, month.month)
    rows = []
    for employee in employees:
        mine = [r for r in by_employee[employee.pk] if r.unit_id == unit.pk]
        rows.append(
            EmployeeMonth(
                employee=employee,
                records={r.day: r for r in mine},
                recap=_recap(month, mine, policy, bases[employee.pk]),
                other_unit_days={r.day for r in by_employee[employee.pk] if r.unit_id != unit.pk},
                tpp_base=bases[employee.pk],
            )
        )
    return MonthGrid(month=days[0], days=days, rows=rows)


RULES_EMPLOYEE_TYPE = {
    "PNS": RulesEmployeeType.PNS,
    "PPPK": RulesEmployeeType.PPPK,
    "PPPK_PW": RulesEmployeeType.PPPK,
    "NON_ASN": RulesEmployeeType.NON_ASN,
}


def employee_discipline(employee: Employee, year: int, until: date) -> DisciplineStatus:
    """PP 94/2021 status from the stored days of ``year`` up to ``until``."""
    records = DayRecord.objects.filter(
        employee=employee, day__gte=date(year, 1, 1), day__lte=until
    ).order_by("day")
    policy = policy_set().for_month(until.year, until.month)
    return discipline_status(
        year,
        [StoredDay.of(r) for r in records],
        employee_type=RULES_EMPLOYEE_TYPE[employee.employee_type],
        minutes_per_day=policy.discipline_minutes_per_day,
    )
