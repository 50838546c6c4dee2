"""Every page and API route, every role, own unit and other unit, against ``routes.py``.

Reads must answer what the table says; a refused write must answer its status and leave
the database exactly as it was; an allowed write must take effect.
"""

from __future__ import annotations

import pytest

from hadir.devices import views as device_views
from hadir.reporting import views as reporting_views
from hadir.requests import views as request_views
from tests.security.matrix import (
    Cell,
    call,
    cells,
    changed_tables,
    declared_routes,
    existing_routes,
    expected,
    snapshot,
)
from tests.security.routes import ROUTES
from tests.security.world import UNIT_BOUND, World
from tests.security.writes import BODIES, EFFECTS

pytestmark = pytest.mark.django_db


def test_every_route_is_declared() -> None:
    missing = sorted(existing_routes() - declared_routes())
    assert not missing, f"routes without a line in tests/security/routes.py: {missing}"


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


def _location(response: object) -> str:
    return str(getattr(response, "headers", {}).get("Location", ""))


@pytest.mark.parametrize("cell", cells(), ids=str)
def test_cell(world: World, cell: Cell) -> None:
    want = expected(cell)
    writes = cell.method == "WRITE"
    before = snapshot() if writes and cell.route.kind != "public" else None
    response = call(world, cell)
    status = response.status_code
    if want.outcome == "login":
        assert status in want.statuses, f"anonymous got {status}"
        if status == 302:
            assert _location(response).startswith("/login/"), _location(response)
    elif want.outcome == "ok" and not writes:
        assert status in want.statuses, f"allowed read got {status} {_location(response)}"
        if cell.route.lists and cell.role in UNIT_BOUND:
            text = response.content.decode()
            leaked = [marker for marker in world.other_markers if marker in text]
            assert not leaked, f"the list shows the other unit's {leaked}"
    elif want.outcome == "ok":
        assert status < 500 and status not in (401, 403, 404, 405), f"allowed write got {status}"
        if cell.route.kind == "public":
            return
        assert not _location(response).startswith("/login/")
        effect = EFFECTS.get(cell.route.name)
        if effect is not None:
            assert effect(world, cell.variant), f"allowed write answered {status}, no effect"
        else:
            assert changed_tables(before, snapshot()), f"allowed write ({status}) wrote nothing"
    else:
        assert status in want.statuses, f"{want.outcome}: expected {want.statuses}, got {status}"
    if writes and want.outcome != "ok" and before is not None:
        assert not changed_tables(before, snapshot()), "refused, yet it wrote"
