"""One entry point for the CLI and the download views: a document kind, a format, bytes."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse

from hadir import exports
from hadir.org.models import Unit
from hadir.reporting import documents

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_TYPE = "application/pdf"


class Kind(StrEnum):
    RECAP = "recap"
    TPP = "tpp"
    DISCIPLINE = "discipline"
    DAILY = "daily"


class Format(StrEnum):
    XLSX = "xlsx"
    PDF = "pdf"


@dataclass(frozen=True, slots=True)
class ExportFile:
    filename: str
    content_type: str
    content: bytes


def export_file(
    kind: Kind,
    fmt: Format,
    unit: Unit,
    *,
    month: date | None = None,
    year: int | None = None,
    day: date | None = None,
    now: datetime | None = None,
    compress: bool = True,
) -> ExportFile:
    """Render ``kind`` for ``unit``: ``month`` for the recap and TPP list, ``year`` for the
    discipline list, ``day`` for the daily list. File names say what and when:
    ``rekap-DINKES-2026-03.xlsx``."""
    pdf = fmt is Format.PDF
    if kind is Kind.RECAP and month is not None:
        recap = documents.month_recap_document(unit, month, now=now)
        body = (
            exports.month_recap_pdf(recap, compress=compress)
            if pdf
            else exports.month_recap_xlsx(recap)
        )
        stem = f"rekap-{unit.code}-{month:%Y-%m}"
    elif kind is Kind.TPP and month is not None:
        tpp = documents.tpp_deduction_document(unit, month, now=now)
        body = (
            exports.tpp_deduction_pdf(tpp, compress=compress)
            if pdf
            else exports.tpp_deduction_xlsx(tpp)
        )
        stem = f"potongan-tpp-{unit.code}-{month:%Y-%m}"
    elif kind is Kind.DISCIPLINE and year is not None:
        discipline = documents.discipline_document(unit, year, now=now)
        body = (
            exports.discipline_pdf(discipline, compress=compress)
            if pdf
            else exports.discipline_xlsx(discipline)
        )
        stem = f"disiplin-{unit.code}-{year}"
    elif kind is Kind.DAILY and day is not None:
        daily = documents.daily_list_document(unit, day, now=now)
        body = (
            exports.daily_list_pdf(daily, compress=compress)
            if pdf
            else exports.daily_list_xlsx(daily)
        )
        stem = f"harian-{unit.code}-{day:%Y-%m-%d}"
    else:
        raise ValueError(f"{kind} needs its period")
    return ExportFile(f"{stem}.{fmt.value}", PDF_TYPE if pdf else XLSX_TYPE, body)


def region_tpp_file(
    units: QuerySet[Unit], month: date, fmt: Format, *, now: datetime | None = None
) -> ExportFile:
    """The TPP deduction list of all ``units`` for payroll: ``potongan-tpp-2026-03.xlsx``."""
    doc = documents.region_tpp_deduction_document(units, month, now=now)
    pdf = fmt is Format.PDF
    body = exports.tpp_deduction_pdf(doc) if pdf else exports.tpp_deduction_xlsx(doc)
    return ExportFile(
        f"potongan-tpp-{month:%Y-%m}.{fmt.value}", PDF_TYPE if pdf else XLSX_TYPE, body
    )


SPOOL_IN_MEMORY_BYTES = 1 << 20  # a larger file goes to a temporary file on disk


def _spool() -> tempfile.SpooledTemporaryFile[bytes]:
    return tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY_BYTES)


def _attachment(spool: Any, filename: str, content_type: str) -> FileResponse:
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=filename, content_type=content_type)


def streamed_response(result: ExportFile) -> FileResponse:
    """``result`` as an attachment streamed in chunks from a spooled temporary file, so the
    server holds one chunk of a large list per request instead of a second copy of it."""
    spool = _spool()
    spool.write(result.content)
    return _attachment(spool, result.filename, result.content_type)


def region_tpp_response(
    units: QuerySet[Unit], month: date, fmt: Format, *, now: datetime | None = None
) -> FileResponse:
    """The region's TPP list as a streamed attachment. The PDF is written page by page
    straight into the spooled file, never whole in memory (issue 15: memory flat in the
    list's size); the XLSX as ``region_tpp_file`` makes it."""
    if fmt is not Format.PDF:
        return streamed_response(region_tpp_file(units, month, fmt, now=now))
    doc = documents.region_tpp_deduction_document(units, month, now=now)
    spool = _spool()
    exports.tpp_deduction_pdf(doc, out=spool)
    return _attachment(spool, f"potongan-tpp-{month:%Y-%m}.pdf", PDF_TYPE)
