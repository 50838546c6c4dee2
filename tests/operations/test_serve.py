"""``hadir serve`` supervises its worker, for real: a killed worker is replaced, and stopping
the server (SIGTERM, or even SIGKILL) or ``hadir demo`` leaves no worker behind."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.operations.processes import (
    FAST_WORKER,
    SQLITE_PASS_ONLY,
    alive,
    free_port,
    health,
    heartbeat,
    prepared_data_dir,
    processes_using,
    server_env,
    serving,
    wait_for,
)

pytestmark = [pytest.mark.slow, SQLITE_PASS_ONLY]


def test_a_killed_worker_is_restarted_and_sigterm_stops_both(tmp_path):
    data_dir = prepared_data_dir(tmp_path)
    port = free_port()
    with serving(data_dir, port) as server:
        first = wait_for(lambda: heartbeat(data_dir), what="the first heartbeat")
        assert health(port)[0] == 200
        os.kill(first.pid, signal.SIGKILL)
        second = wait_for(
            lambda: (beat := heartbeat(data_dir)) and beat.pid != first.pid and beat,
            what="a new worker's heartbeat",
        )
        assert alive(second.pid) and not alive(first.pid)
        assert "exited with code -9; restarting" in (data_dir / "serve.log").read_text()
        status, report = health(port)
        assert (status, report["status"], report["worker"]["state"]) == (200, "ok", "running")
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=30) == 0
    assert processes_using(data_dir) == []
    assert not alive(second.pid)


def _children(pid: int) -> list[int]:
    return [int(n) for n in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def test_several_server_processes_share_the_port_and_stop_together(tmp_path):
    data_dir = prepared_data_dir(tmp_path)
    port = free_port()
    with serving(data_dir, port, processes=3) as server:
        beat = wait_for(lambda: heartbeat(data_dir), what="the worker's heartbeat")
        servers = [pid for pid in _children(server.pid) if pid != beat.pid]
        assert len(servers) == 3
        assert all(health(port)[0] == 200 for _ in range(20))
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=30) == 0
    assert processes_using(data_dir) == []


def test_a_dead_server_process_stops_the_others_for_the_service_manager(tmp_path):
    data_dir = prepared_data_dir(tmp_path)
    port = free_port()
    with serving(data_dir, port, worker=False, processes=2) as server:
        first, _second = _children(server.pid)
        os.kill(first, signal.SIGKILL)
        assert server.wait(timeout=30) != 0
    assert processes_using(data_dir) == []
    assert "ended; stopping the others" in (data_dir / "serve.log").read_text()


def test_a_worker_stops_by_itself_when_its_server_is_killed(tmp_path):
    data_dir = prepared_data_dir(tmp_path)
    port = free_port()
    with serving(data_dir, port) as server:
        worker = wait_for(lambda: heartbeat(data_dir), what="the first heartbeat")
        server.kill()  # no chance to stop its child: the worker notices its parent is gone
        server.wait(timeout=10)
        wait_for(lambda: not alive(worker.pid), timeout=10, what="the orphaned worker to stop")
    assert processes_using(data_dir) == []


def test_stopping_hadir_demo_stops_its_worker(tmp_path):
    data_dir = tmp_path / "demo"
    data_dir.mkdir()
    port = free_port()
    command = [sys.executable, "-m", "hadir", "demo", "--employees", "60", "--no-punches"]
    log = (data_dir / "demo.log").open("ab")
    demo = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [*command, "--port", str(port)],
        env=server_env(data_dir, **FAST_WORKER),
        stdout=log,
        stderr=log,
    )
    try:
        worker = wait_for(
            lambda: _beat_or_none(data_dir, demo),
            timeout=90,
            what="the demo's worker",
        )
        demo.send_signal(signal.SIGTERM)
        assert demo.wait(timeout=30) == 0
    finally:
        if demo.poll() is None:
            demo.kill()
        log.close()
    assert not alive(worker.pid)
    assert processes_using(data_dir) == []


def _beat_or_none(data_dir, demo):
    assert demo.poll() is None, (data_dir / "demo.log").read_text()[-2000:]
    if not (data_dir / "hadir.sqlite3").exists():
        return None
    try:
        return heartbeat(data_dir)
    except sqlite3.OperationalError:  # the demo is still migrating: no table yet
        return None
