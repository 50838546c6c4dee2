"""Attendance pages: an employee's month calendar and a unit's month grid."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.dates import WEEKDAYS_ABBR

from hadir.accounts.scope import scope_for
from hadir.attendance.selectors import (
    employee_discipline,
    employee_month,
    month_days,
    unit_month_grid,
)
from hadir.edge.pages import month_param
from hadir.org.models import Unit
from hadir.org.selectors import region_timezone
from hadir.people.models import Employee
from hadir.people.selectors import employee_by_number
from hadir.requests.fix import FixLinks
from hadir.requests.permissions import request_access
from hadir.rules import render as render_explanation

GRID_PAGE_SIZE = 60


def _month(request: HttpRequest) -> date:
    this_month = timezone.now().astimezone(region_timezone()).date().replace(day=1)
    return month_param(request, this_month)


def _neighbours(month: date) -> dict[str, str]:
    previous = (month - timedelta(days=1)).replace(day=1)
    following = (month + timedelta(days=32)).replace(day=1)
    return {"previous": f"{previous:%Y-%m}", "next": f"{following:%Y-%m}"}


def _calendar_weeks(month: date) -> list[list[date | None]]:
    days = month_days(month)
    cells: list[date | None] = [None] * days[0].weekday() + list(days)
    cells += [None] * (-len(cells) % 7)
    return [cells[i : i + 7] for i in range(0, len(cells), 7)]


def _fixes(request: HttpRequest, unit: Unit, days: list[date]) -> tuple[FixLinks, Any]:
    """The fix links of the page and who may follow them (those who can file requests)."""
    access = request_access(request.user)
    links = FixLinks(unit=unit, days=days, now=timezone.now(), grants=access.is_bkd)
    return links, access


def _fix(links: FixLinks, access: Any, employee: Employee, day: date, record: Any) -> Any:
    if record is None or not access.can_submit_for(employee):
        return None
    return links.for_day(employee.pk, day, record.code_list)


def _employee_page(request: HttpRequest, employee: Employee) -> HttpResponse:
    month = _month(request)
    row = employee_month(employee, month)
    last_day = month_days(month)[-1]
    discipline = employee_discipline(employee, month.year, last_day)
    links, access = _fixes(request, employee.unit, month_days(month))
    weeks = []
    for week in _calendar_weeks(month):
        cells = []
        for day in week:
            record = row.records.get(day) if day else None
            fix = _fix(links, access, employee, day, record) if day else None
            cells.append((day, record, fix))
        weeks.append(cells)
    return render(
        request,
        "web/attendance_employee.html",
        {
            "employee": employee,
            "month": month,
            "weeks": weeks,
            "row": row,
            "discipline": discipline,
            "discipline_text": render_explanation(discipline.explanation),
            "weekday_names": [WEEKDAYS_ABBR[i] for i in range(7)],
            **_neighbours(month),
        },
    )


@login_required
def employee_attendance(request: HttpRequest, number: str) -> HttpResponse:
    employee = scope_for(request.user).employee_or_404(employee_by_number(number))
    return _employee_page(request, employee)


@login_required
def my_attendance(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    employee = scope.employee_or_404(
        Employee.objects.select_related("unit").filter(pk=scope.employee_id or 0).first()
    )
    return _employee_page(request, employee)


@login_required
def unit_attendance(request: HttpRequest, code: str) -> HttpResponse:
    unit = scope_for(request.user).unit_or_404(code)
    month = _month(request)
    grid = unit_month_grid(unit, month)
    page = Paginator(grid.rows, GRID_PAGE_SIZE).get_page(request.GET.get("page"))
    links, access = _fixes(request, unit, grid.days)
    rows = []
    for row in page:
        cells = []
        for day in grid.days:
            record = row.records.get(day)
            fix = _fix(links, access, row.employee, day, record)
            cells.append((day, record, day in row.other_unit_days, fix))
        rows.append((row, cells))
    return render(
        request,
        "web/attendance_unit.html",
        {
            "unit": unit,
            "month": month,
            "days": grid.days,
            "rows": rows,
            "page": page,
            **_neighbours(month),
        },
    )
