"""The agent sends each machine's user list (never a template) so its users are matched to
employees like push ``USER`` lines and the flashdisk ``user.dat``; the server refuses a
hostile list with its reason."""

from __future__ import annotations

import pytest
from django.test import Client

from hadir.agents.services import agent_token_create
from hadir.audit.models import AuditEvent
from hadir.devices.machine_users import machine_user_confirm, machine_users_matched
from hadir.devices.models import Device, DeviceUser
from hadir.people.pins import normalize_pin
from hadir.protocols.zk.users import DeviceUser as ZkUser
from hadir.punches.models import Punch
from tests.agent.conftest import machine

SIM_USERS = [
    ZkUser(uid=1, user_id="0001", name="SITI AMINAH", privilege=0, card=0),
    ZkUser(uid=2, user_id="2", name="Bambang S", privilege=14, card=12345),
]


@pytest.mark.django_db(transaction=True)
def test_a_cycle_sends_the_machines_users_for_matching(
    simulators, make_agent, two_units, make_employee, make_user
):
    from hadir.accounts.models import Role

    siti = make_employee(two_units["PKM-A"], name="Siti Aminah", pin=None)
    sim = simulators("SIMUSR01", users=SIM_USERS, n_records=20)
    agent = make_agent([machine("Lobi", sim)])
    agent.cycle()

    device = Device.objects.get(sn="SIMUSR01")
    stored = {u.pin: u for u in DeviceUser.objects.filter(device=device)}
    assert set(stored) == {"1", "2"}
    assert stored["1"].name == "SITI AMINAH" and stored["2"].privilege == 14
    assert stored["2"].card == "12345" and all(not u.templates for u in stored.values())
    assert AuditEvent.objects.filter(action="device.users_stored").count() == 1

    operator = make_user("op", Role.OPERATOR, two_units["DINKES"])
    rows = {r.user.pin: r for r in machine_users_matched(actor=operator, device=device)}
    assert rows["1"].suggestions[0].employee == siti
    machine_user_confirm(actor=operator, device=device, pin="1", employee=siti)
    assert Punch.objects.filter(employee=siti).count() == Punch.objects.filter(pin="1").count()

    agent.cycle()  # the same list is not sent again
    assert AuditEvent.objects.filter(action="device.users_stored").count() == 1
    assert {normalize_pin(u.user_id) for u in sim.device.users} == set(stored)


def _post(client: Client, body: object):
    return client.post("/api/v1/agent/users", data=body, content_type="application/json")


HOSTILE = {
    "pin-too-long": {"sn": "MESIN-1", "users": [{"pin": "1" * 25, "name": "x"}]},
    "pin-nan": {"sn": "MESIN-1", "users": [{"pin": "NaN", "name": "x"}]},
    "pin-empty": {"sn": "MESIN-1", "users": [{"pin": "", "name": "x"}]},
    "pin-symbols": {"sn": "MESIN-1", "users": [{"pin": "1;DROP", "name": "x"}]},
    "name-too-long": {"sn": "MESIN-1", "users": [{"pin": "1", "name": "x" * 101}]},
    "name-nul": {"sn": "MESIN-1", "users": [{"pin": "1", "name": "a\x00b"}]},
    "privilege-huge": {"sn": "MESIN-1", "users": [{"pin": "1", "privilege": 10**20}]},
    "privilege-text": {"sn": "MESIN-1", "users": [{"pin": "1", "privilege": "admin"}]},
    "too-many": {"sn": "MESIN-1", "users": [{"pin": str(n)} for n in range(20_001)]},
    "users-not-a-list": {"sn": "MESIN-1", "users": "semua"},
    "no-sn": {"users": []},
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_hostile_user_list_is_refused_and_nothing_stored(case, two_units):
    token = agent_token_create(unit=two_units["DINKES"], name="PC-TU").plaintext
    response = _post(Client(headers={"Authorization": f"Bearer {token}"}), HOSTILE[case])
    assert response.status_code in (400, 422), response.content[:200]
    assert response.json()["detail"]
    assert not DeviceUser.objects.exists()


@pytest.mark.django_db
def test_an_agent_may_not_send_users_of_another_units_machine(two_units):
    Device.objects.create(sn="MESIN-B", unit=two_units["DISDIK"], state="active")
    token = agent_token_create(unit=two_units["DINKES"], name="PC-TU").plaintext
    body = {"sn": "MESIN-B", "users": [{"pin": "1", "name": "Orang"}]}
    response = _post(Client(headers={"Authorization": f"Bearer {token}"}), body)
    assert response.status_code == 403 and not DeviceUser.objects.exists()
