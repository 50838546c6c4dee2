"""Business figures read from the database at scrape time (a prometheus-client collector).

Whichever web process answers the scrape reads the same tables, so these need no shared
state between processes: the database is the shared state. Each scrape runs a handful of
COUNT queries on indexed columns.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from django.db.models import Count, Min, Q
from django.utils import timezone
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from hadir.attendance.models import DirtyDay, ParkedDay
from hadir.devices.models import Device, DeviceState
from hadir.devices.selectors import offline_after
from hadir.jobs.heartbeat import worker_latest
from hadir.jobs.models import Job, JobStatus
from hadir.punches.models import Punch, PunchSource, QuarantinedLine


def _age_seconds(now: datetime, then: datetime | None) -> float:
    return 0.0 if then is None else max((now - then).total_seconds(), 0.0)


def _by_source(model: type[Punch] | type[QuarantinedLine]) -> dict[str, int]:
    counted = dict(model.objects.values_list("source").annotate(n=Count("id")).order_by())
    return {source: int(counted.get(source, 0)) for source in PunchSource.values}


class BusinessCollector(Collector):
    def collect(self) -> Iterator[Metric]:
        now = timezone.now()
        punches = CounterMetricFamily(
            "hadir_punches", "Punches stored in the ledger, by channel.", labels=["channel"]
        )
        for channel, n in _by_source(Punch).items():
            punches.add_metric([channel], n)
        yield punches
        quarantined = CounterMetricFamily(
            "hadir_quarantined_lines",
            "Lines refused as punches and kept with their reason, by channel.",
            labels=["channel"],
        )
        for channel, n in _by_source(QuarantinedLine).items():
            quarantined.add_metric([channel], n)
        yield quarantined
        yield from self._machines(now)
        yield from self._work(now)

    def _machines(self, now: datetime) -> Iterator[Metric]:
        cutoff = now - offline_after()
        active = Device.objects.filter(state=DeviceState.ACTIVE).aggregate(
            total=Count("id"),
            offline=Count("id", filter=Q(last_seen_at__isnull=True) | Q(last_seen_at__lt=cutoff)),
        )
        yield GaugeMetricFamily(
            "hadir_machines_active", "Approved machines in use.", value=active["total"]
        )
        yield GaugeMetricFamily(
            "hadir_machines_offline",
            "Approved machines not heard from within HADIR_DEVICE_OFFLINE_HOURS.",
            value=active["offline"],
        )

    def _work(self, now: datetime) -> Iterator[Metric]:
        marks = DirtyDay.objects.filter(held=False).aggregate(
            n=Count("id"), oldest=Min("marked_at")
        )
        yield GaugeMetricFamily(
            "hadir_recompute_lag_seconds",
            "Age of the oldest employee-day waiting to be recomputed (0 when none waits).",
            value=_age_seconds(now, marks["oldest"]),
        )
        yield GaugeMetricFamily(
            "hadir_days_marked", "Employee-days waiting to be recomputed.", value=marks["n"]
        )
        yield GaugeMetricFamily(
            "hadir_days_parked",
            "Employee-days that could not be computed.",
            value=ParkedDay.objects.count(),
        )
        jobs = GaugeMetricFamily("hadir_jobs", "Background jobs by status.", labels=["status"])
        counted = dict(Job.objects.values_list("status").annotate(n=Count("id")).order_by())
        for status in JobStatus.values:
            jobs.add_metric([status], int(counted.get(status, 0)))
        yield jobs
        yield CounterMetricFamily(
            "hadir_jobs_failed",
            "Background jobs that failed after their last attempt.",
            value=int(counted.get(JobStatus.FAILED, 0)),
        )
        beat = worker_latest()
        yield GaugeMetricFamily(
            "hadir_worker_heartbeat_age_seconds",
            "Seconds since the latest worker heartbeat (-1 when no worker ever beat).",
            value=_age_seconds(now, beat.last_beat) if beat else -1.0,
        )
