"""A server killed between receiving a batch and committing it loses nothing.

The real server (``hadir serve``, waitress) runs in a subprocess on 127.0.0.1 with its own
SQLite database. With ``HADIR_TEST_DIE_BEFORE_COMMIT=1`` the upload view stores the batch and
calls ``os._exit`` before the commit: the machine gets no reply, keeps its records and sends
them again to the restarted server. The database is read directly afterwards.
"""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import pytest

from hadir.devices.receiver import DIE_EXIT_CODE
from hadir.devices_sim import DeviceConfig, PushDevice
from tests.operations.processes import PINS as OPS_PINS
from tests.operations.processes import (
    SN,
    SQLITE_PASS_ONLY,
    alive,
    days_waiting,
    free_port,
    heartbeat,
    prepared_data_dir,
    processes_using,
    punched_days_without_result,
    query,
    server_env,
    serving,
    wait_for,
)

PINS = [str(n) for n in range(1001, 1021)]
DAYS = [date(2026, 3, 2) + timedelta(days=n) for n in range(5)]


@contextmanager
def running_server(data_dir: Path, port: int, **extra: str) -> Iterator[subprocess.Popen[bytes]]:
    command = [sys.executable, "-m", "hadir", "serve", "--no-worker", "--port", str(port)]
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        command,
        env=server_env(data_dir, **extra),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if process.poll() is not None:
                    raise RuntimeError(process.stderr.read().decode()[-2000:]) from None
                time.sleep(0.05)
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=10)


def stored_punches(data_dir: Path) -> tuple[int, int]:
    with sqlite3.connect(data_dir / "hadir.sqlite3") as db:
        total, distinct = db.execute(
            "SELECT COUNT(*), COUNT(DISTINCT key) FROM punches_punch"
        ).fetchone()
    return int(total), int(distinct)


def test_a_server_dying_before_commit_loses_nothing(tmp_path):
    data_dir = tmp_path / "server"
    data_dir.mkdir()
    subprocess.run(
        [sys.executable, "-m", "hadir", "migrate", "--verbosity", "0"],
        env=server_env(data_dir),
        check=True,
        timeout=120,
    )
    port = free_port()
    config = DeviceConfig(
        sn="CRASH01",
        server_url=f"http://127.0.0.1:{port}",
        state_dir=tmp_path,
        batch_size=128,
        error_delay=0.05,
        poll_delay=0.05,
        http_timeout=10,
    )
    with PushDevice(config) as machine:
        machine.add_generated_punches(300, pins=PINS, dates=DAYS, seed=11)
        with running_server(data_dir, port, HADIR_TEST_DIE_BEFORE_COMMIT="1") as doomed:
            assert not machine.run_once()  # the first batch kills the server: no reply
            assert doomed.wait(timeout=10) == DIE_EXIT_CODE
        assert machine.log.cursor == 0
        assert stored_punches(data_dir) == (0, 0)
        with running_server(data_dir, port):
            machine.run(max_cycles=5)
        assert machine.log.cursor == machine.log.last_seq()
    assert stored_punches(data_dir) == (300, 300)


@pytest.mark.slow
@SQLITE_PASS_ONLY
def test_killing_server_and_worker_mid_batch_loses_and_doubles_nothing(tmp_path):
    """``hadir serve`` with its worker: both killed with SIGKILL while the worker computes,
    then the server dying mid-upload (its orphaned worker stops by itself), then a clean
    restart: every punch stored once, every punched day computed once."""
    data_dir = prepared_data_dir(tmp_path)
    port = free_port()
    config = DeviceConfig(
        sn=SN,
        server_url=f"http://127.0.0.1:{port}",
        state_dir=tmp_path,
        batch_size=50,
        error_delay=0.05,
        poll_delay=0.05,
        http_timeout=10,
    )
    with PushDevice(config) as machine:
        with serving(data_dir, port) as server:
            worker = wait_for(lambda: heartbeat(data_dir), what="the worker")
            machine.add_generated_punches(100, pins=OPS_PINS, dates=DAYS[:2], seed=5)
            assert machine.run_once()
            os.kill(worker.pid, signal.SIGKILL)  # while it works on the new marks
            server.kill()
            server.wait(timeout=10)
        machine.add_generated_punches(200, pins=OPS_PINS, dates=DAYS[2:], seed=6)
        with serving(data_dir, port, HADIR_TEST_DIE_BEFORE_COMMIT="1") as doomed:
            second = wait_for(
                lambda: (b := heartbeat(data_dir)) and b.pid != worker.pid and b, what="worker"
            )
            assert not machine.run_once()  # the first batch kills the server: no reply
            assert doomed.wait(timeout=10) == DIE_EXIT_CODE
            wait_for(lambda: not alive(second.pid), timeout=10, what="the orphan to stop")
        assert processes_using(data_dir) == []
        with serving(data_dir, port):
            machine.run(max_cycles=5)
            assert machine.log.cursor == machine.log.last_seq()
            wait_for(
                lambda: days_waiting(data_dir) == 0 and punched_days_without_result(data_dir) == 0,
                what="every punched day computed",
            )
    assert stored_punches(data_dir) == (300, 300)
    results = query(
        data_dir,
        "SELECT COUNT(*), COUNT(DISTINCT employee_id || '@' || day) FROM attendance_dayrecord",
    )[0]
    assert results[0] == results[1] > 0
