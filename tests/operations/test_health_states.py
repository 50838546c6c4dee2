"""``/health/`` beyond the worker: the data directory's free space, failed jobs, and a
database that does not answer (a real process pointed at a closed port)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.test import Client, override_settings

from hadir.jobs.heartbeat import Heartbeat
from hadir.jobs.models import Job, JobStatus
from hadir.jobs.services import job_enqueue

from .processes import free_port


@pytest.mark.parametrize(("min_free_mb", "status"), [(0, 200), (10**12, 503)])
def test_too_little_disk_space_is_unhealthy(db, min_free_mb, status):
    Heartbeat().beat()
    with override_settings(HADIR_HEALTH_MIN_FREE_MB=min_free_mb):
        response = Client().get("/health/")
    disk = response.json()["disk"]
    assert response.status_code == status
    assert disk["ok"] is (status == 200)
    assert disk["free_mb"] > 0 and 0 < disk["free_percent"] <= 100
    assert disk["min_free_mb"] == min_free_mb


def test_failed_jobs_are_counted_but_do_not_make_it_unhealthy(db):
    Heartbeat().beat()
    job = job_enqueue(kind="attendance.recompute_month", payload={"month": "2026-03"})
    Job.objects.filter(pk=job.pk).update(status=JobStatus.FAILED)
    response = Client().get("/health/")
    assert (response.status_code, response.json()["queue"]["jobs_failed"]) == (200, 1)


PROBE = """
import json, django
django.setup()
from hadir.jobs.health import system_health
print(json.dumps(system_health()))
"""


def test_a_database_that_does_not_answer_is_unhealthy(tmp_path):
    env = {
        **os.environ,
        "HADIR_DATA_DIR": str(tmp_path),
        "HADIR_ALLOW_INSECURE_KEY": "1",
        "DJANGO_SETTINGS_MODULE": "hadir.settings",
        "DATABASE_URL": f"postgres://nobody@127.0.0.1:{free_port()}/hadir?connect_timeout=2",
    }
    done = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", PROBE], env=env, capture_output=True, timeout=60, check=True
    )
    healthy, report = json.loads(done.stdout)
    assert healthy is False
    assert report["status"] == "unhealthy"
    assert report["database"] == {"ok": False}
    assert "free_mb" in report["disk"]
