"""Read an uploaded table (CSV or XLSX) into rows of text, keyed by lower-case header.

Both formats are read as streams, row by row, under the limits of ``UploadLimits``: memory
stays small and fixed whatever the file claims. An XLSX file is checked from its zip
directory before openpyxl opens it (a decompression bomb is refused unread), read with
``read_only=True`` and with its declared dimension ignored (a 5 KB sheet may declare a
million rows by sixteen thousand columns).
"""

from __future__ import annotations

import csv
import io
import lzma
import zipfile
import zlib
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass
from typing import IO

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hadir.uploads import UploadLimits, UploadRefused, looks_binary, zip_check

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # old .xls, or any Office file protected by a password


class UnreadableFile(ValueError):
    """The file cannot be read as a table; the message says what to do."""


# Excel keeps numbers as doubles: beyond 2**53 the last digits of a NIP typed as a number are
# already gone when the file reaches us, so such cells are refused rather than guessed.
EXACT_NUMBER_LIMIT = 2**53
LOST_DIGITS = gettext_noop(
    "Column %(column)s holds a number too long for Excel (its last digits are lost). Format "
    "the column as Text and type the number again."
)
TOO_MANY_ROWS = gettext_noop(
    "The file has more than %(limit)d rows. Split it into files of at most %(limit)d rows "
    "and upload them one by one."
)
TOO_MANY_COLUMNS = gettext_noop(
    "Row %(line)d has a value in column %(column)d; the limit is %(limit)d columns. Delete "
    "the extra columns (start from the template) and upload again."
)
CELL_TOO_LONG = gettext_noop(
    "Row %(line)d holds a cell longer than %(limit)d characters. A cell holds one value "
    "(a name, a number): shorten it or check the separators, then upload again."
)
CSV_BROKEN = gettext_noop(
    "Row %(line)d of the CSV file cannot be read (for example a quote mark that is never "
    "closed). Save the file again as CSV (UTF-8) from your spreadsheet and upload again."
)
XLSX_BROKEN = gettext_noop("The Excel file cannot be opened. Save it again as .xlsx and retry.")
NOT_TEXT = gettext_noop("The file is not text. Save it as CSV (UTF-8) or XLSX.")
NUL_IN_CELL = gettext_noop(
    "Column %(column)s holds a NUL character (a damaged file). Type the cell again and "
    "upload the file again."
)
NUL_SHOWN = (
    "\u2400"  # ␀: what a NUL in a cell is shown (and kept) as; JSON in PostgreSQL refuses NUL
)
NOT_A_TABLE = gettext_noop("%(name)s is not a CSV or XLSX table. Use the template.")
OLD_OR_LOCKED_EXCEL = gettext_noop(
    "%(name)s is an old .xls file or an Excel file protected by a password. Open it in Excel, "
    "remove the password if any, save it as .xlsx (or CSV) and upload again."
)
EMPTY_FILE = gettext_noop("The file is empty. Fill in the template and upload it again.")
COLUMNS_MISSING = gettext_noop("Columns missing: %(missing)s. The first row must be: %(expected)s.")

# What openpyxl, zipfile and the XML parser raise on a damaged workbook (xml ParseError is a
# SyntaxError; zipfile raises NotImplementedError for a compression method it lacks, e.g.
# Deflate64, RuntimeError for an encrypted part, LZMAError for a damaged LZMA part, which the
# upload check reads too); our own refusals are re-raised first.
XLSX_ERRORS = (
    zipfile.BadZipFile,
    lzma.LZMAError,
    NotImplementedError,
    RuntimeError,
    zlib.error,
    EOFError,
    KeyError,
    OSError,
    ValueError,
    TypeError,
    AttributeError,
    IndexError,
    SyntaxError,
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


def _checked(
    rows: Iterable[tuple[int, list[object]]], limits: UploadLimits
) -> Iterator[tuple[int, list[object]]]:
    """Rows (numbered as the spreadsheet numbers them) within the limits, trailing empty cells
    dropped (a styled but empty cell far to the right is not data)."""
    for number, raw in rows:
        if number > limits.rows + 1:  # + 1: the header row
            raise UnreadableFile(_(TOO_MANY_ROWS) % {"limit": limits.rows})
        width = len(raw)
        while width and (raw[width - 1] is None or raw[width - 1] == ""):
            width -= 1
        if width > limits.columns:
            raise UnreadableFile(
                _(TOO_MANY_COLUMNS) % {"line": number, "column": width, "limit": limits.columns}
            )
        cells = raw[:width]
        if any(isinstance(c, str) and len(c) > limits.cell_chars for c in cells):
            raise UnreadableFile(_(CELL_TOO_LONG) % {"line": number, "limit": limits.cell_chars})
        yield number, cells


def _rows_from(
    rows: Iterable[tuple[int, list[object]]], required: tuple[str, ...], limits: UploadLimits
) -> list[RawRow]:
    checked = _checked(rows, limits)
    first = next(checked, None)
    if first is None:
        raise UnreadableFile(_(EMPTY_FILE))
    header = [_clean(h).lower() for h in first[1]]
    missing = [c for c in required if c not in header]
    if missing:
        raise UnreadableFile(
            _(COLUMNS_MISSING) % {"missing": ", ".join(missing), "expected": ",".join(required)}
        )
    result = []
    for number, raw in checked:
        cells = {name: raw[i] if i < len(raw) else None for i, name in enumerate(header)}
        values = {name: _clean(cell) for name, cell in cells.items()}
        problems = tuple(
            _(LOST_DIGITS) % {"column": name} for name, cell in cells.items() if _lost_digits(cell)
        )
        damaged = [name for name, value in values.items() if "\x00" in value]
        if damaged:  # the row is refused with its reason; the file's other rows still count
            problems += tuple(_(NUL_IN_CELL) % {"column": name} for name in damaged)
            values = {name: value.replace("\x00", NUL_SHOWN) for name, value in values.items()}
        if any(values.values()):
            result.append(RawRow(line=number, values=values, problems=problems))
    return result


def _csv_rows(
    text: IO[str], limits: UploadLimits
) -> Generator[tuple[int, list[object]], None, None]:
    first_line = text.readline()
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    text.seek(0)
    # csv's field limit is process-wide; every reader in Hadir uses the same configured one.
    csv.field_size_limit(limits.cell_chars)
    reader = csv.reader(text, delimiter=delimiter)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            line = reader.line_num or 1
            if "field larger than field limit" in str(exc):
                raise UnreadableFile(
                    _(CELL_TOO_LONG) % {"line": line, "limit": limits.cell_chars}
                ) from exc
            raise UnreadableFile(_(CSV_BROKEN) % {"line": line}) from exc
        yield reader.line_num, list(row)


def _read_csv(stream: IO[bytes], required: tuple[str, ...], limits: UploadLimits) -> list[RawRow]:
    for encoding in ("utf-8-sig", "cp1252"):
        stream.seek(0)
        text = io.TextIOWrapper(stream, encoding=encoding, newline="")
        rows = _csv_rows(text, limits)
        try:
            return _rows_from(rows, required, limits)
        except UnicodeDecodeError:
            continue
        finally:
            rows.close()
            text.detach()  # the caller owns the stream
    raise UnreadableFile(_(NOT_TEXT))


def _xlsx_rows(sheet: object) -> Iterator[tuple[int, list[object]]]:
    sheet.reset_dimensions()  # type: ignore[attr-defined]  # never trust the declared size
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):  # type: ignore[attr-defined]
        yield number, list(row)


def _read_xlsx(stream: IO[bytes], required: tuple[str, ...], limits: UploadLimits) -> list[RawRow]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(stream) as archive:
            zip_check(archive, limits)
        stream.seek(0)
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except UploadRefused as exc:
        raise UnreadableFile(str(exc)) from exc
    except XLSX_ERRORS as exc:
        raise UnreadableFile(_(XLSX_BROKEN)) from exc
    try:
        if not workbook.worksheets:
            raise UnreadableFile(_(XLSX_BROKEN))
        return _rows_from(_xlsx_rows(workbook.worksheets[0]), required, limits)
    except UnreadableFile:
        raise
    except XLSX_ERRORS as exc:
        raise UnreadableFile(_(XLSX_BROKEN)) from exc
    finally:
        workbook.close()


def read_table(
    filename: str,
    content: bytes | IO[bytes],
    required: tuple[str, ...],
    limits: UploadLimits | None = None,
) -> list[RawRow]:
    """Rows of a CSV or XLSX file (bytes or a seekable binary stream), decided by its content
    (not its name). Raises UnreadableFile, in words, for a file that is not a table or that is
    over a limit."""
    limits = limits or UploadLimits.from_settings()
    stream = io.BytesIO(content) if isinstance(content, bytes) else content
    stream.seek(0)
    head = stream.read(2048)
    stream.seek(0)
    if head.startswith(XLSX_MAGIC):
        return _read_xlsx(stream, required, limits)
    if head.startswith(OLE_MAGIC):
        raise UnreadableFile(_(OLD_OR_LOCKED_EXCEL) % {"name": filename})
    if looks_binary(head):  # UTF-16 too: NUL bytes from its first line
        raise UnreadableFile(_(NOT_A_TABLE) % {"name": filename})
    return _read_csv(stream, required, limits)
