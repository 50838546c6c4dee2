"""`make bench`: run the benchmarks and print their figures. Nothing here is asserted.

Each benchmark runs in a fresh data folder; figures go to stdout as one line each:
``name: value unit (details)``.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def run_hadir(args: list[str], data_dir: str) -> float:
    env = {**os.environ, "HADIR_DATA_DIR": data_dir, "HADIR_ALLOW_INSECURE_KEY": "1"}
    env.pop("DATABASE_URL", None)
    started = time.perf_counter()
    subprocess.run([str(BIN / "hadir"), *args], check=True, env=env, capture_output=True)  # noqa: S603
    return time.perf_counter() - started


def bench_demo_load() -> None:
    """What `make demo` does before it serves: migrate, 5,000 people, their punches."""
    with tempfile.TemporaryDirectory() as data_dir:
        seconds = run_hadir(["demo", "--no-serve"], data_dir)
        print(f"demo build (5,000 employees, last month's punches, migrate): {seconds:.1f} s")


def bench_backup() -> None:
    """`hadir backup` of the demo (SQLite, 5,000 people) and `hadir restore` into an empty
    data folder; both run as the operator runs them (migrate and audit verify included)."""
    with tempfile.TemporaryDirectory() as source, tempfile.TemporaryDirectory() as target:
        run_hadir(["demo", "--no-serve"], source)
        folder = Path(source).parent / f"{Path(source).name}-backups"
        try:
            seconds = run_hadir(["backup", "--output-dir", str(folder)], source)
            (archive,) = folder.glob("hadir-backup-*")
            database = Path(source) / "hadir.sqlite3"
            print(
                f"backup of the demo (5,000 employees): {seconds:.1f} s "
                f"(database {database.stat().st_size / 1e6:.0f} MB, "
                f"archive {archive.stat().st_size / 1e6:.0f} MB)"
            )
            seconds = run_hadir(["restore", str(archive)], target)
            print(f"restore of that archive into an empty folder: {seconds:.1f} s")
        finally:
            shutil.rmtree(folder, ignore_errors=True)


def bench_zk_pull() -> None:
    from hadir.zkpull.bench import bench_read

    for transport in ("tcp", "udp"):
        rate = bench_read(50_000, transport=transport)
        print(f"zk pull read 50,000 records over {transport}: {rate:,.0f} records/s")


def bench_recompute() -> None:
    employees = 10_000
    with tempfile.TemporaryDirectory() as data_dir:
        seconds = run_hadir(
            ["demo", "--no-serve", "--employees", str(employees), "--today", "2026-04-01"],
            data_dir,
        )
        print(f"demo with a month of punches for {employees} employees built in {seconds:.0f} s")
        env = {**os.environ, "HADIR_DATA_DIR": data_dir, "HADIR_ALLOW_INSECURE_KEY": "1"}
        env.pop("DATABASE_URL", None)
        subprocess.run(
            [sys.executable, "-m", "hadir.attendance.bench", "2026-03"], check=True, env=env
        )


def bench_exports() -> None:
    from hadir.exports.bench import bench_month_recap

    figures = bench_month_recap(1000)
    print(
        f"month recap of a 1,000-employee unit: XLSX {figures['xlsx_seconds']:.2f} s "
        f"({figures['xlsx_bytes'] / 1024:.0f} KiB), PDF {figures['pdf_seconds']:.2f} s "
        f"({figures['pdf_bytes'] / 1024:.0f} KiB)"
    )


PUSH_TARGET_PER_SECOND = 20_000  # issue 15
POLL_TARGET_PER_SECOND = 3_000


def bench_push() -> None:
    from hadir.devices.bench import bench_push as run

    figures = run()
    print(
        f"PUSH load on the real server (SQLite, {figures['devices']} devices, batches of "
        f"{figures['batch_size']}): errors {figures.get('errors', '?')}, "
        f"every punch exactly once: {figures.get('exactly_once', '?')}"
    )
    print(
        f"  push ingest: {figures['punches_per_second']:,} punches/s "
        f"(target {PUSH_TARGET_PER_SECOND:,}; floor {figures['push_floor_per_second']:,}: "
        f"plain sqlite3 storing the same rows in the same batches)"
    )
    print(
        f"  idle polls: {figures['polls_per_second']:,} polls/s "
        f"(target {POLL_TARGET_PER_SECOND:,}; floor {figures['poll_floor_per_second']:,}: "
        f"pings answered without a query by the same server)"
    )


def bench_agent() -> None:
    from hadir.agent.bench import main as run

    run()


BENCHMARKS: dict[str, Callable[[], None]] = {
    "demo": bench_demo_load,
    "backup": bench_backup,
    "recompute": bench_recompute,
    "zk": bench_zk_pull,
    "exports": bench_exports,
    "push": bench_push,
    "agent": bench_agent,
}


def main(argv: list[str]) -> int:
    chosen = argv or list(BENCHMARKS)
    for name in chosen:
        print(f"--- {name}", flush=True)
        BENCHMARKS[name]()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of the benchmark process: {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
