"""Fixtures for the ZK tests (no Django, no database)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from hadir.zkpull.simulator import SimulatorConfig, ZkSimulator

StartSimulator = Callable[..., ZkSimulator]


@pytest.fixture
def start_simulator() -> Iterator[StartSimulator]:
    """Start simulated machines on 127.0.0.1 (ephemeral ports); all stopped after the test."""
    started: list[ZkSimulator] = []

    def start(**config: Any) -> ZkSimulator:
        simulator = ZkSimulator(SimulatorConfig(**config))
        simulator.start()
        started.append(simulator)
        return simulator

    yield start
    for simulator in started:
        simulator.stop()
