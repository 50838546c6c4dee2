"""Read, hold, forward: every punch reaches the server exactly once whatever fails."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest

from hadir.agent.outbox import Outbox
from hadir.agents.models import AgentMachine, AgentToken
from hadir.devices.models import Device, DeviceState
from hadir.punches.models import Punch, PunchSource
from hadir.zkpull.simdata import SimRecord
from tests.agent.conftest import assert_exactly_once, closed_port, machine

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_cycle_forwards_every_punch_once_and_registers_unknown_machines(
    simulators, make_agent, two_units
):
    tcp = simulators("SIMTCP01")
    udp = simulators("SIMUDP01", record_size=16)
    agent = make_agent([machine("Lobi", tcp), machine("Aula", udp, "udp")])

    result = agent.cycle()

    assert result.error == ""
    assert result.sent == result.accepted == 600
    assert_exactly_once(tcp)
    assert_exactly_once(udp)
    assert set(Punch.objects.values_list("source", flat=True)) == {PunchSource.AGENT}
    device = Device.objects.get(sn="SIMTCP01")
    assert device.state == DeviceState.PENDING
    assert device.unit == two_units["DINKES"]
    assert device.attlog_count == 300
    assert device.last_seen_at is not None
    assert not Punch.objects.filter(counted=True).exists()  # pending: kept, not counted
    link = AgentMachine.objects.get(device=device)
    assert link.reachable and link.agent.name == "PC-TU"
    health = AgentToken.objects.get().health
    assert health["outbox_waiting"] == 0 and len(health["machines"]) == 2


def test_the_whole_log_read_again_adds_nothing_and_new_punches_arrive_once(simulators, make_agent):
    sim = simulators("SIMTCP02")
    agent = make_agent([machine("Lobi", sim)])
    agent.cycle()

    again = agent.cycle()  # the machine hands out its whole log again
    assert again.sent == 0
    last = sim.device.records[-1]
    sim.device.append_records(
        [
            SimRecord(last.uid, last.user_id, last.timestamp + timedelta(minutes=n), 0, 1)
            for n in (5, 6)
        ]
    )
    newer = agent.cycle()

    assert newer.sent == newer.accepted == 2
    assert_exactly_once(sim)
    assert Outbox(agent.config.outbox).total() == 302


def test_the_server_down_for_several_cycles_then_back(simulators, make_agent, live_server):
    sim = simulators("SIMTCP03")
    down = make_agent([machine("Lobi", sim)], server=f"http://127.0.0.1:{closed_port()}")
    for _ in range(3):
        result = down.cycle()
        assert result.sent == 0 and result.error
    assert down.failures == 3  # backing off: 0.01, 0.02, 0.04 s
    assert down.forward_due > time.monotonic() - 1
    assert down.outbox.waiting()[0] == 300
    assert not Punch.objects.exists()
    down.close()

    back = make_agent([machine("Lobi", sim)])
    result = back.cycle()

    assert result.sent == 300 and result.error == ""
    assert back.outbox.waiting() == (0, None)
    assert_exactly_once(sim)


def test_killed_after_reading_before_forwarding(simulators, make_agent):
    sim = simulators("SIMTCP04")
    first = make_agent([machine("Lobi", sim)])
    first.read_machines()  # ...and the PC loses power here
    first.close()

    restarted = make_agent([machine("Lobi", sim)])
    assert restarted.outbox.waiting()[0] == 300
    result = restarted.cycle()

    assert result.sent == 300
    assert_exactly_once(sim)


def test_killed_after_the_server_stored_a_batch_before_it_was_marked(
    simulators, make_agent, monkeypatch
):
    sim = simulators("SIMTCP05")
    first = make_agent([machine("Lobi", sim)])

    def killed(ids):
        raise SystemExit("agent killed")

    monkeypatch.setattr(first.outbox, "mark_forwarded", killed)
    with pytest.raises(SystemExit):
        first.cycle()
    assert Punch.objects.count() == 100  # the server stored the first batch
    first.close()

    restarted = make_agent([machine("Lobi", sim)])
    assert restarted.outbox.waiting()[0] == 300  # not marked: sent again
    result = restarted.cycle()

    assert result.sent == 300
    assert result.duplicates == 100 and result.accepted == 200
    assert_exactly_once(sim)


def test_a_machines_clock_ten_minutes_off_is_set_back(simulators, make_agent):
    sim = simulators("SIMTCP06", clock_offset=timedelta(minutes=10))
    agent = make_agent([machine("Lobi", sim)], clock_threshold=60)

    agent.cycle()

    seen = agent.outbox.machines()["Lobi"]
    assert seen["clock_set"] is True
    assert 590 <= seen["clock_drift_before"] <= 610
    reference = agent.reference_time()
    assert reference is not None
    assert abs((sim.device.now() - reference).total_seconds()) <= 5
    device = Device.objects.get(sn="SIMTCP06")
    assert 590 <= device.clock_drift_seconds <= 610
    assert agent.read_machine(agent.config.machines[0]).get("clock_set") is None


def test_the_machines_log_is_never_cleared(simulators, make_agent):
    sim = simulators("SIMTCP07")
    agent = make_agent([machine("Lobi", sim)])
    agent.cycle()
    assert len(sim.device.records) == 300
    assert 15 not in sim.device.commands  # CLEAR_ATTLOG


def test_the_machine_page_says_which_agent_reads_it(simulators, make_agent, make_user, client):
    from hadir.accounts.models import Role

    sim = simulators("SIMTCP08", n_records=10)
    make_agent([machine("Lobi", sim)]).cycle()
    client.force_login(make_user("kominfo", Role.DISKOMINFO_ADMIN))

    page = client.get("/devices/SIMTCP08/").content.decode()

    assert "dibaca oleh agen PC-TU, terakhir lapor" in page


def test_the_agent_loop_reads_forwards_and_stops(simulators, make_agent):
    import threading

    sim = simulators("SIMTCP09", n_records=40)
    agent = make_agent([machine("Lobi", sim)], poll_interval=0.2)
    stop = threading.Event()
    loop = threading.Thread(target=agent.run, args=(stop,))
    loop.start()
    deadline = time.monotonic() + 10
    while Punch.objects.filter(source_ref="SIMTCP09").count() < 40:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    stop.set()
    loop.join(timeout=10)
    assert not loop.is_alive()
    assert_exactly_once(sim)


def test_the_machine_page_shows_what_waits_on_the_agent(simulators, make_agent, make_user, client):
    from hadir.accounts.models import Role

    sim = simulators("SIMTCP11", n_records=10)
    make_agent([machine("Lobi", sim)]).cycle()
    sim.device.append_records(
        [SimRecord(1, sim.device.records[0].user_id, sim.device.records[-1].timestamp
                   + timedelta(minutes=1), 0, 1)]
    )  # fmt: skip
    down = make_agent([machine("Lobi", sim)], server=f"http://127.0.0.1:{closed_port()}")
    down.cycle()  # read, not sent; its health report cannot go either...
    up = make_agent([machine("Lobi", sim)])
    up.refresh_server_time()
    up.report_health()  # ...until the server is back: 1 waiting, reported before forwarding
    client.force_login(make_user("kominfo", Role.DISKOMINFO_ADMIN))

    page = client.get("/devices/SIMTCP11/").content.decode()

    assert "1 absensi menunggu di agen untuk dikirim ke server, sejak" in page
