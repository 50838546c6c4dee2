"""The TPP payroll file keyed by NIP (CSV and XLSX, ``docs/exports.md``): one line per person
and unit for one month, the same figures as the TPP lists (``documents.tpp_row``), for a
payroll system to read, not for people: no title block, one header row, plain numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from hadir.attendance.month_recaps import units_month_recaps
from hadir.org.models import Unit
from hadir.reporting.documents import tpp_row
from hadir.reporting.downloads import XLSX_TYPE, ExportFile, Format
from hadir.reporting.models import PeriodSubmission, SubmissionState

CSV_TYPE = "text/csv; charset=utf-8"
STATUS_MISSING = "belum diisi"  # no TPP base for the month: no rupiah figures
STATUS_VERIFIED = "terverifikasi"  # the unit's month is verified by BKD
STATUS_NOT_VERIFIED = "belum diverifikasi"  # figures may still change
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet would run these as formulas


@dataclass(frozen=True, slots=True)
class PayrollRow:
    """One line of the payroll file; the field names are its column names."""

    nip: str
    nama: str
    unit_kode: str
    bulan: str  # "2026-03"
    tpp_dasar: int | None
    persen_potongan: Decimal
    potongan: int | None
    dibayar: int | None
    status: str


COLUMNS = tuple(f.name for f in fields(PayrollRow))


def payroll_rows(units: QuerySet[Unit], month: date) -> Iterator[PayrollRow]:
    """Every person of every active unit in ``units`` (by unit code, then name), a chunk of
    units at a time: a few queries per chunk however many people (``month_recaps``)."""
    first = month.replace(day=1)
    unit_list = list(units.filter(is_active=True).order_by("code"))
    verified = set(
        PeriodSubmission.objects.filter(
            month=first, unit__in=unit_list, state=SubmissionState.VERIFIED
        ).values_list("unit_id", flat=True)
    )
    for unit, people in units_month_recaps(unit_list, first):
        ready = STATUS_VERIFIED if unit.pk in verified else STATUS_NOT_VERIFIED
        for person in people:
            row = tpp_row(person, unit.name)
            yield PayrollRow(
                nip=row.nip_or_number,
                nama=row.name,
                unit_kode=unit.code,
                bulan=f"{first:%Y-%m}",
                tpp_dasar=row.tpp_base,
                persen_potongan=row.deduction_percent.quantize(Decimal("0.01")),
                potongan=row.deduction_amount,
                dibayar=row.paid_amount,
                status=STATUS_MISSING if row.tpp_base is None else ready,
            )


def _safe_text(value: str) -> str:
    """A text cell that a spreadsheet will not run as a formula (CSV injection)."""
    return f"'{value}" if value.startswith(FORMULA_START) else value


def payroll_csv(rows: Iterator[PayrollRow]) -> bytes:
    """UTF-8 with a byte-order mark (Excel then reads the names right), comma-separated,
    a point as decimal separator, empty cells where a figure is unknown."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        values = [getattr(row, name) for name in COLUMNS]
        writer.writerow(
            [_safe_text(v) if isinstance(v, str) else ("" if v is None else str(v)) for v in values]
        )
    return out.getvalue().encode("utf-8-sig")


def payroll_xlsx(rows: Iterator[PayrollRow]) -> bytes:
    """One sheet "TPP", the header on row 1, NIPs as text, rupiah as whole numbers, the
    percent as a number with two decimals; streamed (write-only)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("TPP")
    sheet.append(list(COLUMNS))
    for row in rows:
        nip = WriteOnlyCell(sheet, value=_safe_text(row.nip))
        nip.number_format = "@"
        percent = WriteOnlyCell(sheet, value=row.persen_potongan)
        percent.number_format = "0.00"
        money = []
        for amount in (row.tpp_dasar, row.potongan, row.dibayar):
            cell = WriteOnlyCell(sheet, value=amount)
            cell.number_format = "#,##0"
            money.append(cell)
        sheet.append(
            [
                nip,
                _safe_text(row.nama),
                row.unit_kode,
                row.bulan,
                money[0],
                percent,
                money[1],
                money[2],
                row.status,
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def payroll_file(units: QuerySet[Unit], month: date, fmt: Format | str) -> ExportFile:
    """``tpp-bayar-2026-03.csv`` or ``.xlsx`` for ``units`` (the caller's scope)."""
    rows = payroll_rows(units, month)
    name = f"tpp-bayar-{month:%Y-%m}"
    if str(fmt) == "csv":
        return ExportFile(f"{name}.csv", CSV_TYPE, payroll_csv(rows))
    if str(fmt) == Format.XLSX.value:
        return ExportFile(f"{name}.xlsx", XLSX_TYPE, payroll_xlsx(rows))
    raise ValueError(f"payroll has no {fmt} format")
