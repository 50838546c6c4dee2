"""The worker's loop (``hadir worker``): run jobs and idle tasks, survive the database.

Each iteration is guarded: a locked SQLite file, a PostgreSQL restart or a dropped connection
closes the connections and waits (1 s, 2 s, 4 s ... capped at ``MAX_DELAY``) before trying
again. The worker never exits on them; nothing is lost, since work lives in tables (jobs,
marks), and the heartbeat row records the last error it survived.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from collections.abc import Callable

from django.conf import settings
from django.db import close_old_connections, connections

from hadir.jobs.heartbeat import Heartbeat, error_summary, workers_gone_mark_stopped
from hadir.jobs.models import WorkerState
from hadir.jobs.services import (
    DATABASE_TROUBLE,
    JobInterrupted,
    job_run_next,
    jobs_release,
    jobs_requeue_stale,
    run_idle_tasks,
)

logger = logging.getLogger(__name__)
FIRST_DELAY = 1.0
MAX_DELAY = 30.0
NAP = 0.2


class Backoff:
    """Exponential delays, capped; ``reset`` after a healthy iteration."""

    def __init__(self, first: float = FIRST_DELAY, cap: float = MAX_DELAY) -> None:
        self.first, self.cap, self.current = first, cap, 0.0

    def next(self) -> float:
        self.current = min(self.cap, self.current * 2 if self.current else self.first)
        return self.current

    def reset(self) -> None:
        self.current = 0.0


def _close_connections() -> None:
    for conn in connections.all(initialized_only=True):
        # A dropped connection may refuse even to close; it is discarded anyway.
        with contextlib.suppress(*DATABASE_TROUBLE):
            conn.close()


class WorkerLoop:
    def __init__(self, should_stop: Callable[[], bool], parent_pid: int | None = None) -> None:
        self.should_stop = should_stop
        self.parent_pid = parent_pid
        self.heartbeat = Heartbeat()
        self.backoff = Backoff()
        self.interrupted: list[int] = []
        self.started = False

    def _orphaned(self) -> bool:
        """Started by ``hadir serve`` and the server is gone: stop with it."""
        return self.parent_pid is not None and os.getppid() != self.parent_pid

    def _sleep(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and not self.should_stop() and not self._orphaned():
            time.sleep(min(NAP, max(deadline - time.monotonic(), 0)))

    def iterate(self) -> bool:
        """One round: True if it did any work."""
        close_old_connections()
        if not self.started:
            jobs_requeue_stale(all_running=workers_gone_mark_stopped())
            self.started = True
        if self.interrupted:
            jobs_release(self.interrupted)
            self.interrupted = []
        self.heartbeat.beat()
        with self.heartbeat.kept_alive():
            return job_run_next() is not None or run_idle_tasks()

    def run(self) -> None:
        while not self.should_stop() and not self._orphaned():
            try:
                worked = self.iterate()
            except (JobInterrupted, *DATABASE_TROUBLE) as exc:
                self._survive(exc)
                continue
            self.backoff.reset()
            if not worked:
                self._sleep(settings.HADIR_WORKER_IDLE_SECONDS)
        self._say_stopped()

    def _survive(self, exc: BaseException) -> None:
        if isinstance(exc, JobInterrupted):
            self.interrupted.append(exc.job_id)
            exc = exc.__cause__ or exc
        delay = self.backoff.next()
        self.heartbeat.failed(exc)
        logger.warning(
            "database error in the worker (%s); retrying in %.0f s", error_summary(exc), delay
        )
        _close_connections()
        self._sleep(delay)

    def _say_stopped(self) -> None:
        try:
            close_old_connections()
            if self.heartbeat.row_id is not None:
                self.heartbeat.beat(WorkerState.STOPPED, force=True)
        except DATABASE_TROUBLE as exc:
            logger.warning("could not record the worker's stop (%s)", error_summary(exc))
