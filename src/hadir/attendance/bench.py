"""Recompute benchmark (``make bench``): a full month for N employees, then one new punch.

Run as ``python -m hadir.attendance.bench N`` with ``HADIR_DATA_DIR`` pointing at a demo
database built with ``hadir demo --no-serve --employees N --today 2026-04-01`` (March 2026 is
then a full month of punches). Prints seconds and peak memory; asserts nothing.
"""

from __future__ import annotations

import os
import resource
import sys
import time
from datetime import datetime, timedelta


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hadir.settings")
    import django

    django.setup()
    from hadir.attendance.models import DayRecord
    from hadir.attendance.recompute import recompute_dirty
    from hadir.attendance.services import recompute_month
    from hadir.devices.models import Device
    from hadir.people.models import Employee
    from hadir.punches.models import Punch
    from hadir.punches.services import IncomingPunch, punches_ingest

    month = argv[0] if argv else "2026-03"
    started = time.perf_counter()
    result = recompute_month(month)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    employees = Employee.objects.count()
    print(
        f"recompute full month {month}: {employees} employees, {result.days} days in "
        f"{seconds:.2f} s; peak memory {peak_mb:.0f} MB (whole process)"
    )
    employee = Employee.objects.exclude(pin=None).order_by("pk").first()
    device = Device.objects.order_by("pk").first()
    if employee is None or not employee.pin:
        raise SystemExit("the demo database has no employee with a PIN")
    # Device-local wall-clock time, naive by design (see hadir.rules.punches); a second not
    # used before, so the punch is new even when the benchmark runs again.
    used = Punch.objects.filter(pin=employee.pin, local_date="2026-03-17").count()
    local_time = datetime.fromisoformat("2026-03-17 12:00:00") + timedelta(seconds=used)
    punch = IncomingPunch(pin=employee.pin, local_time=local_time)
    punches_ingest(
        source="push", source_ref=device.sn if device else "BENCH", punches=[punch], device=device
    )
    started = time.perf_counter()
    incremental = recompute_dirty()
    ms = (time.perf_counter() - started) * 1000
    print(
        f"incremental recompute after one new punch: {incremental.days} day(s) in {ms:.1f} ms "
        f"({DayRecord.objects.count()} day records stored)"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
