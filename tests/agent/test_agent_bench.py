"""The benchmark runs end to end (server subprocess, simulator, agent) and checks itself."""

from __future__ import annotations

from hadir.agent.bench import bench_agent


def test_bench_agent_small() -> None:
    figures = bench_agent(500, batch_size=200, transport="udp")
    assert figures["exactly_once"] is True
    assert figures["reread_new"] == 0 and figures["waiting"] == 0
    assert figures["read_per_second"] > 0 and figures["forward_per_second"] > 0
