"""The weak-verification report as an Excel workbook: one sheet per pattern, with evidence."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from hadir.org.selectors import region_timezone
from hadir.reporting.verification import VerificationReport

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _percent(share: float) -> float:
    return round(share * 100, 1)


def _sheet(book: Workbook, title: str, header: list[str], rows: list[list[object]]) -> None:
    sheet = book.create_sheet(title[:31])
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "A2"


def verification_xlsx(report: VerificationReport) -> bytes:
    tz = region_timezone()
    book = Workbook()
    book.remove(book.active)
    _sheet(
        book,
        _("Units"),
        [
            _("Unit"),
            _("Machine punches"),
            _("Finger, face or palm"),
            _("PIN, password or card"),
            _("Mode unknown"),
            _("Weak share (%)"),
        ],
        [
            [code, s.total, s.biometric, s.weak, s.unknown, _percent(s.weak_share)]
            for code, s in report.units
        ],
    )
    _sheet(
        book,
        _("People"),
        [
            "NIP",
            _("Name"),
            _("Unit"),
            _("Machine punches"),
            _("PIN, password or card"),
            _("Weak share (%)"),
        ],
        [
            [p.nip, p.name, p.unit_code, s.total, s.weak, _percent(s.weak_share)]
            for p, s in report.people
        ],
    )
    buddy_rows: list[list[object]] = []
    for pair, first, second, machine in report.buddies:
        for day in pair.together:
            buddy_rows.append(
                [
                    machine.sn,
                    machine.unit_code,
                    first.nip,
                    first.name,
                    second.nip,
                    second.name,
                    day.day,
                    day.first_at.strftime("%H:%M:%S"),
                    day.second_at.strftime("%H:%M:%S"),
                    day.seconds_apart,
                    len(pair.together),
                    pair.days_both,
                ]
            )
    _sheet(
        book,
        _("Punch buddies"),
        [
            _("Machine"),
            _("Unit"),
            _("NIP 1"),
            _("Name 1"),
            _("NIP 2"),
            _("Name 2"),
            _("Date"),
            _("Time 1"),
            _("Time 2"),
            _("Seconds apart"),
            _("Days together"),
            _("Days both punched"),
        ],
        buddy_rows,
    )
    _sheet(
        book,
        _("Clock jumps"),
        [
            _("Machine"),
            _("Unit"),
            _("Noticed at"),
            _("Offset before (minutes)"),
            _("Offset after (minutes)"),
        ],
        [
            [
                m.sn,
                m.unit_code,
                j.at.astimezone(tz).replace(tzinfo=None),
                round(j.before_seconds / 60),
                round(j.after_seconds / 60),
            ]
            for j, m in report.clocks
        ],
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
