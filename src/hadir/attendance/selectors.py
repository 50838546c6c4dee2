"""Reads of stored day results: one employee's month, a unit's month grid, recaps."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from hadir.attendance.inputs import policy_set
from hadir.attendance.models import DayRecord
from hadir.bulk import as_date, fetch_rows
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
        return cls.from_columns(
            record.day,
            record.codes,
            record.working_day,
            record.late_minutes,
            record.early_minutes,
            record.leave_type,
            in_progress=record.in_progress,
            punched=record.check_in is not None or record.check_out is not None,
        )

    @classmethod
    def from_columns(
        cls,
        day: date,
        codes: str,
        working_day: bool,
        late_minutes: int,
        early_minutes: int,
        leave_type: str,
        *,
        in_progress: bool,
        punched: bool,
    ) -> StoredDay:
        """From a DayRecord's columns as read (``codes`` as stored, ``leave_type`` "" for
        none), for reads that fetch only these columns (``stored_days``)."""
        if in_progress:
            return cls(
                day=day,
                codes=(),
                working_day=working_day,
                late_minutes=0,
                early_minutes=0,
                leave_type=None,
                in_progress=True,
                punched=punched,
            )
        return cls(
            day=day,
            codes=stored_codes(codes),
            working_day=working_day,
            late_minutes=late_minutes,
            early_minutes=early_minutes,
            leave_type=LeaveType(leave_type) if leave_type else None,
        )


@lru_cache(maxsize=4096)
def stored_codes(text: str) -> tuple[DayCode, ...]:
    """``"TL2 PSW1"`` as day codes (a region's month repeats a few dozen strings)."""
    return tuple(DayCode(c) for c in text.split())


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


STORED_DAY_COLUMNS = (
    "employee_id", "unit_id", "day", "codes", "working_day", "late_minutes", "early_minutes",
    "leave_type", "day_in_progress", "day_punched",
)  # fmt: skip


def stored_days(records: QuerySet[DayRecord], *, by_unit: bool) -> dict[Any, list[StoredDay]]:
    """``records`` as the recap and the discipline read them, in day order, per employee
    id (or per (unit id, employee id) with ``by_unit``): only the columns they need, fetched
    by the driver, no model built."""
    stored: dict[Any, list[StoredDay]] = defaultdict(list)
    rows = (
        records.annotate(
            day_in_progress=ExpressionWrapper(
                Q(settles_at__isnull=False), output_field=BooleanField()
            ),
            day_punched=ExpressionWrapper(
                Q(check_in__isnull=False) | Q(check_out__isnull=False), output_field=BooleanField()
            ),
        )
        .order_by("employee_id", "day")
        .values_list(*STORED_DAY_COLUMNS)
    )
    for employee_id, unit_id, *columns in fetch_rows(rows):
        stored[(unit_id, employee_id) if by_unit else employee_id].append(_stored_day(*columns))
    return stored


@lru_cache(maxsize=16384)
def _stored_day(
    day: date | str,
    codes: str,
    working: object,
    late: int,
    early: int,
    leave: str,
    in_progress: object,
    punched: object,
) -> StoredDay:
    """A day's columns as the driver returns them (SQLite: dates as text, booleans as 0/1).
    A region's month repeats few distinct days (most are a plain H on one of 30 dates), and
    a ``StoredDay`` is immutable, so equal columns share one."""
    return StoredDay.from_columns(
        as_date(day), codes, bool(working), late, early, leave,
        in_progress=bool(in_progress), punched=bool(punched),
    )  # fmt: skip


def month_days(month: date) -> list[date]:
    day, days = month, []
    while day.month == month.month:
        days.append(day)
        day += ONE_DAY
    return days


def month_recap(
    month: date, days: list[StoredDay] | None, policy: Policy, tpp_base: int | None
) -> MonthRecap | None:
    """The rules' recap of the stored ``days`` of one person in one unit; None for none."""
    if not days:
        return None
    return build_month_recap(month.year, month.month, days, policy=policy, tpp_base=tpp_base)


def _recap(
    month: date, records: list[DayRecord], policy: Policy, tpp_base: int | None
) -> MonthRecap | None:
    return month_recap(month, [StoredDay.of(r) for r in records], policy, tpp_base)


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
    employees = list(Employee.objects.filter(id__in=employee_ids).order_by("name", "id"))
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


DISCIPLINE_CHUNK = 500  # people per read: a year of their days, about 180,000 rows at most
RULES_EMPLOYEE_TYPE = {
    "PNS": RulesEmployeeType.PNS,
    "PPPK": RulesEmployeeType.PPPK,
    "PPPK_PW": RulesEmployeeType.PPPK,
    "NON_ASN": RulesEmployeeType.NON_ASN,
}


def employee_discipline(employee: Employee, year: int, until: date) -> DisciplineStatus:
    """PP 94/2021 status from the stored days of ``year`` up to ``until``."""
    return employees_discipline([employee], year, until)[employee.pk]


def employees_discipline(
    employees: Sequence[Employee], year: int, until: date
) -> dict[int, DisciplineStatus]:
    """``employee_discipline`` of each of ``employees`` (by id), in one read of the year's
    stored days a chunk of people at a time (a unit's discipline list, whatever its size)."""
    policy = policy_set().for_month(until.year, until.month)
    found: dict[int, DisciplineStatus] = {}
    for start in range(0, len(employees), DISCIPLINE_CHUNK):
        chunk = employees[start : start + DISCIPLINE_CHUNK]
        days = stored_days(
            DayRecord.objects.filter(
                employee_id__in=[e.pk for e in chunk], day__gte=date(year, 1, 1), day__lte=until
            ),
            by_unit=False,
        )
        for employee in chunk:
            found[employee.pk] = discipline_status(
                year,
                days.get(employee.pk, []),
                employee_type=RULES_EMPLOYEE_TYPE[employee.employee_type],
                minutes_per_day=policy.discipline_minutes_per_day,
            )
    return found
