"""A busy worker keeps beating: a long job (a province's recompute range, a scheduled backup of
a large database) must not make /health/ call the worker stale, nor let another worker mark it
gone and queue its running job again."""

from __future__ import annotations

import time

import pytest

from hadir.jobs.heartbeat import Heartbeat
from hadir.jobs.loop import WorkerLoop
from hadir.jobs.models import JobStatus, WorkerHeartbeat
from hadir.jobs.registry import _HANDLERS, job_handler
from hadir.jobs.services import job_enqueue

SLOW_KIND = "tests.slow_job"


@pytest.fixture
def slow_job_seen_beats():
    """A registered job kind that runs 0.6 s and records the heartbeat row it sees meanwhile."""
    seen: list[object] = []

    @job_handler(SLOW_KIND)
    def slow(payload):
        for _ in range(6):
            time.sleep(0.1)
            seen.append(WorkerHeartbeat.objects.get().last_beat)
        return {}

    yield seen
    _HANDLERS.pop(SLOW_KIND, None)


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_moves_while_a_long_job_runs(settings, slow_job_seen_beats):
    settings.HADIR_WORKER_HEARTBEAT_SECONDS = 0.05
    job = job_enqueue(kind=SLOW_KIND, payload={})
    loop = WorkerLoop(should_stop=lambda: False)
    loop.heartbeat.beat()  # the row exists, as after the loop's first round
    first_beat = WorkerHeartbeat.objects.get().last_beat

    assert loop.iterate() is True

    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert max(slow_job_seen_beats) > first_beat  # beaten during the job, not only after it
    assert len(set(slow_job_seen_beats)) >= 2


@pytest.mark.django_db(transaction=True)
def test_no_beating_thread_is_left_after_the_job(settings):
    import threading

    settings.HADIR_WORKER_HEARTBEAT_SECONDS = 0.05
    heartbeat = Heartbeat()
    heartbeat.beat()
    with heartbeat.kept_alive():
        assert any(t.name == "heartbeat" for t in threading.enumerate())
    assert not any(t.name == "heartbeat" for t in threading.enumerate())
    beat_after = WorkerHeartbeat.objects.get().last_beat
    time.sleep(0.2)
    assert WorkerHeartbeat.objects.get().last_beat == beat_after  # nothing beats any more
