"""Load a generated kabupaten into the database, and create one account per role.

Units go through ``unit_create`` (their tree paths matter). Employees are bulk-inserted:
the demo and the benchmarks load up to tens of thousands of people, and the per-row service
(one audit row each) would take minutes; the rows written are the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction

from hadir.accounts.models import Role, User
from hadir.accounts.services import role_grant, user_create
from hadir.demo.generator import DemoKabupaten
from hadir.org.models import Unit, UnitLocation
from hadir.org.services import region_configure, unit_create
from hadir.people.models import Employee, EmployeeAssignment
from hadir.schedules.models import WorkSchedule
from hadir.schedules.services import schedules_ensure_defaults

DEMO_PASSWORD = "Hadir#2026"  # noqa: S105  (printed on screen; demo data only)
DEMO_START = date(2024, 1, 1)


@dataclass(frozen=True)
class DemoLogin:
    role: str
    login: str
    description: str


def _load_units(kab: DemoKabupaten) -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    pending = list(kab.units)
    while pending:
        later = []
        for demo_unit in pending:
            if demo_unit.parent_code and demo_unit.parent_code not in units:
                later.append(demo_unit)
                continue
            units[demo_unit.code] = unit_create(
                code=demo_unit.code,
                name=demo_unit.name,
                kind=demo_unit.kind,
                parent=units.get(demo_unit.parent_code) if demo_unit.parent_code else None,
            )
        if len(later) == len(pending):
            raise ValueError("demo units refer to unknown parents")
        pending = later
    UnitLocation.objects.bulk_create(
        UnitLocation(
            unit=units[u.code],
            label=loc.label,
            lat=Decimal(f"{loc.lat:.6f}"),
            lon=Decimal(f"{loc.lon:.6f}"),
            radius_m=loc.radius_m,
        )
        for u in kab.units
        for loc in u.locations
    )
    return units


def _load_employees(kab: DemoKabupaten, units: dict[str, Unit]) -> list[Employee]:
    schedules = {s.code: s for s in WorkSchedule.objects.all()}
    employees = Employee.objects.bulk_create(
        [
            Employee(
                nip=e.nip,
                pppk_number=e.pppk_number,
                nik=e.nik,
                name=e.name,
                gender=e.gender,
                employee_type=e.employee_type,
                position=e.position,
                is_teacher=e.is_teacher,
                unit=units[e.unit_code],
                pin=e.pin,
                schedule=schedules.get(e.schedule_code),
            )
            for e in kab.employees
        ],
        batch_size=1000,
    )
    # SQLite and PostgreSQL both return primary keys from bulk_create.
    EmployeeAssignment.objects.bulk_create(
        [EmployeeAssignment(employee=e, unit=e.unit, valid_from=DEMO_START) for e in employees],
        batch_size=1000,
    )
    return employees


def _account(
    username: str, employee: Employee | None, role: Role | None, unit: Unit | None, full_name: str
) -> User:
    user = user_create(
        username=username, password=DEMO_PASSWORD, employee=employee, full_name=full_name
    )
    if role is not None:
        role_grant(user=user, role=role, unit=unit)
    return user


def _head_of(kab: DemoKabupaten, unit: Unit, employees: list[Employee]) -> Employee:
    by_pin = {e.pin: e for e in employees if e.unit_id == unit.pk}
    return next(by_pin[d.pin] for d in kab.employees if d.unit_code == unit.code and d.is_head)


@transaction.atomic
def load_demo(kab: DemoKabupaten) -> list[DemoLogin]:
    region_configure(name=kab.region_name, timezone=kab.timezone)
    schedules_ensure_defaults()
    units = _load_units(kab)
    employees = _load_employees(kab, units)
    health = units.get("DINKES") or next(iter(units.values()))
    school = next((u for u in units.values() if u.kind == "sekolah"), health)
    head = _head_of(kab, school, employees)
    plain = next(e for e in employees if e.unit_id == school.pk and e.pk != head.pk)
    _account("bkd", None, Role.BKD_ADMIN, None, "Admin BKPSDM")
    _account("diskominfo", None, Role.DISKOMINFO_ADMIN, None, "Admin Diskominfo")
    _account("bupati", None, Role.LEADERSHIP, None, "Pimpinan Daerah")
    _account(
        f"operator.{health.code.lower()}", None, Role.OPERATOR, health, f"Operator {health.name}"
    )
    _account(f"kepala.{school.code.lower()}", head, Role.HEAD, school, head.name)
    _account(f"pegawai.{plain.pk}", plain, None, None, plain.name)
    return [
        DemoLogin("BKD admin", "bkd", "semua unit, aturan dan verifikasi"),
        DemoLogin("Diskominfo admin", "diskominfo", "mesin dan sistem, semua unit"),
        DemoLogin("Pimpinan", "bupati", "dasbor, hanya baca"),
        DemoLogin(
            "Operator unit",
            f"operator.{health.code.lower()}",
            f"{health.name} dan unit di bawahnya",
        ),
        DemoLogin("Kepala unit", head.id_number, f"{school.name} (masuk dengan NIP)"),
        DemoLogin("Pegawai", plain.id_number, f"data sendiri ({plain.name})"),
    ]
