"""The four documents as PDF (reportlab, built-in Helvetica): header block on every page,
header row repeated, "Halaman x dari y", signatures at the end.

``compress=False`` writes uncompressed page streams, so tests can find the texts in the bytes.
The month recap defaults to F4 (215 x 330 mm, the folio paper of Indonesian offices) in
landscape: 31 day columns and the totals need its width; the others default to A4.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from typing import IO, Any

from reportlab.platypus import Flowable, KeepTogether, Spacer

from hadir.exports import labels
from hadir.exports.model import (
    DailyListDocument,
    DisciplineDocument,
    DocumentHeader,
    MonthRecapDocument,
    Signatory,
    TppDeductionDocument,
)
from hadir.exports.palette import CODE_SEPARATOR, Tone, code_tone
from hadir.exports.pdf_grid import (
    PADDING,
    Column,
    Grid,
    fit_widths,
    flowables_height,
    grid_pages,
    page_breaks,
    text_width,
)
from hadir.exports.pdf_list import Row, Spec, write_list_pdf
from hadir.exports.pdf_page import (
    PageDecor,
    Paper,
    page_frame,
    paragraph,
    render,
    signature_block,
)
from hadir.exports.text import date_in_words, format_decimal_id, format_int_id
from hadir.exports.tpp_totals import TppTotal, tpp_lines

RECAP_FONT_SIZES = (6.0, 5.5, 5.0, 4.5, 4.0)  # tried in turn until the columns fit
LIST_FONT_SIZE = 7.0
NIP_SAMPLE = "0" * 18
NAME_MAX_EMS, POSITION_MAX_EMS = 32, 24  # wider name columns only push the days apart


def _fit(label: str, values: Iterable[str], size: float) -> float:
    """The width of a column holding ``values`` under a header wrapped at spaces."""
    words = label.split()
    widest = max((text_width(text, size) for text in [*words, *values]), default=0.0)
    return widest + 2 * PADDING + 0.5


def _period(header: DocumentHeader) -> str:
    return labels.LABEL_VALUE.format(label=labels.PERIOD, value=header.period_label)


def _money(amount: int | None) -> str:
    return "" if amount is None else format_int_id(amount)


def _ending(notes: Sequence[str], signatories: Sequence[Signatory], width: float) -> list[Flowable]:
    story: list[Flowable] = [Spacer(1, 6)]
    story += [paragraph(note) for note in notes]
    if signatories:
        story += signature_block(signatories, width)
    return story


def _empty(rows: Sequence[object]) -> list[Flowable]:
    return [] if rows else [Spacer(1, 4), paragraph(labels.NO_EMPLOYEES, 8)]


def month_recap_pdf(
    doc: MonthRecapDocument, *, paper: Paper = "F4", compress: bool = True
) -> bytes:
    """The month recap on landscape pages, font sized down (6 to 4 pt) until it fits."""
    width, height = page_frame(paper, "landscape")
    size, columns = _recap_columns(doc, width)
    offset = 3  # No, Nama / NIP, Jabatan come before the days
    shaded = [offset + index for index, off in enumerate(doc.day_is_off) if off]
    total_start = offset + len(doc.days)
    header_tones = {
        total_start + index: code_tone(code)
        for index, code in enumerate(doc.total_codes)
        if code_tone(code) is not Tone.PLAIN
    }
    rows: list[list[str]] = []
    tones: list[dict[int, Tone]] = []
    for number, row in enumerate(doc.rows, 1):
        cells = [str(number), f"{row.name}\n{row.nip_or_number}", row.position]
        cells += [code.replace(CODE_SEPARATOR, "\n") for code in row.day_codes]
        cells += [str(row.totals.get(code, 0)) for code in doc.total_codes]
        cells += [
            str(row.late_minutes),
            str(row.early_minutes),
            str(row.working_days),
            format_decimal_id(row.tpp_deduction_percent),
            _money(row.tpp_deduction_amount),
        ]
        rows.append(cells)
        row_tones: dict[int, Tone] = {}
        for index, code in enumerate(row.day_codes):
            tone = code_tone(code)
            if tone is not Tone.PLAIN:
                row_tones[offset + index] = tone
        tones.append(row_tones)
    grid = Grid(columns, rows, size, shaded, header_tones, tones)
    tail = [*_empty(doc.rows), Spacer(1, 4), paragraph(labels.PDF_LEGEND, 6.5)]
    tail += _ending(doc.notes, doc.signatories, width)
    tail_height = flowables_height(tail, width, height)
    story = [*page_breaks(grid_pages(grid, height, tail_height)), KeepTogether(tail)]
    decor = PageDecor(doc.header, labels.TITLE_MONTH_RECAP, _period(doc.header))
    return render(
        decor=decor,
        story=story,
        paper=paper,
        orientation="landscape",
        subject=_period(doc.header),
        compress=compress,
    )


def _recap_columns(doc: MonthRecapDocument, available: float) -> tuple[float, list[Column]]:
    """The largest font size at which the fixed columns leave room for name and position."""
    codes = {part for row in doc.rows for code in row.day_codes for part in code.split("+")}
    count_samples = {
        code: [str(row.totals.get(code, 0)) for row in doc.rows] for code in doc.total_codes
    }
    amounts = [_money(row.tpp_deduction_amount) for row in doc.rows]
    for size in RECAP_FONT_SIZES:
        day = _fit("", [*codes, "31"], size)
        fixed = [
            Column(labels.COL_NUMBER, _fit(labels.COL_NUMBER, [str(len(doc.rows))], size), "RIGHT"),
            *(Column(str(day_.day), day, "CENTER") for day_ in doc.days),
            *(
                Column(code, _fit(code, count_samples[code], size), "RIGHT")
                for code in doc.total_codes
            ),
            Column(
                labels.COL_LATE_MINUTES_SHORT,
                _fit(labels.COL_LATE_MINUTES_SHORT, [str(r.late_minutes) for r in doc.rows], size),
                "RIGHT",
            ),
            Column(
                labels.COL_EARLY_MINUTES_SHORT,
                _fit(
                    labels.COL_EARLY_MINUTES_SHORT, [str(r.early_minutes) for r in doc.rows], size
                ),
                "RIGHT",
            ),
            Column(
                labels.COL_WORKING_DAYS_SHORT,
                _fit(labels.COL_WORKING_DAYS_SHORT, ["31"], size),
                "RIGHT",
            ),
            Column(
                labels.COL_TPP_PERCENT_SHORT,
                _fit(labels.COL_TPP_PERCENT_SHORT, ["100,00"], size),
                "RIGHT",
            ),
            Column(
                labels.COL_TPP_AMOUNT_SHORT,
                _fit(labels.COL_TPP_AMOUNT_SHORT, amounts, size),
                "RIGHT",
            ),
        ]
        spare = available - sum(column.width for column in fixed)
        name_min = _fit("", [NIP_SAMPLE], size) + 10 * size
        position_min = 9 * size
        if spare >= name_min + position_min or size == RECAP_FONT_SIZES[-1]:
            name_width = min(max(name_min, spare * 0.55), NAME_MAX_EMS * size)
            position_width = min(max(spare - name_width, position_min), POSITION_MAX_EMS * size)
            fixed = _widen(fixed, spare - name_width - position_width)
            columns = [
                fixed[0],
                Column(labels.COL_NAME_NIP, name_width, wrap=True),
                Column(labels.COL_POSITION, position_width, wrap=True),
                *fixed[1:],
            ]
            return size, columns
    raise AssertionError("unreachable: the last font size always returns")  # pragma: no cover


def _widen(columns: list[Column], extra: float) -> list[Column]:
    """Share ``extra`` points among the columns after "No", in proportion to their widths."""
    if extra <= 0:
        return columns
    total = sum(column.width for column in columns[1:])
    return [
        columns[0],
        *(replace(c, width=c.width + extra * c.width / total) for c in columns[1:]),
    ]


def _list_columns(specs: Sequence[Spec], available: float, size: float) -> list[Column]:
    """The columns of a list document (see ``Spec``)."""
    fixed: list[float | None] = []
    weights: list[float] = []
    for label, content, _ in specs:
        if isinstance(content, float):
            fixed.append(None)
            weights.append(content)
        else:
            fixed.append(_fit(label, content, size))
            weights.append(0.0)
    widths = fit_widths(fixed, weights, available)
    return [
        Column(label, width, align, wrap=isinstance(content, float))
        for (label, content, align), width in zip(specs, widths, strict=True)
    ]


def _list_pdf(out: IO[bytes] | None = None, **document: Any) -> bytes:
    """The list document written to ``out`` (returns b""), or returned as bytes."""
    if out is not None:
        write_list_pdf(out, font_size=LIST_FONT_SIZE, **document)
        return b""
    buffer = io.BytesIO()
    write_list_pdf(buffer, font_size=LIST_FONT_SIZE, **document)
    return buffer.getvalue()


def _numbers(rows: Sequence[object]) -> list[str]:
    return [str(len(rows)), labels.COL_NUMBER]


def _tpp_rows(doc: TppDeductionDocument) -> Iterator[Row]:
    number = 0
    for line in tpp_lines(doc.rows, per_unit=doc.per_unit_totals):
        if isinstance(line, TppTotal):
            money = [_money(line.base), "", _money(line.deduction), _money(line.paid)]
            yield (
                ["", "", line.label, "", "", *money, line.remark],
                {2: Tone.LATE} if line.missing_base else {},
            )
            continue
        number += 1
        missing = line.tpp_base is None
        who = [str(number), line.nip_or_number, line.name, line.position, line.unit_name]
        base = labels.BASE_MISSING if missing else _money(line.tpp_base)
        money = [format_decimal_id(line.deduction_percent), _money(line.deduction_amount)]
        yield (
            [*who, base, *money, _money(line.paid_amount), line.reasons],
            {5: Tone.ABSENT} if missing else {},
        )


def tpp_deduction_pdf(
    doc: TppDeductionDocument,
    *,
    paper: Paper = "A4",
    compress: bool = True,
    out: IO[bytes] | None = None,
) -> bytes:
    """The TPP list as payroll reads it, landscape: base, percent, deduction and the amount
    to pay, a subtotal per unit (region's list) and the grand total; reasons wrapped.
    Written to ``out`` page by page when given (a region's list: memory flat in its size)."""
    specs: list[Spec] = [
        (labels.COL_NUMBER, _numbers(doc.rows), "RIGHT"),
        (labels.COL_NIP, [NIP_SAMPLE], "LEFT"),
        (labels.COL_NAME, 1.2, "LEFT"),
        (labels.COL_POSITION_CLASS, 0.9, "LEFT"),
        (labels.COL_UNIT, 0.9, "LEFT"),
        (labels.COL_TPP_BASE, [], "RIGHT"),
        (labels.COL_DEDUCTION_PERCENT, ["100,00"], "RIGHT"),
        (labels.COL_DEDUCTION_AMOUNT, [], "RIGHT"),
        (labels.COL_TPP_PAID, [], "RIGHT"),
        (labels.COL_REASONS, 2.0, "LEFT"),
    ]
    return _list_pdf(
        out,
        header=doc.header,
        title=labels.TITLE_TPP,
        period=_period(doc.header),
        specs=specs,
        rows=lambda: _tpp_rows(doc),
        notes=(*doc.warnings, *doc.notes),
        signatories=doc.signatories,
        paper=paper,
        orientation="landscape",
        compress=compress,
    )


def _discipline_rows(doc: DisciplineDocument) -> Iterator[Row]:
    flag_column = 9
    for number, row in enumerate(doc.rows, 1):
        cells = [
            str(number),
            row.nip_or_number,
            row.name,
            row.unit_name,
            row.employee_type,
            str(row.tk_days),
            str(row.late_early_minutes),
            format_decimal_id(row.equivalent_days),
            row.sanction_label,
            labels.YES if row.consecutive_absence_flag else "",
        ]
        yield cells, {flag_column: Tone.ABSENT} if row.consecutive_absence_flag else {}


def discipline_pdf(
    doc: DisciplineDocument,
    *,
    paper: Paper = "A4",
    compress: bool = True,
    out: IO[bytes] | None = None,
) -> bytes:
    """The yearly discipline list, landscape; 10 consecutive absent days marked "Ya"."""
    specs: list[Spec] = [
        (labels.COL_NUMBER, _numbers(doc.rows), "RIGHT"),
        (labels.COL_NIP, [NIP_SAMPLE], "LEFT"),
        (labels.COL_NAME, 1.3, "LEFT"),
        (labels.COL_UNIT, 1.0, "LEFT"),
        (labels.COL_EMPLOYEE_TYPE, [], "LEFT"),
        (labels.COL_TK_DAYS, [], "RIGHT"),
        (labels.COL_LATE_EARLY_MINUTES_SHORT, [], "RIGHT"),
        (labels.COL_EQUIVALENT_DAYS, [], "RIGHT"),
        (labels.COL_SANCTION, 1.4, "LEFT"),
        (labels.COL_CONSECUTIVE_SHORT, [labels.YES], "CENTER"),
    ]
    return _list_pdf(
        out,
        header=doc.header,
        title=labels.TITLE_DISCIPLINE.format(year=doc.year),
        period=_period(doc.header),
        specs=specs,
        rows=lambda: _discipline_rows(doc),
        notes=doc.notes,
        signatories=doc.signatories,
        paper=paper,
        orientation="landscape",
        compress=compress,
    )


def _daily_rows(doc: DailyListDocument) -> Iterator[Row]:
    codes_column = 5
    for number, row in enumerate(doc.rows, 1):
        cells = [
            str(number),
            row.nip_or_number,
            row.name,
            row.check_in or "",
            row.check_out or "",
            row.codes,
            row.explanation,
        ]
        tone = code_tone(row.codes)
        yield cells, {codes_column: tone} if tone is not Tone.PLAIN else {}


def daily_list_pdf(
    doc: DailyListDocument,
    *,
    paper: Paper = "A4",
    compress: bool = True,
    out: IO[bytes] | None = None,
) -> bytes:
    """The daily list, portrait: times, codes (coloured like the recap), explanation."""
    specs: list[Spec] = [
        (labels.COL_NUMBER, _numbers(doc.rows), "RIGHT"),
        (labels.COL_NIP, [NIP_SAMPLE], "LEFT"),
        (labels.COL_NAME, 1.0, "LEFT"),
        (labels.COL_CHECK_IN, ["00:00"], "CENTER"),
        (labels.COL_CHECK_OUT, ["00:00"], "CENTER"),
        (labels.COL_CODES, [], "CENTER"),
        (labels.COL_EXPLANATION, 1.2, "LEFT"),
    ]
    date_line = labels.LABEL_VALUE.format(label=labels.DATE, value=date_in_words(doc.day))
    return _list_pdf(
        out,
        header=doc.header,
        title=labels.TITLE_DAILY,
        period=date_line,
        specs=specs,
        rows=lambda: _daily_rows(doc),
        notes=doc.notes,
        signatories=doc.signatories,
        paper=paper,
        orientation="portrait",
        compress=compress,
    )
