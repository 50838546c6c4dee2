"""``make bench-scale``: a scaled-down province on the local PostgreSQL (docs/scaling.md).

1. *Morning peak*: a fresh database, ``hadir serve --processes N`` and M ``hadir worker``
   processes; simulated PUSH machines (``hadir.devices.bench_peak``) upload every punch as
   fast as the server takes them while polling. Prints punches/s, poll p50/p99 under load,
   idle polls/s with their p50/p99, the time until every day result is current (no mark
   left), and the ledger counted against what was sent: lost and duplicated punches.
2. *Month recompute*: a demo kabupaten of ``--staff`` employees (``hadir demo``), then the
   month recomputed through the queue (``attendance.recompute_month`` split into employee
   ranges) by 1, 2 and 4 workers.

Figures are printed, never asserted. Run: ``HADIR_ALLOW_INSECURE_KEY=1 python
scripts/bench_scale.py --help``; the defaults are small enough for a few minutes here.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import psycopg
from psycopg.types.json import Jsonb

HOST = "127.0.0.1"
MONTH = "2026-03"
PEAK_SETUP = """
from datetime import date, timedelta
from django.utils import timezone
from hadir.devices.models import Device
from hadir.org.services import region_configure, unit_create
from hadir.people.services import employee_create
region = region_configure(name="Provinsi Bench", timezone="Asia/Jakarta")
region.records_start = date(2010, 1, 1)
region.settings["computed_through"] = (timezone.now().date() - timedelta(days=1)).isoformat()
region.save()
unit = unit_create(code="BENCH", name="Unit Bench", kind="dinas")
for n in range({staff}):
    employee_create(unit=unit, start=date(2026, 1, 1), nip=None, nik=str(3201010101900000 + n),
                    name=f"Pegawai {{n}}", employee_type="NON_ASN", pin=str(1001 + n))
Device.objects.bulk_create([Device(sn=f"PV{{n:05d}}", name=f"PV{{n:05d}}", unit=unit,
                                   state="active") for n in range({machines})])
"""
# The real today is months after the demo's: the worker must not compute those months too.
RECOMPUTE_SETUP = """
from datetime import timedelta
from django.utils import timezone
from hadir.org.models import Region
Region.objects.update(settings={"computed_through":
    (timezone.now().date() - timedelta(days=1)).isoformat()})
"""
# Straight into the queue, as ``job_enqueue`` writes it: the clock must not time a shell.
ENQUEUE = """
INSERT INTO jobs_job (kind, payload, status, attempts, max_attempts, run_after, created_at,
                      result, error)
VALUES ('attendance.recompute_month', %s, 'queued', 0, 3, now(), now(), '{}', '')
"""


def database_recreate(url: str) -> None:
    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def environment(url: str, data_dir: Path) -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": url, "HADIR_DATA_DIR": str(data_dir)}
    env.update(HADIR_ALLOW_INSECURE_KEY="1", HADIR_LOG_LEVEL="WARNING")
    env.update(HADIR_WORKER_IDLE_SECONDS="0.2", HADIR_WORKER_HEARTBEAT_SECONDS="1")
    return env


def hadir(args: list[str], env: dict[str, str], timeout: float = 3600) -> float:
    started = time.perf_counter()
    command = [sys.executable, "-m", "hadir", *args]
    subprocess.run(command, env=env, check=True, timeout=timeout, stdout=subprocess.DEVNULL)  # noqa: S603
    return time.perf_counter() - started


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def start(args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "hadir", *args]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)  # noqa: S603


def stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def wait_for_port(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while True:
        try:
            socket.create_connection((HOST, port), timeout=0.2).close()
            return
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the server did not start") from None
            time.sleep(0.1)


def scalar(url: str, sql: str, *params: object) -> int:
    with psycopg.connect(url) as db:
        row = db.execute(sql, params).fetchone()  # type: ignore[arg-type]
        return int(row[0]) if row else 0


def wait_until(url: str, sql: str, *params: object, limit: float = 3600) -> float:
    """Seconds until ``sql`` counts nothing (or less)."""
    started = time.perf_counter()
    while scalar(url, sql, *params) > 0 and time.perf_counter() - started < limit:
        time.sleep(0.2)
    return time.perf_counter() - started


class WaitSampler:
    """Samples what the database's other sessions are doing, twice a second, during a block:
    running on CPU, waiting for a row lock (the chain head), for I/O or the WAL, or idle."""

    SQL = (
        "SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU') FROM pg_stat_activity "
        "WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active'"
    )

    def __init__(self, url: str) -> None:
        self.url, self.counts, self.samples = url, Counter[str](), 0
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> WaitSampler:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stopping.set()
        self.thread.join(timeout=10)

    def _sample(self) -> None:
        with psycopg.connect(self.url, autocommit=True) as db:
            while not self.stopping.wait(0.5):
                self.samples += 1
                self.counts.update(row[0] for row in db.execute(self.SQL).fetchall())

    def summary(self) -> str:
        top = self.counts.most_common(6)
        per_sample = ", ".join(f"{name} {n / max(self.samples, 1):.1f}" for name, n in top)
        return f"average active sessions by wait: {per_sample or 'none'}"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def bench_peak(options: argparse.Namespace, url: str, tmp: Path) -> None:
    from hadir.devices.bench_peak import ClientPlan, percentile, run_clients

    database_recreate(url)
    env = environment(url, tmp / "peak")
    (tmp / "peak").mkdir()
    hadir(["migrate", "--verbosity", "0"], env)
    hadir(
        ["shell", "-c", PEAK_SETUP.format(staff=options.peak_staff, machines=options.machines)], env
    )
    port = free_port()
    server = start(
        [
            *("serve", "--no-worker", "--host", HOST, "--port", str(port)),
            *("--processes", str(options.servers), "--threads", str(options.threads)),
        ],
        env,
    )
    workers = [start(["worker"], env) for _ in range(options.workers)]
    try:
        wait_for_port(port, server)
        serials = [f"PV{n:05d}" for n in range(options.machines)]
        pins = [str(1001 + n) for n in range(options.peak_staff)]
        per_machine = max(options.punches // options.machines, 1)
        share = 0 if options.shared_staff else max(options.peak_staff // options.machines, 1)

        def plans(polls: int = 0, ping: bool = False) -> list[ClientPlan]:
            return [
                ClientPlan(
                    serials[n :: options.clients],
                    f"http://{HOST}:{port}",
                    tmp / "machines",
                    pins,
                    per_machine,
                    polls,
                    share,
                    ping,
                )
                for n in range(options.clients)
            ]

        with WaitSampler(url) as waits:
            peak = run_clients(plans(), idle=False)
        push_seconds = max(f.finished for f in peak) - min(f.started for f in peak)
        current = wait_until(url, "SELECT count(*) FROM attendance_dirtyday WHERE NOT held")
        idle = run_clients(plans(options.idle_polls // options.clients), idle=True)
        pings = run_clients(plans(options.idle_polls // options.clients, True), idle=True)
    finally:
        stop([server, *workers])
    sent = set().union(*(f.keys for f in peak))
    with psycopg.connect(url) as db:
        rows = db.execute("SELECT key FROM punches_punch").fetchall()
        held = db.execute("SELECT count(*) FROM punches_punch WHERE hold <> ''").fetchone()
        quarantined = db.execute("SELECT count(*) FROM punches_quarantinedline").fetchone()
    stored = [row[0] for row in rows]
    acknowledged = sum(f.acknowledged for f in peak)
    loaded = [x for f in peak for x in f.poll_latencies]
    quiet = [x for f in idle for x in f.poll_latencies]
    idle_seconds = max(f.finished for f in idle) - min(f.started for f in idle)
    ping_count = sum(len(f.poll_latencies) for f in pings)
    ping_rate = ping_count / (max(f.finished for f in pings) - min(f.started for f in pings))
    floor = push_floor(url, options.servers)
    print(
        f"morning peak: {options.servers} server processes x {options.threads} threads, "
        f"{options.workers} workers, {options.machines:,} machines from {options.clients} "
        f"client processes, {len(sent):,} punches; "
        + (
            "every machine punches any of the staff (--shared-staff: the worst case)"
            if options.shared_staff
            else f"each machine punches its own {share} of the {options.peak_staff:,} staff"
        )
    )
    print(
        f"  push ingest: {acknowledged / push_seconds:,.0f} punches/s (target 20,000; floor "
        f"{floor:,.0f}: plain psycopg storing the same rows again, batches of {FLOOR_BATCH}, "
        f"{options.servers} connections)"
    )
    print(
        f"  polls during the peak: {len(loaded):,}, p50 {ms(percentile(loaded, 0.5))}, "
        f"p99 {ms(percentile(loaded, 0.99))}"
    )
    print(
        f"  idle polls: {len(quiet) / idle_seconds:,.0f} polls/s (target 3,000; floor "
        f"{ping_rate:,.0f}: pings answered without a query by the same servers and clients), "
        f"p50 {ms(percentile(quiet, 0.5))}, p99 {ms(percentile(quiet, 0.99))}"
    )
    print(f"  server backends during the peak (pg_stat_activity samples): {waits.summary()}")
    print(f"  every day result current {current:.1f} s after the last punch was acknowledged")
    print(
        f"  ledger: {len(stored):,} rows for {len(sent):,} sent; lost {len(sent - set(stored))}, "
        f"duplicated {len(stored) - len(set(stored))}, held {held[0] if held else 0}, "
        f"quarantined lines {quarantined[0] if quarantined else 0}; "
        f"client errors {sum(f.errors for f in peak)}"
    )


FLOOR_BATCH = 128  # the firmware's upload batch


def push_floor(url: str, connections: int) -> float:
    """Rows/s of plain psycopg storing the ledger's rows again into an empty copy of the
    punch table (same columns, indexes and constraints; no triggers, no foreign keys), in
    batches of ``FLOOR_BATCH`` each in its own transaction, from as many connections as
    server processes: what PostgreSQL alone needs for this write pattern."""
    with psycopg.connect(url, autocommit=True) as db:
        db.execute("DROP TABLE IF EXISTS bench_punch_floor")
        db.execute("CREATE TABLE bench_punch_floor (LIKE punches_punch INCLUDING ALL)")
        names = db.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = "
            "'punches_punch' AND column_name <> 'id' ORDER BY ordinal_position"
        ).fetchall()
        columns = ", ".join(f'"{name}"' for (name,) in names)
        rows = db.execute(f"SELECT {columns} FROM punches_punch ORDER BY id").fetchall()  # noqa: S608
    insert = (
        f"INSERT INTO bench_punch_floor ({columns}) VALUES "  # noqa: S608
        f"({', '.join(['%s'] * len(names))}) ON CONFLICT DO NOTHING"
    )
    batches = [rows[i : i + FLOOR_BATCH] for i in range(0, len(rows), FLOOR_BATCH)]

    def write(share: list[list[tuple[object, ...]]]) -> None:
        with psycopg.connect(url) as db, db.cursor() as cursor:
            for batch in share:
                with db.transaction():
                    cursor.executemany(insert, batch)

    threads = [
        threading.Thread(target=write, args=(batches[n::connections],)) for n in range(connections)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    with psycopg.connect(url, autocommit=True) as db:
        db.execute("DROP TABLE bench_punch_floor")
    return len(rows) / seconds


def bench_recompute(options: argparse.Namespace, url: str, tmp: Path) -> None:
    database_recreate(url)
    env = environment(url, tmp / "recompute")
    (tmp / "recompute").mkdir()
    hadir(["migrate", "--verbosity", "0"], env)
    built = hadir(
        ["demo", "--no-serve", "--employees", str(options.staff), "--today", "2026-04-01"], env
    )
    hadir(["shell", "-c", RECOMPUTE_SETUP], env)
    days = scalar(url, "SELECT count(*) FROM attendance_dayrecord WHERE day >= '2026-03-01'")
    print(f"month recompute: demo of {options.staff:,} employees built in {built:.0f} s")
    pending = "SELECT count(*) FROM jobs_job WHERE status IN ('queued', 'running')"
    for count in options.recompute_workers:
        wait_until(url, pending)
        workers = [start(["worker"], env) for _ in range(count)]
        try:
            running = "SELECT %s - count(*) FROM jobs_workerheartbeat WHERE state = 'running'"
            wait_until(url, running, count, limit=120)
            per_job = max(options.staff // (4 * max(options.recompute_workers)), 50)
            started = time.perf_counter()
            with psycopg.connect(url) as db:
                db.execute(ENQUEUE, [Jsonb({"month": MONTH, "employees_per_job": per_job})])
            seconds = wait_until(url, pending) + time.perf_counter() - started
        finally:
            stop(workers)
        with psycopg.connect(url) as db:
            db.execute("UPDATE jobs_workerheartbeat SET state = 'stopped'")
        print(
            f"  {count} worker(s): {MONTH} for {options.staff:,} employees ({days:,} days) "
            f"in {seconds:.1f} s (ranges of {per_job} employees)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/hadir_bench_scale"
    )
    parser.add_argument("--servers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--machines", type=int, default=400, help="2,000 for a province")
    parser.add_argument("--punches", type=int, default=40_000, help="200,000 for a province")
    parser.add_argument("--peak-staff", type=int, default=2_000)
    parser.add_argument("--clients", type=int, default=2, help="client processes")
    parser.add_argument(
        "--shared-staff",
        action="store_true",
        help="every machine punches anyone (one person's day marked from many machines at once)",
    )
    parser.add_argument("--idle-polls", type=int, default=20_000)
    parser.add_argument("--staff", type=int, default=5_000, help="100,000 for a province")
    parser.add_argument("--recompute-workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--skip-peak", action="store_true")
    parser.add_argument("--skip-recompute", action="store_true")
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hadir.settings")
    os.environ.setdefault("HADIR_ALLOW_INSECURE_KEY", "1")
    with tempfile.TemporaryDirectory(prefix="hadir-scale-") as tmp:
        os.environ["HADIR_DATA_DIR"] = tmp  # this process only drives clients, never the database
        os.environ.pop("DATABASE_URL", None)
        run(options, Path(tmp))


def run(options: argparse.Namespace, tmp: Path) -> None:
    import django

    django.setup()
    if not options.skip_peak:
        bench_peak(options, options.database_url, tmp)
    if not options.skip_recompute:
        bench_recompute(options, options.database_url, tmp)


if __name__ == "__main__":
    main()
