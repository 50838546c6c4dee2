"""The floor of the month recompute (``make bench``; never asserted).

What the database and plain Python alone need for a month: plain ``sqlite3`` reads the
month's punches in one query, groups them per employee-day, takes first-in and last-out, a
simple late code (after 07:30) and writes one row per employee-day (every employee, every day
of the month, like the real recompute) into an empty copy of the day-record table (same
columns and indexes as the migrations made them) in one transaction. No schedule, holiday,
absence, policy or explanation: the recompute is read as a multiple of this.
"""

from __future__ import annotations

import sqlite3
import time
from datetime import date, timedelta
from itertools import groupby
from pathlib import Path

LATE_AFTER = "07:30:00"


def _month_days(first: date) -> list[date]:
    days = [first]
    while (days[-1] + timedelta(days=1)).month == first.month:
        days.append(days[-1] + timedelta(days=1))
    return days


def recompute_floor(data_dir: Path, first: date) -> tuple[int, float, float]:
    """(rows written, wall seconds, CPU seconds of this process) for the floor of
    ``first``'s month on the demo database."""
    days = [d.isoformat() for d in _month_days(first)]
    source = sqlite3.connect(data_dir / "hadir.sqlite3")
    schema = source.execute(
        "SELECT sql FROM sqlite_master WHERE tbl_name = 'attendance_dayrecord' AND sql IS NOT NULL"
    ).fetchall()
    floor_path = data_dir / "floor.sqlite3"
    floor_path.unlink(missing_ok=True)
    floor = sqlite3.connect(floor_path, isolation_level=None)
    floor.execute("PRAGMA journal_mode=WAL")
    floor.execute("PRAGMA synchronous=NORMAL")
    for (sql,) in schema:
        floor.execute(sql)
    insert = (
        "INSERT INTO attendance_dayrecord (employee_id, day, unit_id, codes, working_day, "
        "check_in, check_out, late_minutes, early_minutes, leave_type, explanation, "
        "computed_at) VALUES (?, ?, NULL, ?, 1, ?, ?, 0, 0, '', ?, ?)"
    )
    now = time.strftime("%Y-%m-%d %H:%M:%S")
    started, cpu = time.perf_counter(), time.process_time()
    employees = [e for (e,) in source.execute("SELECT id FROM people_employee ORDER BY id")]
    punches = source.execute(
        "SELECT employee_id, local_date, local_time FROM punches_punch "
        "WHERE counted AND employee_id IS NOT NULL AND local_date BETWEEN ? AND ? "
        "ORDER BY employee_id, local_date, local_time",
        (days[0], days[-1]),
    ).fetchall()
    first_last: dict[tuple[int, str], tuple[str, str]] = {}
    for key, group in groupby(punches, key=lambda row: (row[0], row[1])):
        times = [row[2] for row in group]
        first_last[key] = (times[0], times[-1])
    rows: list[tuple[int, str, str, str | None, str | None, str, str]] = []
    for employee in employees:
        for day in days:
            found = first_last.get((employee, day))
            if found is None:
                rows.append((employee, day, "TK", None, None, "Tidak ada absen.", now))
                continue
            check_in, check_out = found
            code = "TL1" if check_in[11:] > LATE_AFTER else "H"
            text = f"Masuk {check_in[11:16]}, pulang {check_out[11:16]}."
            rows.append((employee, day, code, check_in, check_out, text, now))
    floor.execute("BEGIN IMMEDIATE")
    floor.executemany(insert, rows)
    floor.execute("COMMIT")
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    source.close()
    floor.close()
    floor_path.unlink(missing_ok=True)
    return len(rows), seconds, cpu_seconds
