"""What ``/health/`` reports to monitoring tools: counts and ages only, never personal data.

Healthy (HTTP 200) means the database answers and a worker beat recently; everything else
(queues, parked days, the oldest waiting mark) is reported for alerts to decide on.
"""

from __future__ import annotations

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
                "days_marked": marks.count(),
                "days_held": DirtyDay.objects.filter(held=True).count(),
            },
            "days_parked": ParkedDay.objects.count(),
            "oldest_mark_age_seconds": _age(now, marks.aggregate(m=Min("marked_at"))["m"]),
        }
    except DATABASE_TROUBLE:
        return False, {"status": "unhealthy", "database": {"ok": False}}
    healthy = bool(worker["ok"])
    return healthy, {"status": "ok" if healthy else "unhealthy", **report}
