"""The worker's heartbeat row: written by the worker, read by ``/health/`` and monitoring."""

from __future__ import annotations

import os
import socket
import time
from datetime import timedelta

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from hadir.jobs.models import WorkerHeartbeat, WorkerState

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
