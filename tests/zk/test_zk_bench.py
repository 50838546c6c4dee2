"""The benchmark entry point runs and reports a rate."""

from __future__ import annotations

import pytest

from hadir.zkpull.bench import bench_read


@pytest.mark.parametrize("transport", ["tcp", "udp"])
def test_bench_read(transport: str) -> None:
    assert bench_read(2000, transport=transport, record_size=16) > 0
