"""A PDF written page by page to a binary file (issue 15: the region's TPP list, memory flat
in its size).

reportlab keeps every page of a document until it saves the file (23 MiB for a 628-page
list, growing with it). The list documents draw only text, rectangles and lines in the two
built-in Helvetica fonts, so they are written here instead: each page's content stream goes
to the file as soon as the page is drawn; only the byte offset of each object is kept, for
the cross-reference table written at the end. reportlab still supplies the font metrics
(``pdf_grid.text_width``) and colours.

``PageCanvas`` speaks the part of reportlab's canvas API the grid pages and the page decor
use (``GridPage.draw``, ``PageDecor``), so they draw on either.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache
from typing import IO

from reportlab.lib.colors import Color

from hadir.exports import palette
from hadir.exports.pdf_grid import BOLD, FONT, colour, text_width
from hadir.exports.pdf_page import pdf_date

FONTS = {FONT: b"F1", BOLD: b"F2"}
COUNT_FONT_SIZE = 7.0


@lru_cache(maxsize=8192)
def number(value: float) -> str:
    """A number as PDF content writes it: at most 4 decimals, no trailing zeros. Memoised:
    a page's columns and baselines are the same few hundred positions on every page."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def pdf_text(text: str) -> bytes:
    """A literal string: WinAnsi bytes (what the built-in fonts read; a character they do
    not have becomes "?"), with its delimiters and backslash escaped."""
    return _escaped(text.encode("cp1252", errors="replace"))


def info_string(text: str) -> bytes:
    """A document-information string (title, subject): Latin-1 where it can be."""
    return b"(" + _escaped(text.encode("latin-1", errors="replace")) + b")"


def _escaped(raw: bytes) -> bytes:
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _rgb(color: Color) -> str:
    return " ".join(number(v) for v in (color.red, color.green, color.blue))


class TextObject:
    """reportlab's text object, as far as ``GridPage`` uses it."""

    def __init__(self) -> None:
        self._code: list[bytes] = [b"BT"]

    def setFillColor(self, color: Color) -> None:
        self._code.append(f"{_rgb(color)} rg".encode())

    def setFont(self, name: str, size: float, leading: float | None = None) -> None:
        self._code.append(b"/" + FONTS[name] + f" {number(size)} Tf".encode())

    def setTextOrigin(self, x: float, y: float) -> None:
        self._code.append(f"1 0 0 1 {number(x)} {number(y)} Tm".encode())

    def textOut(self, text: str) -> None:
        self._code.append(b"(" + pdf_text(text) + b") Tj")

    def code(self) -> bytes:
        return b"\n".join([*self._code, b"ET"])


class PageCanvas:
    """One page's drawing, in reportlab's canvas vocabulary (the part the list documents
    use); ``content()`` is the page's content stream."""

    def __init__(self, page_number: int, page_count: int) -> None:
        self.page_number, self.page_count = page_number, page_count
        self._code: list[bytes] = []
        self._font, self._size = FONT, 10.0

    def getPageNumber(self) -> int:
        return self.page_number

    def saveState(self) -> None:
        self._code.append(b"q")

    def restoreState(self) -> None:
        self._code.append(b"Q")

    def translate(self, dx: float, dy: float) -> None:
        self._code.append(f"1 0 0 1 {number(dx)} {number(dy)} cm".encode())

    def setFillColor(self, color: Color) -> None:
        self._code.append(f"{_rgb(color)} rg".encode())

    def setStrokeColor(self, color: Color) -> None:
        self._code.append(f"{_rgb(color)} RG".encode())

    def setLineWidth(self, width: float) -> None:
        self._code.append(f"{number(width)} w".encode())

    def setFont(self, name: str, size: float, leading: float | None = None) -> None:
        self._font, self._size = name, size

    def rect(
        self, x: float, y: float, width: float, height: float, stroke: int = 1, fill: int = 0
    ) -> None:
        paint = {(0, 1): "f", (1, 0): "S", (1, 1): "B"}.get((stroke, fill), "n")
        box = " ".join(number(v) for v in (x, y, width, height))
        self._code.append(f"{box} re {paint}".encode())

    def lines(self, segments: Sequence[tuple[float, float, float, float]]) -> None:
        path = [
            f"{number(x1)} {number(y1)} m {number(x2)} {number(y2)} l"
            for x1, y1, x2, y2 in segments
        ]
        self._code.append(("\n".join(path) + "\nS").encode())

    def drawString(self, x: float, y: float, text: str) -> None:
        font = FONTS[self._font]
        self._code.append(
            b"BT /"
            + font
            + f" {number(self._size)} Tf 1 0 0 1 {number(x)} {number(y)} Tm (".encode()
            + pdf_text(text)
            + b") Tj ET"
        )

    def drawRightString(self, x: float, y: float, text: str) -> None:
        self.drawString(x - text_width(text, self._size, self._font), y, text)

    def drawCentredString(self, x: float, y: float, text: str) -> None:
        self.drawString(x - text_width(text, self._size, self._font) / 2, y, text)

    def beginText(self) -> TextObject:
        return TextObject()

    def drawText(self, text: TextObject) -> None:
        self._code.append(text.code())

    def doForm(self, name: str) -> None:
        """reportlab's page count form (``pdf_page.PAGE_COUNT_FORM``): the count is known
        here before the first page is drawn, so it is written in place."""
        self.setFont(FONT, COUNT_FONT_SIZE)
        self.setFillColor(colour(palette.MUTED_TEXT))
        self.drawString(0, 0, str(self.page_count))

    def content(self) -> bytes:
        return b"\n".join(self._code) + b"\n"


class PdfFile:
    """The objects of one PDF, written to ``out`` as they come; ``close`` writes the page
    tree, the catalog, the information and the cross-reference table."""

    CATALOG, PAGES, FONT_REGULAR, FONT_BOLD, INFO = 1, 2, 3, 4, 5

    def __init__(self, out: IO[bytes], *, page_size: tuple[float, float], compress: bool) -> None:
        self.out, self.compress = out, compress
        self.page_size = page_size
        self._offsets: dict[int, int] = {}
        self._next = self.INFO + 1
        self._pages: list[int] = []
        self._written = 0
        self._write(b"%PDF-1.4\n%\x93\x8c\x8b\x9e\n")

    def _write(self, data: bytes) -> None:
        self.out.write(data)
        self._written += len(data)

    def _object(self, number_: int, body: bytes) -> None:
        self._offsets[number_] = self._written
        self._write(f"{number_} 0 obj\n".encode() + body + b"\nendobj\n")

    def _new(self) -> int:
        self._next += 1
        return self._next - 1

    def add_page(self, content: bytes) -> None:
        stream, page = self._new(), self._new()
        data = zlib.compress(content) if self.compress else content
        flate = b" /Filter /FlateDecode" if self.compress else b""
        self._object(
            stream,
            f"<< /Length {len(data)}".encode() + flate + b" >>\nstream\n" + data + b"\nendstream",
        )
        width, height = self.page_size
        self._object(
            page,
            (
                f"<< /Type /Page /Parent {self.PAGES} 0 R "
                f"/MediaBox [ 0 0 {number(width)} {number(height)} ] "
                f"/Resources << /Font << /F1 {self.FONT_REGULAR} 0 R "
                f"/F2 {self.FONT_BOLD} 0 R >> >> /Contents {stream} 0 R >>"
            ).encode(),
        )
        self._pages.append(page)

    def close(self, *, title: str, author: str, subject: str, created: datetime) -> None:
        kids = " ".join(f"{page} 0 R" for page in self._pages)
        self._object(
            self.PAGES, f"<< /Type /Pages /Count {len(self._pages)} /Kids [ {kids} ] >>".encode()
        )
        for number_, font in ((self.FONT_REGULAR, FONT), (self.FONT_BOLD, BOLD)):
            self._object(
                number_,
                f"<< /Type /Font /Subtype /Type1 /BaseFont /{font} "
                f"/Encoding /WinAnsiEncoding >>".encode(),
            )
        self._object(
            self.CATALOG, f"<< /Type /Catalog /Pages {self.PAGES} 0 R /Lang (id) >>".encode()
        )
        when = f"({pdf_date(created)})".encode()
        self._object(
            self.INFO,
            b"<< /Title " + info_string(title) + b" /Author " + info_string(author)
            + b" /Creator " + info_string(author) + b" /Subject " + info_string(subject)
            + b" /Producer (Hadir) /CreationDate " + when + b" /ModDate " + when + b" >>",
        )  # fmt: skip
        start = self._written
        count = self._next
        lines = [f"xref\n0 {count}\n0000000000 65535 f \n".encode()]
        lines += [f"{self._offsets[n]:010d} 00000 n \n".encode() for n in range(1, count)]
        self._write(b"".join(lines))
        self._write(
            f"trailer\n<< /Size {count} /Root {self.CATALOG} 0 R /Info {self.INFO} 0 R >>\n"
            f"startxref\n{start}\n%%EOF\n".encode()
        )
