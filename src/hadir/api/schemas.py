from __future__ import annotations

from datetime import time
from typing import Annotated

from ninja import Schema
from pydantic import WithJsonSchema


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


# A wall-clock time of the region ("07:30:00"): JSON Schema's "format: time" would demand a
# UTC offset, which these times do not have (the region's zone applies).
LocalTime = Annotated[
    time,
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$",
            "description": "Local time in the region's zone, HH:MM[:SS]",
        }
    ),
]
