"""Reading a unit's roster month for the grid page: who is on the roster, their cells, the
shift legend, and the grid form's cells (``c-<employee>-<day>``) turned into service input."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet

from hadir.org.models import Unit
from hadir.people.models import Employee
from hadir.schedules.models import ScheduleAssignment, Shift, WorkSchedule
from hadir.schedules.roster import Cell, month_days, roster_codes

PEOPLE_PER_PAGE = 25  # 25 people x 31 days stays under Django's 1,000 form fields


@dataclass(frozen=True)
class GridRow:
    employee: Employee
    cells: list[tuple[date, str]]  # each day of the month with its code ("" for none)


def rostered_people(unit: Unit, month: date) -> QuerySet[Employee]:
    """The unit's people who work by the roster in ``month``: their own schedule is a roster
    schedule, or a dated roster assignment of theirs overlaps the month."""
    days = month_days(month)
    roster_ids = WorkSchedule.objects.filter(is_roster=True).values("pk")
    assigned = ScheduleAssignment.objects.filter(
        schedule_id__in=roster_ids, employee__isnull=False, valid_from__lte=days[-1]
    ).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=days[0]))
    return (
        Employee.objects.filter(unit=unit)
        .filter(Q(schedule_id__in=roster_ids) | Q(pk__in=assigned.values("employee_id")))
        .order_by("name", "pk")
    )


def grid_rows(people: list[Employee], month: date) -> list[GridRow]:
    days = month_days(month)
    stored = roster_codes([p.pk for p in people], days)
    return [GridRow(p, [(d, stored.get((p.pk, d), "")) for d in days]) for p in people]


def shift_legend() -> list[Shift]:
    return list(Shift.objects.order_by("start", "code"))


def posted_cells(data: dict[str, str], people: list[Employee], month: date) -> dict[Cell, str]:
    """The grid's cells as posted, for the people shown on the page only."""
    allowed = {p.pk for p in people}
    days = {d.day: d for d in month_days(month)}
    cells: dict[Cell, str] = {}
    for key, value in data.items():
        parts = key.split("-")
        numbers = parts[1] + parts[2] if len(parts) == 3 else ""
        if parts[0] != "c" or not (numbers.isascii() and numbers.isdigit()):
            continue
        employee_id, day = int(parts[1]), int(parts[2])
        if employee_id in allowed and day in days:
            cells[(employee_id, days[day])] = value[:10]
    return cells
