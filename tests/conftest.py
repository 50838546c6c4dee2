"""Shared fixtures: data is built through the real services, never by hand."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from hadir.accounts.models import Role, User
from hadir.accounts.services import role_grant, user_create
from hadir.org.models import Unit
from hadir.org.services import region_configure, unit_create
from hadir.people.models import Employee
from hadir.people.services import employee_create

PASSWORD = "Rahasia#2026"


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """The region's time zone and other small lookups are cached; a test must not see the
    previous test's region."""
    from django.core.cache import cache

    from hadir.devices.receiver import seen_cache

    cache.clear()
    seen_cache.clear()


@pytest.fixture(autouse=True)
def _seeded_defaults(request: pytest.FixtureRequest) -> None:
    """Transactional tests (live server, browser) empty every table when they end, including
    the default schedules the migrations seed; with xdist a database test may run after one
    in the same worker, so every database test makes sure the defaults are there."""
    names = set(request.fixturenames)
    if {"transactional_db", "live_server"} & names:
        request.getfixturevalue("transactional_db")
    elif "db" in names or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
    else:
        return
    from hadir.schedules.services import schedules_ensure_defaults

    schedules_ensure_defaults()


# Tests use fixed dates (and real machine files from 2015 on): a fixed start of records keeps
# them inside the plausibility gate whatever today is. Gate tests set their own.
TEST_RECORDS_START = date(2010, 1, 1)


@pytest.fixture
def region(db: Any) -> Any:
    region = region_configure(name="Kabupaten Uji", timezone="Asia/Jakarta")
    region.records_start = TEST_RECORDS_START
    region.save(update_fields=["records_start"])
    return region


@pytest.fixture
def make_unit(region: Any) -> Callable[..., Unit]:
    def make(code: str, parent: Unit | None = None, kind: str = "dinas") -> Unit:
        return unit_create(code=code, name=f"Unit {code}", kind=kind, parent=parent)

    return make


@pytest.fixture
def make_employee() -> Callable[..., Employee]:
    counter = iter(range(1, 10_000))

    def make(unit: Unit, **fields: Any) -> Employee:
        n = next(counter)
        defaults: dict[str, Any] = {
            "nip": f"19800101200501{1}{n:03d}",
            "name": f"Pegawai {n}",
            "employee_type": "PNS",
            "pin": str(1000 + n),
        }
        defaults.update(fields)
        return employee_create(unit=unit, start=date(2025, 1, 1), **defaults)

    return make


@pytest.fixture
def make_user() -> Callable[..., User]:
    def make(
        username: str,
        role: Role | None = None,
        unit: Unit | None = None,
        employee: Employee | None = None,
    ) -> User:
        user = user_create(username=username, password=PASSWORD, employee=employee)
        if role is not None:
            role_grant(user=user, role=role, unit=unit)
        return user

    return make


@pytest.fixture
def two_units(make_unit: Callable[..., Unit]) -> dict[str, Unit]:
    """Two SKPD, each with a sub-unit: DINKES > PKM-A and DISDIK > SDN-1."""
    dinkes = make_unit("DINKES")
    disdik = make_unit("DISDIK")
    return {
        "DINKES": dinkes,
        "PKM-A": make_unit("PKM-A", parent=dinkes, kind="puskesmas"),
        "DISDIK": disdik,
        "SDN-1": make_unit("SDN-1", parent=disdik, kind="sekolah"),
    }
