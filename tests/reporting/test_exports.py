"""Exports built from stored results: open the XLSX and the uncompressed PDF and check the
figures against the recap the pages show."""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.http import FileResponse
from openpyxl import load_workbook

from hadir.attendance.recompute import recompute_all_dirty
from hadir.attendance.selectors import employee_month
from hadir.attendance.services import recompute_month
from hadir.exports.text import format_decimal_id, format_int_id
from hadir.exports.xlsx import HEADER_ROW
from hadir.reporting.downloads import Format, Kind, export_file
from hadir.reporting.services import submission_submit

from .conftest import APRIL_2, MARCH, WIB

NOW = datetime(2026, 4, 1, 13, 5, tzinfo=WIB)


def sheet_of(data: bytes):
    return load_workbook(io.BytesIO(data)).active


def pdf_string(text: str) -> bytes:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return b"(" + escaped.encode("latin-1") + b") Tj"


def rows_by_name(sheet) -> dict[str, list]:
    rows = {}
    for row in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True):
        if isinstance(row[0], int) and row[2]:
            rows[row[2]] = list(row)
    return rows


def test_month_recap_xlsx_matches_the_recap(dinkes, staff, chain):
    result = export_file(Kind.RECAP, Format.XLSX, dinkes, month=MARCH, now=NOW)
    assert result.filename == "rekap-DINKES-2026-03.xlsx"
    sheet = sheet_of(result.content)
    assert [sheet.cell(r, 1).value for r in range(2, 6)] == [
        "Kabupaten Uji",
        "Unit kerja: Unit DINKES (DINKES)",
        "Periode: Maret 2026",
        "Dicetak: 01-04-2026 13:05 WIB",
    ]
    header = [c.value for c in sheet[HEADER_ROW]]
    rows = rows_by_name(sheet)
    assert set(rows) == {"Budi Santoso", "Sari Dewi", "dr. Hasan Basri", "Rina Marlina"}
    for name, employee in (("Budi Santoso", staff["budi"]), ("Sari Dewi", staff["sari"])):
        recap = employee_month(employee, MARCH).recap
        values = dict(zip(header, rows[name], strict=True))
        assert values["NIP"] == employee.nip
        for code, count in recap.code_counts.items():
            assert values[code.value] == count
        assert values["TK"] == recap.tk_days
        assert values["Menit terlambat"] == recap.late_minutes
        assert values["Hari kerja"] == recap.working_days
        assert Decimal(str(values["Potongan TPP %"])) == recap.deduction_pct
        assert values["Potongan Rp"] == recap.deduction_amount
    budi = dict(zip(header, rows["Budi Santoso"], strict=True))
    assert (budi[1], budi[2], budi[3], budi[4]) == ("L", "H", "TL2", "TK")


def test_month_recap_pdf_carries_figures_and_signatures(dinkes, staff, chain):
    submission_submit(actor=chain["operator"], unit=dinkes, month=MARCH, now=APRIL_2)
    data = export_file(Kind.RECAP, Format.PDF, dinkes, month=MARCH, now=NOW, compress=False).content
    assert data.startswith(b"%PDF-")
    for employee in (staff["budi"], staff["sari"]):
        recap = employee_month(employee, MARCH).recap
        assert pdf_string(employee.name) in data
        assert pdf_string(employee.nip) in data
        assert pdf_string(format_decimal_id(recap.deduction_pct)) in data
        assert pdf_string(format_int_id(recap.deduction_amount)) in data
    for text in ("Kabupaten Uji", "Periode: Maret 2026", "Dicetak: 01-04-2026 13:05 WIB"):
        assert pdf_string(text) in data
    for text in ("Kepala Unit", "dr. Hasan Basri", "NIP. 196805121994031007"):
        assert pdf_string(text) in data
    for text in ("Operator", "Rina Marlina", "NIP. 199103042019032011", "1 April 2026"):
        assert pdf_string(text) in data
    assert pdf_string("Belum diverifikasi BKD: angka dapat berubah.") in data


def test_tpp_list_has_the_deduction_and_reasons(dinkes, staff, chain):
    sheet = sheet_of(export_file(Kind.TPP, Format.XLSX, dinkes, month=MARCH, now=NOW).content)
    rows = rows_by_name(sheet)
    recap = employee_month(staff["sari"], MARCH).recap
    header = [c.value for c in sheet[HEADER_ROW]]
    sari = dict(zip(header, rows["Sari Dewi"], strict=True))
    assert sari["Jabatan / golongan"] == (staff["sari"].position or None)
    assert sari["TPP dasar (Rp)"] == recap.tpp_base == 4_000_000
    assert Decimal(str(sari["Potongan %"])) == recap.deduction_pct
    assert sari["Potongan (Rp)"] == recap.deduction_amount
    assert sari["TPP dibayar (Rp)"] == 4_000_000 - recap.deduction_amount
    assert sari["Alasan potongan"].split("\n") == recap.reasons_text
    pdf = export_file(Kind.TPP, Format.PDF, dinkes, month=MARCH, now=NOW, compress=False)
    assert pdf_string(format_int_id(recap.deduction_amount)) in pdf.content


def test_discipline_list_counts_tk_days_of_the_year(dinkes, staff, chain):
    sheet = sheet_of(export_file(Kind.DISCIPLINE, Format.XLSX, dinkes, year=2026, now=NOW).content)
    rows = rows_by_name(sheet)
    recap = employee_month(staff["sari"], MARCH).recap
    sari = rows["Sari Dewi"]
    assert sari[4] == "PNS"
    assert sari[5] == recap.tk_days  # only March is computed
    assert sari[8] == "Pemotongan tunjangan kinerja 25% selama 12 bulan"
    assert sari[9] == "Ya"  # more than 10 consecutive working days absent


def test_daily_list_has_times_and_codes(dinkes, staff, chain):
    day = date(2026, 3, 3)
    result = export_file(Kind.DAILY, Format.XLSX, dinkes, day=day, now=NOW)
    assert result.filename == "harian-DINKES-2026-03-03.xlsx"
    budi = rows_by_name(sheet_of(result.content))["Budi Santoso"]
    assert budi[3:6] == ["08:12", "16:00", "TL2"]
    pdf = export_file(Kind.DAILY, Format.PDF, dinkes, day=day, now=NOW, compress=False).content
    assert b"(08:12) Tj" in pdf and b"Selasa, 3 Maret 2026" in pdf


def test_cli_writes_the_file(dinkes, staff, chain, tmp_path):
    target = tmp_path / "rekap.xlsx"
    out = io.StringIO()
    call_command(
        "export",
        "recap",
        "--unit",
        "DINKES",
        "--month",
        "2026-03",
        "--output",
        str(target),
        stdout=out,
    )
    assert "Budi Santoso" in rows_by_name(sheet_of(target.read_bytes()))
    pdf = tmp_path / "disiplin.pdf"
    call_command(
        "export",
        "discipline",
        "--unit",
        "DINKES",
        "--year",
        "2026",
        "--format",
        "pdf",
        "--output",
        str(pdf),
        stdout=out,
    )
    assert pdf.read_bytes().startswith(b"%PDF-")
    with pytest.raises(CommandError, match="daily needs --date YYYY-MM-DD"):
        call_command("export", "daily", "--unit", "DINKES")
    with pytest.raises(CommandError, match="No unit with code 'NOPE'"):
        call_command("export", "recap", "--unit", "NOPE", "--month", "2026-03")


def test_region_tpp_list_for_payroll(dinkes, staff, chain, two_units, make_employee, tmp_path):
    nurse = make_employee(two_units["PKM-A"], pin="301", name="Nur Aini", tpp_base=3_000_000)
    recompute_month("2026-03")
    recompute_all_dirty()
    target = tmp_path / "tpp.xlsx"
    call_command(
        "export",
        "tpp",
        "--all",
        "--month",
        "2026-03",
        "--output",
        str(target),
        stdout=io.StringIO(),
    )
    sheet = sheet_of(target.read_bytes())
    assert sheet.cell(3, 1).value == "Unit kerja: Semua unit kerja"
    rows = rows_by_name(sheet)
    assert rows["Nur Aini"][4] == "Unit PKM-A" and rows["Sari Dewi"][4] == "Unit DINKES"
    recap = employee_month(nurse, MARCH).recap
    assert rows["Nur Aini"][7] == recap.deduction_amount
    notes = [sheet.cell(r, 1).value for r in range(1, sheet.max_row + 1)]
    assert "Belum diverifikasi BKD (4 unit): DINKES, DISDIK, PKM-A, SDN-1." in notes
    with pytest.raises(CommandError, match="--all is for the TPP list only"):
        call_command("export", "recap", "--all", "--month", "2026-03")


def test_region_tpp_download_is_for_bkd(dinkes, staff, chain):
    from django.test import Client

    client = Client()
    client.force_login(chain["bkd"])
    response = client.get("/monitoring/tpp.xlsx?month=2026-03")
    assert response["Content-Disposition"] == 'attachment; filename="potongan-tpp-2026-03.xlsx"'
    assert response.streaming
    client.force_login(chain["head"])
    assert client.get("/monitoring/tpp.xlsx?month=2026-03").status_code == 404


@pytest.mark.parametrize("fmt", ["xlsx", "pdf"])
def test_region_tpp_download_streams_the_same_document(dinkes, staff, chain, fmt):
    from django.test import Client

    from hadir.org.models import Unit
    from hadir.reporting.downloads import Format, region_tpp_file

    client = Client()
    client.force_login(chain["bkd"])
    response = client.get(f"/monitoring/tpp.{fmt}?month=2026-03")
    assert isinstance(response, FileResponse) and response.streaming
    streamed = b"".join(response.streaming_content)
    direct = region_tpp_file(Unit.objects.all(), MARCH, Format(fmt)).content
    if fmt == "xlsx":
        assert [list(r) for r in sheet_of(streamed).iter_rows(values_only=True)][5:] == [
            list(r) for r in sheet_of(direct).iter_rows(values_only=True)
        ][5:]
    else:
        assert streamed.startswith(b"%PDF-") and streamed.rstrip().endswith(b"%%EOF")
        page = re.compile(rb"/Type /Page\b(?!s)")
        assert len(page.findall(streamed)) == len(page.findall(direct)) > 0
