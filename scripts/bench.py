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


def bench_pages() -> None:
    """Every page each demo role reaches from its home page (5,000 staff, 190 units): the
    slowest ones beside the guide index as floor (``hadir.web.bench_pages``)."""
    with tempfile.TemporaryDirectory() as data_dir:
        run_hadir(["demo", "--no-serve"], data_dir)
        env = {**os.environ, "HADIR_DATA_DIR": data_dir, "HADIR_ALLOW_INSECURE_KEY": "1"}
        env.pop("DATABASE_URL", None)
        env["HADIR_LOG_LEVEL"] = "WARNING"  # one INFO line per request otherwise
        print("pages of the demo (5,000 staff, 190 units, SQLite), each role from its home page:")
        subprocess.run([sys.executable, "-m", "hadir.web.bench_pages"], check=True, env=env)


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


def _recreate_postgres(url: str) -> None:
    """Drop and create the benchmark's own PostgreSQL database (named in the URL)."""
    import psycopg

    admin, _, name = url.rpartition("/")
    with psycopg.connect(f"{admin}/postgres", autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}"')
        db.execute(f'CREATE DATABASE "{name}"')


def bench_recompute() -> None:
    """A month for 10,000 staff on SQLite, and on PostgreSQL when ``HADIR_BENCH_POSTGRES``
    names a database the benchmark may drop and create (``postgres://postgres@127.0.0.1:5432/
    hadir_bench``); each prints the floor measured in the same run (``bench_floor``). Then
    the region's TPP list of that month as downloaded (``reporting.bench_region``)."""
    employees = 10_000
    demo = ["demo", "--no-serve", "--employees", str(employees), "--today", "2026-04-01"]
    postgres = os.environ.get("HADIR_BENCH_POSTGRES")
    with tempfile.TemporaryDirectory() as data_dir, tempfile.TemporaryDirectory() as pg_dir:
        sqlite_figures, pg_figures = f"{data_dir}/figures.json", f"{pg_dir}/figures.json"
        seconds = run_hadir(demo, data_dir)
        print(f"demo with a month of punches for {employees} employees built in {seconds:.0f} s")
        env = {**os.environ, "HADIR_DATA_DIR": data_dir, "HADIR_ALLOW_INSECURE_KEY": "1"}
        env.pop("DATABASE_URL", None)
        module = [sys.executable, "-m", "hadir.attendance.bench", "2026-03"]
        # The region's TPP list as downloaded, on the month the recompute stored.
        region_list = [sys.executable, "-m", "hadir.reporting.bench_region"]
        sqlite_env = {**env, "HADIR_BENCH_FIGURES": sqlite_figures}
        subprocess.run([*module, "--floor-dir", data_dir], check=True, env=sqlite_env)  # noqa: S603
        subprocess.run([*region_list, "2026-03"], check=True, env=sqlite_env)  # noqa: S603
        if not postgres:
            print("(PostgreSQL: set HADIR_BENCH_POSTGRES to a database the bench may recreate)")
            return
        try:
            _recreate_postgres(postgres)
        except Exception as error:  # any reason the server is not there
            print(f"(PostgreSQL at {postgres} not usable, skipped: {type(error).__name__})")
            return
        pg_env = {
            **env, "HADIR_DATA_DIR": pg_dir, "DATABASE_URL": postgres,
            "HADIR_BENCH_FIGURES": pg_figures,
        }  # fmt: skip
        subprocess.run([str(BIN / "hadir"), *demo], check=True, env=pg_env, capture_output=True)  # noqa: S603
        subprocess.run([*module, "--floor-dir", data_dir], check=True, env=pg_env)  # noqa: S603
        subprocess.run([*region_list, "2026-03"], check=True, env=pg_env)  # noqa: S603
        _compare_databases(Path(sqlite_figures), Path(pg_figures))


def _compare_databases(sqlite_file: Path, pg_file: Path) -> None:
    """Issue 15: PostgreSQL no slower than SQLite, on the same demo size in the same run."""
    import json

    sqlite, pg = json.loads(sqlite_file.read_text()), json.loads(pg_file.read_text())
    print(
        "PostgreSQL against SQLite in this run (target: no slower, i.e. <= 1.00x): "
        f"warm {pg['warm'] / sqlite['warm']:.2f}x, cold {pg['cold'] / sqlite['cold']:.2f}x, "
        f"incremental {pg['incremental_ms'] / sqlite['incremental_ms']:.2f}x "
        f"(floors {sqlite['floor']:.2f} / {pg['floor']:.2f} s: the machine's drift)"
    )


def bench_exports() -> None:
    from hadir.exports.bench import bench_month_recap

    figures = bench_month_recap(1000)
    print(
        f"month recap of a 1,000-employee unit: XLSX {figures['xlsx_seconds']:.2f} s "
        f"({figures['xlsx_bytes'] / 1024:.0f} KiB), PDF {figures['pdf_seconds']:.2f} s "
        f"({figures['pdf_bytes'] / 1024:.0f} KiB)"
    )
    bench_region_tpp_list()


def bench_region_tpp_list() -> None:
    from hadir.exports.bench_tpp import TARGET_SECONDS, bench_region_tpp, peak_memory_mib

    t = bench_region_tpp(10_000)
    print(
        f"region TPP list, 10,000 staff (median of 3): XLSX {t['xlsx']:.2f} s "
        f"(floor {t['xlsx_floor']:.2f} s: openpyxl write-only, no styles), "
        f"PDF {t['pdf']:.2f} s (floor {t['pdf_floor']:.2f} s: plain strings on the canvas); "
        f"CSV text {t['csv_floor']:.2f} s; target {TARGET_SECONDS:.0f} s each"
    )
    for staff in (2_000, 10_000):
        peak = peak_memory_mib(staff)
        print(
            f"  peak memory rendering {staff:,} staff: XLSX {peak['xlsx']:.0f} MiB, "
            f"PDF {peak['pdf']:.0f} MiB"
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
        f"pings answered without a query by the same server; ceiling "
        f"{figures['bare_wsgi_per_second']:,}: the same client against a WSGI app that does "
        f"nothing under waitress, no Django, no database)"
    )


def bench_agent() -> None:
    from hadir.agent.bench import main as run

    run()


def bench_faces() -> None:
    """Time per face check and per evidence video; the floor is the model's embedding of one
    already found face (what no check can go under). Also the calibration of the threshold."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import numpy as np
    from tests.faces import faceset
    from tests.faces.calibration import calibrate

    from hadir.faces.engine import engine, video_frames
    from hadir.rules.faces import MATCH_THRESHOLD, judge

    model = engine()
    selfie = np.asarray(faceset.portrait().resize((768, 768)))  # a phone selfie after scaling
    (reference,) = model.faces(selfie)

    def median(run: Callable[[], object], n: int = 7) -> float:
        times = []
        for _ in range(n):
            started = time.perf_counter()
            run()
            times.append(time.perf_counter() - started)
        return sorted(times)[n // 2]

    check = median(lambda: judge(model.faces(selfie), [reference.embedding]))
    floor = median(lambda: model.faces(np.asarray(faceset.portrait().crop((150, 60, 300, 210)))))
    print(
        f"face check (768 px selfie): {check * 1000:.0f} ms median (target <= 1000 ms; "
        f"floor, embedding one 150 px face: {floor * 1000:.0f} ms)"
    )
    with tempfile.NamedTemporaryFile(suffix=".mp4") as handle:
        handle.write(faceset.video([faceset.portrait()], seconds=4.0))
        handle.flush()
        path = Path(handle.name)

        def video() -> None:
            for frame in video_frames(path):
                model.faces(frame.rgb)

        per_video = median(video, n=3)
        frames = len(video_frames(path))
    print(
        f"face video (4 s, {frames} frames sampled): {per_video:.2f} s median "
        f"({per_video / max(frames, 1) * 1000:.0f} ms per frame)"
    )
    result = calibrate()
    print(
        f"face calibration: {len(result.genuine)} genuine, {len(result.impostor)} impostor "
        f"comparisons; largest genuine {max(result.genuine.values()):.3f}, smallest impostor "
        f"{min(result.impostor):.3f}"
    )
    for threshold in (0.4, MATCH_THRESHOLD, 0.6):
        print(
            f"  threshold {threshold}: false accepts {result.false_accepts(threshold)}, "
            f"false rejects {result.false_rejects(threshold)}"
        )


BENCHMARKS: dict[str, Callable[[], None]] = {
    "demo": bench_demo_load,
    "backup": bench_backup,
    "pages": bench_pages,
    "recompute": bench_recompute,
    "zk": bench_zk_pull,
    "exports": bench_exports,
    "push": bench_push,
    "agent": bench_agent,
    "faces": bench_faces,
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
