"""Load a generated kabupaten into the database, and create one account per role.

Units go through ``unit_create`` (their tree paths matter). Employees are bulk-inserted:
the demo and the benchmarks load up to tens of thousands of people, and the per-row service
(one audit row each) would take minutes; the rows written are the same.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from hadir.accounts.models import Role, User
from hadir.accounts.services import role_grant, user_create
from hadir.attendance.models import DirtyDay
from hadir.attendance.recompute import recompute_range
from hadir.attendance.services import COMPUTED_THROUGH
from hadir.demo.generator import DemoKabupaten
from hadir.demo.life import demo_life, demo_policy_save
from hadir.demo.life_roster import plan_shift_roster
from hadir.demo.punches import generate_month_punches, shift_on
from hadir.devices.models import Device
from hadir.events.demo import add_demo_events
from hadir.org.models import Region, Unit, UnitLocation
from hadir.org.services import region_configure, unit_create
from hadir.people.models import Employee, EmployeeAssignment
from hadir.punches.services import IncomingPunch, punches_ingest
from hadir.rules import national_holidays
from hadir.schedules.models import RosterEntry, Shift, WorkSchedule
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


def _walkable_unit(kab: DemoKabupaten, operator_unit: Unit, employees: list[Employee]) -> Unit:
    """A unit with a head and at least one other employee, so the printed logins walk the
    whole chain: operator -> head -> employee of the same unit. The operator's sub-units come
    first (a Puskesmas of the Dinas: the usual case), then the operator's own unit, by code;
    a very small demo may have none of them staffed: then the first staffed unit, which the
    caller adds to the operator's units."""
    heads = {d.unit_code for d in kab.employees if d.is_head}
    staff: dict[int, int] = {}
    for employee in employees:
        staff[employee.unit_id] = staff.get(employee.unit_id, 0) + 1
    children = Unit.objects.filter(parent=operator_unit).order_by("code")
    for unit in [*children, operator_unit, *Unit.objects.order_by("code")]:
        if unit.code in heads and staff.get(unit.pk, 0) >= 2:
            return unit
    raise ValueError("no demo unit has a head and another employee")


SHIFT_CODES = {"PAGI": "P", "SIANG": "S", "MALAM": "M"}


OFFLINE_EVERY = 23  # one machine in 23 has not been heard from for a day and a half


def _load_devices(kab: DemoKabupaten, units: dict[str, Unit]) -> dict[str, Device]:
    """A machine per unit, reporting like real ones; a few have gone quiet (so the fleet and
    monitoring pages have something to show)."""
    now = timezone.now()
    staff = Counter(e.unit_code for e in kab.employees)
    devices = Device.objects.bulk_create(
        Device(
            sn=u.device_code,
            name=f"Mesin {u.name}",
            unit=units[u.code],
            state="active",
            firmware="Ver 6.60 Apr 28 2017",
            push_version="2.4.1",
            last_seen_at=now - timedelta(hours=36 if i % OFFLINE_EVERY == 7 else 0, minutes=1),
            user_count=staff[u.code],
            fingerprint_count=2 * staff[u.code],
            clock_drift_seconds=0,
        )
        for i, u in enumerate(kab.units)
    )
    return {d.sn: d for d in devices}


def _load_rosters(kab: DemoKabupaten, employees: list[Employee], first: date, last: date) -> None:
    shifts = {s.code: s for s in Shift.objects.all()}
    by_pin = {e.pin: e for e in employees}
    entries = []
    for demo_employee in kab.employees:
        if demo_employee.schedule_code != "SHIFT":
            continue
        day = first
        while day <= last:
            name = shift_on(demo_employee, day)
            entries.append(
                RosterEntry(
                    employee=by_pin[demo_employee.pin],
                    day=day,
                    shift=shifts[SHIFT_CODES[name]] if name else None,
                )
            )
            day += timedelta(days=1)
    RosterEntry.objects.bulk_create(entries, batch_size=2000)


def _load_punches(
    kab: DemoKabupaten, devices: dict[str, Device], months: list[date], until: date, seed: int
) -> int:
    """A month (or two) of punches through the one ingestion service, device by device."""
    years = sorted({m.year for m in months})
    holidays = frozenset(h.day for h in national_holidays(years))
    stored = 0
    for month in months:
        by_device: dict[str, list[IncomingPunch]] = defaultdict(list)
        for punch in generate_month_punches(
            kab, year=month.year, month=month.month, seed=seed, holidays=holidays
        ):
            if punch.local_time.date() < until:
                by_device[punch.device_code].append(
                    IncomingPunch(
                        pin=punch.pin,
                        local_time=punch.local_time,
                        raw=f"{punch.pin}\t{punch.local_time:%Y-%m-%d %H:%M:%S}\t0\t1",
                        status=0,
                        verify=1,  # the demo's staff punch with a finger
                    )
                )
        for sn, punches in by_device.items():
            stored += punches_ingest(
                source="push", source_ref=sn, punches=punches, device=devices[sn]
            ).new
    return stored


def demo_months(today: date) -> list[date]:
    """The previous month and the current one up to yesterday."""
    this_month = today.replace(day=1)
    previous = (this_month - timedelta(days=1)).replace(day=1)
    return [previous, this_month] if today.day > 1 else [previous]


@transaction.atomic
def load_demo(kab: DemoKabupaten, *, today: date | None = None, seed: int = 42) -> list[DemoLogin]:
    region_configure(name=kab.region_name, timezone=kab.timezone)
    schedules_ensure_defaults()
    demo_policy_save()  # approval chains for the demo's requests, before any day is computed
    units = _load_units(kab)
    employees = _load_employees(kab, units)
    add_demo_events()  # hadir.events: a Monday apel for every unit
    if today is not None:
        months = demo_months(today)
        devices = _load_devices(kab, units)
        _load_rosters(kab, employees, months[0], today)
        plan_shift_roster(kab, today)  # life: the shift unit plans the rest of the month
        _load_punches(kab, devices, months, today, seed)
        yesterday = today - timedelta(days=1)
        recompute_range([e.pk for e in employees], months[0], yesterday)
        # The full recompute above covers every day the new punches marked.
        DirtyDay.objects.all().delete()
        region = Region.objects.get()
        region.settings[COMPUTED_THROUGH] = yesterday.isoformat()
        region.save(update_fields=["settings"])
    health = units.get("DINKES") or next(iter(units.values()))
    # The head and the employee are of a unit the operator manages (issue 13).
    walked = _walkable_unit(kab, health, employees)
    head = _head_of(kab, walked, employees)
    plain = next(e for e in employees if e.unit_id == walked.pk and e.pk != head.pk)
    _account("bkd", None, Role.BKD_ADMIN, None, "Admin BKPSDM")
    _account("diskominfo", None, Role.DISKOMINFO_ADMIN, None, "Admin Diskominfo")
    _account("bupati", None, Role.LEADERSHIP, None, "Pimpinan Daerah")
    operator = _account(
        f"operator.{health.code.lower()}", None, Role.OPERATOR, health, f"Operator {health.name}"
    )
    if not walked.path.startswith(health.path):
        role_grant(user=operator, role=Role.OPERATOR, unit=walked)
    _account(f"kepala.{walked.code.lower()}", head, Role.HEAD, walked, head.name)
    _account(f"pegawai.{plain.pk}", plain, None, None, plain.name)
    # Life (issue 14 item 7): TPP bases, a shift roster, requests, the reporting chain.
    demo_life(kab, employees, today=today, walked=walked, password=DEMO_PASSWORD)
    # In the order of the chain: the operator prepares, the head signs, the employee files
    # requests, BKD verifies; then the region's other roles.
    return [
        DemoLogin(
            "Operator unit",
            f"operator.{health.code.lower()}",
            f"{health.name} dan unit di bawahnya",
        ),
        DemoLogin(
            "Kepala unit",
            head.id_number,
            f"{head.name}, kepala {walked.name} (masuk dengan NIP)",
        ),
        DemoLogin(
            "Pegawai",
            plain.id_number,
            f"{plain.name}, pegawai {walked.name} (masuk dengan NIP)",
        ),
        DemoLogin("BKD admin", "bkd", "semua unit, aturan dan verifikasi"),
        DemoLogin("Diskominfo admin", "diskominfo", "mesin dan sistem, semua unit"),
        DemoLogin("Pimpinan", "bupati", "dasbor, hanya baca"),
    ]
