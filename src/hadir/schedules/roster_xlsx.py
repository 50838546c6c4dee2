"""The roster as a head nurse fills it in: one sheet, first row ``NIP | Nama | 1 | 2 | ... |
31``, one row per person, a shift code (or ``L`` for a day off) per day. Exported from the
grid, filled in Excel, imported back through the same upload checks as every table
(``hadir.imports.readers.read_table``: size, type by content, zip bomb, limits).

An import keeps every good cell and lists each refused one with its row, day, value and the
reason in words; nothing in the file is dropped silently.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hadir.imports.readers import read_table
from hadir.people.models import Employee
from hadir.schedules.roster import Cell, month_days
from hadir.schedules.roster_grid import GridRow
from hadir.schedules.weekly import DAY_OFF_CODE

NIP, NAME = "nip", "nama"
DAY_OFF_WORDS = {DAY_OFF_CODE, "-", "OFF", "LIBUR"}
NOT_ON_ROSTER = gettext_noop(
    "No one with this NIP is on this unit's roster for the month. Check the NIP, or give "
    "the person the shift schedule first."
)
NO_SUCH_DAY = gettext_noop("This month has no day %(day)s; leave the cell empty.")
NOT_A_SHIFT = gettext_noop("%(code)s is not a shift. Use one of: %(codes)s.")
NOT_A_DAY_COLUMN = gettext_noop("The column %(column)s is not a day number (1 to 31).")


@dataclass(frozen=True)
class BadCell:
    line: int
    column: str
    value: str
    reason: str


@dataclass(frozen=True)
class RosterFile:
    cells: dict[Cell, str]
    bad: list[BadCell]


def roster_workbook(rows: list[GridRow], month: date, title: str) -> bytes:
    """The grid as an .xlsx file in the head nurse's layout."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"Jadwal {month:%Y-%m}"
    days = month_days(month)
    sheet.append(["NIP", "Nama", *[d.day for d in days]])
    for row in rows:
        sheet.append([row.employee.id_number, row.employee.name, *[c for _, c in row.cells]])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 21
    sheet.column_dimensions["B"].width = 30
    workbook.properties.title = title
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def roster_file_read(
    *, filename: str, content: bytes, month: date, people: list[Employee], shift_codes: list[str]
) -> RosterFile:
    """The cells of an uploaded roster for ``people``; raises UnreadableFile (in words) for a
    file that is not a table or breaks an upload limit."""
    rows = read_table(filename, content, (NIP,))
    by_number = {p.id_number: p for p in people}
    days = {d.day: d for d in month_days(month)}
    codes = set(shift_codes)
    allowed = ", ".join([*sorted(codes), DAY_OFF_CODE])
    cells: dict[Cell, str] = {}
    bad: list[BadCell] = []
    for row in rows:
        number = row.values.get(NIP, "").replace(" ", "").replace("'", "")
        person = by_number.get(number)
        filled = {k: v for k, v in row.values.items() if k not in (NIP, NAME) and v}
        if person is None:
            bad.append(BadCell(row.line, "NIP", number, _(NOT_ON_ROSTER)))
            continue
        for column, value in filled.items():
            code = value.strip().upper()
            if not (column.isascii() and column.isdigit()) or not 1 <= int(column) <= 31:
                bad.append(
                    BadCell(row.line, column, value, _(NOT_A_DAY_COLUMN) % {"column": column})
                )
            elif int(column) not in days:
                bad.append(BadCell(row.line, column, value, _(NO_SUCH_DAY) % {"day": column}))
            elif code in DAY_OFF_WORDS:
                cells[(person.pk, days[int(column)])] = DAY_OFF_CODE
            elif code in codes:
                cells[(person.pk, days[int(column)])] = code
            else:
                reason = _(NOT_A_SHIFT) % {"code": value, "codes": allowed}
                bad.append(BadCell(row.line, column, value, reason))
    return RosterFile(cells, bad)
