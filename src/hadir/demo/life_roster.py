"""The demo's shift unit plans the rest of its month, and everyone gets a TPP base.

The loader has already put the shift workers on their roster up to 'today' (the days the
punches were generated for). Here the head nurse's plan for the rest of the current month
goes in through ``roster_set``, day by day, as the roster page would: night shifts
(MALAM 21:00-07:00) end the next morning. Days to come are not judged: ``roster_set`` marks
only days already computed.

TPP bases: a deterministic amount by position class (head, structural PNS, teacher, PPPK,
part-time PPPK, non-ASN), written on ``Employee.tpp_base`` (no service exists for it yet).
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from datetime import date, timedelta

from hadir.demo.generator import DemoEmployee, DemoKabupaten
from hadir.demo.punches import shift_on
from hadir.org.models import Unit
from hadir.people.models import Employee, EmployeeType
from hadir.schedules.models import Shift
from hadir.schedules.services import roster_set

SHIFT_CODES = {"PAGI": "P", "SIANG": "S", "MALAM": "M"}
ONE_DAY = timedelta(days=1)
HEALTH_OFFICE = "DINKES"

# Monthly TPP bases in rupiah, by position class (the amounts a Perbup table would list).
TPP_HEAD = 8_750_000
TPP_BY_TYPE = {
    EmployeeType.PNS: 4_250_000,
    EmployeeType.PPPK: 3_100_000,
    EmployeeType.PPPK_PW: 1_600_000,
    EmployeeType.NON_ASN: 1_250_000,
}
TPP_TEACHER = 2_400_000  # teachers also receive the TPG: a smaller TPP
TPP_STEP = 50_000  # within a class, one step per ten years of age (from the NIP)


def shift_unit(kab: DemoKabupaten) -> str | None:
    """The demo's shift unit: the first unit under the health office (by code) with shift
    workers and a head, as the printed logins' unit is chosen."""
    parents = {u.code: u.parent_code for u in kab.units}
    shifts = {d.unit_code for d in kab.employees if d.schedule_code == "SHIFT"}
    heads = {d.unit_code for d in kab.employees if d.is_head}
    codes = sorted(c for c, p in parents.items() if p == HEALTH_OFFICE and c in shifts & heads)
    return codes[0] if codes else None


def plan_shift_roster(kab: DemoKabupaten, today: date) -> int:
    """Roster the shift unit's workers from ``today`` to the end of the month (the days
    before are already rostered); returns the number of entries set. Called before the
    days are computed: marking days is then instant."""
    code = shift_unit(kab)
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        return 0
    last = today.replace(day=calendar.monthrange(today.year, today.month)[1])
    shifts = {s.code: s for s in Shift.objects.all()}
    workers = [d for d in kab.employees if d.unit_code == unit.code and d.schedule_code == "SHIFT"]
    by_pin = {
        e.pin: e for e in Employee.objects.filter(unit=unit, pin__in=[d.pin for d in workers])
    }
    count = 0
    for worker in workers:
        employee = by_pin[worker.pin]
        for offset in range((last - today).days + 1):
            day = today + offset * ONE_DAY
            name = shift_on(worker, day)
            shift = shifts[SHIFT_CODES[name]] if name else None
            roster_set(employee=employee, day=day, shift=shift, actor=None)
            count += 1
    return count


def tpp_base_for(person: DemoEmployee) -> int:
    """The class amount, plus a step by age read from the NIP's birth year (if any)."""
    if person.is_head:
        base = TPP_HEAD
    elif person.is_teacher:
        base = TPP_TEACHER
    else:
        base = TPP_BY_TYPE.get(EmployeeType(person.employee_type), TPP_BY_TYPE[EmployeeType.PNS])
    born = int(person.nip[:4]) if person.nip and person.nip[:4].isdigit() else None
    return base + (TPP_STEP * ((2026 - born) // 10) if born else 0)


def set_tpp_bases(kab: DemoKabupaten, employees: list[Employee]) -> None:
    """One UPDATE per amount (a few dozen), not one per person."""
    by_pin = {d.pin: d for d in kab.employees}
    by_amount: dict[int, list[int]] = defaultdict(list)
    for employee in employees:
        employee.tpp_base = tpp_base_for(by_pin[employee.pin or ""])
        by_amount[employee.tpp_base].append(employee.pk)
    for amount, ids in sorted(by_amount.items()):
        for start in range(0, len(ids), 900):  # SQLite's limit on query parameters
            Employee.objects.filter(pk__in=ids[start : start + 900]).update(tpp_base=amount)
