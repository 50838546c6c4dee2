"""The list documents are written page by page (``hadir.exports.pdf_writer``, issue 15): the
file must be a well-formed PDF (every cross-reference points at its object), number its
pages "Halaman x dari y" with the right count, and reach the file while rows are still
being read, not after."""

from __future__ import annotations

import dataclasses
import io
import re
import zlib
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from hadir.exports import labels
from hadir.exports import pdf as pdf_module
from hadir.exports.pdf import daily_list_pdf, discipline_pdf, tpp_deduction_pdf
from hadir.exports.pdf_writer import number, pdf_text
from hadir.exports.samples import sample_daily, sample_discipline, sample_tpp

from .conftest import page_count, pdf_string

RENDERS: dict[str, Callable[..., bytes]] = {
    "tpp": lambda n, **kw: tpp_deduction_pdf(
        dataclasses.replace(sample_tpp(n), per_unit_totals=True), **kw
    ),
    "discipline": lambda n, **kw: discipline_pdf(sample_discipline(n), **kw),
    "daily": lambda n, **kw: daily_list_pdf(sample_daily(n), **kw),
}


def _objects(data: bytes) -> dict[int, int]:
    """Object number -> offset, from the cross-reference table the trailer points at."""
    start = int(re.search(rb"startxref\n(\d+)\n%%EOF\n$", data).group(1))  # type: ignore[union-attr]
    assert data[start : start + 5] == b"xref\n"
    header, _, rest = data[start + 5 :].partition(b"\n")
    first, count = (int(x) for x in header.split())
    entries = rest[: 20 * count]
    offsets = {}
    for n in range(count):
        entry = entries[20 * n : 20 * n + 20]
        assert len(entry) == 20 and entry.endswith(b" \n"), entry
        if entry[17:18] == b"n":
            offsets[first + n] = int(entry[:10])
    return offsets


@pytest.mark.parametrize("kind", sorted(RENDERS))
@pytest.mark.parametrize("compress", [True, False])
def test_every_cross_reference_points_at_its_object(kind: str, compress: bool) -> None:
    data = RENDERS[kind](120, compress=compress)
    offsets = _objects(data)
    assert offsets
    for number_, offset in offsets.items():
        assert data[offset:].startswith(f"{number_} 0 obj\n".encode()), number_
    size = int(re.search(rb"/Size (\d+)", data).group(1))  # type: ignore[union-attr]
    assert size == max(offsets) + 1
    # Each content stream's /Length is its length, and compressed ones inflate.
    for match in re.finditer(rb"<< /Length (\d+)( /Filter /FlateDecode)? >>\nstream\n", data):
        body = data[match.end() : match.end() + int(match.group(1))]
        assert data[match.end() + len(body) :].startswith(b"\nendstream")
        if match.group(2):
            assert zlib.decompress(body)


@pytest.mark.parametrize("kind", sorted(RENDERS))
def test_pages_are_numbered_with_their_count(kind: str) -> None:
    data = RENDERS[kind](120, compress=False)
    pages = page_count(data)
    assert pages > 1
    assert re.search(rf"/Count {pages} ".encode(), data)
    for page in range(1, pages + 1):
        assert pdf_string(labels.PAGE_OF.format(page=page)) in data
    assert data.count(pdf_string(str(pages))) >= pages  # the count after each "dari"


def test_pages_reach_the_file_while_rows_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """The drawing pass (the third reading of the rows) finds earlier pages in the file
    already: nothing waits for the whole document."""
    real_rows = pdf_module._tpp_rows
    out = io.BytesIO()
    seen: list[int] = []
    passes = 0

    def watched(doc: Any) -> Iterator[Any]:
        nonlocal passes
        passes += 1
        for row in real_rows(doc):
            if passes == 3:
                seen.append(out.tell())
            yield row

    monkeypatch.setattr(pdf_module, "_tpp_rows", watched)
    doc = sample_tpp(600)
    assert tpp_deduction_pdf(doc, out=out) == b""
    assert passes == 3
    assert seen[0] < 100  # nothing but the file's header before the first row is drawn
    assert seen[-1] > len(out.getvalue()) // 2  # most pages written before the last row
    assert page_count(out.getvalue()) > 10


@pytest.mark.parametrize(
    ("value", "text"),
    [(0.0, "0"), (-0.00001, "0"), (841.8897637795275, "841.8898"), (12.5, "12.5"), (3, "3")],
)
def test_numbers_are_written_as_pdf_content_writes_them(value: float, text: str) -> None:
    assert number(value) == text


@pytest.mark.parametrize(
    ("text", "raw"),
    [
        ("a(b)c\\", b"a\\(b\\)c\\\\"),
        ("Ünïcödé", "Ünïcödé".encode("cp1252")),
        ("12 \u2013 13\u2026", b"12 \x96 13\x85"),  # en dash and ellipsis are WinAnsi
        ("漢字", b"??"),  # not in the built-in fonts: replaced, never an error
    ],
)
def test_texts_are_winansi_and_escaped(text: str, raw: bytes) -> None:
    assert pdf_text(text) == raw
