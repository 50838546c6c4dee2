"""``hadir export recap|tpp --unit CODE --month YYYY-MM``, ``hadir export tpp --all --month
YYYY-MM`` (every unit, for payroll), ``hadir export discipline --unit CODE --year YYYY``,
``hadir export daily --unit CODE --date YYYY-MM-DD``; each with ``--format xlsx|pdf`` and
``--output FILE`` (default: the file name it suggests). ``hadir export payroll --month
YYYY-MM [--unit CODE] --format csv|xlsx``: the TPP payroll file keyed by NIP (every unit
unless ``--unit``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from hadir.edge import EdgeError, date_value, month_value, year_value
from hadir.org.models import Unit
from hadir.reporting.downloads import ExportFile, Format, Kind, export_file, region_tpp_file
from hadir.reporting.payroll import payroll_file

PAYROLL = "payroll"


class Command(BaseCommand):
    help = "Write a unit's month recap, TPP list, discipline list or daily list (XLSX or PDF)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("kind", choices=[*(k.value for k in Kind), PAYROLL])
        parser.add_argument("--unit", help="unit code")
        parser.add_argument("--all", action="store_true", help="every unit (tpp only)")
        parser.add_argument("--month", help="YYYY-MM (recap, tpp)")
        parser.add_argument("--year", help="YYYY (discipline)")
        parser.add_argument("--date", help="YYYY-MM-DD (daily)")
        formats = [*(f.value for f in Format), "csv"]
        parser.add_argument("--format", choices=formats, default="xlsx")
        parser.add_argument("--output", help="file to write (default: the suggested name)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["kind"] == PAYROLL:
            self._write(self._payroll(options), options["output"])
            return
        if options["format"] == "csv":
            raise CommandError("csv is for the payroll file only.")
        kind = Kind(options["kind"])
        if options["all"]:
            self._write(self._region_tpp(kind, options), options["output"])
            return
        unit = Unit.objects.filter(code=options["unit"] or "").first()
        if unit is None:
            raise CommandError(f"No unit with code {options['unit']!r} (give --unit CODE).")
        period: dict[str, Any] = {}
        needs = {"recap": "--month YYYY-MM", "tpp": "--month YYYY-MM"}
        needs |= {"discipline": "--year YYYY", "daily": "--date YYYY-MM-DD"}
        try:
            if kind in (Kind.RECAP, Kind.TPP):
                period["month"] = month_value(options["month"])
            elif kind is Kind.DISCIPLINE:
                period["year"] = year_value(options["year"])
            else:
                period["day"] = date_value(options["date"])
        except EdgeError as error:
            raise CommandError(f"{kind.value} needs {needs[kind.value]}. {error.text}") from error
        self._write(export_file(kind, Format(options["format"]), unit, **period), options["output"])

    def _region_tpp(self, kind: Kind, options: dict[str, Any]) -> ExportFile:
        if kind is not Kind.TPP:
            raise CommandError("--all is for the TPP list only.")
        try:
            month = month_value(options["month"])
        except EdgeError as error:
            raise CommandError(f"tpp needs --month YYYY-MM. {error.text}") from error
        return region_tpp_file(Unit.objects.all(), month, Format(options["format"]))

    def _payroll(self, options: dict[str, Any]) -> ExportFile:
        if options["format"] == Format.PDF.value:
            raise CommandError("The payroll file is csv or xlsx.")
        try:
            month = month_value(options["month"])
        except EdgeError as error:
            raise CommandError(f"payroll needs --month YYYY-MM. {error.text}") from error
        units = Unit.objects.all()
        if options["unit"]:
            units = units.filter(code=options["unit"])
            if not units.exists():
                raise CommandError(f"No unit with code {options['unit']!r}.")
        return payroll_file(units, month, options["format"])

    def _write(self, result: ExportFile, output_name: str | None) -> None:
        output = Path(output_name or result.filename)
        output.write_bytes(result.content)
        self.stdout.write(f"{output} ({len(result.content):,} bytes)")
