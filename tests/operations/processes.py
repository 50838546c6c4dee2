"""Real processes for operations tests: ``hadir serve`` (with its worker) on a free port over
its own SQLite file, a small region loaded through the real services, and direct reads of
that file (the test never shares the server's connection)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest

# These processes always run on their own SQLite file, so the PostgreSQL pass would only
# repeat them; PostgreSQL has its own fault test (test_database_lock_postgres.py).
SQLITE_PASS_ONLY = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="same processes as in the SQLite pass (they use their own SQLite file)",
)
T = TypeVar("T")
# The worker beats and looks for work often, so the tests see it within a second.
FAST_WORKER = {"HADIR_WORKER_HEARTBEAT_SECONDS": "0.2", "HADIR_WORKER_IDLE_SECONDS": "0.2"}
SN = "OPS0001"
PINS = [str(n) for n in range(2001, 2013)]

SETUP = f"""
import django
django.setup()
from datetime import date
from hadir.devices.models import Device
from hadir.org.services import region_configure, unit_create
from hadir.people.services import employee_create
region_configure(name="Kabupaten Uji", timezone="Asia/Jakarta")
unit = unit_create(code="DINKES", name="Dinas Kesehatan", kind="dinas", parent=None)
for n, pin in enumerate({PINS!r}):
    employee_create(unit=unit, start=date(2025, 1, 1), nip=f"19800101200501{{n + 1001:04d}}",
                    name=f"Pegawai {{n}}", employee_type="PNS", pin=pin)
Device.objects.create(sn={SN!r}, name="Mesin Dinkes", unit=unit, state="active")
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def server_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {**os.environ, "HADIR_DATA_DIR": str(data_dir), "HADIR_ALLOW_INSECURE_KEY": "1"}
    env.pop("DATABASE_URL", None)  # always the subprocess's own SQLite file
    env.pop("HADIR_TEST_DIE_BEFORE_COMMIT", None)
    env.update(extra)
    return env


_template: list[Path] = []


def _template_dir() -> Path:
    """Migrating and loading take seconds: done once per test process, then copied."""
    if not _template:
        data_dir = Path(tempfile.mkdtemp(prefix="hadir-ops-template-"))
        env = {**server_env(data_dir), "DJANGO_SETTINGS_MODULE": "hadir.settings"}
        run = [sys.executable, "-m", "hadir", "migrate", "--verbosity", "0"]
        subprocess.run(run, env=env, check=True, timeout=120)  # noqa: S603
        setup = [sys.executable, "-c", SETUP]
        subprocess.run(setup, env=env, check=True, timeout=60)  # noqa: S603
        _template.append(data_dir)
    return _template[0]


def prepared_data_dir(tmp_path: Path) -> Path:
    """A migrated SQLite data dir with one unit, its employees and its active machine."""
    data_dir = tmp_path / "server"
    data_dir.mkdir()
    for part in _template_dir().glob("hadir.sqlite3*"):
        shutil.copy(part, data_dir / part.name)
    return data_dir


def wait_for(check: Callable[[], T | None], timeout: float = 30, what: str = "") -> T:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout} s waiting for {what or check}")


@contextmanager
def serving(
    data_dir: Path, port: int, *, worker: bool = True, processes: int = 1, **extra: str
) -> Iterator[subprocess.Popen[bytes]]:
    """``hadir serve`` until the block ends (then SIGTERM, as an init system stops it)."""
    command = [sys.executable, "-m", "hadir", "serve", "--port", str(port)]
    command += ["--processes", str(processes)]
    if not worker:
        command.append("--no-worker")
    log = (data_dir / "serve.log").open("ab")  # a file, not a pipe: a full pipe would block it
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        command, env=server_env(data_dir, **FAST_WORKER, **extra), stdout=log, stderr=log
    )
    try:
        wait_for(lambda: _answers(port, process, data_dir), what="the server to listen")
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)
        log.close()


def _answers(port: int, process: subprocess.Popen[bytes], data_dir: Path) -> bool:
    if process.poll() is not None:
        raise RuntimeError((data_dir / "serve.log").read_text()[-3000:])
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=2).close()
    except (OSError, urllib.error.URLError):
        return False
    return True


def health(port: int) -> tuple[int, dict[str, Any]]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=20) as reply:
            return reply.status, json.loads(reply.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@dataclass(frozen=True)
class Beat:
    pid: int
    state: str
    last_beat: str
    errors: int


def query(data_dir: Path, sql: str) -> list[tuple[Any, ...]]:
    db = sqlite3.connect(data_dir / "hadir.sqlite3", timeout=60)
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def heartbeat(data_dir: Path) -> Beat | None:
    rows = query(
        data_dir,
        "SELECT pid, state, last_beat, errors FROM jobs_workerheartbeat "
        "WHERE state != 'stopped' ORDER BY last_beat DESC LIMIT 1",
    )
    return Beat(*rows[0]) if rows else None


def alive(pid: int) -> bool:
    """Running (not a zombie) right now."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def processes_using(data_dir: Path) -> list[int]:
    """Live processes started for this data dir (serve or worker), from their environment."""
    marker = f"HADIR_DATA_DIR={data_dir}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            environ = (entry / "environ").read_bytes()
        except OSError:
            continue
        if marker in environ.split(b"\0") and alive(int(entry.name)):
            found.append(int(entry.name))
    return found


def punches_stored(data_dir: Path) -> tuple[int, int]:
    total, distinct = query(data_dir, "SELECT COUNT(*), COUNT(DISTINCT key) FROM punches_punch")[0]
    return int(total), int(distinct)


def days_waiting(data_dir: Path) -> int:
    return int(query(data_dir, "SELECT COUNT(*) FROM attendance_dirtyday WHERE held = 0")[0][0])


def punched_days_without_result(data_dir: Path) -> int:
    """Employee-days with a punch but no stored result (the worker has not caught up)."""
    return int(
        query(
            data_dir,
            "SELECT COUNT(*) FROM (SELECT DISTINCT employee_id, local_date FROM punches_punch "
            "WHERE employee_id IS NOT NULL) p LEFT JOIN attendance_dayrecord r "
            "ON r.employee_id = p.employee_id AND r.day = p.local_date WHERE r.id IS NULL",
        )[0][0]
    )
