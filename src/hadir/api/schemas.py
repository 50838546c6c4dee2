from __future__ import annotations

from ninja import Schema


class LocationOut(Schema):
    label: str
    lat: float
    lon: float
    radius_m: int


class UnitOut(Schema):
    code: str
    name: str
    kind: str
    parent_code: str | None
    locations: list[LocationOut]


class EmployeeOut(Schema):
    id_number: str
    nip: str | None
    name: str
    employee_type: str
    position: str
    is_teacher: bool
    unit_code: str
    pin: str | None


class MeOut(Schema):
    username: str
    roles: list[str]
    employee: EmployeeOut | None
    all_units: bool
    unit_codes: list[str]
