"""How fast the pull client reads a large log from the simulated machine (``make bench``)."""

from __future__ import annotations

import time

from hadir.zkpull.client import ZkClient
from hadir.zkpull.simulator import SimulatorConfig, ZkSimulator
from hadir.zkpull.transport import TransportName


def bench_read(
    n_records: int = 50_000, *, transport: TransportName = "tcp", record_size: int = 40
) -> float:
    """Records per second for connect + read of ``n_records`` records + disconnect.

    The simulator's data generation is not timed; the client's socket reads and record
    decoding are.
    """
    config = SimulatorConfig(n_records=n_records, record_size=record_size, seed=1)
    with ZkSimulator(config) as simulator:
        started = time.perf_counter()
        with ZkClient(simulator.host, simulator.port, transport=transport) as client:
            log = client.read_attendance()
        elapsed = time.perf_counter() - started
    if len(log.punches) != n_records:
        raise RuntimeError(f"read {len(log.punches)} of {n_records} records")
    return n_records / elapsed


def main() -> None:
    for transport in ("tcp", "udp"):
        rate = bench_read(50_000, transport=transport)
        print(f"zk pull, 50,000 records of 40 bytes over {transport}: {rate:,.0f} records/s")


if __name__ == "__main__":
    main()
