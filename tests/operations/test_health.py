"""``/health/`` for monitoring: anonymous, JSON, no personal data, 503 when the worker is
silent; and the worker's heartbeat and backoff pieces it relies on."""

from __future__ import annotations

import socket
import subprocess
from datetime import UTC, date, datetime, timedelta

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from hadir.attendance.dirty import days_mark_dirty
from hadir.attendance.models import ParkedDay
from hadir.jobs.heartbeat import Heartbeat, workers_gone_mark_stopped
from hadir.jobs.loop import Backoff
from hadir.jobs.models import Job, JobStatus, WorkerHeartbeat
from hadir.jobs.registry import job_handler
from hadir.jobs.services import job_enqueue, job_run_next, jobs_release, jobs_requeue_stale


@pytest.fixture
def employee(two_units, make_employee):
    return make_employee(two_units["DINKES"], pin="101")


def get_health() -> tuple[int, dict]:
    response = Client().get("/health/")
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    return response.status_code, response.json()


def test_no_worker_answers_503(db):
    status, report = get_health()
    assert (status, report["status"]) == (503, "unhealthy")
    assert report["database"] == {"ok": True}
    assert report["worker"]["state"] == "absent"


def test_a_beating_worker_is_healthy_and_queues_are_counted(employee):
    Heartbeat().beat()
    job_enqueue(kind="attendance.recompute_month", payload={"month": "2026-03"})
    days_mark_dirty([(employee.pk, date(2026, 3, 2)), (employee.pk, date(2026, 3, 3))])
    now = timezone.now()
    ParkedDay.objects.create(
        employee=employee,
        day=date(1970, 1, 1),
        error_type="LookupError",
        error_message="no policy",
        first_failed_at=now,
        last_failed_at=now,
    )
    status, report = get_health()
    assert (status, report["status"], report["worker"]["state"]) == (200, "ok", "running")
    assert report["worker"]["heartbeat_age_seconds"] < 5
    assert report["queue"] == {
        "jobs_queued": 1,
        "jobs_failed": 0,
        "days_marked": 2,
        "days_held": 0,
    }
    assert report["days_parked"] == 1
    assert 0 <= report["oldest_mark_age_seconds"] < 5
    text = str(report)
    for personal in (employee.name, employee.nip, employee.pin, "no policy"):
        assert personal not in text


@pytest.mark.parametrize(("age", "stale_after", "status"), [(30, 60, 200), (61, 60, 503)])
def test_a_silent_worker_is_stale_after_the_setting(db, age, stale_after, status):
    Heartbeat().beat()
    WorkerHeartbeat.objects.update(last_beat=timezone.now() - timedelta(seconds=age))
    with override_settings(HADIR_WORKER_STALE_SECONDS=stale_after):
        assert get_health()[0] == status


def test_a_stopped_worker_does_not_count(db):
    beat = Heartbeat()
    beat.beat()
    beat.beat(state="stopped", force=True)
    assert get_health()[0] == 503


def test_a_survived_error_is_recorded_on_the_next_beat(db):
    beat = Heartbeat()
    beat.beat()
    beat.failed(RuntimeError("database is locked\nDETAIL: more"))
    beat.failed(RuntimeError("database is locked"))
    beat.beat()
    row = WorkerHeartbeat.objects.get()
    assert (row.errors, row.last_error) == (2, "RuntimeError: database is locked")
    assert get_health()[1]["worker"]["errors_survived"] == 2


def test_backoff_doubles_up_to_its_cap_and_resets():
    delays = Backoff(first=1, cap=30)
    assert [delays.next() for _ in range(7)] == [1, 2, 4, 8, 16, 30, 30]
    delays.reset()
    assert delays.next() == 1


def test_a_job_interrupted_by_the_database_goes_back_without_losing_an_attempt(db):
    job = job_enqueue(kind="attendance.recompute_month", payload={"month": "2026-03"})
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, attempts=1, started_at=datetime(2026, 3, 1, tzinfo=UTC)
    )
    assert jobs_release([job.pk]) == 1
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.QUEUED, 0)


@job_handler("tests.echo")
def _echo(payload: dict) -> dict:
    return payload


def _worker_row(pid: int) -> WorkerHeartbeat:
    now = timezone.now()
    return WorkerHeartbeat.objects.create(
        pid=pid, host=socket.gethostname(), started_at=now, last_beat=now, state="running"
    )


@pytest.mark.parametrize("other_worker_alive", [False, True])
def test_a_new_worker_requeues_the_jobs_of_a_worker_that_is_gone(db, other_worker_alive):
    other = subprocess.Popen(["sleep", "30"])  # noqa: S607 - a stand-in process
    if not other_worker_alive:
        other.kill()
        other.wait()
    try:
        row = _worker_row(other.pid)
        job = job_enqueue(kind="tests.echo", payload={"n": 1})
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.RUNNING, attempts=1, started_at=timezone.now()
        )
        # What a starting worker does first (its loop also closes connections, which would
        # end this test's transaction on PostgreSQL).
        jobs_requeue_stale(all_running=workers_gone_mark_stopped())
        job_run_next()
        job.refresh_from_db()
        row.refresh_from_db()
        if other_worker_alive:  # it may still be working on it
            assert (job.status, row.state) == (JobStatus.RUNNING, "running")
        else:
            assert (job.status, job.result, row.state) == (JobStatus.DONE, {"n": 1}, "stopped")
    finally:
        other.kill()
        other.wait()
