"""Small documents built from the shared seeded samples (``hadir.exports.samples``)."""

from __future__ import annotations

import io
import re
from dataclasses import replace

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from hadir.exports.model import MonthRecapDocument
from hadir.exports.samples import sample_month_recap

LEADING_ZERO_NUMBER = "012345678901234567"  # a PPPK-style number: must keep its zero
PAGE = re.compile(rb"/Type /Page\b(?!s)")


@pytest.fixture
def recap() -> MonthRecapDocument:
    """50 employees; the first has a number with a leading zero."""
    doc = sample_month_recap(50)
    first = replace(doc.rows[0], nip_or_number=LEADING_ZERO_NUMBER)
    return replace(doc, rows=(first, *doc.rows[1:]))


def open_sheet(data: bytes) -> Worksheet:
    sheet = load_workbook(io.BytesIO(data)).active
    assert isinstance(sheet, Worksheet)
    return sheet


def pdf_string(text: str) -> bytes:
    """``text`` as it appears in an uncompressed reportlab page stream: ``(text) Tj``."""
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return b"(" + escaped.encode("latin-1") + b") Tj"


def page_count(data: bytes) -> int:
    return len(PAGE.findall(data))
