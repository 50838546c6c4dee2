"""Recompute benchmark (``make bench``): a full month for N employees, then one new punch.

Run as ``python -m hadir.attendance.bench 2026-03 --floor-dir DIR`` with ``HADIR_DATA_DIR``
(and ``DATABASE_URL`` for PostgreSQL) pointing at a demo database built with ``hadir demo
--no-serve --employees N --today 2026-04-01`` (March 2026 is then a full month of punches),
``DIR`` holding the SQLite demo the floor reads (``bench_floor``). Each round measures the
floor, the month recomputed over its stored results (*warm*: the demo computed them, so
nothing changed: what a policy or calendar change mostly finds) and into an empty table
(*cold*: every row written); medians are printed beside the targets. Asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import time
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from unittest.mock import patch

MONTH_TARGET = 2.0  # times the floor (issue 15)
# The bound's explanation, cut to the mean length of the month's real explanations.
_ON_TIME_TEXT = (
    "Masuk 07:12, jadwal 07:30: tepat waktu; Pulang 16:05, jadwal 16:00: sesuai jadwal; "
    "Hadir tepat waktu (H)"
)
INCREMENTAL_TARGET_MS = 10.0


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(work: object) -> tuple[float, float]:
    """Wall and CPU seconds of ``work()`` (the machine is shared: CPU time is the steadier)."""
    started, cpu = time.perf_counter(), time.process_time()
    work()  # type: ignore[operator]
    return time.perf_counter() - started, time.process_time() - cpu


def bound_text(length: int) -> str:
    """An explanation of ``length`` characters for the bound's rows."""
    return (_ON_TIME_TEXT * (length // len(_ON_TIME_TEXT) + 1))[:length]


@contextmanager
def _rules_stubbed(text_length: int) -> Iterator[None]:
    """The recompute with its rules work taken out, to measure what is left: the inputs
    read, the loop over every employee-day (each day's punches still found) and the rows
    stored. No engine (the plan stands in for the result), no explanation, no fingerprint
    (one constant), one constant row shape whose explanation is ``text_length`` long (the
    real month's mean, so as many bytes are written). What this costs is the part of a
    cold month no speed-up of the rules can remove."""
    from hadir.attendance import day_fingerprint, recompute
    from hadir.rules.punches import punch_margins

    def days(
        self: Any, unit_id: int, plans: Any, policy: Any, ordered: Any, *_: Any
    ) -> Iterator[tuple[Any, int, int, int]]:
        before, after = punch_margins(policy.punch_windows)
        times = [p.at for p in ordered]
        for plan, _text, midnight in self._plan_facts(plans):
            low = bisect_left(times, midnight - before)
            yield plan, low, bisect_right(times, midnight + after, low), 1

    text = bound_text(text_length)

    def row(employee_id: int, unit_id: int, plan: Any, _times: Any, now: object) -> tuple[Any, ...]:
        at = "2026-03-10 00:12:33"
        return (
            employee_id,
            plan.day,
            unit_id,
            "H",
            True,
            at,
            at,
            0,
            0,
            "",
            text,
            now,
            None,
        )

    with (
        patch.object(day_fingerprint.DayInputs, "days", days),
        patch.object(recompute, "evaluate_ordered", lambda plan, *_: plan),
        patch.object(recompute, "judge_events", lambda result, _due: result),
        patch.object(recompute, "_record", row),
    ):
        yield


def _incremental(rounds: int) -> list[float]:
    """Milliseconds to recompute after each of ``rounds`` new punches (ingested, not timed)."""
    from hadir.attendance.recompute import recompute_dirty
    from hadir.devices.models import Device
    from hadir.people.models import Employee
    from hadir.punches.models import Punch
    from hadir.punches.services import IncomingPunch, punches_ingest

    employee = Employee.objects.exclude(pin=None).order_by("pk").first()
    device = Device.objects.order_by("pk").first()
    if employee is None or not employee.pin:
        raise SystemExit("the demo database has no employee with a PIN")
    figures = []
    for _ in range(rounds):
        # Device-local wall-clock time, naive by design (see hadir.rules.punches); a second
        # not used before, so the punch is new even when the benchmark runs again.
        used = Punch.objects.filter(pin=employee.pin, local_date="2026-03-17").count()
        local_time = datetime.fromisoformat("2026-03-17 12:00:00") + timedelta(seconds=used)
        punches_ingest(
            source="push",
            source_ref=device.sn if device else "BENCH",
            punches=[IncomingPunch(pin=employee.pin, local_time=local_time)],
            device=device,
        )
        started = time.perf_counter()
        result = recompute_dirty()
        figures.append((time.perf_counter() - started) * 1000)
        if result.days != 1:
            raise SystemExit(f"one punch recomputed {result.days} days")
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("month", nargs="?", default="2026-03")
    parser.add_argument("--floor-dir", type=Path, default=None)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hadir.settings")
    import django

    django.setup()
    from django.db import connection
    from django.db.models import Avg
    from django.db.models.functions import Length

    from hadir.attendance.bench_floor import recompute_floor
    from hadir.attendance.models import DayRecord
    from hadir.attendance.recompute import recompute_range
    from hadir.attendance.services import employees_between, month_bounds, recompute_month

    first, last = month_bounds(args.month)
    floor_dir = args.floor_dir or Path(os.environ["HADIR_DATA_DIR"])
    vendor = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
    if connection.vendor == "postgresql":
        # The demo was just bulk-loaded and its recompute deleted thousands of dirty marks;
        # autovacuum would vacuum and analyze it within minutes (without it the planner scans
        # the month for every chunk, and the dirty-mark claim walks the dead rows).
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    staff = employees_between(first, last)
    baseline = _peak_mb()
    recompute_range(staff[:1000], first, last)
    peak_small = _peak_mb()
    recompute_month(args.month)  # before the floor, which holds the whole month in memory
    peak_all = _peak_mb()
    floors, warm, cold, days = [], [], [], 0
    for _ in range(args.rounds):
        floors.append(recompute_floor(floor_dir, first)[1:])
        warm.append(_timed(lambda: recompute_month(args.month)))
        DayRecord.objects.filter(day__gte=first, day__lte=last)._raw_delete(connection.alias)
        cold.append(_timed(lambda: recompute_month(args.month)))
    month_rows = DayRecord.objects.filter(day__gte=first, day__lte=last)
    days = month_rows.count()
    text_length = round(month_rows.aggregate(mean=Avg(Length("explanation")))["mean"] or 0)
    month_rows._raw_delete(connection.alias)
    with _rules_stubbed(text_length):
        bound = _timed(lambda: recompute_month(args.month))
    recompute_month(args.month)  # the real results back, for the incremental rounds
    floor = statistics.median(f[0] for f in floors)
    floor_cpu = statistics.median(f[1] for f in floors)
    print(
        f"recompute full month {args.month} on {vendor}: {len(staff):,} staff, {days:,} days; "
        f"medians of {args.rounds} rounds (target <= {MONTH_TARGET:g}x floor)"
    )
    for name, figures in (("warm (results stored)", warm), ("cold (empty table)", cold)):
        wall = statistics.median(f[0] for f in figures)
        cpu = statistics.median(f[1] for f in figures)
        rounds = ", ".join(f"{f[0]:.2f}" for f in figures)
        print(
            f"  {name}: {wall:.2f} s = {wall / floor:.2f}x floor ({rounds}); "
            f"CPU {cpu:.2f} s = {cpu / floor_cpu:.2f}x the floor's CPU"
        )
    print(
        f"  the same cold month with the rules taken out (no engine, explanation or "
        f"fingerprint; inputs read, every day's punches found, rows stored with "
        f"explanations of {text_length} characters, the month's mean): {bound[0]:.2f} s "
        f"= {bound[0] / floor:.2f}x floor: what no speed-up of the rules can remove"
    )
    print(
        f"  floor (plain sqlite3, one query, first-in/last-out, one transaction): {floor:.2f} s "
        f"({', '.join(f'{f[0]:.2f}' for f in floors)}); CPU {floor_cpu:.2f} s"
    )
    print(
        f"  peak memory: {baseline:.0f} MB before, {peak_small:.0f} MB after 1,000 staff, "
        f"{peak_all:.0f} MB after {len(staff):,} (chunks of employees)"
    )
    incremental = _incremental(7)
    print(
        f"incremental recompute after one new punch on {vendor}: "
        f"{statistics.median(incremental):.1f} ms median of {len(incremental)} "
        f"(target {INCREMENTAL_TARGET_MS:g} ms; {', '.join(f'{f:.1f}' for f in incremental)})"
    )
    figures_file = os.environ.get("HADIR_BENCH_FIGURES")
    if figures_file:  # scripts/bench.py compares the databases of one run
        Path(figures_file).write_text(
            json.dumps(
                {
                    "warm": statistics.median(f[0] for f in warm),
                    "cold": statistics.median(f[0] for f in cold),
                    "floor": floor,
                    "incremental_ms": statistics.median(incremental),
                }
            )
        )


if __name__ == "__main__":
    main()
