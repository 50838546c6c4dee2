"""Several workers share a month's recompute: the results equal one worker's, and no job and
no employee-day is processed twice. The two-worker tests need PostgreSQL (row locks with
SKIP LOCKED, a connection per thread); the split into range jobs also runs on SQLite."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import psycopg
import pytest
from django.db import connection, transaction

from hadir.attendance.dirty import mark_employees_between
from hadir.attendance.models import DayRecord, DirtyDay
from hadir.attendance.parallel import RANGE_JOB, id_ranges
from hadir.attendance.recompute import recompute_all_dirty, recompute_dirty
from hadir.attendance.services import recompute_month
from hadir.attendance.tallies import tallies_check
from hadir.devices.models import Device
from hadir.jobs.models import Job, JobStatus
from hadir.jobs.services import _claim_next, job_enqueue, job_run_next, jobs_run_pending
from hadir.org.services import region_configure, unit_create
from hadir.people.services import employee_create
from hadir.punches.services import IncomingPunch, punches_ingest


def POSTGRES_ONLY(test: Callable[..., None]) -> Callable[..., None]:
    return pytest.mark.postgres_only(
        pytest.mark.skipif(
            not os.environ.get("DATABASE_URL", "").startswith("postgres"),
            reason="PostgreSQL only (DATABASE_URL): row locks with SKIP LOCKED, one connection "
            "per worker; SQLite runs one worker, covered by the tests without this mark",
        )(test)
    )


MONTH = "2026-03"
STAFF = 24
FIELDS = ("employee_id", "day", "unit_id", "codes", "working_day", "check_in", "check_out")
FIELDS += ("late_minutes", "early_minutes", "leave_type", "explanation", "settles_at")


@pytest.mark.parametrize(
    ("ids", "size", "expected"),
    [
        ([], 3, []),
        ([5, 1, 3], 10, [(1, 5)]),
        ([1, 2, 3, 4, 5, 9, 9], 2, [(1, 2), (3, 4), (5, 9)]),
        ([7], 0, [(7, 7)]),
    ],
)
def test_id_ranges_are_disjoint_and_cover_every_id(ids, size, expected):
    assert id_ranges(ids, size) == expected


def _province() -> list[int]:
    """A small kabupaten: two units, STAFF employees, a fortnight of punches (some late)."""
    region = region_configure(name="Kabupaten Uji", timezone="Asia/Jakarta")
    region.records_start = date(2010, 1, 1)
    region.save(update_fields=["records_start"])
    units = [unit_create(code=c, name=f"Unit {c}", kind="dinas") for c in ("DINKES", "DISDIK")]
    device = Device.objects.create(sn="SIM-P", unit=units[0], state="active")
    ids = []
    for n in range(STAFF):
        employee = employee_create(
            unit=units[n % 2],
            start=date(2025, 1, 1),
            nip=f"1980010120050110{n:02d}",
            name=f"Pegawai {n}",
            employee_type="PNS",
            pin=str(2000 + n),
        )
        ids.append(employee.pk)
    punches = [
        IncomingPunch(pin=str(2000 + n), local_time=datetime(2026, 3, 2 + d, hour, minute))
        for n in range(STAFF)
        for d in range(14)
        if (n + d) % 5
        for hour, minute in ((7, (n + 3 * d) % 50 + 5), (16, n))
    ]
    punches_ingest(source="push", source_ref=device.sn, device=device, punches=punches)
    return ids


def _results() -> list[tuple[Any, ...]]:
    return list(DayRecord.objects.order_by("employee_id", "day").values_list(*FIELDS))


def _in_threads(work: Callable[[], list[Any]], count: int = 2) -> list[list[Any]]:
    """Run ``work`` in ``count`` threads started together, each with its own connection."""
    start = threading.Barrier(count)
    done: list[list[Any]] = [[] for _ in range(count)]
    errors: list[BaseException] = []

    def run(slot: int) -> None:
        try:
            start.wait(timeout=30)
            done[slot] = work()
        except BaseException as error:  # reported by the test, not lost in the thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not errors, errors
    return done


def _work_through_jobs() -> list[Any]:
    """One worker's loop over jobs, until none is queued or running anywhere."""
    ran = []
    deadline = datetime.now() + timedelta(minutes=4)
    while datetime.now() < deadline:
        job = job_run_next()
        if job is not None:
            ran.append((job.pk, job.kind, job.result))
        elif not Job.objects.filter(status__in=[JobStatus.QUEUED, JobStatus.RUNNING]).exists():
            return ran
    raise TimeoutError("jobs still queued")


def test_one_worker_computes_a_month_through_range_jobs(db):
    ids = _province()
    job_enqueue(kind="attendance.recompute_month", payload={"month": MONTH, "employees_per_job": 5})
    jobs_run_pending()
    ranges = Job.objects.filter(kind=RANGE_JOB)
    assert ranges.count() == 5  # 24 employees, 5 per job
    assert set(ranges.values_list("status", flat=True)) == {JobStatus.DONE}
    assert sum(job.result["employees"] for job in ranges) == len(ids)
    assert DayRecord.objects.count() == len(ids) * 31
    assert DayRecord.objects.filter(codes="TL1").exists()  # the punches were read


@POSTGRES_ONLY
@pytest.mark.django_db(transaction=True)
def test_two_workers_share_the_month_with_one_workers_results():
    ids = _province()
    job_enqueue(kind="attendance.recompute_month", payload={"month": MONTH, "employees_per_job": 2})
    jobs_run_pending()
    alone = _results()
    DayRecord.objects.all().delete()
    Job.objects.all().delete()

    job_enqueue(kind="attendance.recompute_month", payload={"month": MONTH, "employees_per_job": 2})
    ran = _in_threads(_work_through_jobs)

    assert _results() == alone
    range_jobs = [job for jobs in ran for job in jobs if job[1] == RANGE_JOB]
    ids_ran = [job_id for job_id, _, _ in range_jobs]
    assert len(ids_ran) == len(set(ids_ran)) == Job.objects.filter(kind=RANGE_JOB).count() == 12
    assert sum(result["days"] for _, _, result in range_jobs) == len(ids) * 31  # none twice
    assert set(Job.objects.values_list("status", "attempts")) == {(JobStatus.DONE, 1)}
    assert tallies_check() == []  # each range counted its people's months


def _drain_marks() -> list[Any]:
    computed = []
    while (result := recompute_dirty(limit=50)).days or result.held or result.parked:
        computed.append(result.days)
    return computed


@POSTGRES_ONLY
@pytest.mark.django_db(transaction=True)
def test_two_workers_drain_a_marked_month_once_with_one_workers_results():
    ids = _province()
    recompute_month(MONTH)
    recompute_all_dirty()  # the punches' own marks
    mark_employees_between(None, date(2026, 3, 1), date(2026, 3, 31))
    marked = DirtyDay.objects.count()
    assert marked == len(ids) * 31
    recompute_all_dirty()
    alone = _results()

    mark_employees_between(None, date(2026, 3, 1), date(2026, 3, 31))
    computed = _in_threads(_drain_marks)

    assert sum(computed[0]) + sum(computed[1]) == marked  # no employee-day computed twice
    assert DirtyDay.objects.count() == 0
    assert _results() == alone
    assert tallies_check() == []  # one person's days stored by both workers, counted once more


@POSTGRES_ONLY
@pytest.mark.django_db(transaction=True)
def test_a_worker_skips_the_job_another_worker_holds_instead_of_waiting():
    first = job_enqueue(kind="tests.nothing", payload={})
    second = job_enqueue(kind="tests.nothing", payload={})
    holding, claimed = threading.Event(), threading.Event()

    def hold_first() -> None:
        try:
            with transaction.atomic():
                Job.objects.select_for_update().get(pk=first.pk)
                holding.set()
                claimed.wait(timeout=30)
        finally:
            connection.close()

    holder = threading.Thread(target=hold_first)
    holder.start()
    try:
        assert holding.wait(timeout=30)
        job = _claim_next()
    finally:
        claimed.set()
        holder.join(timeout=30)
    assert job is not None and job.pk == second.pk
    first.refresh_from_db()
    assert first.status == JobStatus.QUEUED


@POSTGRES_ONLY
@pytest.mark.django_db(transaction=True)
def test_a_connection_lost_as_the_worker_looks_for_work_is_survived_and_jobs_run_once():
    from hadir.jobs.loop import WorkerLoop
    from hadir.jobs.models import WorkerHeartbeat

    ids = _province()
    job_enqueue(
        kind="attendance.recompute_month", payload={"month": MONTH, "employees_per_job": 12}
    )
    with connection.cursor() as cursor:  # the worker's connection, about to be cut
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    killed = threading.Thread(target=_terminate, args=(backend,))
    killed.start()
    killed.join(timeout=30)
    deadline = time.monotonic() + 120
    WorkerLoop(should_stop=lambda: time.monotonic() > deadline or _all_done()).run()

    assert WorkerHeartbeat.objects.get().errors >= 1
    assert set(Job.objects.values_list("status", "attempts")) == {(JobStatus.DONE, 1)}
    assert DayRecord.objects.count() == len(ids) * 31


def _terminate(backend: int) -> None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [backend])
    finally:
        connection.close()


def _all_done() -> bool:
    """Read on a connection of its own: the worker's is the one that was cut."""
    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"],
        port=db["PORT"],
        user=db["USER"],
        password=db["PASSWORD"],
        dbname=db["NAME"],
    ) as own:
        row = own.execute(
            "SELECT count(*), count(*) FILTER (WHERE status = 'done') FROM jobs_job"
        ).fetchone()
    return row is not None and row[0] == row[1] == 3
