"""``hadir tallies --check`` compares every stored month tally with its day rows;
``hadir tallies --rebuild`` counts them all again (``hadir.attendance.tallies``)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from hadir.attendance.tallies import tallies_check, tallies_rebuild

SHOWN = 20  # mismatches listed; the count says how many in all


class Command(BaseCommand):
    help = (
        "Check the month tallies the TPP lists read against the stored days (--check), "
        "or count them all again (--rebuild)."
    )

    def add_arguments(self, parser: Any) -> None:
        action = parser.add_mutually_exclusive_group()
        action.add_argument("--check", action="store_true", help="compare, change nothing")
        action.add_argument("--rebuild", action="store_true", help="count every month again")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["rebuild"]:
            with transaction.atomic():
                written = tallies_rebuild()
            self.stdout.write(f"{written} rekap bulanan dihitung ulang dari data harian.")
            return
        if not options["check"]:
            raise CommandError("Sebutkan --check (periksa saja) atau --rebuild (hitung ulang).")
        with transaction.atomic():
            found = tallies_check()
        for mismatch in found[:SHOWN]:
            # Ids, not names: this output ends up in terminals and logs.
            state = "tidak ada" if mismatch.stored is None else "berbeda"
            if mismatch.counted is None:
                state = "tanpa data harian"
            self.stdout.write(
                f"pegawai {mismatch.employee_id}\tunit {mismatch.unit_id}\t"
                f"{mismatch.month:%Y-%m}\t{state}"
            )
        if found:
            raise CommandError(
                f"{len(found)} rekap bulanan tidak sesuai dengan data harian. "
                "Jalankan: hadir tallies --rebuild"
            )
        self.stdout.write("Semua rekap bulanan sesuai dengan data harian.")
