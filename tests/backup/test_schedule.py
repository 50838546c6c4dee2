"""Scheduled backups: the worker's idle task writes one when the last is older than the
interval, never when the interval is 0, and keeps the newest HADIR_BACKUP_KEEP."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from hadir.backup.schedule import backup_due, scheduled_backup
from hadir.backup.services import archive_name, backups_in, backups_prune
from hadir.jobs.registry import idle_tasks
from tests.backup.helpers import ON_POSTGRES, hadir
from tests.operations.processes import prepared_data_dir


def test_the_worker_runs_it() -> None:
    assert scheduled_backup in idle_tasks()


@pytest.mark.parametrize(
    ("interval", "age_hours", "due"),
    [(0, None, False), (0, 100, False), (24, None, True), (24, 25, True), (24, 23, False)],
)
def test_due(tmp_path: Path, interval: float, age_hours: float | None, due: bool) -> None:
    if age_hours is not None:
        from datetime import UTC, datetime

        made = tmp_path / archive_name(datetime.now(UTC), encrypted=False)
        made.write_bytes(b"")
        then = time.time() - age_hours * 3600
        os.utime(made, (then, then))
    assert backup_due(tmp_path, interval) is due


def test_prune_keeps_the_newest(tmp_path: Path) -> None:
    from datetime import UTC, datetime, timedelta

    start = datetime(2026, 1, 1, tzinfo=UTC)
    names = [archive_name(start + timedelta(days=n), encrypted=n % 2 == 0) for n in range(5)]
    for name in names:
        (tmp_path / name).write_bytes(b"")
    removed = backups_prune(folder=tmp_path, keep=2)
    assert [p.name for p in removed] == names[:3]
    assert [p.name for p in backups_in(tmp_path)] == names[3:]


@pytest.mark.skipif(ON_POSTGRES, reason="the SQLite pass")
def test_worker_task_writes_and_prunes(tmp_path: Path) -> None:
    data_dir = prepared_data_dir(tmp_path)
    script = (
        "import time\n"
        "from hadir.backup.schedule import scheduled_backup\n"
        "made = []\n"
        "for _ in range(3):\n"
        "    time.sleep(0.5)\n"
        "    made.append(scheduled_backup())\n"
        "print(made, scheduled_backup())\n"
    )
    os.environ["HADIR_BACKUP_INTERVAL_HOURS"] = str(0.4 / 3600)
    os.environ["HADIR_BACKUP_KEEP"] = "2"
    try:
        done = hadir(["shell", "-c", script], data_dir)
    finally:
        del os.environ["HADIR_BACKUP_INTERVAL_HOURS"], os.environ["HADIR_BACKUP_KEEP"]
    assert done.stdout.strip().splitlines()[-1] == "[True, True, True] False"
    assert len(backups_in(data_dir.parent / f"{data_dir.name}-backups")) == 2
