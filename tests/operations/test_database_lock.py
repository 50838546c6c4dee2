"""The SQLite file locked for 30 s while a machine pushes and the worker runs (real ``hadir
serve`` and worker processes): nothing is lost or doubled, the same worker survives and
catches up. PostgreSQL's version is in ``test_database_lock_postgres.py``."""

from __future__ import annotations

import sqlite3
import threading
import time
from datetime import date, timedelta

import pytest

from hadir.devices_sim import DeviceConfig, PushDevice
from tests.operations.processes import (
    PINS,
    SN,
    SQLITE_PASS_ONLY,
    alive,
    days_waiting,
    free_port,
    health,
    heartbeat,
    prepared_data_dir,
    punched_days_without_result,
    punches_stored,
    serving,
    wait_for,
)

pytestmark = [pytest.mark.slow, SQLITE_PASS_ONLY]
DAYS = [date(2026, 3, 2) + timedelta(days=n) for n in range(5)]
LOCK_SECONDS = 30


def hold_exclusive_lock(path, seconds: float, locked: threading.Event) -> None:
    """Another program (a backup, sqlite3 in a terminal) holding the write lock."""
    db = sqlite3.connect(path, isolation_level=None, timeout=30)
    try:
        db.execute("BEGIN EXCLUSIVE")
        locked.set()
        time.sleep(seconds)
        db.execute("COMMIT")
    finally:
        db.close()


def test_a_locked_database_loses_nothing_and_the_worker_survives(tmp_path):
    data_dir = prepared_data_dir(tmp_path)
    port = free_port()
    config = DeviceConfig(
        sn=SN,
        server_url=f"http://127.0.0.1:{port}",
        state_dir=tmp_path,
        batch_size=40,
        error_delay=0.5,
        poll_delay=0.2,
        http_timeout=40,
    )
    with serving(data_dir, port), PushDevice(config) as machine:
        worker = wait_for(lambda: heartbeat(data_dir), what="the worker's heartbeat")
        machine.add_generated_punches(80, pins=PINS, dates=DAYS[:2], seed=3)
        assert machine.run_once()
        wait_for(lambda: days_waiting(data_dir) == 0, what="the first results")
        locked = threading.Event()
        locker = threading.Thread(
            target=hold_exclusive_lock, args=(data_dir / "hadir.sqlite3", LOCK_SECONDS, locked)
        )
        locker.start()
        assert locked.wait(10)
        lock_started = time.monotonic()
        machine.add_generated_punches(160, pins=PINS, dates=DAYS[2:], seed=4)
        failed_during_lock = not machine.run_once()  # the server cannot store: no OK
        machine.run(duration=LOCK_SECONDS + 30, stop=_sent_everything(machine, locker))
        locker.join()
        assert failed_during_lock and time.monotonic() - lock_started >= LOCK_SECONDS
        assert machine.log.cursor == machine.log.last_seq()
        wait_for(lambda: days_waiting(data_dir) == 0, timeout=30, what="the worker to catch up")
        assert punched_days_without_result(data_dir) == 0
        assert punches_stored(data_dir) == (240, 240)
        after = wait_for(
            lambda: (beat := heartbeat(data_dir)) and beat.errors > 0 and beat, what="the beat"
        )
        assert after.pid == worker.pid and alive(worker.pid)  # the same worker, still running
        assert after.last_beat > worker.last_beat
        assert (
            "database error in the worker (OperationalError: database is locked)"
            in (data_dir / "serve.log").read_text()
        )
        status, report = health(port)
        assert (status, report["worker"]["errors_survived"]) == (200, after.errors)
        assert report["days_parked"] == 0  # a locked database is nobody's bad data


def _sent_everything(machine: PushDevice, locker: threading.Thread) -> threading.Event:
    """Set once the lock is gone and the machine has nothing left to send."""
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            if not locker.is_alive() and machine.log.cursor == machine.log.last_seq():
                done.set()
            time.sleep(0.1)

    threading.Thread(target=watch, daemon=True).start()
    return done
