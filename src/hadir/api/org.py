"""API for units and employees, scoped like the web pages."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from hadir.accounts.scope import scope_for
from hadir.api.schemas import EmployeeOut, LocationOut, MeOut, UnitOut
from hadir.org.models import Unit
from hadir.people.models import Employee
from hadir.people.selectors import employee_by_number

router = Router(tags=["organisation"])


def unit_out(unit: Unit) -> UnitOut:
    return UnitOut(
        code=unit.code,
        name=unit.name,
        kind=unit.kind,
        parent_code=unit.parent.code if unit.parent else None,
        locations=[
            LocationOut(
                label=loc.label, lat=float(loc.lat), lon=float(loc.lon), radius_m=loc.radius_m
            )
            for loc in unit.locations.all()
        ],
    )


def employee_out(employee: Employee) -> EmployeeOut:
    return EmployeeOut(
        id_number=employee.id_number,
        nip=employee.nip,
        name=employee.name,
        employee_type=employee.employee_type,
        position=employee.position,
        is_teacher=employee.is_teacher,
        unit_code=employee.unit.code,
        pin=employee.pin,
    )


@router.get("/me", response=MeOut)
def me(request: HttpRequest) -> MeOut:
    scope = scope_for(request.user)
    user = request.user
    employee = getattr(user, "employee", None)
    return MeOut(
        username=user.get_username(),
        roles=sorted(scope.roles),
        employee=employee_out(employee) if employee else None,
        all_units=scope.all_units,
        unit_codes=sorted(
            Unit.objects.filter(id__in=scope.unit_ids).values_list("code", flat=True)
        ),
    )


@router.get("/units", response=list[UnitOut])
def unit_list(request: HttpRequest) -> list[UnitOut]:
    units = scope_for(request.user).units().select_related("parent").prefetch_related("locations")
    return [unit_out(u) for u in units]


@router.get("/units/{code}", response=UnitOut)
def unit_detail(request: HttpRequest, code: str) -> UnitOut:
    unit = scope_for(request.user).unit_or_404(code)
    return unit_out(unit)


@router.get("/units/{code}/employees", response=list[EmployeeOut])
def unit_employees(request: HttpRequest, code: str) -> list[EmployeeOut]:
    unit = scope_for(request.user).unit_or_404(code)
    employees = Employee.objects.filter(unit=unit).select_related("unit").order_by("name")
    return [employee_out(e) for e in employees]


@router.get("/employees/{number}", response=EmployeeOut)
def employee_detail(request: HttpRequest, number: str) -> EmployeeOut:
    employee = scope_for(request.user).employee_or_404(employee_by_number(number))
    return employee_out(employee)
