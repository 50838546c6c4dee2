"""Benchmark of the agent (``make bench``): a simulated machine with 50,000 records, the agent
reading it into its outbox, then forwarding to the real server over HTTP on 127.0.0.1.

The server is ``hadir serve --no-worker`` in a subprocess with a fresh data folder (SQLite,
migrated, one unit, one agent token). Reported: records/s for the read (pull + outbox) and for
the forward (HTTP batches, ingestion, commit); then the machine's whole log is read again
(nothing new may be added) and the server's database is checked: every record exactly once.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from hadir.agent.config import config_from_dict
from hadir.agent.runner import Agent
from hadir.devices.bench import HOST, _env, _free_port, _server, _stored_keys
from hadir.people.pins import normalize_pin
from hadir.protocols.attlog import punch_idempotency_key
from hadir.zkpull.simulator import SimulatorConfig, ZkSimulator

SN = "BENCHAGENT1"
SETUP = """
from hadir.agents.services import agent_token_create
from hadir.org.services import region_configure, unit_create
from datetime import date
from hadir.org.models import Region
region_configure(name="Kabupaten Bench", timezone="Asia/Jakarta")
# the simulated machine's log starts in January 2024: records start before it (the gate)
Region.objects.update(records_start=date(2024, 1, 1))
unit = unit_create(code="BENCH", name="Unit Bench", kind="dinas")
print(agent_token_create(unit=unit, name="bench").plaintext)
"""


def _hadir(args: list[str], data_dir: Path) -> str:
    done = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "hadir", *args],
        env=_env(data_dir),
        check=True,
        timeout=300,
        capture_output=True,
        text=True,
    )
    return done.stdout


def bench_agent(
    n_records: int = 50_000, *, batch_size: int = 1000, transport: str = "tcp"
) -> dict[str, Any]:
    """Run the benchmark and return its figures (see the module docstring)."""
    with tempfile.TemporaryDirectory(prefix="hadir-agent-bench-") as tmp:
        data_dir = Path(tmp) / "server"
        data_dir.mkdir()
        _hadir(["migrate", "--verbosity", "0"], data_dir)
        token = _hadir(["shell", "-c", SETUP], data_dir).strip().splitlines()[-1]
        port = _free_port()
        config = SimulatorConfig(n_records=n_records, record_size=40, seed=7, serial_number=SN)
        with ZkSimulator(config) as sim, _server(data_dir, port, threads=4):
            raw = {
                "server": f"http://{HOST}:{port}",
                "token": token,
                "outbox": str(Path(tmp) / "outbox.sqlite3"),
                "batch_size": batch_size,
                "http_timeout": 120,
                "machines": [
                    {"name": "bench", "host": sim.host, "port": sim.port,
                     "transport": transport, "timeout": 30},
                ],
            }  # fmt: skip
            agent = Agent(config_from_dict(raw, Path(tmp) / "agent.toml"))
            try:
                started = time.perf_counter()
                seen = agent.read_machines()[0]
                read_seconds = time.perf_counter() - started
                started = time.perf_counter()
                forwarded = agent.forward()
                forward_seconds = time.perf_counter() - started
                again = agent.read_machines()[0]
                forwarded_again = agent.forward()
                waiting = agent.outbox.waiting()[0]
            finally:
                agent.close()
            expected = {
                punch_idempotency_key(
                    device_sn=SN, pin=normalize_pin(r.user_id), punched_at=r.timestamp
                )
                for r in sim.device.records
            }
        stored_rows, stored = _stored_keys(data_dir, [SN])
    return {
        "records": n_records,
        "transport": transport,
        "batch_size": batch_size,
        "read_seconds": round(read_seconds, 2),
        "read_per_second": round(int(seen.get("new", 0)) / read_seconds),
        "forward_seconds": round(forward_seconds, 2),
        "forward_per_second": round(forwarded.sent / forward_seconds),
        "forward_error": forwarded.error,
        "reread_new": again.get("new"),
        "reread_forwarded": forwarded_again.sent,
        "waiting": waiting,
        "stored_rows": stored_rows,
        "exactly_once": stored_rows == len(stored) == n_records and stored == expected,
    }


def main() -> None:
    figures = bench_agent()
    print(
        f"agent, {figures['records']:,} records over {figures['transport']}: read into the "
        f"outbox {figures['read_per_second']:,} records/s ({figures['read_seconds']} s); "
        f"forwarded in batches of {figures['batch_size']}: {figures['forward_per_second']:,} "
        f"records/s ({figures['forward_seconds']} s); whole log read again: "
        f"{figures['reread_new']} new; every record stored exactly once: "
        f"{figures['exactly_once']}"
    )


if __name__ == "__main__":
    main()
