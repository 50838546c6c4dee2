"""TPP in rupiah on every TPP document: rows add up to the unit's and the region's totals,
a missing base is "belum diisi" and warned about, the payroll file round-trips."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import translation
from openpyxl import load_workbook
from tests.reporting.conftest import MARCH
from tests.reporting.test_exports import pdf_string

from hadir.accounts.models import User
from hadir.attendance.recompute import recompute_all_dirty
from hadir.attendance.selectors import employee_month
from hadir.attendance.services import recompute_month
from hadir.exports import labels
from hadir.exports.text import format_int_id
from hadir.org.models import Unit
from hadir.people.models import TppBase
from hadir.people.tpp import tpp_base_set
from hadir.reporting.downloads import Format, Kind, export_file, region_tpp_file
from hadir.reporting.payroll import COLUMNS, payroll_csv, payroll_rows, payroll_xlsx

HEADER_ROW = 7
AMOUNT_COLUMNS = ("TPP dasar (Rp)", "Potongan (Rp)", "TPP dibayar (Rp)")


@pytest.fixture
def paid(staff, chain, two_units, make_employee):
    """Budi's base rises to Rp 5.500.000 in March (history over the old single base); Sari
    keeps her old base; the head and the operator of DINKES have none; a nurse in PKM-A has
    Rp 3.000.000 from January."""
    tpp_base_set(employee=staff["budi"], valid_from=MARCH, amount=5_500_000)
    nurse = make_employee(two_units["PKM-A"], pin="301", name="Nur Aini")
    tpp_base_set(employee=nurse, valid_from=date(2026, 1, 1), amount="3.000.000")
    recompute_month("2026-03")
    recompute_all_dirty()
    return {**staff, "nurse": nurse}


def sheet_lines(content: bytes) -> tuple[list[str], list[dict], list[dict]]:
    """The header, the people's rows and the total rows of a TPP list sheet."""
    sheet = load_workbook(io.BytesIO(content)).active
    header = [c.value for c in sheet[HEADER_ROW]]
    people, totals = [], []
    for values in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True):
        row = dict(zip(header, values, strict=False))
        if isinstance(row["No"], int):
            people.append(row)
        elif row["Nama"] and str(row["Nama"]).startswith(("Jumlah", "JUMLAH")):
            totals.append(row)
    return header, people, totals


def amount_sums(rows: list[dict]) -> tuple[int, int, int]:
    def total(column: str) -> int:
        return sum(r[column] for r in rows if isinstance(r[column], int))

    return total(AMOUNT_COLUMNS[0]), total(AMOUNT_COLUMNS[1]), total(AMOUNT_COLUMNS[2])


def test_unit_tpp_list_rows_add_up_to_its_total(paid, dinkes):
    content = export_file(Kind.TPP, Format.XLSX, dinkes, month=MARCH).content
    _header, people, totals = sheet_lines(content)
    by_name = {row["Nama"]: row for row in people}
    budi = by_name["Budi Santoso"]
    recap = employee_month(paid["budi"], MARCH).recap
    assert budi["TPP dasar (Rp)"] == 5_500_000 == recap.tpp_base
    assert budi["Potongan (Rp)"] == recap.deduction_amount
    assert budi["TPP dibayar (Rp)"] == 5_500_000 - recap.deduction_amount
    assert by_name["dr. Hasan Basri"]["TPP dasar (Rp)"] == "belum diisi"
    assert by_name["dr. Hasan Basri"]["TPP dibayar (Rp)"] is None
    [grand] = totals
    assert grand["Nama"] == labels.GRAND_TOTAL
    assert amount_sums(people) == tuple(grand[c] for c in AMOUNT_COLUMNS)
    assert grand["TPP dasar (Rp)"] == 5_500_000 + 4_000_000
    assert grand["Alasan potongan"] == "4 pegawai; 2 TPP dasar belum diisi (tidak dijumlahkan)"
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet.cell(HEADER_ROW - 1, 1).value.startswith("Perhatian: TPP dasar 2 pegawai belum")


def test_region_list_subtotals_per_unit_and_grand_total_add_up(paid):
    content = region_tpp_file(Unit.objects.all(), MARCH, Format.XLSX).content
    _header, people, totals = sheet_lines(content)
    subtotals, grand = totals[:-1], totals[-1]
    assert [t["Nama"] for t in subtotals] == ["Jumlah Unit DINKES", "Jumlah Unit PKM-A"]
    for subtotal in subtotals:
        unit_name = subtotal["Nama"].removeprefix("Jumlah ")
        unit_rows = [row for row in people if row["Unit kerja"] == unit_name]
        assert amount_sums(unit_rows) == tuple(subtotal[c] for c in AMOUNT_COLUMNS)
    assert amount_sums(people) == tuple(grand[c] for c in AMOUNT_COLUMNS)
    assert tuple(grand[c] for c in AMOUNT_COLUMNS) == tuple(
        sum(t[c] for t in subtotals) for c in AMOUNT_COLUMNS
    )
    assert grand["TPP dasar (Rp)"] == 5_500_000 + 4_000_000 + 3_000_000


def test_pdf_lists_carry_the_totals_and_the_missing_bases(paid, dinkes):
    data = region_tpp_file(Unit.objects.all(), MARCH, Format.PDF).content
    assert data.startswith(b"%PDF-")
    unit_pdf = export_file(Kind.TPP, Format.PDF, dinkes, month=MARCH, compress=False).content
    budi = employee_month(paid["budi"], MARCH).recap
    sari = employee_month(paid["sari"], MARCH).recap
    paid_total = 9_500_000 - budi.deduction_amount - sari.deduction_amount
    for text in ("JUMLAH SELURUHNYA", "belum diisi", "dibayar", format_int_id(paid_total)):
        assert pdf_string(text) in unit_pdf, text


def test_payroll_file_round_trips_through_openpyxl_and_csv(paid):
    rows = list(payroll_rows(Unit.objects.all(), MARCH))
    expected = [
        [r.nip, r.nama, r.unit_kode, r.bulan, r.tpp_dasar, r.persen_potongan, r.potongan,
         r.dibayar, r.status]
        for r in rows
    ]  # fmt: skip
    book = load_workbook(io.BytesIO(payroll_xlsx(iter(rows))))
    sheet = book["TPP"]
    read = [list(values) for values in sheet.iter_rows(values_only=True)]
    assert read[0] == list(COLUMNS)
    back = [[*row[:5], None if row[5] is None else round(row[5], 2), *row[6:]] for row in read[1:]]
    assert back == [[*row[:5], float(row[5]), *row[6:]] for row in expected]
    assert all(sheet.cell(n, 1).data_type == "s" for n in range(2, sheet.max_row + 1))
    text = payroll_csv(iter(rows)).decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    assert table[0] == list(COLUMNS)
    as_text = [["" if v is None else str(v) for v in row] for row in expected]
    assert table[1:] == as_text
    by_nip = {r.nip: r for r in rows}
    budi = by_nip[paid["budi"].nip]
    assert (budi.tpp_dasar, budi.dibayar) == (5_500_000, 5_500_000 - budi.potongan)
    assert budi.status == "belum diverifikasi"
    missing = [r for r in rows if r.tpp_dasar is None]
    assert missing and all(r.status == "belum diisi" and r.dibayar is None for r in missing)


def test_payroll_csv_defuses_formulas(two_units, make_employee):
    evil = make_employee(two_units["DISDIK"], pin="77", name='=HYPERLINK("x")')
    tpp_base_set(employee=evil, valid_from=MARCH, amount=1_000_000)
    text = payroll_csv(payroll_rows(Unit.objects.filter(code="DISDIK"), MARCH)).decode("utf-8-sig")
    assert "'=HYPERLINK" in text


def test_hadir_export_payroll(paid, tmp_path):
    target = tmp_path / "bayar.csv"
    out = io.StringIO()
    call_command(
        "export", "payroll", "--month", "2026-03", "--unit", "PKM-A", "--format", "csv",
        "--output", str(target), stdout=out,
    )  # fmt: skip
    table = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert table[1][:5] == [paid["nurse"].id_number, "Nur Aini", "PKM-A", "2026-03", "3000000"]
    assert len(table) == 2
    default = tmp_path / "all.xlsx"
    call_command("export", "payroll", "--month", "2026-03", "--output", str(default), stdout=out)
    assert load_workbook(default)["TPP"].max_row == 1 + 5


def login(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def test_unit_page_shows_rupiah_totals_and_the_warning(paid, chain):
    with translation.override("id"):
        page = login("head").get("/units/DINKES/tpp/?month=2026-03", HTTP_ACCEPT_LANGUAGE="id")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Rp 5.500.000" in html and "Rp 9.500.000" in html
    assert 'data-testid="tpp-warning"' in html and "belum diisi" in html
    csv_answer = login("op2").get("/tpp/payroll.csv?month=2026-03")
    assert "DINKES" not in csv_answer.content.decode()  # another unit's operator


@pytest.mark.parametrize(
    ("amount", "status", "message"),
    [
        ("4.750.000", 302, None),
        ("-1", 400, "harus lebih dari 0 rupiah"),
        ("NaN", 400, "bukan jumlah rupiah"),
        ("99999999999", 400, "lebih dari Rp 1.000.000.000 sebulan"),
    ],
)
def test_bkd_sets_a_base_on_the_person_page(paid, chain, amount, status, message):
    client = login("bkd")
    number = paid["sari"].id_number
    answer = client.post(
        f"/employees/{number}/tpp/",
        {"month": "2026-04", "amount": amount, "note": "naik kelas jabatan"},
        HTTP_ACCEPT_LANGUAGE="id",
    )
    assert answer.status_code == status
    saved = TppBase.objects.filter(employee=paid["sari"], valid_from=date(2026, 4, 1))
    assert saved.exists() == (status == 302)
    if message:
        assert message in answer.content.decode()
    page = login("head").get(f"/employees/{number}/tpp/")
    assert page.status_code == 200 and 'data-testid="tpp-form"' not in page.content.decode()
