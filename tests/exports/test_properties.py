"""Arbitrary Unicode in names and labels never breaks a document or a chart."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace

from hypothesis import example, given, settings
from hypothesis import strategies as st

from hadir.exports.pdf import month_recap_pdf
from hadir.exports.samples import sample_month_recap
from hadir.exports.svg import bar_chart_svg, line_chart_svg, ranking_svg
from hadir.exports.text import clean_text
from hadir.exports.xlsx import HEADER_ROW, month_recap_xlsx

from .conftest import open_sheet

DOC = sample_month_recap(2)
names = st.text(max_size=60)


def as_parsed(text: str) -> str:
    """What an XML parser gives back of our SVG: characters XML cannot hold dropped, line
    ends as \\n."""
    return clean_text(text).replace("\r\n", "\n").replace("\r", "\n")


def as_kept(text: str) -> str:
    """What the sheet gives back: characters XML cannot hold dropped, the rest exactly, line
    ends included (openpyxl writes through lxml, which escapes a carriage return as
    ``&#13;``, so the parser does not turn it into a line feed)."""
    return clean_text(text)


@settings(max_examples=60, deadline=None)
@given(name=names, position=names, number=names, note=names)
@example(name="a\rb", position="\r\n", number="\r", note="\r")  # line ends kept as written
def test_xlsx_keeps_any_text_as_text(name, position, number, note):
    row = replace(DOC.rows[0], name=name, position=position, nip_or_number=number)
    doc = replace(DOC, rows=(row,), notes=(note,))
    sheet = open_sheet(month_recap_xlsx(doc))
    got = [sheet.cell(HEADER_ROW + 1, column).value for column in (2, 3, 4)]
    assert [value or "" for value in got] == [as_kept(number), as_kept(name), as_kept(position)]


@settings(max_examples=60, deadline=None)
@given(title=names, labels=st.lists(names, min_size=1, max_size=5), suffix=names)
@example(title="\r", labels=["a\r\nb"], suffix="\r")  # line ends as the parser reads them
def test_svg_is_always_well_formed(title, labels, suffix):
    values = [float(index * 7 % 100) for index in range(len(labels))]
    charts = [
        bar_chart_svg(title, labels, [(title, values)], suffix),
        line_chart_svg(title, labels, [(title, values)], suffix),
        ranking_svg(title, list(zip(labels, values, strict=True)), suffix),
    ]
    for svg in charts:
        root = ET.fromstring(svg)  # noqa: S314 - our own output
        assert (root.find("{http://www.w3.org/2000/svg}title").text or "") == as_parsed(title)


@settings(max_examples=15, deadline=None)
@given(name=names, signer=names)
def test_pdf_renders_any_text(name, signer):
    row = replace(DOC.rows[0], name=name)
    signatory = replace(DOC.signatories[0], name=signer)
    data = month_recap_pdf(replace(DOC, rows=(row,), signatories=(signatory,)))
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
