"""A machine's log is cleared only when an operator asks, and only once the server has it all."""

from __future__ import annotations

import pytest

from hadir.agent import cli
from hadir.agent.clearlog import clear_machine_log
from tests.agent.conftest import assert_exactly_once, closed_port, machine

pytestmark = pytest.mark.django_db(transaction=True)


def test_cleared_after_the_server_confirmed_every_punch(simulators, make_agent):
    sim = simulators("SIMCLR01", n_records=80)
    agent = make_agent([machine("Lobi", sim)])
    expected_records = list(sim.device.records)

    cleared, message = clear_machine_log(agent, agent.config.machines[0])

    assert cleared, message
    assert message == "Log absensi mesin Lobi dihapus: 80 catatan sudah tersimpan di server."
    assert sim.device.records == []
    assert sim.device.enabled
    sim.device.records = expected_records  # compare with what the machine held
    assert_exactly_once(sim)


def test_not_cleared_while_the_server_cannot_be_reached(simulators, make_agent):
    sim = simulators("SIMCLR02", n_records=80)
    agent = make_agent([machine("Lobi", sim)], server=f"http://127.0.0.1:{closed_port()}")

    cleared, message = clear_machine_log(agent, agent.config.machines[0])

    assert not cleared
    assert message.startswith("Log mesin Lobi TIDAK dihapus: 80 absensi belum terkirim")
    assert len(sim.device.records) == 80
    assert sim.device.enabled


def test_the_command_asks_for_confirmation(simulators, live_server, agent_token, tmp_path, capsys):
    sim = simulators("SIMCLR03", n_records=5)
    config = tmp_path / "agent.toml"
    config.write_text(
        f'server = "{live_server.url}"\ntoken = "{agent_token}"\n\n[[machines]]\n'
        f'name = "Lobi"\nhost = "127.0.0.1"\nport = {sim.port}\n',
        encoding="utf-8",
    )
    assert cli.main(["clear-log", "--config", str(config), "--machine", "Lobi"]) == 1
    assert "--yes" in capsys.readouterr().out
    assert len(sim.device.records) == 5
    assert cli.main(["clear-log", "--config", str(config), "--machine", "Gudang"]) == 2
    assert cli.main(["clear-log", "--config", str(config), "--machine", "Lobi", "--yes"]) == 0
    assert sim.device.records == []
