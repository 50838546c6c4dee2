"""Hypothesis: any uploaded bytes give rows or a refusal in words (UnreadableFile), never
another exception; rows never outnumber the file's lines; an XLSX workbook reads back."""

from __future__ import annotations

import io
import zipfile

from django.utils import translation
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from hadir.imports.readers import UnreadableFile, read_table
from hadir.uploads import UploadLimits
from tests.imports.xlsx_builders import EMPLOYEE_HEADER, workbook_bytes

FAST = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
COLUMNS = ("nip", "nama")
LIMITS = UploadLimits(
    rows=50,
    columns=10,
    cell_chars=40,
    unpacked_bytes=2 * 1024 * 1024,
    compression_ratio=200,
    zip_entries=50,
)
HEADER = "nip,nama"

csv_pieces = st.lists(
    st.sampled_from(
        [
            "nip",
            "nama",
            ",",
            ";",
            '"',
            "\n",
            "\r\n",
            "\r",
            "1986",
            "Budi",
            " ",
            "\x00",
            "\ufeff",
            "é",
            "\x85",
            "\u2028",
            "x" * 45,
        ]
    )
    | st.text(max_size=6),
    max_size=40,
).map("".join)


def read(content: bytes, limits: UploadLimits = LIMITS) -> list | None:
    with translation.override("id"):
        try:
            return read_table("data.csv", content, COLUMNS, limits)
        except UnreadableFile as refusal:
            assert str(refusal)  # a refusal always says something
            return None


@FAST
@example(b"nip,nama\n" + b"x" * 200)  # a cell over the limit
@example(b'nip,nama\n"' + b"a\n" * 30)  # a quote never closed
@example(b"\xff\xfe\x00n")  # UTF-16 with its NUL bytes
@example(b"nip,nama\n\x81\x8d")  # bytes neither UTF-8 nor cp1252
@given(
    content=st.binary(max_size=300) | csv_pieces.map(lambda t: t.encode("utf-8", "surrogatepass"))
)
def test_any_bytes_give_rows_or_a_refusal(content: bytes) -> None:
    rows = read(content)
    if rows is not None:
        lines = content.count(b"\n") + content.count(b"\r") + 1
        assert len(rows) <= lines
        assert all(len(v) <= LIMITS.cell_chars for r in rows for v in r.values.values())
        assert all(2 <= r.line <= LIMITS.rows + 1 for r in rows)


@FAST
@given(body=csv_pieces)
def test_any_text_after_a_good_header_gives_rows_or_a_refusal(body: str) -> None:
    read((HEADER + "\n" + body).encode("utf-8", "surrogatepass"))


cell_values = (
    st.none()
    | st.integers(-(2**60), 2**60)
    | st.floats(allow_nan=False)
    | st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)
)


@SLOW
@given(rows=st.lists(st.lists(cell_values, max_size=8), max_size=12))
def test_a_real_workbook_reads_back_or_is_refused(rows: list[list[object]]) -> None:
    content = workbook_bytes([EMPLOYEE_HEADER[:2], *rows])
    result = read(content)
    assert result is not None  # every cell is within the limits: the workbook must be read
    assert len(result) <= len(rows)
    assert all(r.line >= 2 for r in result)


@SLOW
@example(position=30, value=0)  # inside the local header of the first part
@given(position=st.integers(0, 4000), value=st.integers(0, 255))
def test_a_damaged_workbook_is_refused_in_words(position: int, value: int) -> None:
    content = bytearray(workbook_bytes([["nip", "nama"], ["1986", "Budi"]]))
    content[position % len(content)] = value
    read(bytes(content))


def every_central_entry(content: bytes, offset: int, value: int) -> bytes:
    """The workbook with one byte of every zip directory entry set (flags, method...)."""
    damaged = bytearray(content)
    start = 0
    while (start := damaged.find(b"PK\x01\x02", start)) != -1:
        damaged[start + offset] = value
        start += 4
    return bytes(damaged)


@SLOW
@example(offset=10, value=99)  # a compression method zipfile lacks (NotImplementedError)
@example(offset=8, value=1)  # a part marked encrypted (RuntimeError)
@given(offset=st.integers(4, 45), value=st.integers(0, 255))
def test_a_workbook_with_a_strange_zip_directory_is_refused_in_words(
    offset: int, value: int
) -> None:
    read(every_central_entry(workbook_bytes([["nip", "nama"], ["1986", "Budi"]]), offset, value))


def test_an_old_or_password_protected_excel_file_is_named_as_such() -> None:
    with translation.override("id"):
        try:
            read_table("gaji.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), COLUMNS)
        except UnreadableFile as refusal:
            assert "dilindungi kata sandi" in str(refusal)
        else:
            raise AssertionError("an OLE file was read as a table")


@SLOW
@given(
    parts=st.dictionaries(
        st.sampled_from(
            [
                "[Content_Types].xml",
                "xl/workbook.xml",
                "xl/worksheets/sheet1.xml",
                "xl/_rels/workbook.xml.rels",
                "_rels/.rels",
                "xl/sharedStrings.xml",
            ]
        ),
        st.binary(max_size=200) | st.sampled_from([b"<x/>", b"<?xml version='1.0'?><a>", b""]),
    )
)
def test_a_zip_with_junk_parts_is_refused_in_words(parts: dict[str, bytes]) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    read(buffer.getvalue())
