"""Downloadable import templates, built from the column table and the region's real data.

The first sheet (or the CSV file) has every column and example rows that the import accepts
as they are (free numbers, free PINs, real unit and schedule codes); an XLSX template has a
second sheet listing each column, whether it is required, its meaning and its valid values.
The reader reads only the first sheet, so the filled-in template uploads as it is."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from hadir.imports.columns import ColumnGuide, column_guides
from hadir.imports.models import ImportKind
from hadir.org.models import Unit
from hadir.people.models import Employee
from hadir.people.selectors import pin_suggest_free

Row = dict[str, str]


def _free_number(prefix: str, width: int, field: str) -> str:
    """The first number ``prefix`` + a counter of ``width`` digits that no employee holds."""
    taken = set(
        Employee.objects.filter(**{f"{field}__startswith": prefix}).values_list(field, flat=True)
    )
    for counter in range(1, 10**width):
        number = f"{prefix}{counter:0{width}d}"
        if number not in taken:
            return number
    return f"{prefix}{'9' * width}"


def _first(guides: list[ColumnGuide], name: str) -> str:
    column = next(g for g in guides if g.name == name)
    return column.values[0][0] if column.values else ""


def employee_examples(guides: list[ColumnGuide], today: date) -> list[Row]:
    """A PNS, a PPPK and a non-ASN employee that the import would accept as new."""
    unit = _first(guides, "unit_kode")
    schedule = _first(guides, "jadwal")
    pin = int(pin_suggest_free())
    return [
        {
            "nip": _free_number("199001012015031", 3, "nip"),
            "nama": "Contoh Pegawai PNS",
            "unit_kode": unit,
            "jenis": "PNS",
            "jabatan": "Pengadministrasi Umum",
            "pin": str(pin),
            "jadwal": "",
            "guru": "tidak",
            "nik": "",
            "berlaku": today.isoformat(),
        },
        {
            "nip": _free_number("199203152022212", 3, "pppk_number"),
            "nama": "Contoh Guru PPPK",
            "unit_kode": unit,
            "jenis": "PPPK",
            "jabatan": "Guru Ahli Pertama",
            "pin": str(pin + 1),
            "jadwal": schedule,
            "guru": "ya",
            "nik": "",
            "berlaku": "",
        },
        {
            "nip": _free_number("320101450195", 4, "nik"),
            "nama": "Contoh Tenaga Non-ASN",
            "unit_kode": unit,
            "jenis": "NON_ASN",
            "jabatan": "Petugas Kebersihan",
            "pin": str(pin + 2),
            "jadwal": "",
            "guru": "tidak",
            "nik": "",
            "berlaku": "",
        },
    ]


def unit_examples(guides: list[ColumnGuide], today: date) -> list[Row]:
    """A new school under an existing unit, with one location."""
    taken = set(Unit.objects.filter(code__startswith="CONTOH-").values_list("code", flat=True))
    code = next(f"CONTOH-{n}" for n in range(1, len(taken) + 2) if f"CONTOH-{n}" not in taken)
    return [
        {
            "kode": code,
            "nama": "SD Negeri Contoh",
            "jenis": "sekolah",
            "induk_kode": _first(guides, "induk_kode"),
            "lat": "-1.612345",
            "lon": "103.612345",
            "radius_m": "100",
            "lokasi": "Gedung utama",
        }
    ]


EXAMPLES: dict[str, Callable[[list[ColumnGuide], date], list[Row]]] = {
    ImportKind.EMPLOYEES: employee_examples,
    ImportKind.UNITS: unit_examples,
}


def template_rows(
    kind: str, unit_ids: set[int] | None, today: date
) -> tuple[list[ColumnGuide], list[Row]]:
    guides = column_guides(kind, unit_ids)
    return guides, EXAMPLES[kind](guides, today)


def template_csv(kind: str, unit_ids: set[int] | None, today: date) -> bytes:
    """The header and the example rows as CSV (UTF-8 with a BOM, so Excel reads it right)."""
    guides, rows = template_rows(kind, unit_ids, today)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([g.name for g in guides])
    for row in rows:
        writer.writerow([row.get(g.name, "") for g in guides])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_xlsx(kind: str, unit_ids: set[int] | None, today: date) -> bytes:
    """Sheet 1: the columns and example rows, every cell text (a NIP keeps its digits);
    sheet 2: each column, required or optional, its meaning and every valid value."""
    guides, rows = template_rows(kind, unit_ids, today)
    book = Workbook()
    data = book.worksheets[0]
    data.title = _("Data")
    data.append([g.name for g in guides])
    for row in rows:
        data.append([row.get(g.name, "") for g in guides])
    for column in data.iter_cols(min_row=1, max_row=len(rows) + 200):
        for cell in column:
            cell.number_format = "@"
    for cell in data[1]:
        cell.font = Font(bold=True)
    guide = book.create_sheet(_("Valid values"))
    guide.append([_("Column"), _("Required"), _("Meaning"), _("Valid value"), _("Means")])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for column_guide in guides:
        required = _("yes") if column_guide.required else _("optional")
        guide.append([column_guide.name, required, str(column_guide.meaning), "", ""])
        for value, meaning in column_guide.values:
            guide.append([column_guide.name, "", "", value, meaning])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
