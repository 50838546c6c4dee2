"""``hadir agent status`` tells the operator what is wrong, in Bahasa Indonesia."""

from __future__ import annotations

import pytest

from hadir.agent import cli
from hadir.agent.status import status_lines
from hadir.zkpull.errors import MSG_AUTH, MSG_REFUSED
from tests.agent.conftest import closed_port, machine

pytestmark = pytest.mark.django_db(transaction=True)


def test_status_names_wrong_comm_key_unreachable_machine_and_waiting_punches(
    simulators, make_agent
):
    good = simulators("SIMOK001", n_records=50)
    locked = simulators("SIMKEY01", comm_key=1234)
    dead_port = closed_port()
    machines = [
        machine("Lobi", good),
        machine("Ruang TU", locked, comm_key=4321),
        {"name": "Gudang", "host": "127.0.0.1", "port": dead_port, "timeout": 1},
    ]
    agent = make_agent(machines, server=f"http://127.0.0.1:{closed_port()}")
    agent.cycle()

    text = "\n".join(status_lines(agent.config, agent.outbox))

    assert "Mesin Lobi (127.0.0.1:" in text and "terhubung, SN SIMOK001" in text
    assert "Comm Key salah. " + MSG_AUTH.format(host="127.0.0.1") in text
    assert MSG_REFUSED.format(host="127.0.0.1", port=dead_port) in text
    assert "Server Hadir: BERMASALAH — Server Hadir http://127.0.0.1:" in text
    assert "50 absensi menunggu dikirim ke server, sejak" in text

    offline = "\n".join(status_lines(agent.config, agent.outbox, probe=False))
    assert "Comm Key salah." in offline
    assert "Server Hadir: BERMASALAH" in offline
    assert "50 absensi menunggu" in offline


def test_status_when_all_is_well(simulators, make_agent):
    sim = simulators("SIMOK002", n_records=20)
    agent = make_agent([machine("Lobi", sim)])
    agent.cycle()
    text = "\n".join(status_lines(agent.config, agent.outbox))
    assert "Server Hadir: terhubung (agen 'PC-TU', unit DINKES)." in text
    assert "terakhir dibaca" in text and "20 catatan absensi" in text
    assert "Semua absensi sudah terkirim ke server (20 tersimpan di agen)." in text


def test_the_command_line_once_and_status(simulators, live_server, agent_token, tmp_path, capsys):
    sim = simulators("SIMCLI01", n_records=30)
    config = tmp_path / "agent.toml"
    config.write_text(
        f'server = "{live_server.url}"\ntoken = "{agent_token}"\n'
        f'outbox = "outbox.sqlite3"\n\n[[machines]]\nname = "Lobi"\nhost = "127.0.0.1"\n'
        f"port = {sim.port}\n",
        encoding="utf-8",
    )
    assert cli.main(["once", "--config", str(config)]) == 0
    assert (
        "Dibaca dan dikirim: 30 absensi (30 baru di server, 0 sudah ada)."
        in capsys.readouterr().out
    )
    assert (tmp_path / "outbox.sqlite3").exists()
    assert cli.main(["status", "--config", str(config), "--offline"]) == 0
    assert "Semua absensi sudah terkirim" in capsys.readouterr().out


def test_a_missing_config_file_is_said_plainly(tmp_path, capsys):
    assert cli.main(["status", "--config", str(tmp_path / "nope.toml")]) == 2
    assert "Berkas konfigurasi agen tidak ditemukan" in capsys.readouterr().err


def test_the_django_command_delegates_to_the_agent(agent_token, tmp_path, capsys):
    from django.core.management import call_command

    config = tmp_path / "agent.toml"
    config.write_text(f'server = "http://127.0.0.1:9"\ntoken = "{agent_token}"\n')
    call_command("agent", "status", "--config", str(config), "--offline")
    assert "Server Hadir: belum pernah berhasil dihubungi." in capsys.readouterr().out
