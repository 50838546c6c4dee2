"""The roster's Excel file: export, fill in, import back (a round trip); bad cells refused
with their row, day and reason and the good ones kept; hostile files refused in words."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from django.test import override_settings
from django.utils import translation
from openpyxl import Workbook, load_workbook

from hadir.imports.readers import UnreadableFile
from hadir.schedules.roster import roster_cells_save, roster_codes
from hadir.schedules.roster_grid import grid_rows
from hadir.schedules.roster_xlsx import roster_file_read, roster_workbook

pytestmark = pytest.mark.django_db
DECEMBER = date(2026, 12, 1)
SHIFTS = ["M", "P", "S"]


def _read(content: bytes, people, name: str = "jadwal.xlsx"):
    return roster_file_read(
        filename=name, content=content, month=DECEMBER, people=people, shift_codes=SHIFTS
    )


def test_export_then_import_round_trips(two_units, nurses):
    unit = two_units["PKM-A"]
    cells = {(nurses[0].pk, date(2026, 12, d)): code for d, code in ((1, "P"), (2, "M"), (3, "L"))}
    cells[(nurses[1].pk, date(2026, 12, 31))] = "S"
    roster_cells_save(unit=unit, cells=cells)
    content = roster_workbook(grid_rows(nurses, DECEMBER), DECEMBER, "PKM-A Desember 2026")
    sheet = load_workbook(io.BytesIO(content)).active
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["NIP", "Nama", 1] and header[-1] == 31
    assert sheet.cell(row=2, column=1).value == nurses[0].nip
    read = _read(content, nurses)
    assert read.bad == [] and read.cells == cells
    assert roster_cells_save(unit=unit, cells=read.cells) == 0  # nothing changed


def _filled(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["NIP", "Nama", *range(1, 32)])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_head_nurses_file_with_bad_cells(two_units, nurses):
    a, b = nurses[0], nurses[1]
    content = _filled(
        [
            [a.nip, a.name, "p", "M ", "libur", "X"],
            [b.nip, b.name, None, "S", *[None] * 28, "N"],
            ["199901012020011999", "Orang Lain", "P"],
        ]
    )
    with translation.override("id"):
        read = _read(content, nurses)
    assert read.cells == {
        (a.pk, date(2026, 12, 1)): "P",
        (a.pk, date(2026, 12, 2)): "M",
        (a.pk, date(2026, 12, 3)): "L",
        (b.pk, date(2026, 12, 2)): "S",
    }
    bad = [(c.line, c.column, c.value) for c in read.bad]
    assert bad == [(2, "4", "X"), (3, "31", "N"), (4, "NIP", "199901012020011999")]
    assert read.bad[0].reason == "X bukan shift. Gunakan salah satu: M, P, S, L."
    assert "NIP" in read.bad[2].reason


def test_day_31_of_a_30_day_month_is_refused(two_units, nurses):
    content = _filled([[nurses[0].nip, "", *[None] * 30, "P"]])
    read = roster_file_read(
        filename="x.xlsx", content=content, month=date(2026, 11, 1), people=nurses,
        shift_codes=SHIFTS,
    )  # fmt: skip
    assert read.cells == {} and [c.column for c in read.bad] == ["31"]


def test_a_csv_export_from_a_spreadsheet_is_read_too(two_units, nurses):
    content = f"NIP;Nama;1;2\n{nurses[0].nip};Perawat;P;M\n".encode()
    read = _read(content, nurses, "jadwal.csv")
    assert read.cells == {
        (nurses[0].pk, date(2026, 12, 1)): "P",
        (nurses[0].pk, DECEMBER.replace(day=2)): "M",
    }


def _bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<" + b"a" * 30_000_000)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"\xd0\xcf\x11\xe0" + b"\x00" * 100, ".xls"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "CSV"),
        (b"", "kosong"),
        (b"Nama,1\nPerawat,P\n", "nip"),
        (_bomb(), "Excel"),
    ],
)
def test_hostile_or_wrong_files_are_refused_in_words(two_units, nurses, content, words):
    with translation.override("id"), pytest.raises(UnreadableFile) as refused:
        _read(content, nurses)
    assert words in str(refused.value)


@override_settings(HADIR_UPLOAD_MAX_ROWS=2)
def test_the_upload_row_limit_applies(two_units, nurses):
    content = _filled([[n.nip, n.name, "P"] for n in nurses])
    with pytest.raises(UnreadableFile):
        _read(content, nurses)
    assert roster_codes([n.pk for n in nurses], [DECEMBER]) == {}
