"""The region's TPP list from the database, as BKD downloads it (``make bench``, after the
recompute benchmark has stored a month for 10,000 staff; never asserted).

``hadir.exports.bench_tpp`` times the drawing alone, on a synthetic list. This times what the
download view does: read every unit's month (``attendance.month_recaps``: the month tallies
the worker stored), build the list, write the PDF or XLSX into the spooled file the response
streams. Beside it, floors measured in the same run: a plain driver read of the month's
tallies, each parsed (the least any list of every person's month can read), plus the
drawing floors of ``bench_tpp`` on the same list; and, for scale, the plain read of the
month's day rows that the tallies spare.

Run: ``HADIR_DATA_DIR=... python -m hadir.reporting.bench_region 2026-03``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from typing import Any

TARGET_SECONDS = 2.0


def _median(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def tally_floor(first: Any) -> int:
    """Every month tally of the month through the bare driver cursor, each parsed and one
    number taken from it (late minutes): no models, no rules. Returns the rows read."""
    import json

    from django.db import connection

    totals: dict[int, int] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT employee_id, tally FROM attendance_monthtally WHERE month = %s", [first]
        )
        rows = cursor.fetchall()
    for employee_id, text in rows:
        totals[employee_id] = totals.get(employee_id, 0) + json.loads(text)["l"]
    return len(rows)


def read_floor(first: Any, last: Any) -> int:
    """Every day row of the month through the bare driver cursor, grouped per person into
    one number (late minutes): no models, no rules. Returns the rows read."""
    from django.db import connection

    totals: dict[int, int] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT employee_id, day, codes, working_day, late_minutes, early_minutes, "
            "leave_type FROM attendance_dayrecord WHERE day BETWEEN %s AND %s",
            [first, last],
        )
        rows = cursor.fetchall()
    for employee_id, _day, _codes, _working, late, _early, _leave in rows:
        totals[employee_id] = totals.get(employee_id, 0) + late
    return len(rows)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("month", nargs="?", default="2026-03")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hadir.settings")
    import django

    django.setup()
    from django.db import connection

    from hadir.attendance.services import month_bounds
    from hadir.exports.bench_tpp import pdf_floor, xlsx_floor
    from hadir.org.models import Unit
    from hadir.reporting.documents import region_tpp_deduction_document
    from hadir.reporting.downloads import Format, region_tpp_response
    from hadir.reporting.payroll import payroll_file

    first, last = month_bounds(args.month)
    units = Unit.objects.all()

    def download(fmt: Format) -> Callable[[], object]:
        def run() -> int:
            response = region_tpp_response(units, first, fmt)
            return sum(len(chunk) for chunk in response)

        return run

    doc = region_tpp_deduction_document(units, first)
    rows_read = read_floor(first, last)
    tallies_read = tally_floor(first)
    figures = {
        "pdf": _median(download(Format.PDF), args.repeat),
        "xlsx": _median(download(Format.XLSX), args.repeat),
        "csv": _median(lambda: payroll_file(units, first, "csv"), args.repeat),
        "build": _median(lambda: region_tpp_deduction_document(units, first), args.repeat),
        "read_floor": _median(lambda: read_floor(first, last), args.repeat),
        "tally_floor": _median(lambda: tally_floor(first), args.repeat),
        "pdf_floor": _median(lambda: pdf_floor(doc), args.repeat),
        "xlsx_floor": _median(lambda: xlsx_floor(doc), args.repeat),
    }
    vendor = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
    f = figures
    print(
        f"region TPP list from the database on {vendor}, {len(doc.rows):,} staff, {args.month} "
        f"(median of {args.repeat}; target {TARGET_SECONDS:g} s each, as downloaded):"
    )
    print(
        f"  PDF {f['pdf']:.2f} s (floor {f['tally_floor'] + f['pdf_floor']:.2f} s), "
        f"XLSX {f['xlsx']:.2f} s (floor {f['tally_floor'] + f['xlsx_floor']:.2f} s), "
        f"payroll CSV {f['csv']:.2f} s; of which reading every unit's month and building the "
        f"list {f['build']:.2f} s"
    )
    print(
        f"  floors: the month's {tallies_read:,} tallies read by the bare driver and parsed "
        f"{f['tally_floor']:.2f} s; then drawing the same list's strings on the canvas "
        f"{f['pdf_floor']:.2f} s (PDF) or writing them unstyled {f['xlsx_floor']:.2f} s (XLSX)"
    )
    print(
        f"  for scale: the month's {rows_read:,} day rows, which the tallies spare, read by the "
        f"bare driver and grouped per person {f['read_floor']:.2f} s"
    )


if __name__ == "__main__":
    main()
