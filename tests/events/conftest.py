"""Events: two units, a machine in each, a BKD admin, heads, and a Monday apel."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

import pytest

from hadir.accounts.models import Role
from hadir.devices.models import Device
from hadir.events.models import Event
from hadir.events.services import EventData, event_save
from hadir.org.services import unit_locations_replace
from hadir.punches.services import IncomingPunch, punches_ingest
from hadir.rules import bundled_policy_text
from hadir.schedules.services import policy_save

MONDAY = date(2026, 8, 3)
OFFICE = (Decimal("-6.914744"), Decimal("107.609810"))


@pytest.fixture
def world(two_units, make_employee, make_user) -> dict[str, Any]:
    dinkes, disdik = two_units["DINKES"], two_units["DISDIK"]
    unit_locations_replace(unit=dinkes, locations=[("Kantor", *OFFICE, 100)])
    budi, sari = make_employee(dinkes, name="Budi"), make_employee(dinkes, name="Sari")
    dewi = make_employee(disdik, name="Dewi")
    return {
        "dinkes": dinkes,
        "disdik": disdik,
        "budi": budi,
        "sari": sari,
        "dewi": dewi,
        "machines": {
            unit.code: Device.objects.create(sn=f"SIM-{unit.code}", unit=unit, state="active")
            for unit in (dinkes, disdik)
        },
        "bkd": make_user("bkd", Role.BKD_ADMIN),
        "head": make_user("kepala", Role.HEAD, dinkes),
        "op": make_user("operator", Role.OPERATOR, dinkes),
        "head_b": make_user("kepala_b", Role.HEAD, disdik),
        "budi_user": make_user("budi", employee=budi),
    }


@pytest.fixture
def punch(world) -> Callable[..., None]:
    """punch(employee, "2026-08-03 07:40", unit="DINKES"): on that unit's machine."""

    def add(employee: Any, *times: str, unit: str = "DINKES") -> None:
        machine = world["machines"][unit]
        punches_ingest(
            source="push",
            source_ref=machine.sn,
            device=machine,
            punches=[
                IncomingPunch(pin=employee.pin, local_time=datetime.fromisoformat(t)) for t in times
            ],
        )

    return add


def apel_data(**changes: Any) -> EventData:
    values: dict[str, Any] = {
        "name": "Apel Senin",
        "kind": "apel",
        "recurrence": "weekly",
        "weekdays": (0,),
        "starts": time(7, 30),
        "ends": time(8, 0),
        "valid_from": date(2026, 1, 1),
    }
    values.update(changes)
    return EventData(**values)


@pytest.fixture
def monday_apel(world) -> Event:
    """Every Monday 07:30-08:00 for DINKES, held by BKD."""
    return event_save(actor=world["bkd"], data=apel_data(unit_ids=frozenset({world["dinkes"].pk})))


def apel_costs(pct: int) -> None:
    """Make a missed apel cost ``pct`` percent in the policy in force."""
    text = bundled_policy_text("default").replace(
        "[version.deduction_pct]",
        f"event_missed_pct = {{ apel = {pct} }}\n\n[version.deduction_pct]",
    )
    policy_save(text=text, note="apel")
