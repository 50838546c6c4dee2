"""What ``/health/`` reports to monitoring tools: counts and ages only, never personal data.

Healthy (HTTP 200) means the database answers, a worker beat recently and the data
directory's disk has at least ``HADIR_HEALTH_MIN_FREE_MB`` free; everything else (queues,
failed jobs, parked days, the oldest waiting mark) is reported for alerts to decide on.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Min
from django.utils import timezone

from hadir.jobs.heartbeat import worker_latest
from hadir.jobs.models import Job, JobStatus
from hadir.jobs.services import DATABASE_TROUBLE


def _age(now: datetime, then: datetime | None) -> float | None:
    return None if then is None else round(max((now - then).total_seconds(), 0.0), 1)


def _worker(now: datetime) -> dict[str, Any]:
    beat = worker_latest()
    age = _age(now, beat.last_beat if beat else None)
    stale_after = settings.HADIR_WORKER_STALE_SECONDS
    return {
        "ok": age is not None and age <= stale_after,
        "state": beat.state if beat else "absent",
        "heartbeat_age_seconds": age,
        "stale_after_seconds": stale_after,
        "errors_survived": beat.errors if beat else 0,
        "last_error_age_seconds": _age(now, beat.last_error_at if beat else None),
    }


def _disk() -> dict[str, Any]:
    usage = shutil.disk_usage(settings.DATA_DIR)
    free_mb = usage.free // (1024 * 1024)
    minimum = int(settings.HADIR_HEALTH_MIN_FREE_MB)
    return {
        "ok": free_mb >= minimum,
        "free_mb": free_mb,
        "free_percent": round(100 * usage.free / usage.total, 1) if usage.total else 0.0,
        "min_free_mb": minimum,
    }


def system_health(now: datetime | None = None) -> tuple[bool, dict[str, Any]]:
    """(healthy, report)."""
    from hadir.attendance.models import DirtyDay, ParkedDay

    now = now or timezone.now()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        worker = _worker(now)
        marks = DirtyDay.objects.filter(held=False)
        report: dict[str, Any] = {
            "database": {"ok": True},
            "worker": worker,
            "queue": {
                "jobs_queued": Job.objects.filter(status=JobStatus.QUEUED).count(),
                "jobs_failed": Job.objects.filter(status=JobStatus.FAILED).count(),
                "days_marked": marks.count(),
                "days_held": DirtyDay.objects.filter(held=True).count(),
            },
            "days_parked": ParkedDay.objects.count(),
            "oldest_mark_age_seconds": _age(now, marks.aggregate(m=Min("marked_at"))["m"]),
        }
    except DATABASE_TROUBLE:
        return False, {"status": "unhealthy", "database": {"ok": False}, "disk": _disk()}
    report["disk"] = _disk()
    healthy = bool(worker["ok"]) and bool(report["disk"]["ok"])
    return healthy, {"status": "ok" if healthy else "unhealthy", **report}
