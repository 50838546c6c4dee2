"""PostgreSQL: the tables the worker and the server write are locked for 30 s and the
worker's connection is killed (``pg_terminate_backend``) while a machine pushes to a live
server and a real ``hadir worker`` process runs: nothing is lost or doubled, the same worker
survives with its heartbeat, and the results catch up."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from hadir.attendance.models import DayRecord, DirtyDay, ParkedDay
from hadir.devices.models import Device
from hadir.devices_sim import DeviceConfig, PushDevice
from hadir.jobs.models import WorkerHeartbeat
from hadir.punches.models import Punch
from tests.operations.processes import FAST_WORKER, PINS, SN, alive, server_env, wait_for

pytestmark = [
    pytest.mark.slow,
    pytest.mark.postgres_only,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="PostgreSQL only (DATABASE_URL); SQLite's version is test_database_lock.py",
    ),
]
DAYS = [date(2026, 3, 2) + timedelta(days=n) for n in range(5)]
LOCK_SECONDS = 30
WORKER_APP = "hadir-test-worker"
TABLES = "punches_punch, attendance_dirtyday, attendance_dayrecord, jobs_job, jobs_workerheartbeat"


def _url(application_name: str = "") -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    query = f"?application_name={application_name}" if application_name else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}{query}"


@pytest.fixture
def worker(tmp_path: Path, transactional_db: None) -> Iterator[subprocess.Popen[bytes]]:
    env = server_env(tmp_path, **FAST_WORKER)
    env["DATABASE_URL"] = _url(WORKER_APP)
    log = (tmp_path / "worker.log").open("ab")
    process = subprocess.Popen(
        [sys.executable, "-m", "hadir", "worker"], env=env, stdout=log, stderr=log
    )
    try:
        yield process
    finally:  # before the test database is emptied, which needs the worker gone
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


def lock_tables_and_kill_worker_connection(locked: threading.Event, killed: list[int]) -> None:
    with psycopg.connect(_url()) as db:
        db.execute(f"LOCK TABLE {TABLES} IN ACCESS EXCLUSIVE MODE")
        locked.set()
        time.sleep(3)  # the worker is waiting for the lock now; cut it off
        rows = db.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s",
            [WORKER_APP],
        ).fetchall()
        killed.append(len(rows))
        time.sleep(LOCK_SECONDS - 3)
    # leaving the block commits, which releases the locks


def beat() -> WorkerHeartbeat | None:
    return WorkerHeartbeat.objects.exclude(state="stopped").order_by("-last_beat").first()


def test_locked_tables_and_a_killed_connection_lose_nothing(
    live_server, worker, two_units, make_employee, tmp_path
):
    for n, pin in enumerate(PINS):
        make_employee(two_units["DINKES"], pin=pin, nip=f"19800101200501{n + 1001:04d}")
    Device.objects.create(sn=SN, name="Mesin Dinkes", unit=two_units["DINKES"], state="active")
    config = DeviceConfig(
        sn=SN,
        server_url=live_server.url,
        state_dir=tmp_path,
        batch_size=40,
        error_delay=0.5,
        poll_delay=0.2,
        http_timeout=5,  # a machine gives up on a silent server and sends again
    )
    with PushDevice(config) as machine:
        first = wait_for(beat, what="the worker's heartbeat")
        machine.add_generated_punches(80, pins=PINS, dates=DAYS[:2], seed=3)
        assert machine.run_once()
        wait_for(lambda: not DirtyDay.objects.filter(held=False).exists(), what="results")
        locked, killed = threading.Event(), []
        locker = threading.Thread(
            target=lock_tables_and_kill_worker_connection, args=(locked, killed)
        )
        locker.start()
        assert locked.wait(10)
        machine.add_generated_punches(160, pins=PINS, dates=DAYS[2:], seed=4)
        assert not machine.run_once()  # the server cannot store while the tables are locked
        deadline = time.monotonic() + LOCK_SECONDS + 30
        while time.monotonic() < deadline and not (
            not locker.is_alive() and machine.log.cursor == machine.log.last_seq()
        ):
            machine.run(max_cycles=1)
            time.sleep(0.2)
        locker.join()
        # The worker's connection, and its heartbeat thread's when the cut found it inside
        # a job (hadir.jobs.heartbeat: a second connection); what matters is below.
        assert len(killed) == 1 and killed[0] >= 1
        assert machine.log.cursor == machine.log.last_seq()
    wait_for(
        lambda: not DirtyDay.objects.filter(held=False).exists(), what="the worker to catch up"
    )
    assert Punch.objects.count() == Punch.objects.values("key").distinct().count() == 240
    punched = set(Punch.objects.values_list("employee_id", "local_date").distinct())
    assert punched <= set(DayRecord.objects.values_list("employee_id", "day"))
    after = wait_for(lambda: (b := beat()) and b.errors > 0 and b, what="the error in the beat")
    assert after.pid == first.pid == worker.pid and alive(worker.pid)
    assert after.last_beat > first.last_beat
    assert worker.poll() is None
    assert not ParkedDay.objects.exists()  # a locked database is nobody's bad data
    assert "database error in the worker" in (tmp_path / "worker.log").read_text()
