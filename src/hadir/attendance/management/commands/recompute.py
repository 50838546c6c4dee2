"""``hadir recompute --month YYYY-MM [--unit CODE]`` and ``hadir recompute --dirty``."""

from __future__ import annotations

import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from hadir.attendance.recompute import recompute_all_dirty
from hadir.attendance.services import employees_between, month_bounds, recompute_month
from hadir.org.models import Unit


class Progress:
    """A one-line progress bar on stderr (no dependency, safe in logs)."""

    def __init__(self, total: int, label: str) -> None:
        self.total, self.done, self.label = max(total, 1), 0, label
        self.started = time.monotonic()

    def __call__(self, step: int) -> None:
        self.done += step
        width = 30
        filled = width * self.done // self.total
        sys.stderr.write(
            f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] "
            f"{self.done}/{self.total} pegawai, {time.monotonic() - self.started:.1f} s"
        )
        if self.done >= self.total:
            sys.stderr.write("\n")
        sys.stderr.flush()


class Command(BaseCommand):
    help = "Recompute day results for a month (optionally one unit), or the marked days."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--month", help="YYYY-MM")
        parser.add_argument("--unit", help="unit code (its sub-units are included)")
        parser.add_argument("--dirty", action="store_true", help="only the marked days")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["dirty"]:
            result = recompute_all_dirty()
            self.stdout.write(f"{result.days} hari dihitung ulang, {result.held} ditahan.")
            return
        if not options["month"]:
            raise CommandError("Sebutkan --month YYYY-MM (contoh: --month 2026-03) atau --dirty.")
        try:
            first, last = month_bounds(options["month"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        unit = None
        if options["unit"]:
            unit = Unit.objects.filter(code=options["unit"].upper()).first()
            if unit is None:
                raise CommandError(f"Unit tidak ditemukan: {options['unit']}")
        total = len(employees_between(first, last, unit))
        started = time.monotonic()
        result = recompute_month(
            options["month"], unit, progress=Progress(total, f"Hitung {options['month']}")
        )
        self.stdout.write(
            f"{result.days} hari untuk {total} pegawai dihitung dalam "
            f"{time.monotonic() - started:.1f} s"
            + (f"; {result.held} hari ditahan karena periodenya dikunci." if result.held else ".")
        )
