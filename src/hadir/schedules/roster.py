"""Writes to a unit's monthly roster: a grid of cells saved at once, a copy of last month,
a swap of two people. Each goes through one service that checks the actor's unit, writes
only the cells that change, records one audit event and marks the days it changes (and the
morning after each, where a night shift ends).

A cell holds a shift code, ``L`` (a rostered day off) or nothing (no roster entry).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hadir.attendance.dirty import mark_employees_between
from hadir.audit.services import audit_record
from hadir.org.models import Unit
from hadir.people.models import Employee
from hadir.schedules.models import RosterEntry, Shift
from hadir.schedules.permissions import NOT_YOUR_UNIT, check_unit_editor
from hadir.schedules.weekly import DAY_OFF_CODE

ONE_DAY = timedelta(days=1)
FOUR_WEEKS = timedelta(weeks=4)
FIVE_WEEKS = timedelta(weeks=5)
UNKNOWN_SHIFT = gettext_noop("%(code)s is not a shift. Use one of: %(codes)s.")

Cell = tuple[int, date]  # (employee id, day)


class RosterRejected(ValueError):
    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


def month_days(month: date) -> list[date]:
    first = month.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return [first + timedelta(days=n) for n in range((following - first).days)]


def roster_codes(employee_ids: Iterable[int], days: list[date]) -> dict[Cell, str]:
    """The stored cells of these people over these days (``L`` for a rostered day off)."""
    rows = RosterEntry.objects.filter(
        employee_id__in=list(employee_ids), day__gte=days[0], day__lte=days[-1]
    ).values_list("employee_id", "day", "shift__code")
    return {(e, d): code or DAY_OFF_CODE for e, d, code in rows}


def copy_source_day(day: date) -> date:
    """The day of last month a day copies: the same weekday four weeks earlier, or five for
    the 29th to the 31st (four weeks back would still be this month)."""
    earlier = day - FOUR_WEEKS
    return earlier if earlier.month != day.month else day - FIVE_WEEKS


def _check_people(unit: Unit, employee_ids: set[int]) -> None:
    inside = set(
        Employee.objects.filter(pk__in=employee_ids, unit=unit).values_list("pk", flat=True)
    )
    if inside != employee_ids:
        raise PermissionDenied(_(NOT_YOUR_UNIT))


@transaction.atomic
def roster_cells_save(
    *, unit: Unit, cells: Mapping[Cell, str], actor: Any | None = None, action: str = "roster.save"
) -> int:
    """Store ``cells`` of ``unit``'s people; returns how many changed. BKD anywhere, the
    unit's head or operator in their units; unknown shift codes refuse the whole save."""
    check_unit_editor(actor, [unit.pk])
    if not cells:
        return 0
    _check_people(unit, {e for e, _ in cells})
    shifts = {s.code: s for s in Shift.objects.all()}
    wanted = {cell: code.strip().upper() for cell, code in cells.items()}
    unknown = sorted({c for c in wanted.values() if c and c != DAY_OFF_CODE and c not in shifts})
    if unknown:
        codes = ", ".join([*sorted(shifts), DAY_OFF_CODE])
        raise RosterRejected([_(UNKNOWN_SHIFT) % {"code": c, "codes": codes} for c in unknown])
    days = sorted({d for _, d in wanted})
    stored = roster_codes({e for e, _ in wanted}, [days[0], days[-1]])
    changed = {cell: code for cell, code in wanted.items() if stored.get(cell, "") != code}
    for (employee_id, day), code in changed.items():
        if not code:
            RosterEntry.objects.filter(employee_id=employee_id, day=day).delete()
            continue
        RosterEntry.objects.update_or_create(
            employee_id=employee_id, day=day, defaults={"shift": shifts.get(code)}
        )
    if not changed:
        return 0
    audit_record(
        actor=actor,
        action=action,
        target=unit,
        data={"cells": [[e, d.isoformat(), c] for (e, d), c in sorted(changed.items())]},
    )
    by_person: dict[int, list[date]] = {}
    for employee_id, day in changed:
        by_person.setdefault(employee_id, []).append(day)
    for employee_id, changed_days in by_person.items():
        mark_employees_between([employee_id], min(changed_days), max(changed_days) + ONE_DAY)
    return len(changed)


def roster_copy_month(
    *, unit: Unit, month: date, employee_ids: Iterable[int], actor: Any | None = None
) -> int:
    """Fill ``month`` of these people from last month, weekday by weekday
    (``copy_source_day``); days whose source is empty keep what they have."""
    days = month_days(month)
    people = list(employee_ids)
    sources = {day: copy_source_day(day) for day in days}
    stored = roster_codes(people, sorted(sources.values()))
    cells = {
        (e, day): stored[(e, source)]
        for e in people
        for day, source in sources.items()
        if (e, source) in stored
    }
    return roster_cells_save(unit=unit, cells=cells, actor=actor, action="roster.copy")


def roster_swap(
    *, unit: Unit, first: Employee, second: Employee, days: list[date], actor: Any | None = None
) -> int:
    """Give ``first`` the shifts of ``second`` on ``days`` and the other way round."""
    if not days or first.pk == second.pk:
        return 0
    stored = roster_codes([first.pk, second.pk], sorted(days))
    cells: dict[Cell, str] = {}
    for day in days:
        cells[(first.pk, day)] = stored.get((second.pk, day), "")
        cells[(second.pk, day)] = stored.get((first.pk, day), "")
    return roster_cells_save(unit=unit, cells=cells, actor=actor, action="roster.swap")
