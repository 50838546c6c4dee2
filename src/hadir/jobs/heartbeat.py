"""The worker's heartbeat row: written by the worker, read by ``/health/`` and monitoring."""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import sys
import threading
import time
from collections.abc import Iterator
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.db.models import F
from django.utils import timezone

from hadir.jobs.models import WorkerHeartbeat, WorkerState
from hadir.jobs.services import DATABASE_TROUBLE

logger = logging.getLogger(__name__)
FORGET_STOPPED_AFTER = timedelta(days=1)
FORGET_SILENT_AFTER = timedelta(days=7)


def error_summary(exc: BaseException) -> str:
    """Type and first line of a database error: what an operator needs, never row data."""
    first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {first_line}"[:300]


class Heartbeat:
    """This process's row. Created on the first successful beat (the database may be down
    when the worker starts), then updated at most every ``HADIR_WORKER_HEARTBEAT_SECONDS``."""

    def __init__(self) -> None:
        self.row_id: int | None = None
        self.started_at = timezone.now()
        self.pending_error: str = ""
        self.pending_errors = 0
        self.pending_error_at = self.started_at
        self._last_write = 0.0

    def failed(self, exc: BaseException) -> None:
        """Remember a survived error; the next beat stores it."""
        self.pending_error = error_summary(exc)
        self.pending_errors += 1
        self.pending_error_at = timezone.now()

    def beat(self, state: WorkerState = WorkerState.RUNNING, *, force: bool = False) -> None:
        due = time.monotonic() - self._last_write >= settings.HADIR_WORKER_HEARTBEAT_SECONDS
        if not (due or force or self.pending_error or self.row_id is None):
            return
        now = timezone.now()
        fields: dict[str, object] = {"last_beat": now, "state": state}
        if self.row_id is None:
            self._forget_old(now)
            row = WorkerHeartbeat.objects.create(
                pid=os.getpid(),
                host=socket.gethostname()[:255],
                started_at=self.started_at,
                **fields,
            )
            self.row_id = row.pk
        if self.pending_error:
            fields.update(
                errors=F("errors") + self.pending_errors,
                last_error=self.pending_error,
                last_error_at=self.pending_error_at,
            )
        WorkerHeartbeat.objects.filter(pk=self.row_id).update(**fields)
        self.pending_error = ""
        self.pending_errors = 0
        self._last_write = time.monotonic()

    @contextlib.contextmanager
    def kept_alive(self) -> Iterator[None]:
        """While the worker runs one job or idle task (a month's recompute, a scheduled
        backup of a large database), a thread keeps beating on its own connection, so that
        /health/ does not call a busy worker stale and another worker does not mark it gone
        and queue its running job a second time. The thread only moves ``last_beat``; a
        database error there is logged and tried again at the next beat."""
        if self.row_id is None:
            yield
            return
        done = threading.Event()
        thread = threading.Thread(
            target=self._beat_until, args=(done, self.row_id), name="heartbeat", daemon=True
        )
        thread.start()
        try:
            yield
        finally:
            done.set()
            thread.join()

    @staticmethod
    def _beat_until(done: threading.Event, row_id: int) -> None:
        try:
            while not done.wait(settings.HADIR_WORKER_HEARTBEAT_SECONDS):
                try:
                    WorkerHeartbeat.objects.filter(pk=row_id).update(last_beat=timezone.now())
                except DATABASE_TROUBLE as exc:
                    logger.warning("heartbeat during a job failed (%s)", error_summary(exc))
                    connection.close()
        finally:
            connection.close()  # this thread's own connection

    @staticmethod
    def _forget_old(now: object) -> None:
        WorkerHeartbeat.objects.filter(
            state=WorkerState.STOPPED,
            last_beat__lt=now - FORGET_STOPPED_AFTER,  # type: ignore[operator]
        ).delete()
        WorkerHeartbeat.objects.filter(last_beat__lt=now - FORGET_SILENT_AFTER).delete()  # type: ignore[operator]


def worker_latest() -> WorkerHeartbeat | None:
    """The most recently alive worker that has not said it stopped."""
    return WorkerHeartbeat.objects.exclude(state=WorkerState.STOPPED).order_by("-last_beat").first()


def _process_gone(pid: int) -> bool:
    """On this machine, whether ``pid`` no longer runs (POSIX; elsewhere: unknown, False)."""
    if sys.platform == "win32":  # os.kill would terminate it there
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def workers_gone_mark_stopped() -> bool:
    """Mark the rows of workers that are gone (their process no longer runs on this host, or
    silent past ``HADIR_WORKER_STALE_SECONDS``) as stopped; True if no other worker is left,
    so jobs they left running can be queued again at once."""
    host = socket.gethostname()[:255]
    silent_since = timezone.now() - timedelta(seconds=settings.HADIR_WORKER_STALE_SECONDS)
    others_alive = False
    for row in WorkerHeartbeat.objects.exclude(state=WorkerState.STOPPED):
        if row.host == host and row.pid == os.getpid():
            continue
        if row.last_beat < silent_since or (row.host == host and _process_gone(row.pid)):
            WorkerHeartbeat.objects.filter(pk=row.pk).update(state=WorkerState.STOPPED)
        else:
            others_alive = True
    return not others_alive
