"""Background jobs: rows in the database that the worker claims and runs."""

from __future__ import annotations

from django.db import models


class JobStatus(models.TextChoices):
    QUEUED = "queued", "queued"
    RUNNING = "running", "running"
    DONE = "done", "done"
    FAILED = "failed", "failed"


class Job(models.Model):
    kind = models.CharField(max_length=60, db_index=True)
    payload = models.JSONField(default=dict)
    status = models.CharField(
        max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    max_attempts = models.PositiveSmallIntegerField(default=3)
    run_after = models.DateTimeField(db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["run_after", "id"]
        indexes = [models.Index(fields=["status", "run_after"])]

    def __str__(self) -> str:
        return f"{self.kind}#{self.pk} {self.status}"


class WorkerState(models.TextChoices):
    RUNNING = "running", "running"
    BACKOFF = "backoff", "backoff"  # waiting after a database error, will try again
    STOPPED = "stopped", "stopped"


class WorkerHeartbeat(models.Model):
    """One running (or stopped) ``hadir worker`` process, so monitoring sees it is alive.

    The worker writes ``last_beat`` every loop (at most every ``HADIR_WORKER_HEARTBEAT_SECONDS``);
    ``last_error`` keeps the last database error it survived (type and first line, no data).
    """

    pid = models.PositiveIntegerField()
    host = models.CharField(max_length=255)
    started_at = models.DateTimeField()
    last_beat = models.DateTimeField(db_index=True)
    state = models.CharField(max_length=10, choices=WorkerState.choices)
    errors = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"worker {self.pid}@{self.host} {self.state}"
