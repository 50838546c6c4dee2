"""Agent tokens: only for the agent endpoints, only for machines of the agent's unit."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from hadir.accounts.tokens import api_token_create
from hadir.agent.server import ServerClient, ServerRefused
from hadir.agents.services import agent_token_create
from hadir.devices.models import Device, DeviceState
from hadir.punches.models import Punch, QuarantinedLine

pytestmark = pytest.mark.django_db(transaction=True)

BATCH = {
    "sn": "OTHER01",
    "batch_id": "b1",
    "records": [{"pin": "7", "time": "2026-03-02 07:01:00"}],
}


def _status(url: str, token: str, method: str = "GET", body: dict | None = None) -> int:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(  # noqa: S310 - the test server
        url, data=data, method=method, headers={"Authorization": f"Bearer {token}",
                                                "Content-Type": "application/json"}
    )  # fmt: skip
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def test_a_machine_of_another_unit_is_refused_with_a_clear_message(
    live_server, two_units, agent_token
):
    Device.objects.create(sn="OTHER01", unit=two_units["DISDIK"], state=DeviceState.ACTIVE)
    client = ServerClient(live_server.url, agent_token)

    with pytest.raises(ServerRefused) as refused:
        client.send_punches(BATCH)

    assert refused.value.status == 403
    assert "OTHER01" in str(refused.value) and "DISDIK" in str(refused.value)
    assert "unit lain" in str(refused.value)
    assert not Punch.objects.exists()


def test_a_machine_of_a_sub_unit_is_accepted(live_server, two_units, agent_token):
    Device.objects.create(sn="OTHER01", unit=two_units["PKM-A"], state=DeviceState.ACTIVE)
    answer = ServerClient(live_server.url, agent_token).send_punches(BATCH)
    assert answer["accepted"] == 1
    assert Punch.objects.get().counted


def test_a_token_of_another_unit_is_refused(live_server, two_units):
    Device.objects.create(sn="OTHER01", unit=two_units["DINKES"], state=DeviceState.ACTIVE)
    disdik = agent_token_create(unit=two_units["DISDIK"], name="PC-SD").plaintext
    with pytest.raises(ServerRefused) as refused:
        ServerClient(live_server.url, disdik).send_punches(BATCH)
    assert refused.value.status == 403


def test_user_tokens_do_not_open_agent_endpoints_nor_agent_tokens_user_ones(
    live_server, make_user, agent_token
):
    user_token = api_token_create(user=make_user("admin"), name="t").plaintext
    base = f"{live_server.url}/api/v1"
    assert _status(f"{base}/agent/config", user_token) == 401
    assert _status(f"{base}/agent/punches", user_token, "POST", BATCH) == 401
    assert _status(f"{base}/devices", agent_token) == 401
    assert _status(f"{base}/agent/config", agent_token) == 200
    with pytest.raises(ServerRefused) as refused:
        ServerClient(live_server.url, user_token).config()
    assert refused.value.status == 401
    assert "token agen" in str(refused.value)


def test_a_revoked_agent_token_is_refused(live_server, agent_token):
    from hadir.agents.models import AgentToken
    from hadir.agents.services import agent_token_revoke

    agent_token_revoke(agent=AgentToken.objects.get())
    assert _status(f"{live_server.url}/api/v1/agent/config", agent_token) == 401


@pytest.mark.parametrize("time", ["02/03/2026 07:01", "2026-02-30 07:00:00", "2026-03-02 25:00:00"])
def test_an_unreadable_time_is_kept_aside_and_the_rest_of_the_batch_stored(
    live_server, agent_token, time
):
    good = {"pin": "7", "time": "2026-03-02 07:01:00"}
    body = {**BATCH, "records": [{"pin": "7", "time": time}, good]}
    answer = ServerClient(live_server.url, agent_token).send_punches(body)
    assert (answer["received"], answer["quarantined"]) == (1, 1)
    assert str(Punch.objects.get().local_time)[:19] == "2026-03-02 07:01:00"
    kept = QuarantinedLine.objects.get()
    assert (kept.line_no, kept.reason, kept.device.sn) == (1, "bad_datetime", "OTHER01")
    assert time in kept.raw and "Tanggal/jam tidak valid" in kept.message


def test_the_agent_is_told_and_tells_when_its_machine_belongs_elsewhere(
    simulators, make_agent, two_units
):
    from hadir.agent.status import status_lines
    from tests.agent.conftest import machine

    sim = simulators("SIMTCP10", n_records=10)
    Device.objects.create(sn="SIMTCP10", unit=two_units["DISDIK"], state=DeviceState.ACTIVE)
    agent = make_agent([machine("Lobi", sim)])

    result = agent.cycle()

    assert result.sent == 0 and "unit lain" in result.error
    assert agent.outbox.waiting()[0] == 10  # kept, not lost
    text = "\n".join(status_lines(agent.config, agent.outbox, probe=False))
    assert "Mesin SIMTCP10 milik unit lain (DISDIK)" in text


def test_agent_token_command_prints_the_token_once(two_units, capsys):
    from django.core.management import call_command

    from hadir.agents.models import AgentToken
    from hadir.agents.services import agent_token_authenticate

    call_command("agent_token", "create", "--unit", "DINKES", "--name", "PC-Lobi")
    token = capsys.readouterr().out.strip()
    agent = agent_token_authenticate(token)
    assert agent is not None and agent.unit.code == "DINKES"
    assert token[4:] not in AgentToken.objects.get().digest
    call_command("agent_token", "revoke", agent.prefix)
    assert agent_token_authenticate(token) is None
