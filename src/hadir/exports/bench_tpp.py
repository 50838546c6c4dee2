"""How long the region's TPP list (issue 15: at most 2 s, streamed) takes to render, beside
floors measured in the same run (``scripts/bench.py exports``; never asserted).

The list is the synthetic one of :func:`hadir.exports.samples.sample_tpp` with a subtotal per
unit; building it is not timed (the query is measured by the reporting tests' data, not here).
Each figure is the median of ``repeat`` runs, the machine being shared.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable

from openpyxl import Workbook
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas

from hadir.exports.model import TppDeductionDocument
from hadir.exports.pdf import tpp_deduction_pdf
from hadir.exports.samples import sample_tpp
from hadir.exports.xlsx import tpp_deduction_xlsx

TARGET_SECONDS = 2.0
ROWS_PER_PAGE = 16


def _cells(doc: TppDeductionDocument) -> list[list[object]]:
    return [
        [r.nip_or_number, r.name, r.position, r.unit_name, r.tpp_base, r.deduction_percent,
         r.deduction_amount, r.paid_amount, r.reasons]
        for r in doc.rows
    ]  # fmt: skip


def csv_floor(doc: TppDeductionDocument) -> bytes:
    """The same rows as plain CSV text: no styles, no layout."""
    out = io.StringIO()
    csv.writer(out).writerows(_cells(doc))
    return out.getvalue().encode()


def xlsx_floor(doc: TppDeductionDocument) -> bytes:
    """openpyxl write-only with the same rows and no styles."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in _cells(doc):
        sheet.append([None if v is None else str(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def pdf_floor(doc: TppDeductionDocument) -> bytes:
    """reportlab drawing the same strings on the canvas, no table, no wrapping."""
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=landscape(A4))
    for index, row in enumerate(_cells(doc)):
        y = 560 - (index % ROWS_PER_PAGE) * 32
        for column, value in enumerate(row):
            canvas.drawString(30 + column * 85, y, "" if value is None else str(value)[:40])
        if index % ROWS_PER_PAGE == ROWS_PER_PAGE - 1:
            canvas.showPage()
    canvas.save()
    return out.getvalue()


def _median_seconds(render: Callable[[TppDeductionDocument], bytes], doc: TppDeductionDocument,
                    repeat: int) -> float:  # fmt: skip
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        render(doc)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _peak_mib(render: Callable[[TppDeductionDocument], bytes], doc: TppDeductionDocument) -> float:
    tracemalloc.start()
    render(doc)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def pdf_to_file(doc: TppDeductionDocument) -> bytes:
    """The PDF as the server writes it for a download: page by page into a temporary file
    (``reporting.downloads.region_tpp_response``)."""
    with tempfile.TemporaryFile() as out:
        tpp_deduction_pdf(doc, out=out)
    return b""


def bench_region_tpp(n_employees: int = 10_000, *, repeat: int = 3) -> dict[str, float]:
    """Median seconds of the XLSX and PDF and of their floors, for ``n_employees`` rows."""
    doc = dataclasses.replace(sample_tpp(n_employees), per_unit_totals=True)
    renders = {
        "xlsx": tpp_deduction_xlsx,
        "pdf": pdf_to_file,
        "csv_floor": csv_floor,
        "xlsx_floor": xlsx_floor,
        "pdf_floor": pdf_floor,
    }
    return {name: _median_seconds(render, doc, repeat) for name, render in renders.items()}


def peak_memory_mib(n_employees: int) -> dict[str, float]:
    """Peak Python memory (tracemalloc) while rendering each format, in MiB: the XLSX made
    in memory, the PDF written to a file as a download writes it."""
    doc = dataclasses.replace(sample_tpp(n_employees), per_unit_totals=True)
    return {"xlsx": _peak_mib(tpp_deduction_xlsx, doc), "pdf": _peak_mib(pdf_to_file, doc)}
