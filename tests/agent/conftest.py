"""The agent against simulated machines and the real server (``live_server``), 127.0.0.1 only."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from hadir.agent.config import config_from_dict
from hadir.agent.runner import Agent
from hadir.agents.services import agent_token_create
from hadir.people.pins import normalize_pin
from hadir.protocols.attlog import punch_idempotency_key
from hadir.punches.models import Punch
from hadir.zkpull.simulator import SimulatorConfig, ZkSimulator


def closed_port() -> int:
    """A port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def agent_token(two_units: dict[str, Any]) -> str:
    return agent_token_create(unit=two_units["DINKES"], name="PC-TU").plaintext


@pytest.fixture
def simulators() -> Iterator[Callable[..., ZkSimulator]]:
    started: list[ZkSimulator] = []

    def start(sn: str, **options: Any) -> ZkSimulator:
        options.setdefault("n_records", 300)
        sim = ZkSimulator(SimulatorConfig(serial_number=sn, seed=len(started) + 1, **options))
        sim.start()
        started.append(sim)
        return sim

    yield start
    for sim in started:
        sim.stop()


def machine(name: str, sim: ZkSimulator | None, transport: str = "tcp", **extra: Any) -> dict:
    port = sim.port if sim is not None else closed_port()
    return {"name": name, "host": "127.0.0.1", "port": port, "transport": transport,
            "timeout": 2, **extra}  # fmt: skip


@pytest.fixture
def make_agent(
    tmp_path: Path, live_server: Any, agent_token: str
) -> Iterator[Callable[..., Agent]]:
    agents: list[Agent] = []

    def make(machines: list[dict], **overrides: Any) -> Agent:
        raw = {
            "server": live_server.url,
            "token": agent_token,
            "outbox": str(tmp_path / "outbox.sqlite3"),
            "batch_size": 100,
            "retry_min": 0.01,
            "http_timeout": 10,
            "machines": machines,
            **overrides,
        }
        agent = Agent(config_from_dict(raw, tmp_path / "agent.toml"))
        agents.append(agent)
        return agent

    yield make
    for agent in agents:
        agent.close()


def expected_keys(sim: ZkSimulator) -> set[str]:
    return {
        punch_idempotency_key(
            device_sn=sim.config.serial_number,
            pin=normalize_pin(r.user_id),
            punched_at=r.timestamp,
        )
        for r in sim.device.records
    }


def assert_exactly_once(sim: ZkSimulator) -> None:
    stored = list(
        Punch.objects.filter(source_ref=sim.config.serial_number).values_list("key", flat=True)
    )
    assert len(stored) == len(set(stored)) == len(sim.device.records)
    assert set(stored) == expected_keys(sim)
