"""Hostile uploads are refused in words, in small fixed memory, and kept with their reason."""

from __future__ import annotations

import io
import random
import tracemalloc
import zipfile
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import translation

from hadir.accounts.models import Role
from hadir.imports.models import ImportBatch, ImportState
from hadir.imports.readers import UnreadableFile, read_table
from hadir.uploads import CHUNK, UploadLimits, UploadRefused, zip_check
from tests.imports.xlsx_builders import (
    DOCTYPES,
    EMPLOYEE_HEADER,
    SHEET,
    deflate_bomb,
    dimension_bomb,
    entity_workbook,
    lying_deflate_bomb,
    workbook_bytes,
)

MB = 1024 * 1024
LIMITS = UploadLimits(
    rows=50_000,
    columns=50,
    cell_chars=1_000,
    unpacked_bytes=50 * MB,
    compression_ratio=200,
    zip_entries=200,
)
COLUMNS = tuple(EMPLOYEE_HEADER)


def peak_memory(action: Callable[[], object]) -> int:
    """Peak bytes allocated by Python while ``action`` runs (openpyxl here uses the standard
    library's XML parser and zipfile, whose buffers tracemalloc sees)."""
    tracemalloc.start()
    try:
        action()
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak


def refusal(content: bytes) -> str:
    with translation.override("id"), pytest.raises(UnreadableFile) as error:
        read_table("bom.xlsx", content, COLUMNS, LIMITS)
    return str(error.value)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(
            lambda: dimension_bomb(far_cell="XFD1048576"),
            "Berkas memiliki lebih dari 50000 baris. Pecah menjadi beberapa berkas",
            id="dimension-bomb-far-row",
        ),
        pytest.param(
            lambda: dimension_bomb(far_cell="XFD3"),
            "Baris 3 berisi nilai di kolom 16384; batasnya 50 kolom.",
            id="dimension-bomb-far-column",
        ),
        pytest.param(
            lambda: deflate_bomb(padding_mb=300),
            "Berkas Excel setelah dibuka lebih besar dari batas 50,0",
            id="deflate-bomb-300mb",
        ),
        pytest.param(
            lambda: deflate_bomb(padding_mb=20),
            "dikemas sangat rapat",
            id="deflate-bomb-ratio",
        ),
        pytest.param(  # the headers lie: zipfile stops at the claimed size, the CRC fails
            lambda: lying_deflate_bomb(padding_mb=300),
            "Berkas Excel tidak bisa dibuka",
            id="deflate-bomb-lying-headers",
        ),
    ],
)
def test_bombs_are_refused_in_small_memory(content, expected):
    data = content()
    assert len(data) < 400 * 1024  # small on disk
    messages: list[str] = []
    peak = peak_memory(lambda: messages.append(refusal(data)))
    assert expected in messages[0]
    assert peak < 50 * MB, f"peak {peak // MB} MB"


DOCTYPE_REFUSED = "memuat deklarasi tipe dokumen XML (DOCTYPE)"


@pytest.mark.parametrize("kind", sorted(DOCTYPES))
@pytest.mark.parametrize("part", [SHEET, "xl/workbook.xml"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-32"])
def test_entity_declarations_are_refused_before_parsing(part, kind, encoding):
    """A DTD expands a few KB into gigabytes (before this check the sheet's billion laughs
    took 2 s and 115 MB until the parser gave up) or reads files of the server."""
    data = entity_workbook(part, kind, encoding=encoding)
    messages: list[str] = []
    peak = peak_memory(lambda: messages.append(refusal(data)))
    assert DOCTYPE_REFUSED in messages[0] and "simpan sebagai CSV" in messages[0]
    assert peak < 5 * MB, f"peak {peak // MB} MB"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16-le", "utf-32-be", "cp037"])
@pytest.mark.parametrize("offset", [0, CHUNK - 4, CHUNK - 9, CHUNK - 30, CHUNK, 2 * CHUNK + 1])
def test_a_doctype_is_found_across_read_chunks(offset, encoding):
    out = io.BytesIO()
    doctype = "<!DOCTYPE x>".encode(encoding)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/image1.bin", b" " * offset + doctype + b" " * 100)
    with zipfile.ZipFile(out) as archive, pytest.raises(UploadRefused):
        zip_check(archive, LIMITS)


def test_a_picture_pasted_as_svg_with_a_doctype_is_refused_with_a_way_out():
    """Every part is looked at (the relations decide what is parsed as XML, and a sheet may
    be named like a picture), so an SVG with a DTD refuses the file; the message says how
    to send the data anyway."""
    plain = workbook_bytes([EMPLOYEE_HEADER, ["1986", "Budi", "DINKES", "PNS", "", 1, ""]])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(plain)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            target.writestr(entry, source.read(entry.filename))
        target.writestr(
            "xl/media/image1.svg",
            '<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
            '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"><svg/>',
        )
    message = refusal(out.getvalue())
    assert DOCTYPE_REFUSED in message and "gambar yang ditempel sebagai SVG" in message


def test_a_damaged_lzma_part_is_refused_in_words_not_a_500():
    """The upload check reads every part, also those openpyxl never opens; zipfile raises
    LZMAError for a damaged LZMA one."""
    plain = workbook_bytes([EMPLOYEE_HEADER])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(plain)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            target.writestr(entry, source.read(entry.filename))
        noise = random.Random(7).randbytes(5000)  # incompressible: the stream is long
        target.writestr("docProps/extra.bin", noise, compress_type=zipfile.ZIP_LZMA)
    data = bytearray(out.getvalue())
    start = data.index(b"docProps/extra.bin") + len("docProps/extra.bin")
    data[start + 20 : start + 60] = b"\xff" * 40  # inside the LZMA stream of that part
    assert "Berkas Excel tidak bisa dibuka" in refusal(bytes(data))


def test_a_plain_workbook_is_not_taken_for_one_with_a_doctype():
    data = workbook_bytes([EMPLOYEE_HEADER, ["1986", "<!DOCTYPE", "DINKES", "PNS", "", 1, ""]])
    (row,) = read_table("plain.xlsx", data, COLUMNS, LIMITS)
    assert row.values["nama"] == "<!DOCTYPE"  # escaped as &lt;!DOCTYPE in the sheet


def test_declared_dimension_alone_is_ignored_not_trusted():
    data = dimension_bomb()
    rows: list[object] = []
    peak = peak_memory(lambda: rows.extend(read_table("d.xlsx", data, COLUMNS, LIMITS)))
    assert [r.values["nama"] for r in rows] == ["Budi"]  # type: ignore[attr-defined]
    assert peak < 50 * MB


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("x" * 1_001, "Baris 2 berisi sel yang lebih panjang dari 1000 karakter."),
        ("x" * 200_000, "Baris 2 berisi sel yang lebih panjang dari 1000 karakter."),  # > csv's own
        ('"' + "never closed\n" * 100, "lebih panjang dari 1000 karakter"),
    ],
    ids=["just-over", "over-csv-default", "unclosed-quote"],
)
def test_csv_cell_over_the_limit_is_refused(field, expected):
    content = (",".join(EMPLOYEE_HEADER) + f"\n1986,{field},DINKES,PNS,Staf,1,5HK\n").encode()
    with translation.override("id"), pytest.raises(UnreadableFile) as error:
        read_table("p.csv", content, COLUMNS, LIMITS)
    assert expected in str(error.value)


def test_rows_limit_counts_the_header_apart():
    ok = "\n".join([",".join(EMPLOYEE_HEADER)] + ["1,a,U,PNS,S,1,5HK"] * 3).encode()
    limits = UploadLimits(3, 50, 1000, MB, 200, 200)
    assert len(read_table("p.csv", ok, COLUMNS, limits)) == 3
    with translation.override("id"), pytest.raises(UnreadableFile, match="lebih dari 3 baris"):
        read_table("p.csv", ok + b"\n1,b,U,PNS,S,2,5HK", COLUMNS, limits)


def test_styled_empty_cells_to_the_right_are_not_columns():
    data = workbook_bytes([[*EMPLOYEE_HEADER, *[None] * 100, ""], ["1", "Ani"]])
    assert [r.values["nama"] for r in read_table("w.xlsx", data, COLUMNS, LIMITS)] == ["Ani"]


@pytest.mark.django_db
def test_upload_view_refuses_a_huge_csv_cell_in_words(two_units, make_user):
    client = Client()
    client.force_login(make_user("op", Role.OPERATOR, two_units["DINKES"]))
    line = f"198609262015051001,{'A' * 200_000},DINKES,PNS,Staf,101,5HK"
    upload = io.BytesIO((",".join(EMPLOYEE_HEADER) + "\n" + line + "\n").encode())
    upload.name = "pegawai.csv"
    response = client.post("/imports/new/", {"kind": "employees", "file": upload})
    assert response.status_code == 200
    page = response.content.decode()
    message = "Baris 2 berisi sel yang lebih panjang dari 1000 karakter."
    assert message in page
    batch = ImportBatch.objects.get()
    assert (batch.state, batch.filename) == (ImportState.REFUSED, "pegawai.csv")
    assert message in batch.error
    assert batch.sha256 and batch.size_bytes > 200_000  # the file itself is kept
    assert message in client.get("/imports/").content.decode()
    assert message in client.get(f"/imports/{batch.pk}/").content.decode()


@pytest.mark.django_db
def test_upload_view_refuses_an_xlsx_bomb_and_keeps_it(two_units, make_user, settings):
    client = Client()
    client.force_login(make_user("op", Role.OPERATOR, two_units["DINKES"]))
    upload = io.BytesIO(deflate_bomb(padding_mb=300))
    upload.name = "pegawai.xlsx"
    response = client.post("/imports/new/", {"kind": "employees", "file": upload})
    assert response.status_code == 200
    assert "Berkas Excel setelah dibuka lebih besar dari batas" in response.content.decode()
    assert ImportBatch.objects.get().state == ImportState.REFUSED


@pytest.mark.django_db
def test_upload_over_the_file_size_limit_is_refused_and_recorded(two_units, make_user, settings):
    settings.HADIR_IMPORT_MAX_BYTES = 1024
    client = Client()
    client.force_login(make_user("op", Role.OPERATOR, two_units["DINKES"]))
    upload = io.BytesIO(b"nip," + b"x" * 4096)
    upload.name = "besar.csv"
    response = client.post("/imports/new/", {"kind": "employees", "file": upload})
    assert "Berkas lebih besar dari batas 1,0" in response.content.decode()
    batch = ImportBatch.objects.get()
    assert (batch.state, batch.stored_path, batch.size_bytes) == (ImportState.REFUSED, "", 4100)
