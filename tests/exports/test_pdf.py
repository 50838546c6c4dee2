"""PDF documents written uncompressed (``compress=False``): texts are found in the bytes."""

from __future__ import annotations

import re
from dataclasses import replace

from hadir.exports import labels
from hadir.exports.model import MonthRecapDocument
from hadir.exports.pdf import daily_list_pdf, discipline_pdf, month_recap_pdf, tpp_deduction_pdf
from hadir.exports.pdf_grid import ROWS_KEPT_WITH_TAIL, paginate
from hadir.exports.samples import sample_daily, sample_discipline, sample_month_recap, sample_tpp
from hadir.exports.text import format_decimal_id, format_int_id

from .conftest import LEADING_ZERO_NUMBER, page_count, pdf_string

F4_LANDSCAPE = b"/MediaBox [ 0 0 935.4331 609.4488 ]"
A4_LANDSCAPE = b"/MediaBox [ 0 0 841.8898 595.2756 ]"


def test_month_recap_holds_names_nips_totals_and_figures(recap: MonthRecapDocument):
    data = month_recap_pdf(recap, compress=False)
    assert data.startswith(b"%PDF-")
    for row in recap.rows:
        assert pdf_string(row.name) in data
        assert pdf_string(row.nip_or_number) in data
        assert pdf_string(format_decimal_id(row.tpp_deduction_percent)) in data
        if row.tpp_deduction_amount is not None:
            assert pdf_string(format_int_id(row.tpp_deduction_amount)) in data
    assert pdf_string(LEADING_ZERO_NUMBER) in data
    for code in recap.total_codes:
        assert pdf_string(code) in data
    assert pdf_string("TL2") in data and pdf_string("PSW1") in data  # "TL2+PSW1" on two lines


def test_header_block_and_signatures_are_printed(recap: MonthRecapDocument):
    data = month_recap_pdf(recap, compress=False)
    for text in (
        labels.TITLE_MONTH_RECAP,
        "Pemerintah Kabupaten Muaro Jambi",
        "Unit kerja: Dinas Pendidikan \\(1.01.01\\)",
        "Periode: Maret 2026",
        "Dicetak: 01-04-2026 13:05 WIB",
    ):
        assert b"(" + text.encode() + b") Tj" in data
    for signatory in recap.signatories:
        assert pdf_string(signatory.role_label) in data
        assert pdf_string(signatory.name) in data
        assert pdf_string(f"NIP. {signatory.nip}") in data
    assert pdf_string(recap.notes[0]) in data
    assert data.rindex(pdf_string(recap.signatories[0].name)) > data.rindex(
        pdf_string(recap.rows[-1].name)
    )


def test_a_thousand_employees_run_over_many_numbered_pages():
    doc = sample_month_recap(1000)
    data = month_recap_pdf(doc, compress=False)
    pages = page_count(data)
    assert pages > 10
    assert b"(Halaman 1 dari ) Tj" in data
    assert f"(Halaman {pages} dari ) Tj".encode() in data
    assert f"({pages}) Tj".encode() in data  # the page-count form, drawn on every page
    assert data.count(pdf_string(labels.COL_NAME_NIP)) == pages  # header row on every page
    assert pdf_string(doc.rows[-1].name) in data


def test_month_recap_defaults_to_f4_and_fits_a4_with_a_smaller_font(recap: MonthRecapDocument):
    f4 = month_recap_pdf(recap, compress=False)
    a4 = month_recap_pdf(recap, paper="A4", compress=False)
    assert F4_LANDSCAPE in f4
    assert A4_LANDSCAPE in a4
    sizes = {float(size) for size in re.findall(rb"/F1 ([\d.]+) Tf", a4)}
    assert min(sizes) < min(float(size) for size in re.findall(rb"/F1 ([\d.]+) Tf", f4))


def test_output_is_deterministic_and_dated_by_generated_at(recap: MonthRecapDocument):
    first = month_recap_pdf(recap)
    assert first == month_recap_pdf(recap)
    plain = month_recap_pdf(recap, compress=False)
    assert b"(D:20260401130500+07'00')" in plain
    assert len(first) < len(plain)


def test_tpp_list_pdf():
    doc = sample_tpp(50)
    data = tpp_deduction_pdf(doc, compress=False)
    assert pdf_string(labels.TITLE_TPP) in data
    for row in doc.rows:
        assert pdf_string(row.name) in data
        assert pdf_string(row.nip_or_number) in data
        for reason in filter(None, row.reasons.split("\n")):
            assert pdf_string(reason) in data
    assert A4_LANDSCAPE in data


def test_discipline_pdf():
    doc = sample_discipline(50)
    data = discipline_pdf(doc, compress=False)
    assert pdf_string(labels.TITLE_DISCIPLINE.format(year=2026)) in data
    for row in doc.rows:
        assert pdf_string(row.name) in data
        assert pdf_string(format_decimal_id(row.equivalent_days)) in data
        if row.sanction_label:
            assert pdf_string(row.sanction_label) in data
    assert pdf_string(labels.YES) in data


def test_daily_list_pdf_is_portrait_and_keeps_rows_with_the_signature():
    doc = sample_daily(60)
    data = daily_list_pdf(doc, compress=False)
    assert b"/MediaBox [ 0 0 595.2756 841.8898 ]" in data
    assert pdf_string("Tanggal: Senin, 2 Maret 2026") in data
    for row in doc.rows:
        assert pdf_string(row.name) in data
        if row.check_in:
            assert pdf_string(row.check_in) in data
    # every page has the header row: the signature never stands alone on a page
    assert data.count(pdf_string(labels.COL_EXPLANATION)) == page_count(data)


def test_empty_documents_render_with_a_message(recap: MonthRecapDocument):
    data = month_recap_pdf(replace(recap, rows=()), compress=False)
    assert pdf_string(labels.NO_EMPLOYEES) in data
    assert page_count(data) == 1


def test_pagination_moves_the_last_rows_to_the_page_of_the_tail():
    heights = [10.0] * 25
    assert paginate(heights, 100.0, 0.0) == [list(range(i, i + 10)) for i in (0, 10)] + [
        list(range(20, 25))
    ]
    pages = paginate(heights, 100.0, 60.0)
    assert pages[-1] == list(range(25 - ROWS_KEPT_WITH_TAIL, 25))
    assert pages[-2] == list(range(20, 25 - ROWS_KEPT_WITH_TAIL))
    assert paginate(heights, 100.0, 95.0)[-1] == [20, 21, 22, 23, 24]  # moving cannot help


def test_long_texts_wrap_and_odd_characters_do_not_break_the_pdf():
    doc = sample_tpp(3)
    odd = replace(
        doc.rows[0],
        name="Nama (dengan) \\ garis <b>miring</b> & Ünïcödé 漢字 \x00",
        reasons="Alasan " * 200 + "\n" + "x" * 500,
    )
    data = tpp_deduction_pdf(replace(doc, rows=(odd,)), compress=False)
    assert b"(Nama \\(dengan\\) \\\\ garis" in data
    assert page_count(data) >= 1
