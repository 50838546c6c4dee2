"""Every page and API route, every role, own unit and other unit, against ``routes.py``:
the table is complete, and every read answers what it says (writes: test_route_writes)."""

from __future__ import annotations

import pytest
from django.test import Client

from hadir.devices import views as device_views
from hadir.reporting import views as reporting_views
from hadir.requests import views as request_views
from tests.security.matrix import (
    Cell,
    api_operations,
    call,
    cells,
    declared_routes,
    existing_routes,
    expected,
    location,
)
from tests.security.routes import ROUTES
from tests.security.world import UNIT_BOUND, World
from tests.security.writes import BODIES, EFFECTS

pytestmark = pytest.mark.django_db


def test_every_route_is_declared() -> None:
    missing = sorted(existing_routes() - declared_routes())
    assert not missing, f"routes without a line in tests/security/routes.py: {missing}"


def test_the_operations_are_those_the_api_publishes(world: World) -> None:
    """The matrix reads the schema from the API object; it is the one served to clients."""
    served = Client().get("/api/v1/openapi.json").json()
    ids = {op["operationId"] for methods in served["paths"].values() for op in methods.values()}
    assert ids == set(api_operations())


def test_every_declaration_names_a_route() -> None:
    stale = sorted(declared_routes() - existing_routes())
    assert not stale, f"lines in tests/security/routes.py for routes that do not exist: {stale}"


@pytest.mark.parametrize(
    ("route", "actions"),
    [
        ("device-action", set(device_views.ACTIONS)),
        ("request-act", set(request_views.ACTIONS)),
        ("unit-report-action", {*reporting_views.ACTIONS, "reopen"}),
    ],
)
def test_every_action_of_a_route_is_declared(route: str, actions: set[str]) -> None:
    declared = {r.variant for r in ROUTES if r.route_name == route}
    assert declared == actions


def test_every_body_and_effect_belongs_to_a_write() -> None:
    writes = {r.name for r in ROUTES if r.write}
    assert set(BODIES) <= writes, sorted(set(BODIES) - writes)
    assert set(EFFECTS) <= writes, sorted(set(EFFECTS) - writes)


@pytest.mark.parametrize("cell", cells("GET"), ids=str)
def test_read(world: World, cell: Cell) -> None:
    want = expected(cell)
    response = call(world, cell)
    status = response.status_code
    assert status in want.statuses, f"{want.outcome}: expected {want.statuses}, got {status}"
    if want.outcome == "login" and status == 302:
        assert location(response).startswith("/login/"), location(response)
    if want.outcome == "login" and status == 401:
        assert response.json()["detail"], "the API answers 401 in JSON"
    if want.outcome == "ok" and cell.route.lists and cell.role in UNIT_BOUND:
        text = response.content.decode()
        leaked = [marker for marker in world.other_markers if marker in text]
        assert not leaked, f"the list shows the other unit's {leaked}"
