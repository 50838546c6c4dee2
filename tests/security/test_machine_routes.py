"""Machine endpoints: ``/iclock/*`` knows a machine by its SN (no login), the agent API only
by an agent token. No user, logged in or with an API token, gets more from them than
anyone; an agent sends only for the machines of its own unit."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from hadir.devices.models import Device
from hadir.punches.models import Punch
from tests.security.matrix import api_operations, changed_tables, snapshot
from tests.security.routes import ROUTES
from tests.security.world import World

pytestmark = pytest.mark.django_db

ICLOCK = {
    "iclock-cdata": "/iclock/cdata",
    "iclock-getrequest": "/iclock/getrequest",
    "iclock-devicecmd": "/iclock/devicecmd",
    "iclock-ping": "/iclock/ping",
    "iclock-registry": "/iclock/registry",
    "iclock-push": "/iclock/push",
}
AGENT_OPS = sorted(r.name for r in ROUTES if r.kind == "agent")
ATTLOG = b"1001\t2026-03-02 07:21:00\t1\t1\t0\t0\t0\n"


def test_every_machine_route_has_its_cases() -> None:
    assert {r.name for r in ROUTES if r.kind == "device"} == set(ICLOCK)
    assert set(AGENT_OPS) == {op for op in api_operations() if "_agent_" in op}


@pytest.mark.parametrize("name", sorted(ICLOCK))
@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("who", ["anon", "bkd"])
def test_iclock_without_a_serial_number_is_refused(
    world: World, name: str, method: str, who: str
) -> None:
    client = world.clients[(who, "page")]
    before = snapshot()
    response = client.generic(method, f"{ICLOCK[name]}?table=ATTLOG", data=ATTLOG, content_type="")
    assert response.status_code == 400
    assert not changed_tables(before, snapshot())


@pytest.mark.parametrize(
    ("name", "method", "query", "reply"),
    [
        ("iclock-cdata", "GET", "options=all", "GET OPTION FROM: MESIN-A"),
        ("iclock-getrequest", "GET", "", "OK"),
        ("iclock-devicecmd", "POST", "", "OK"),
        ("iclock-ping", "GET", "", "OK"),
    ],
)
def test_iclock_answers_a_registered_machine(
    world: World, name: str, method: str, query: str, reply: str
) -> None:
    url = f"{ICLOCK[name]}?SN=MESIN-A&{query}"
    response = Client().generic(method, url, data=b"", content_type="")
    assert response.status_code == 200
    assert reply in response.content.decode()


@pytest.mark.parametrize(("sn", "counted"), [("MESIN-A", True), ("MESIN-ASING", False)])
def test_iclock_punches_count_only_from_an_approved_machine(
    world: World, sn: str, counted: bool
) -> None:
    url = f"/iclock/cdata?SN={sn}&table=ATTLOG&Stamp=9"
    response = Client().generic("POST", url, data=ATTLOG, content_type="")
    assert response.status_code == 200
    assert response.content.decode() == "OK: 1"
    device = Device.objects.get(sn=sn)
    assert device.state == ("active" if counted else "pending")
    assert Punch.objects.filter(source_ref=sn).count() == 1


def _agent_call(client: Client, operation: str, body: dict[str, Any] | None = None) -> Any:
    method, path = api_operations()[operation]
    if method == "GET":
        return client.get(path)
    return client.post(path, data=body or {}, content_type="application/json")


def _batch(sn: str) -> dict[str, Any]:
    return {"sn": sn, "batch_id": "b1", "records": [{"pin": "1001", "time": "2026-03-02 07:21:00"}]}


@pytest.mark.parametrize("operation", AGENT_OPS)
@pytest.mark.parametrize("who", ["anon", "emp", "op", "bkd", "kominfo"])
@pytest.mark.parametrize("kind", ["page", "api"])
def test_agent_api_refuses_people(world: World, operation: str, who: str, kind: str) -> None:
    """A browser session or a user's API token is not an agent: 401, nothing written."""
    before = snapshot()
    response = _agent_call(world.clients[(who, kind)], operation, _batch("MESIN-A"))
    assert response.status_code == 401
    assert not changed_tables(before, snapshot())


def _agent(world: World) -> Client:
    return Client(headers={"Authorization": f"Bearer {world.agent_token}"})


def test_agent_reads_its_config_and_reports_health(world: World) -> None:
    config = _agent_call(_agent(world), "hadir_api_agent_agent_config")
    assert config.status_code == 200
    assert config.json()["unit_code"] == "DINKES"
    health = _agent_call(_agent(world), "hadir_api_agent_agent_health", {"version": "1"})
    assert health.status_code == 200


def test_agent_sends_punches_of_its_units_machine(world: World) -> None:
    response = _agent_call(_agent(world), "hadir_api_agent_agent_punches", _batch("MESIN-A"))
    assert response.status_code == 200
    assert response.json()["accepted"] == 1
    assert Punch.objects.filter(source_ref="MESIN-A").count() == 1


def test_agent_cannot_send_for_another_units_machine(world: World) -> None:
    before = snapshot()
    response = _agent_call(_agent(world), "hadir_api_agent_agent_punches", _batch("MESIN-B"))
    assert response.status_code == 403
    assert not changed_tables(before, snapshot())
