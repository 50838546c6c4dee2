"""The frozen copy of a unit's month (JSON) and the difference between two copies."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from hadir.attendance.selectors import MonthGrid, unit_month_grid
from hadir.org.models import Unit


def grid_snapshot(grid: MonthGrid) -> dict[str, Any]:
    """Per employee: number, name, the codes of each day ("" when not computed or spent in
    another unit), the totals and the TPP deduction, as JSON-ready values."""
    employees = []
    for row in grid.rows:
        recap = row.recap
        employees.append(
            {
                "employee_id": row.employee.pk,
                "id_number": row.employee.id_number,
                "name": row.employee.name,
                "codes": [row.records[d].codes if d in row.records else "" for d in grid.days],
                "totals": row.totals,
                "late_minutes": recap.late_minutes if recap else 0,
                "early_minutes": recap.early_minutes if recap else 0,
                "working_days": recap.working_days if recap else 0,
                "present_days": recap.present_days if recap else 0,
                "tk_days": recap.tk_days if recap else 0,
                "deduction_pct": str(row.tpp_deduction_percent),
                "deduction_amount": recap.deduction_amount if recap else None,
            }
        )
    days = [d.isoformat() for d in grid.days]
    return {"month": f"{grid.month:%Y-%m}", "days": days, "employees": employees}


def current_snapshot(unit: Unit, month: date) -> dict[str, Any]:
    return grid_snapshot(unit_month_grid(unit, month))


@dataclass(frozen=True, slots=True)
class DayChange:
    day: date
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class EmployeeChange:
    """What changed for one employee between two copies of the month."""

    id_number: str
    name: str
    days: tuple[DayChange, ...]
    deduction_before: Decimal | None  # None: not in the earlier copy
    deduction_after: Decimal | None  # None: not in the later copy

    @property
    def deduction_changed(self) -> bool:
        return self.deduction_before != self.deduction_after


def snapshot_diff(before: dict[str, Any], after: dict[str, Any]) -> list[EmployeeChange]:
    """Employees whose day codes or deduction differ, in the order of the later copy."""
    days = [date.fromisoformat(d) for d in after["days"]]
    old = {e["employee_id"]: e for e in before["employees"]}
    new = {e["employee_id"]: e for e in after["employees"]}
    order = list(new) + [key for key in old if key not in new]
    changes = []
    for key in order:
        was, now = old.get(key), new.get(key)
        was_codes = was["codes"] if was else [""] * len(days)
        now_codes = now["codes"] if now else [""] * len(days)
        pairs = zip(days, was_codes, now_codes, strict=True)
        changed = tuple(DayChange(day, a, b) for day, a, b in pairs if a != b)
        pct_before = Decimal(was["deduction_pct"]) if was else None
        pct_after = Decimal(now["deduction_pct"]) if now else None
        if changed or pct_before != pct_after:
            person = now or was or {}
            changes.append(
                EmployeeChange(person["id_number"], person["name"], changed, pct_before, pct_after)
            )
    return changes
