"""The four documents as XLSX: one sheet each, NIPs as text, figures as numbers.

Layout of every sheet: the title and four lines of facts (rows 1-5), a blank row, the
header row (``HEADER_ROW``), one row per employee, then notes and the signature block.
Panes are frozen under the header row and right of the name.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from openpyxl.cell import WriteOnlyCell

from hadir.exports import labels
from hadir.exports.model import (
    DailyListDocument,
    DisciplineDocument,
    DocumentHeader,
    MonthRecapDocument,
    RecapRow,
    Signatory,
    TppDeductionDocument,
)
from hadir.exports.palette import Tone, code_tone
from hadir.exports.text import date_in_words
from hadir.exports.tpp_totals import TppTotal, tpp_lines
from hadir.exports.xlsx_sheet import (
    CODE_STYLE,
    HEAD_STYLE,
    CellStyle,
    SheetWriter,
    header_lines,
    signature_columns,
)

HEADER_ROW = 7
CENT = Decimal("0.01")
NUMBER_WIDTH, NAME_WIDTH, NIP_WIDTH, UNIT_WIDTH, POSITION_WIDTH = 5, 30, 21, 28, 28
DAY_WIDTH_MAX = 6.0  # "PSW1" fits; "TL2+PSW1" is shrunk by Excel rather than widen 31 columns


def _percent(value: Decimal) -> Decimal:
    return value.quantize(CENT)


def _finish(
    sheet: SheetWriter, notes: Sequence[str], signatories: Sequence[Signatory], last_column: int
) -> bytes:
    if notes:
        sheet.blank()
        sheet.notes(notes)
    columns = signature_columns(len(signatories), first=3, last=max(3, last_column - 2))
    sheet.signature_block(signatories, columns)
    return sheet.to_bytes()


def _empty_row(sheet: SheetWriter, rows: Sequence[object]) -> None:
    if not rows:
        sheet.append([None, None, sheet.cell(labels.NO_EMPLOYEES, CellStyle.INFO)])


def month_recap_xlsx(doc: MonthRecapDocument) -> bytes:
    """The month recap: a row per employee, a column per day (days off shaded; late, early
    and absent codes coloured), a column per total code, minutes, working days and the TPP
    deduction.
    """
    code_width = max((len(code) for row in doc.rows for code in row.day_codes), default=1)
    day_width = min(max(3.5, code_width + 1.5), DAY_WIDTH_MAX)  # longer codes shrink to fit
    widths: list[float] = [NUMBER_WIDTH, NIP_WIDTH, NAME_WIDTH, POSITION_WIDTH]
    widths += [day_width] * len(doc.days)
    widths += [max(5, len(code) + 2) for code in doc.total_codes]
    widths += [10, 10, 7, 9, 13]
    sheet = SheetWriter(
        sheet_title=labels.SHEET_MONTH_RECAP,
        document_title=labels.TITLE_MONTH_RECAP,
        header=doc.header,
        widths=widths,
        header_row=HEADER_ROW,
        frozen_columns=3,
    )
    sheet.title_block(
        labels.TITLE_MONTH_RECAP, header_lines(doc.header, labels.PERIOD, doc.header.period_label)
    )
    sheet.blank()
    cell = sheet.cell
    head: list[WriteOnlyCell | None] = [
        cell(label, CellStyle.HEAD)
        for label in (labels.COL_NUMBER, labels.COL_NIP, labels.COL_NAME, labels.COL_POSITION)
    ]
    head += [
        cell(day.day, CellStyle.HEAD_OFF if off else CellStyle.HEAD)
        for day, off in zip(doc.days, doc.day_is_off, strict=True)
    ]
    head += [cell(code, HEAD_STYLE[code_tone(code)]) for code in doc.total_codes]
    head += [
        cell(label, CellStyle.HEAD)
        for label in (
            labels.COL_LATE_MINUTES,
            labels.COL_EARLY_MINUTES,
            labels.COL_WORKING_DAYS,
            labels.COL_TPP_PERCENT,
            labels.COL_TPP_AMOUNT,
        )
    ]
    sheet.append(head)
    for number, row in enumerate(doc.rows, 1):
        sheet.append(_recap_cells(sheet, number, row, doc))
    _empty_row(sheet, doc.rows)
    return _finish(sheet, doc.notes, doc.signatories, len(widths))


def _recap_cells(
    sheet: SheetWriter, number: int, row: RecapRow, doc: MonthRecapDocument
) -> list[WriteOnlyCell | None]:
    cell = sheet.cell
    cells: list[WriteOnlyCell | None] = [
        cell(number, CellStyle.INTEGER),
        cell(row.nip_or_number, CellStyle.ID),
        cell(row.name, CellStyle.TEXT),
        cell(row.position, CellStyle.TEXT),
    ]
    for code, off in zip(row.day_codes, doc.day_is_off, strict=True):
        tone = code_tone(code)
        style = CellStyle.CODE_OFF if off and tone is Tone.PLAIN else CODE_STYLE[tone]
        cells.append(cell(code or None, style))
    cells += [cell(row.totals.get(code, 0), CellStyle.INTEGER) for code in doc.total_codes]
    cells += [
        cell(row.late_minutes, CellStyle.INTEGER),
        cell(row.early_minutes, CellStyle.INTEGER),
        cell(row.working_days, CellStyle.INTEGER),
        cell(_percent(row.tpp_deduction_percent), CellStyle.DECIMAL),
        cell(row.tpp_deduction_amount, CellStyle.AMOUNT),
    ]
    return cells


def _simple_sheet(
    *,
    sheet_title: str,
    title: str,
    facts: list[str],
    doc_header: DocumentHeader,
    columns: Sequence[tuple[str, float]],
    landscape: bool = True,
    warning: str = "",
) -> SheetWriter:
    """The title block, then the row above the table (blank, or ``warning``), then the
    header row at ``HEADER_ROW``."""
    sheet = SheetWriter(
        sheet_title=sheet_title,
        document_title=title,
        header=doc_header,
        widths=[width for _, width in columns],
        header_row=HEADER_ROW,
        frozen_columns=3,
        landscape=landscape,
    )
    sheet.title_block(title, facts)
    if warning:
        sheet.append([sheet.cell(warning, CellStyle.INFO)])
    else:
        sheet.blank()
    sheet.append([sheet.cell(label, CellStyle.HEAD) for label, _ in columns])
    return sheet


def tpp_deduction_xlsx(doc: TppDeductionDocument) -> bytes:
    """The TPP list as a payroll clerk reads it: base, percent, deduction and the amount to
    pay, one employee a row; a subtotal per unit (region's list) and the grand total, summed
    from the rows written. A missing base reads "belum diisi" and is warned about on top."""
    columns = [
        (labels.COL_NUMBER, NUMBER_WIDTH),
        (labels.COL_NIP, NIP_WIDTH),
        (labels.COL_NAME, NAME_WIDTH),
        (labels.COL_POSITION_CLASS, POSITION_WIDTH),
        (labels.COL_UNIT, UNIT_WIDTH),
        (labels.COL_TPP_BASE, 14),
        (labels.COL_DEDUCTION_PERCENT, 11),
        (labels.COL_DEDUCTION_AMOUNT, 14),
        (labels.COL_TPP_PAID, 14),
        (labels.COL_REASONS, 70),
    ]
    sheet = _simple_sheet(
        sheet_title=labels.SHEET_TPP,
        title=labels.TITLE_TPP,
        facts=header_lines(doc.header, labels.PERIOD, doc.header.period_label),
        doc_header=doc.header,
        columns=columns,
        warning=" ".join(doc.warnings),
    )
    cell = sheet.cell
    number = 0
    for line in tpp_lines(doc.rows, per_unit=doc.per_unit_totals):
        if isinstance(line, TppTotal):
            sheet.append(
                [
                    None,
                    None,
                    cell(line.label, CellStyle.HEAD),
                    None,
                    None,
                    cell(line.base, CellStyle.AMOUNT),
                    None,
                    cell(line.deduction, CellStyle.AMOUNT),
                    cell(line.paid, CellStyle.AMOUNT),
                    cell(line.remark, CellStyle.TEXT_WRAP),
                ]
            )
            continue
        number += 1
        base = (
            cell(line.tpp_base, CellStyle.AMOUNT)
            if line.tpp_base is not None
            else cell(labels.BASE_MISSING, CellStyle.CODE_ABSENT)
        )
        sheet.append(
            [
                cell(number, CellStyle.INTEGER),
                cell(line.nip_or_number, CellStyle.ID),
                cell(line.name, CellStyle.TEXT),
                cell(line.position or None, CellStyle.TEXT),
                cell(line.unit_name, CellStyle.TEXT),
                base,
                cell(_percent(line.deduction_percent), CellStyle.DECIMAL),
                cell(line.deduction_amount, CellStyle.AMOUNT),
                cell(line.paid_amount, CellStyle.AMOUNT),
                cell(line.reasons or None, CellStyle.TEXT_WRAP),
            ]
        )
    _empty_row(sheet, doc.rows)
    return _finish(sheet, doc.notes, doc.signatories, len(columns))


def discipline_xlsx(doc: DisciplineDocument) -> bytes:
    """The yearly discipline list: TK days, minutes, equivalent days and the sanction."""
    columns = [
        (labels.COL_NUMBER, NUMBER_WIDTH),
        (labels.COL_NIP, NIP_WIDTH),
        (labels.COL_NAME, NAME_WIDTH),
        (labels.COL_UNIT, UNIT_WIDTH),
        (labels.COL_EMPLOYEE_TYPE, 10),
        (labels.COL_TK_DAYS, 8),
        (labels.COL_LATE_EARLY_MINUTES, 14),
        (labels.COL_EQUIVALENT_DAYS, 9),
        (labels.COL_SANCTION, 36),
        (labels.COL_CONSECUTIVE, 14),
    ]
    title = labels.TITLE_DISCIPLINE.format(year=doc.year)
    sheet = _simple_sheet(
        sheet_title=labels.SHEET_DISCIPLINE,
        title=title,
        facts=header_lines(doc.header, labels.PERIOD, doc.header.period_label),
        doc_header=doc.header,
        columns=columns,
    )
    cell = sheet.cell
    for number, row in enumerate(doc.rows, 1):
        flag_style = CellStyle.CODE_ABSENT if row.consecutive_absence_flag else CellStyle.CODE
        sheet.append(
            [
                cell(number, CellStyle.INTEGER),
                cell(row.nip_or_number, CellStyle.ID),
                cell(row.name, CellStyle.TEXT),
                cell(row.unit_name, CellStyle.TEXT),
                cell(row.employee_type, CellStyle.TEXT),
                cell(row.tk_days, CellStyle.INTEGER),
                cell(row.late_early_minutes, CellStyle.INTEGER),
                cell(_percent(row.equivalent_days), CellStyle.DECIMAL),
                cell(row.sanction_label or None, CellStyle.TEXT_WRAP),
                cell(labels.YES if row.consecutive_absence_flag else None, flag_style),
            ]
        )
    _empty_row(sheet, doc.rows)
    return _finish(sheet, doc.notes, doc.signatories, len(columns))


def daily_list_xlsx(doc: DailyListDocument) -> bytes:
    """The daily list: punch-in and punch-out times, codes and the explanation."""
    columns = [
        (labels.COL_NUMBER, NUMBER_WIDTH),
        (labels.COL_NIP, NIP_WIDTH),
        (labels.COL_NAME, NAME_WIDTH),
        (labels.COL_CHECK_IN, 9),
        (labels.COL_CHECK_OUT, 9),
        (labels.COL_CODES, 11),
        (labels.COL_EXPLANATION, 50),
    ]
    sheet = _simple_sheet(
        sheet_title=labels.SHEET_DAILY,
        title=labels.TITLE_DAILY,
        facts=header_lines(doc.header, labels.DATE, date_in_words(doc.day)),
        doc_header=doc.header,
        columns=columns,
        landscape=False,
    )
    cell = sheet.cell
    for number, row in enumerate(doc.rows, 1):
        sheet.append(
            [
                cell(number, CellStyle.INTEGER),
                cell(row.nip_or_number, CellStyle.ID),
                cell(row.name, CellStyle.TEXT),
                cell(row.check_in, CellStyle.CODE),
                cell(row.check_out, CellStyle.CODE),
                cell(row.codes or None, CODE_STYLE[code_tone(row.codes)]),
                cell(row.explanation or None, CellStyle.TEXT_WRAP),
            ]
        )
    _empty_row(sheet, doc.rows)
    return _finish(sheet, doc.notes, doc.signatories, len(columns))
