"""``hadir recompute --month YYYY-MM [--unit CODE]``, ``--dirty``, and the parked days:
``--parked`` lists them, ``--retry-parked`` tries them again now, ``--dismiss-parked ID``
takes days that can never be computed off the list."""

from __future__ import annotations

import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from hadir.attendance.parking import parked_day_list, parked_days_dismiss, parked_days_retry
from hadir.attendance.recompute import RecomputeResult, recompute_all_dirty
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
        parser.add_argument(
            "--parked", action="store_true", help="list the days that could not be computed"
        )
        parser.add_argument(
            "--retry-parked", action="store_true", help="try the parked days again now"
        )
        parser.add_argument(
            "--dismiss-parked",
            nargs="+",
            type=int,
            metavar="ID",
            help="take parked days (ids from --parked) off the list",
        )

    def _summary(self, result: RecomputeResult) -> str:
        text = f"{result.days} hari dihitung ulang, {result.held} ditahan"
        if result.parked:
            text += f", {result.parked} gagal dan disisihkan (lihat: hadir recompute --parked)"
        return text + "."

    def _list_parked(self) -> None:
        rows = list(parked_day_list())
        for row in rows:
            # Ids, not names: this output ends up in terminals and logs.
            self.stdout.write(
                f"#{row.pk}\tpegawai {row.employee_id}\t{row.day}\t{row.attempts}x\t"
                f"{row.last_failed_at:%Y-%m-%d %H:%M}\t{row.error_type}: {row.error_message}"
            )
        self.stdout.write(f"{len(rows)} hari disisihkan.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["parked"]:
            self._list_parked()
            return
        if options["dismiss_parked"]:
            count = parked_days_dismiss(actor=None, ids=options["dismiss_parked"])
            self.stdout.write(f"{count} hari dikeluarkan dari daftar.")
            return
        if options["retry_parked"]:
            count = parked_days_retry(actor=None)
            result = recompute_all_dirty()
            left = parked_day_list().count()
            self.stdout.write(
                f"{count} hari dicoba lagi. {self._summary(result)} Masih disisihkan: {left}."
            )
            return
        if options["dirty"]:
            self.stdout.write(self._summary(recompute_all_dirty()))
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
            + (
                f" {result.parked} hari gagal dihitung dan disisihkan "
                "(lihat: hadir recompute --parked)."
                if result.parked
                else ""
            )
        )
