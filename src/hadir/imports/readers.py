"""Read an uploaded table (CSV or XLSX) into rows of text, keyed by lower-case header."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

XLSX_MAGIC = b"PK\x03\x04"


class UnreadableFile(ValueError):
    """The file cannot be read as a table; the message says what to do."""


# Excel keeps numbers as doubles: beyond 2**53 the last digits of a NIP typed as a number are
# already gone when the file reaches us, so such cells are refused rather than guessed.
EXACT_NUMBER_LIMIT = 2**53
LOST_DIGITS = gettext_noop(
    "Column %(column)s holds a number too long for Excel (its last digits are lost). Format "
    "the column as Text and type the number again."
)


@dataclass(frozen=True)
class RawRow:
    line: int  # 1-based row number as the operator sees it in their spreadsheet
    values: dict[str, str]
    problems: tuple[str, ...] = ()


def _clean(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _lost_digits(value: object) -> bool:
    return isinstance(value, int | float) and abs(value) >= EXACT_NUMBER_LIMIT


def _rows_from_matrix(matrix: list[list[object]], required: tuple[str, ...]) -> list[RawRow]:
    if not matrix:
        raise UnreadableFile(_("The file is empty. Fill in the template and upload it again."))
    header = [_clean(h).lower() for h in matrix[0]]
    missing = [c for c in required if c not in header]
    if missing:
        raise UnreadableFile(
            _("Columns missing: %(missing)s. The first row must be: %(expected)s.")
            % {"missing": ", ".join(missing), "expected": ",".join(required)}
        )
    rows = []
    for number, raw in enumerate(matrix[1:], start=2):
        cells = {name: raw[i] if i < len(raw) else None for i, name in enumerate(header)}
        values = {name: _clean(cell) for name, cell in cells.items()}
        problems = tuple(
            _(LOST_DIGITS) % {"column": name} for name, cell in cells.items() if _lost_digits(cell)
        )
        if any(values.values()):
            rows.append(RawRow(line=number, values=values, problems=problems))
    return rows


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile(_("The file is not text. Save it as CSV (UTF-8) or XLSX."))


def _read_csv(content: bytes) -> list[list[object]]:
    text = _decode(content)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    return [list(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _read_xlsx(content: bytes) -> list[list[object]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise UnreadableFile(
            _("The Excel file cannot be opened. Save it again as .xlsx and retry.")
        ) from exc
    sheet = workbook.worksheets[0]
    matrix = [list(row) for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return matrix


def read_table(filename: str, content: bytes, required: tuple[str, ...]) -> list[RawRow]:
    """Rows of a CSV or XLSX file, decided by its content (not its name)."""
    if content.startswith(XLSX_MAGIC):
        matrix = _read_xlsx(content)
    elif b"\x00" in content[:2048]:
        raise UnreadableFile(
            _("%(name)s is not a CSV or XLSX table. Use the template.") % {"name": filename}
        )
    else:
        matrix = _read_csv(content)
    return _rows_from_matrix(matrix, required)
