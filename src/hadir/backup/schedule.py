"""Scheduled backups by the worker: every ``HADIR_BACKUP_INTERVAL_HOURS`` (0 = never), into
``HADIR_BACKUP_DIR``, keeping the newest ``HADIR_BACKUP_KEEP`` archives."""

from __future__ import annotations

import fcntl
import logging
import time
from pathlib import Path

from django.conf import settings

from hadir.backup.crypto import read_passphrase
from hadir.backup.services import backup_create, backups_prune, seconds_since_last_backup
from hadir.jobs.registry import idle_task

logger = logging.getLogger(__name__)


def backup_due(folder: Path, interval_hours: float) -> bool:
    if interval_hours <= 0:
        return False
    since = seconds_since_last_backup(folder)
    return since is None or since >= interval_hours * 3600


def backup_if_due() -> Path | None:
    """Make one archive when the last is older than the interval; prune the oldest. A lock
    file keeps two workers (PostgreSQL) from backing up at the same moment."""
    folder = Path(settings.HADIR_BACKUP_DIR)
    if not backup_due(folder, settings.HADIR_BACKUP_INTERVAL_HOURS):
        return None
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    with (folder / ".lock").open("w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return None
        if not backup_due(folder, settings.HADIR_BACKUP_INTERVAL_HOURS):
            return None  # another worker just made one
        secret = settings.HADIR_BACKUP_PASSPHRASE_FILE
        started = time.monotonic()
        made = backup_create(
            folder=folder, passphrase=read_passphrase(Path(secret)) if secret else None
        )
        removed = backups_prune(folder=folder, keep=settings.HADIR_BACKUP_KEEP)
    logger.info(
        "scheduled backup %s written (%.1f MB, %.1f s); %d old archive(s) removed",
        made.name,
        made.stat().st_size / 1e6,
        time.monotonic() - started,
        len(removed),
    )
    return made


@idle_task
def scheduled_backup() -> bool:
    return backup_if_due() is not None
