"""Enqueue jobs and run them. The worker (``hadir worker``) calls ``job_run_next`` in a loop.

Work that must never be lost (punches, dirty days) lives in its own tables; a job only says
"do this now", so a job lost to a crash is re-done from those tables, never from memory.
"""

from __future__ import annotations

import logging
import traceback
from datetime import datetime, timedelta
from typing import Any

from django.db import InterfaceError, OperationalError, connection, transaction
from django.utils import timezone

from hadir.jobs.models import Job, JobStatus
from hadir.jobs.registry import handler_for, idle_tasks

logger = logging.getLogger(__name__)
RETRY_DELAY = timedelta(seconds=30)
STALE_AFTER = timedelta(minutes=30)
# Locked or lost database: the worker backs off and tries again; no job or day is failed.
DATABASE_TROUBLE = (OperationalError, InterfaceError)


class JobInterrupted(Exception):
    """The database failed under a running job; the worker puts it back once it can."""

    def __init__(self, job_id: int) -> None:
        super().__init__(job_id)
        self.job_id = job_id


def job_enqueue(*, kind: str, payload: dict[str, Any], run_after: datetime | None = None) -> Job:
    return Job.objects.create(kind=kind, payload=payload, run_after=run_after or timezone.now())


def _claim_next() -> Job | None:
    now = timezone.now()
    with transaction.atomic():
        candidates = Job.objects.filter(status=JobStatus.QUEUED, run_after__lte=now).order_by(
            "run_after", "id"
        )
        if connection.features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True)
        job = candidates.first()
        if job is None:
            return None
        # The conditional update makes the claim safe even without row locks (SQLite).
        claimed = Job.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(
            status=JobStatus.RUNNING, started_at=now, attempts=job.attempts + 1
        )
        if not claimed:
            return None
    job.refresh_from_db()
    return job


def job_run_next() -> Job | None:
    """Claim and run one due job; returns it (finished or failed), or None if none was due."""
    job = _claim_next()
    if job is None:
        return None
    handler = handler_for(job.kind)
    try:
        if handler is None:
            raise LookupError(f"no handler for job kind {job.kind!r}")
        result = handler(job.payload)
    except DATABASE_TROUBLE as exc:
        raise JobInterrupted(job.pk) from exc
    except Exception as exc:  # a failing job must not stop the worker
        logger.warning("job %s (%s) failed: %s", job.pk, job.kind, type(exc).__name__)
        job.error = "".join(traceback.format_exception(exc))[-4000:]
        if job.attempts < job.max_attempts:
            job.status = JobStatus.QUEUED
            job.run_after = timezone.now() + RETRY_DELAY * job.attempts
        else:
            job.status = JobStatus.FAILED
            job.finished_at = timezone.now()
        job.save(update_fields=["error", "status", "run_after", "finished_at"])
        return job
    job.status = JobStatus.DONE
    job.result = result
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "result", "finished_at"])
    return job


def jobs_requeue_stale(*, all_running: bool = False) -> int:
    """Jobs left RUNNING by a worker that died are queued again: after ``STALE_AFTER``, or at
    once (``all_running``) when the heartbeats show no other worker is alive."""
    running = Job.objects.filter(status=JobStatus.RUNNING)
    if not all_running:
        running = running.filter(started_at__lt=timezone.now() - STALE_AFTER)
    return running.update(status=JobStatus.QUEUED)


def jobs_release(job_ids: list[int]) -> int:
    """Jobs interrupted by a database error go back to the queue, the attempt not counted."""
    released = 0
    for job in Job.objects.filter(pk__in=job_ids, status=JobStatus.RUNNING):
        job.status = JobStatus.QUEUED
        job.attempts = max(job.attempts - 1, 0)
        job.save(update_fields=["status", "attempts"])
        released += 1
    return released


def jobs_run_pending(limit: int = 1000) -> int:
    """Run due jobs until none is left (used by tests and ``hadir worker --once``)."""
    count = 0
    while count < limit and job_run_next() is not None:
        count += 1
    return count


def run_idle_tasks() -> bool:
    """Run each idle task once; True if any of them found work. A failure is logged and
    does not stop the others (the work stays marked and is tried again); a database error
    stops the round for the worker to back off."""
    did_work = False
    for task in idle_tasks():
        try:
            did_work = task() or did_work
        except DATABASE_TROUBLE:
            raise  # the worker's loop backs off; the work is still marked
        except Exception as exc:  # the worker must survive a failing task
            logger.warning("idle task %s failed: %s", task.__name__, type(exc).__name__)
    return did_work
