"""``hadir export recap|tpp --unit CODE --month YYYY-MM``, ``hadir export discipline --unit
CODE --year YYYY``, ``hadir export daily --unit CODE --date YYYY-MM-DD``; each with
``--format xlsx|pdf`` and ``--output FILE`` (default: the file name it suggests)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from hadir.attendance.services import month_bounds
from hadir.org.models import Unit
from hadir.reporting.downloads import Format, Kind, export_file


class Command(BaseCommand):
    help = "Write a unit's month recap, TPP list, discipline list or daily list (XLSX or PDF)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("kind", choices=[k.value for k in Kind])
        parser.add_argument("--unit", required=True, help="unit code")
        parser.add_argument("--month", help="YYYY-MM (recap, tpp)")
        parser.add_argument("--year", type=int, help="YYYY (discipline)")
        parser.add_argument("--date", help="YYYY-MM-DD (daily)")
        parser.add_argument("--format", choices=[f.value for f in Format], default="xlsx")
        parser.add_argument("--output", help="file to write (default: the suggested name)")

    def handle(self, *args: Any, **options: Any) -> None:
        kind = Kind(options["kind"])
        unit = Unit.objects.filter(code=options["unit"]).first()
        if unit is None:
            raise CommandError(f"No unit with code {options['unit']!r}.")
        period: dict[str, Any] = {}
        try:
            if kind in (Kind.RECAP, Kind.TPP):
                period["month"] = month_bounds(options["month"] or "")[0]
            elif kind is Kind.DISCIPLINE:
                if not options["year"]:
                    raise ValueError
                period["year"] = options["year"]
            else:
                period["day"] = date.fromisoformat(options["date"] or "")
        except ValueError as error:
            needs = {"recap": "--month YYYY-MM", "tpp": "--month YYYY-MM"}
            needs |= {"discipline": "--year YYYY", "daily": "--date YYYY-MM-DD"}
            raise CommandError(f"{kind.value} needs {needs[kind.value]}.") from error
        result = export_file(kind, Format(options["format"]), unit, **period)
        output = Path(options["output"] or result.filename)
        output.write_bytes(result.content)
        self.stdout.write(f"{output} ({len(result.content):,} bytes)")
