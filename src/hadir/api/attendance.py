"""API for day results and monthly recaps, scoped like the pages."""

from __future__ import annotations

from datetime import date, datetime

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from hadir.accounts.scope import scope_for
from hadir.attendance.selectors import EmployeeMonth, employee_month, month_days, unit_month_grid
from hadir.edge import EdgeError, month_value
from hadir.org.selectors import region_timezone
from hadir.people.selectors import employee_by_number

router = Router(tags=["attendance"])
NOT_COMPUTED = "Belum dihitung."
OTHER_UNIT = "Di unit lain pada hari ini."


class DayOut(Schema):
    codes: list[str]
    check_in: str | None
    check_out: str | None
    late_minutes: int
    early_minutes: int
    explanation: str
    in_progress: bool = False  # the day was not over when computed: no final codes yet


class EmployeeMonthOut(Schema):
    nip: str
    name: str
    days: dict[str, DayOut]
    totals: dict[str, int]
    tpp_deduction_percent: float
    tpp_deduction_amount: int | None


class UnitRecapOut(Schema):
    unit: str
    month: str
    employees: list[EmployeeMonthOut]


class EmployeeDaysOut(EmployeeMonthOut):
    month: str


def _month(text: str) -> date:
    try:
        return month_value(text)
    except EdgeError as exc:
        raise HttpError(400, exc.text) from exc


def _clock(value: datetime | None) -> str | None:
    return value.astimezone(region_timezone()).strftime("%H:%M") if value else None


def _employee_month_out(row: EmployeeMonth, days: list[date]) -> EmployeeMonthOut:
    out: dict[str, DayOut] = {}
    for day in days:
        record = row.records.get(day)
        if record is None:
            text = OTHER_UNIT if day in row.other_unit_days else NOT_COMPUTED
            out[day.isoformat()] = DayOut(
                codes=[],
                check_in=None,
                check_out=None,
                late_minutes=0,
                early_minutes=0,
                explanation=text,
            )
            continue
        out[day.isoformat()] = DayOut(
            codes=record.code_list,
            check_in=_clock(record.check_in),
            check_out=_clock(record.check_out),
            late_minutes=record.late_minutes,
            early_minutes=record.early_minutes,
            explanation=record.explanation,
            in_progress=record.in_progress,
        )
    return EmployeeMonthOut(
        nip=row.employee.id_number,
        name=row.employee.name,
        days=out,
        totals=row.totals,
        tpp_deduction_percent=float(round(row.tpp_deduction_percent, 2)),
        tpp_deduction_amount=row.recap.deduction_amount if row.recap else None,
    )


@router.get("/units/{code}/recap/{month}", response=UnitRecapOut)
def unit_recap(request: HttpRequest, code: str, month: str) -> UnitRecapOut:
    """Every employee of the unit, every day of the month (days off carry ``L``)."""
    unit = scope_for(request.user).unit_or_404(code)
    grid = unit_month_grid(unit, _month(month))
    return UnitRecapOut(
        unit=unit.code,
        month=month,
        employees=[_employee_month_out(row, grid.days) for row in grid.rows],
    )


@router.get("/employees/{number}/days", response=EmployeeDaysOut)
def employee_days(request: HttpRequest, number: str, month: str) -> EmployeeDaysOut:
    """One employee's days of a month, with codes, times and explanations."""
    employee = scope_for(request.user).employee_or_404(employee_by_number(number))
    first = _month(month)
    row = employee_month(employee, first)
    data = _employee_month_out(row, month_days(first))
    return EmployeeDaysOut(month=month, **data.dict())
