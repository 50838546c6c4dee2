"""XLSX documents read back with openpyxl (normal mode): every cell against the input."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from decimal import Decimal

import pytest

from hadir.exports import labels, palette
from hadir.exports.model import (
    DAY_FLAGS_MISMATCH,
    NAIVE_GENERATED_AT,
    ROW_DAYS_MISMATCH,
    DocumentHeader,
    MonthRecapDocument,
)
from hadir.exports.samples import sample_daily, sample_discipline, sample_tpp
from hadir.exports.xlsx import (
    HEADER_ROW,
    daily_list_xlsx,
    discipline_xlsx,
    month_recap_xlsx,
    tpp_deduction_xlsx,
)

from .conftest import LEADING_ZERO_NUMBER, open_sheet

FIRST_ROW = HEADER_ROW + 1


def test_title_rows_carry_region_unit_period_and_generated_at(recap: MonthRecapDocument):
    sheet = open_sheet(month_recap_xlsx(recap))
    assert [sheet.cell(row, 1).value for row in range(1, 6)] == [
        labels.TITLE_MONTH_RECAP,
        "Pemerintah Kabupaten Muaro Jambi",
        "Unit kerja: Dinas Pendidikan (1.01.01)",
        "Periode: Maret 2026",
        "Dicetak: 01-04-2026 13:05 WIB",
    ]


def test_header_row_has_fixed_columns_days_totals_and_figures(recap: MonthRecapDocument):
    sheet = open_sheet(month_recap_xlsx(recap))
    header = [cell.value for cell in sheet[HEADER_ROW]]
    assert header[:4] == ["No", "NIP", "Nama", "Jabatan"]
    assert header[4:35] == list(range(1, 32))
    assert header[35 : 35 + len(recap.total_codes)] == list(recap.total_codes)
    assert header[35 + len(recap.total_codes) :] == [
        "Menit terlambat",
        "Menit pulang cepat",
        "Hari kerja",
        "Potongan TPP %",
        "Potongan Rp",
    ]


def test_each_row_matches_its_employee(recap: MonthRecapDocument):
    sheet = open_sheet(month_recap_xlsx(recap))
    n_totals = len(recap.total_codes)
    for offset, row in enumerate(recap.rows):
        values = [cell.value for cell in sheet[FIRST_ROW + offset]]
        assert values[0] == offset + 1
        assert values[1:4] == [row.nip_or_number, row.name, row.position]
        assert values[4:35] == [code or None for code in row.day_codes]
        assert values[35 : 35 + n_totals] == [row.totals.get(c, 0) for c in recap.total_codes]
        late, early, working, percent, amount = values[35 + n_totals :]
        assert (late, early, working) == (row.late_minutes, row.early_minutes, row.working_days)
        assert Decimal(str(percent)) == row.tpp_deduction_percent
        assert amount == row.tpp_deduction_amount


def test_nips_are_text_with_all_18_digits(recap: MonthRecapDocument):
    sheet = open_sheet(month_recap_xlsx(recap))
    first = sheet.cell(FIRST_ROW, 2)
    assert first.value == LEADING_ZERO_NUMBER
    assert first.data_type == "s"
    assert first.number_format == "@"
    for offset in range(len(recap.rows)):
        cell = sheet.cell(FIRST_ROW + offset, 2)
        assert isinstance(cell.value, str)
        assert len(cell.value) == 18
        assert cell.value.isdigit()


def test_percent_is_a_number_with_two_decimals_and_amounts_have_thousands(
    recap: MonthRecapDocument,
):
    sheet = open_sheet(month_recap_xlsx(recap))
    last = 4 + len(recap.days) + len(recap.total_codes) + 5
    percent, amount = sheet.cell(FIRST_ROW, last - 1), sheet.cell(FIRST_ROW, last)
    assert percent.data_type == "n"
    assert percent.number_format == "0.00"
    assert amount.number_format == "#,##0"


def test_days_off_are_shaded_and_codes_coloured(recap: MonthRecapDocument):
    sheet = open_sheet(month_recap_xlsx(recap))
    for index, off in enumerate(recap.day_is_off):
        head = sheet.cell(HEADER_ROW, 5 + index)
        expected = palette.OFF_DAY_FILL if off else palette.HEADER_FILL
        assert head.fill.fgColor.rgb.endswith(expected)
    for offset, row in enumerate(recap.rows):
        for index, code in enumerate(row.day_codes):
            cell = sheet.cell(FIRST_ROW + offset, 5 + index)
            if code == "TK":
                assert cell.fill.fgColor.rgb.endswith(palette.TONE_FILL[palette.Tone.ABSENT])
            elif code.startswith(("TL", "PSW")):
                assert cell.fill.fgColor.rgb.endswith(palette.TONE_FILL[palette.Tone.LATE])


def test_panes_are_frozen_under_the_header_right_of_the_name(recap: MonthRecapDocument):
    sheet = open_sheet(month_recap_xlsx(recap))
    assert sheet.freeze_panes == f"D{FIRST_ROW}"
    assert sheet.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    assert sheet.column_dimensions["C"].width == 30


def test_notes_and_signature_block_follow_the_table(recap: MonthRecapDocument):
    sheet = open_sheet(month_recap_xlsx(recap))
    below = [
        [value for value in row if value is not None]
        for row in sheet.iter_rows(min_row=FIRST_ROW + len(recap.rows), values_only=True)
    ]
    texts = [value for row in below for value in row]
    head, operator = recap.signatories
    assert recap.notes[0] in texts
    assert [head.role_label, operator.role_label] in below
    assert [head.name, operator.name] in below
    assert [f"NIP. {head.nip}", f"NIP. {operator.nip}"] in below
    assert head.place_date in texts
    assert below.index([head.role_label, operator.role_label]) < below.index(
        [head.name, operator.name]
    )


def test_text_that_looks_like_a_formula_stays_text(recap: MonthRecapDocument):
    evil = replace(recap.rows[0], name='=HYPERLINK("http://x","klik")')
    sheet = open_sheet(month_recap_xlsx(replace(recap, rows=(evil,))))
    cell = sheet.cell(FIRST_ROW, 3)
    assert cell.value == evil.name
    assert cell.data_type == "s"


def test_an_empty_unit_still_gives_a_sheet_with_a_message(recap: MonthRecapDocument):
    sheet = open_sheet(month_recap_xlsx(replace(recap, rows=())))
    assert sheet.cell(FIRST_ROW, 3).value == labels.NO_EMPLOYEES


def test_tpp_list_cells():
    doc = sample_tpp(50)
    sheet = open_sheet(tpp_deduction_xlsx(doc))
    assert sheet.cell(1, 1).value == labels.TITLE_TPP
    assert [c.value for c in sheet[HEADER_ROW]][-1] == labels.COL_REASONS
    for offset, row in enumerate(doc.rows):
        values = [cell.value for cell in sheet[FIRST_ROW + offset]]
        assert values[1:5] == [row.nip_or_number, row.name, row.position or None, row.unit_name]
        assert values[5] == (row.tpp_base if row.tpp_base is not None else labels.BASE_MISSING)
        assert Decimal(str(values[6])) == row.deduction_percent
        assert values[7:] == [row.deduction_amount, row.paid_amount, row.reasons or None]
        assert sheet.cell(FIRST_ROW + offset, 2).data_type == "s"


def test_discipline_list_cells():
    doc = sample_discipline(50)
    sheet = open_sheet(discipline_xlsx(doc))
    assert sheet.cell(1, 1).value == labels.TITLE_DISCIPLINE.format(year=2026)
    for offset, row in enumerate(doc.rows):
        values = [cell.value for cell in sheet[FIRST_ROW + offset]]
        assert values[1:7] == [
            row.nip_or_number,
            row.name,
            row.unit_name,
            row.employee_type,
            row.tk_days,
            row.late_early_minutes,
        ]
        assert Decimal(str(values[7])) == row.equivalent_days
        assert values[8] == (row.sanction_label or None)
        assert values[9] == (labels.YES if row.consecutive_absence_flag else None)


def test_daily_list_cells():
    doc = sample_daily(50)
    sheet = open_sheet(daily_list_xlsx(doc))
    assert sheet.cell(4, 1).value == "Tanggal: Senin, 2 Maret 2026"
    assert sheet.page_setup.orientation == "portrait"
    for offset, row in enumerate(doc.rows):
        values = [cell.value for cell in sheet[FIRST_ROW + offset]]
        assert values[1:] == [
            row.nip_or_number,
            row.name,
            row.check_in,
            row.check_out,
            row.codes or None,
            row.explanation or None,
        ]


def test_generated_at_must_be_aware():
    with pytest.raises(ValueError, match=NAIVE_GENERATED_AT):
        DocumentHeader("R", "U", "", "Maret 2026", datetime(2026, 4, 1), "01-04-2026")


def test_rows_and_day_flags_must_cover_every_day(recap: MonthRecapDocument):
    with pytest.raises(ValueError) as flags:
        replace(recap, day_is_off=recap.day_is_off[:-1])
    assert str(flags.value) == DAY_FLAGS_MISMATCH.format(flags=30, days=31)
    short = replace(recap.rows[0], day_codes=recap.rows[0].day_codes[:28])
    with pytest.raises(ValueError) as row:
        replace(recap, rows=(short,))
    expected = ROW_DAYS_MISMATCH.format(number=1, name=short.name, codes=28, days=31)
    assert str(row.value) == expected
