"""A shift unit (PKM-A under DINKES) with three nurses on the roster, another unit (DISDIK),
and one account per role."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from hadir.accounts.models import Role
from hadir.schedules.models import WorkSchedule
from hadir.schedules.services import employee_schedule_change


@pytest.fixture
def nurses(two_units, make_employee) -> list[Any]:
    shift = WorkSchedule.objects.get(code="SHIFT")
    people = [make_employee(two_units["PKM-A"], name=f"Perawat {n}") for n in (1, 2, 3)]
    for person in people:
        employee_schedule_change(employee=person, schedule=shift, effective=date(2026, 1, 1))
    return people


@pytest.fixture
def actors(two_units, make_user) -> dict[str, Any]:
    """Accounts by short name: BKD, Diskominfo, leadership, the head and operator of DINKES
    (which covers PKM-A) and of DISDIK, and a superuser; ``system`` is None."""
    from hadir.accounts.services import user_create

    superuser = user_create(username="root", password="Rahasia#2026")
    superuser.is_superuser = True
    superuser.save(update_fields=["is_superuser"])
    return {
        "system": None,
        "superuser": superuser,
        "bkd": make_user("bkd", Role.BKD_ADMIN),
        "kominfo": make_user("kominfo", Role.DISKOMINFO_ADMIN),
        "lead": make_user("lead", Role.LEADERSHIP),
        "head": make_user("head_a", Role.HEAD, two_units["DINKES"]),
        "op": make_user("op_a", Role.OPERATOR, two_units["PKM-A"]),
        "head_b": make_user("head_b", Role.HEAD, two_units["DISDIK"]),
        "op_b": make_user("op_b", Role.OPERATOR, two_units["DISDIK"]),
    }
