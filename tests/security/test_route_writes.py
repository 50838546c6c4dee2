"""Every write of every page and API route, as every role, on an object of the actor's unit
and of another unit: a refused write answers its declared status and leaves every Hadir
table exactly as it was; an allowed write takes effect."""

from __future__ import annotations

import pytest

from tests.security.matrix import Cell, call, cells, changed_tables, expected, location, snapshot
from tests.security.world import World
from tests.security.writes import EFFECTS

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("cell", cells("WRITE"), ids=str)
def test_write(world: World, cell: Cell) -> None:
    want = expected(cell)
    public = cell.route.kind == "public"
    before = None if public else snapshot()
    response = call(world, cell)
    status = response.status_code
    if want.outcome != "ok":
        assert status in want.statuses, f"{want.outcome}: expected {want.statuses}, got {status}"
        if want.outcome == "login" and status == 302:
            assert location(response).startswith("/login/"), location(response)
        if want.outcome == "login" and status == 401:
            assert response.json()["detail"], "the API answers 401 in JSON"
        assert before is not None and not changed_tables(before, snapshot()), "refused, yet wrote"
        return
    assert status < 500 and status not in (401, 403, 404, 405), f"allowed write got {status}"
    if public:
        return
    assert not location(response).startswith("/login/")
    effect = EFFECTS.get(cell.route.name)
    if effect is not None:
        assert effect(world, cell.variant), f"allowed write answered {status} with no effect"
    else:
        assert before is not None and changed_tables(before, snapshot()), "allowed, wrote nothing"
