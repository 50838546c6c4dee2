"""Every text the documents and charts print, in Bahasa Indonesia (official documents for BKD).

Long labels go to XLSX headers; the PDF, with 31 day columns on one page, uses the short
ones and prints ``PDF_LEGEND`` under the table to explain them.
"""

from __future__ import annotations

# Document titles
TITLE_MONTH_RECAP = "REKAPITULASI KEHADIRAN PEGAWAI"
TITLE_TPP = "DAFTAR POTONGAN TAMBAHAN PENGHASILAN PEGAWAI (TPP)"
TITLE_DISCIPLINE = "REKAPITULASI PELANGGARAN DISIPLIN KEHADIRAN TAHUN {year}"
TITLE_DAILY = "DAFTAR HADIR HARIAN"

# Sheet names (at most 31 characters, no : \ / ? * [ ])
SHEET_MONTH_RECAP = "Rekap Bulanan"
SHEET_TPP = "Potongan TPP"
SHEET_DISCIPLINE = "Disiplin"
SHEET_DAILY = "Daftar Hadir"

# Header block
UNIT = "Unit kerja"
UNIT_WITH_CODE = "{name} ({code})"
PERIOD = "Periode"
YEAR = "Tahun"
DATE = "Tanggal"
GENERATED = "Dicetak"
LABEL_VALUE = "{label}: {value}"
PAGE_OF = "Halaman {page} dari "  # followed by the page count
PAGE_OF_XLSX = "Halaman &P dari &N"  # Excel's print footer codes

# Columns shared by several documents
COL_NUMBER = "No"
COL_NIP = "NIP"
COL_NAME = "Nama"
COL_NAME_NIP = "Nama / NIP"
COL_POSITION = "Jabatan"
COL_UNIT = "Unit kerja"

# Month recap
COL_LATE_MINUTES = "Menit terlambat"
COL_EARLY_MINUTES = "Menit pulang cepat"
COL_WORKING_DAYS = "Hari kerja"
COL_TPP_PERCENT = "Potongan TPP %"
COL_TPP_AMOUNT = "Potongan Rp"
COL_LATE_MINUTES_SHORT = "Mnt TL"
COL_EARLY_MINUTES_SHORT = "Mnt PSW"
COL_WORKING_DAYS_SHORT = "HK"
COL_TPP_PERCENT_SHORT = "Pot. %"
COL_TPP_AMOUNT_SHORT = "Pot. Rp"
PDF_LEGEND = (
    "Keterangan kolom: Mnt TL = menit terlambat; Mnt PSW = menit pulang sebelum waktu; "
    "HK = hari kerja; Pot. % dan Pot. Rp = potongan TPP. Kolom tanggal yang diarsir adalah "
    "hari libur."
)

# TPP deduction
COL_TPP_BASE = "TPP dasar (Rp)"
COL_DEDUCTION_PERCENT = "Potongan %"
COL_DEDUCTION_AMOUNT = "Potongan (Rp)"
COL_REASONS = "Alasan potongan"
COL_TPP_PAID = "TPP dibayar (Rp)"
COL_POSITION_CLASS = "Jabatan / golongan"
BASE_MISSING = "belum diisi"
UNIT_SUBTOTAL = "Jumlah {unit}"
GRAND_TOTAL = "JUMLAH SELURUHNYA"
TOTAL_PEOPLE = "{people} pegawai"
TOTAL_MISSING = "{people} pegawai; {missing} TPP dasar belum diisi (tidak dijumlahkan)"

# Discipline
COL_EMPLOYEE_TYPE = "Jenis pegawai"
COL_TK_DAYS = "Hari TK"
COL_LATE_EARLY_MINUTES = "Menit terlambat dan pulang cepat"
COL_EQUIVALENT_DAYS = "Setara hari"
COL_SANCTION = "Sanksi"
COL_CONSECUTIVE = "TK 10 hari kerja berturut-turut"
COL_LATE_EARLY_MINUTES_SHORT = "Menit TL + PSW"
COL_CONSECUTIVE_SHORT = "TK 10 hari berturut"
YES = "Ya"

# Daily list
COL_CHECK_IN = "Masuk"
COL_CHECK_OUT = "Pulang"
COL_CODES = "Kode"
COL_EXPLANATION = "Keterangan"

# Signature block
NIP_PREFIX = "NIP. "
NOTES = "Catatan"

# Empty documents and charts
NO_EMPLOYEES = "Tidak ada pegawai pada periode ini."
NO_DATA = "Tidak ada data"

# Chart descriptions (screen readers)
CHART_DESC_BARS = "Diagram batang."
CHART_DESC_LINES = "Diagram garis."
CHART_DESC_RANKING = "Peringkat, dari nilai tertinggi."
CHART_DESC_ITEM = "{label}: {value}"
CHART_DESC_SERIES_ITEM = "{category}, {series}: {value}"
CHART_GAP = "tidak ada data"

# Dates in words
MONTH_NAMES = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
WEEKDAY_NAMES = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
DATE_IN_WORDS = "{weekday}, {day} {month} {year}"

# Document properties
AUTHOR = "Hadir"
