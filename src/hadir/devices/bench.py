"""Load benchmark of the PUSH server (``make bench``): the real server, simulated machines.

:func:`bench_push` starts ``hadir serve --no-worker`` in a subprocess with a fresh data folder
(SQLite, migrated, one unit with employees whose PINs the machines use, the machines
registered and in use), then over HTTP on 127.0.0.1 only:

1. *push*: ``devices`` simulated machines in threads upload ``punches_per_device`` punches
   each in batches of ``batch_size`` (handshake first); punches/s is wall-clock for all;
2. *poll*: the same machines send ``polls`` ``getrequest`` polls in all; polls/s.

Then the server is stopped and the database read directly: every punch must be there
exactly once (the keys are recomputed from the machines' own logs). Figures are reported,
never asserted. Everything is bounded: counts are capped and every wait has a deadline.

Two floors are measured in the same run, so a figure can be judged on a loaded machine:

- *push floor*: plain ``sqlite3`` inserting the very rows the server stored into an empty
  copy of the punch table (same columns and indexes, WAL, ``synchronous=NORMAL``), one
  transaction per batch of ``batch_size``: what the database alone needs for this write;
- *poll floor*: the same HTTP client sending as many ``ping`` requests to the same server
  right after the polls; a recently seen machine's ping is answered from the process cache
  without any query, so it is what the server's HTTP stack alone costs;
- *bare WSGI ceiling*: the same client against a WSGI app that answers "OK" and does
  nothing else, under waitress with the same threads: no Django, no database. No poll can
  go faster than this on the machine of the run (client and server share its cores).
"""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hadir.devices_sim import DeviceConfig, PushDevice
from hadir.devices_sim.transport import HttpTransport
from hadir.people.pins import normalize_pin
from hadir.protocols.attlog import punch_idempotency_key

HOST = "127.0.0.1"
MAX_DEVICES = 200
MAX_PUNCHES = 1_000_000
MAX_POLLS = 200_000
FIRST_PIN = 1001
DAYS = [date(2026, 3, 2) + timedelta(days=offset) for offset in range(20)]
SETUP = """
from datetime import date
from hadir.devices.models import Device
from hadir.org.services import region_configure, unit_create
from hadir.people.services import employee_create
region_configure(name="Kabupaten Bench", timezone="Asia/Jakarta")
unit = unit_create(code="BENCH", name="Unit Bench", kind="dinas")
for n in range({employees}):
    employee_create(unit=unit, start=date(2026, 1, 1), nip=None, nik=f"{{3201010101900000 + n}}",
                    name=f"Pegawai {{n}}", employee_type="NON_ASN", pin=str({first_pin} + n))
for sn in {serials!r}:
    Device.objects.create(sn=sn, name=sn, unit=unit, state="active")
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def _env(data_dir: Path) -> dict[str, str]:
    env = {**os.environ, "HADIR_DATA_DIR": str(data_dir), "HADIR_ALLOW_INSECURE_KEY": "1"}
    for name in ("DATABASE_URL", "HADIR_TEST_DIE_BEFORE_COMMIT", "HADIR_DEBUG"):
        env.pop(name, None)
    env["HADIR_LOG_LEVEL"] = "WARNING"
    return env


def _hadir(args: list[str], data_dir: Path, timeout: float) -> None:
    subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "hadir", *args],
        env=_env(data_dir),
        check=True,
        timeout=timeout,
        capture_output=True,
    )


BARE_WSGI = """
import logging, sys, waitress
logging.getLogger("waitress").setLevel(logging.ERROR)
def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "2")])
    return [b"OK"]
waitress.serve(app, host=sys.argv[1], port=int(sys.argv[2]), threads=int(sys.argv[3]))
"""


def _wait_until_listening(process: subprocess.Popen[bytes], port: int, *, seconds: float) -> None:
    """Until ``process`` accepts connections on ``port``; an error if it dies or is too slow."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            socket.create_connection((HOST, port), timeout=0.2).close()
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the server on port {port} did not start") from None
            time.sleep(0.05)


def _bare_ceiling(serials: list[str], polls: int, threads: int) -> float:
    """Requests/s of the same HTTP client against a WSGI app that does nothing under the same
    waitress settings: no Django, no database. What this machine allows any poll to reach."""
    port = _free_port()
    command = [sys.executable, "-c", BARE_WSGI, HOST, str(port), str(threads)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
    try:
        _wait_until_listening(process, port, seconds=30)
        return _poll_floor(port, serials, polls)
    finally:
        process.terminate()
        process.wait(timeout=10)


@contextmanager
def _server(data_dir: Path, port: int, threads: int) -> Iterator[subprocess.Popen[bytes]]:
    command = [sys.executable, "-m", "hadir", "serve", "--no-worker", "--host", HOST]
    command += ["--port", str(port), "--threads", str(threads)]
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        command, env=_env(data_dir), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        _wait_until_listening(process, port, seconds=60)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def _in_threads(machines: list[PushDevice], work: Callable[[PushDevice], None]) -> float:
    threads = [threading.Thread(target=work, args=(m,), name=m.sn) for m in machines]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def _expected_keys(machines: list[PushDevice]) -> set[str]:
    return {
        punch_idempotency_key(
            device_sn=m.sn, pin=normalize_pin(record.pin), punched_at=record.punched_at
        )
        for m in machines
        for record in m.log.all_records()
    }


def _stored_keys(data_dir: Path, serials: list[str]) -> tuple[int, set[str]]:
    marks = ",".join("?" * len(serials))
    with sqlite3.connect(data_dir / "hadir.sqlite3") as db:
        rows = db.execute(
            f"SELECT key FROM punches_punch WHERE source_ref IN ({marks})",  # noqa: S608
            serials,
        ).fetchall()
    return len(rows), {row[0] for row in rows}


def _push_floor(data_dir: Path, serials: list[str], batch_size: int) -> float:
    """Rows/s of plain sqlite3 storing the server's punch rows again (module docstring)."""
    marks = ",".join("?" * len(serials))
    with sqlite3.connect(data_dir / "hadir.sqlite3") as db:
        schema = db.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name = 'punches_punch' AND sql IS NOT NULL"
        ).fetchall()
        columns = [row[1] for row in db.execute("PRAGMA table_info(punches_punch)")][1:]
        rows = db.execute(
            f"SELECT {', '.join(columns)} FROM punches_punch "  # noqa: S608
            f"WHERE source_ref IN ({marks}) ORDER BY id",
            serials,
        ).fetchall()
    floor = sqlite3.connect(data_dir / "floor.sqlite3", isolation_level=None)
    try:
        floor.execute("PRAGMA journal_mode=WAL")
        floor.execute("PRAGMA synchronous=NORMAL")
        # The table and its indexes as migrations made them (plain sqlite3 checks no foreign
        # keys: the floor is the table alone).
        for (sql,) in schema:
            floor.execute(sql)
        insert = (
            f"INSERT INTO punches_punch ({', '.join(columns)}) "  # noqa: S608
            f"VALUES ({', '.join('?' * len(columns))}) ON CONFLICT DO NOTHING"
        )
        started = time.perf_counter()
        for start in range(0, len(rows), batch_size):
            floor.execute("BEGIN IMMEDIATE")
            floor.executemany(insert, rows[start : start + batch_size])
            floor.execute("COMMIT")
        return len(rows) / (time.perf_counter() - started)
    finally:
        floor.close()


def _poll_floor(port: int, serials: list[str], polls: int) -> float:
    """Pings/s of the machines' HTTP client on the same server: a ping from a machine seen in
    the last ``LAST_SEEN_RESOLUTION`` seconds is answered from the process cache, without any
    query, so this is the server's HTTP stack alone."""
    url = f"http://{HOST}:{port}"
    per_client = max(1, polls // len(serials))

    def ping(sn: str) -> None:
        client = HttpTransport(url, user_agent="bench", timeout=30)
        for _ in range(per_client):
            client.request("GET", "/iclock/ping", {"SN": sn})

    threads = [threading.Thread(target=ping, args=(sn,)) for sn in serials]
    started = time.perf_counter()
    for worker in threads:
        worker.start()
    for worker in threads:
        worker.join()
    return per_client * len(serials) / (time.perf_counter() - started)


def bench_push(
    devices: int = 20,
    punches_per_device: int = 2_500,
    batch_size: int = 128,
    polls: int = 10_000,
    *,
    employees: int = 200,
    server_threads: int = 8,
    deadline_seconds: float = 600,
) -> dict[str, Any]:
    """Run the benchmark and return its figures (see the module docstring)."""
    devices = max(1, min(devices, MAX_DEVICES))
    punches_per_device = max(1, min(punches_per_device, MAX_PUNCHES // devices))
    polls = max(devices, min(polls, MAX_POLLS))
    serials = [f"BENCH{n:04d}" for n in range(devices)]
    pins = [str(FIRST_PIN + n) for n in range(employees)]
    with tempfile.TemporaryDirectory(prefix="hadir-bench-") as tmp:
        data_dir = Path(tmp) / "server"
        data_dir.mkdir()
        _hadir(["migrate", "--verbosity", "0"], data_dir, timeout=300)
        setup = SETUP.format(employees=employees, first_pin=FIRST_PIN, serials=serials)
        _hadir(["shell", "-c", setup], data_dir, timeout=300)
        port = _free_port()
        machines = [
            PushDevice(
                DeviceConfig(
                    sn=sn,
                    server_url=f"http://{HOST}:{port}",
                    state_dir=Path(tmp) / "machines",
                    batch_size=batch_size,
                    error_delay=0.2,
                    poll_delay=0.0,
                    http_timeout=60,
                )
            )
            for sn in serials
        ]
        try:
            for index, machine in enumerate(machines):
                machine.add_generated_punches(punches_per_device, pins=pins, dates=DAYS, seed=index)
            total = devices * punches_per_device
            stop_at = time.monotonic() + deadline_seconds
            with _server(data_dir, port, server_threads):
                for machine in machines:
                    machine.handshake()

                def push(machine: PushDevice) -> None:
                    while machine.log.cursor < machine.log.last_seq():
                        if time.monotonic() > stop_at:
                            return
                        try:
                            machine.upload_pending()
                        except Exception:  # counted in machine.stats; retried
                            time.sleep(machine.error_delay)

                push_seconds = _in_threads(machines, push)
                per_machine = polls // devices

                def poll(machine: PushDevice) -> None:
                    for _ in range(per_machine):
                        if time.monotonic() > stop_at:
                            return
                        try:
                            machine.poll()
                        except Exception:  # counted in machine.stats
                            time.sleep(0.01)

                polls_done_before = sum(m.stats.polls for m in machines)
                poll_seconds = _in_threads(machines, poll)
                polls_done = sum(m.stats.polls for m in machines) - polls_done_before
                poll_floor = _poll_floor(port, serials, polls)
            bare_ceiling = _bare_ceiling(serials, polls, server_threads)
            stored_rows, stored = _stored_keys(data_dir, serials)
            push_floor = _push_floor(data_dir, serials, batch_size)
            expected = _expected_keys(machines)
            acknowledged = sum(m.stats.records_acknowledged for m in machines)
            return {
                "devices": devices,
                "punches": total,
                "batch_size": batch_size,
                "push_seconds": round(push_seconds, 2),
                "punches_per_second": round(acknowledged / push_seconds),
                "polls": polls_done,
                "poll_seconds": round(poll_seconds, 2),
                "polls_per_second": round(polls_done / poll_seconds),
                "push_floor_per_second": round(push_floor),
                "poll_floor_per_second": round(poll_floor),
                "bare_wsgi_per_second": round(bare_ceiling),
                "errors": sum(m.stats.errors for m in machines),
                "upload_failures": sum(m.stats.upload_failures for m in machines),
                "stored_rows": stored_rows,
                "exactly_once": stored_rows == len(stored) == total and stored == expected,
            }
        finally:
            for machine in machines:
                machine.close()


def main() -> None:
    figures = bench_push()
    print(
        f"push server, {figures['devices']} machines, {figures['punches']:,} punches in batches "
        f"of {figures['batch_size']}: {figures['punches_per_second']:,} punches/s; "
        f"{figures['polls']:,} polls: {figures['polls_per_second']:,} polls/s; "
        f"errors {figures['errors']}; every punch stored exactly once: {figures['exactly_once']}"
    )


if __name__ == "__main__":
    main()
