"""The PDF page: paper, header block and footer on every page, signatures, rendering.

"Halaman x dari y" needs the page count before it is known: each page draws a form XObject
that the canvas defines when it is saved (PDF resolves the reference at the end).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, Literal
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4, landscape, portrait
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from hadir.exports import labels, palette
from hadir.exports.model import DocumentHeader, Signatory
from hadir.exports.pdf_grid import BOLD, FONT, LEADING, colour, text_width
from hadir.exports.text import clean_text, unit_label

Paper = Literal["A4", "F4"]
Orientation = Literal["landscape", "portrait"]

PAPER_SIZES: dict[str, tuple[float, float]] = {"A4": A4, "F4": (215 * mm, 330 * mm)}
MARGIN = 24.0
HEADER_HEIGHT = 50.0  # title, region, unit and period, printed-at line
FOOTER_HEIGHT = 16.0
PAGE_COUNT_FORM = "hadirPageCount"
SIGNATURE_SPACE = 42.0


def paragraph(text: str, size: float = 7.0, font: str = FONT) -> Paragraph:
    style = ParagraphStyle("hadir", fontName=font, fontSize=size, leading=size * LEADING)
    return Paragraph(escape(clean_text(text)), style)


SIGNATURE_NAME_ROW = 3  # printed in bold


def signature_rows(
    signatories: Sequence[Signatory], size: float
) -> tuple[list[list[str]], list[float]]:
    """The signature block's texts, a column per slot (at least two: a single signatory
    stands on the right), and its row heights: place and date, role, room to sign, name,
    NIP."""
    slots = max(len(signatories), 2)
    placed: list[Signatory | None] = [None] * (slots - len(signatories)) + list(signatories)
    rows = [
        [(s.place_date or "") if s else "" for s in placed],
        [s.role_label if s else "" for s in placed],
        ["" for _ in placed],
        [s.name if s else "" for s in placed],
        [labels.NIP_PREFIX + s.nip if s and s.nip else "" for s in placed],
    ]
    leading = size * LEADING
    heights = [leading + 2, leading + 2, SIGNATURE_SPACE, leading + 2, leading + 2]
    return [[clean_text(text) for text in row] for row in rows], heights


def signature_block(
    signatories: Sequence[Signatory], width: float, size: float = 8.0
) -> list[Flowable]:
    """Signatories side by side (a single one on the right): place and date, role, room to
    sign, name in bold, NIP. The caller keeps it with what precedes it (``KeepTogether``).
    """
    rows, heights = signature_rows(signatories, size)
    slots = len(rows[0])
    leading = size * LEADING
    style = TableStyle(
        [
            ("FONT", (0, 0), (-1, -1), FONT, size, leading),
            ("FONT", (0, SIGNATURE_NAME_ROW), (-1, SIGNATURE_NAME_ROW), BOLD, size, leading),
            ("ALIGN", (0, 0), (-1, -1), "CENTER"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ]
    )
    table = Table(rows, colWidths=[width / slots] * slots, rowHeights=heights, style=style)
    return [Spacer(1, 10), table]


class PageDecor:
    """Draws the header block and the footer on every page."""

    def __init__(self, header: DocumentHeader, title: str, period: str) -> None:
        self.header = header
        self.title = clean_text(title)
        self.region = clean_text(header.region_name)
        self.unit = clean_text(
            labels.LABEL_VALUE.format(
                label=labels.UNIT, value=unit_label(header.unit_name, header.unit_code)
            )
        )
        self.period = clean_text(period)
        self.generated = clean_text(
            labels.LABEL_VALUE.format(label=labels.GENERATED, value=header.generated_label)
        )

    def __call__(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        self.draw(canvas, doc.pagesize)

    def draw(self, canvas: Any, pagesize: tuple[float, float]) -> None:
        """On a reportlab canvas or a ``pdf_writer.PageCanvas``."""
        width, height = pagesize
        left, right = MARGIN, width - MARGIN
        top = height - MARGIN
        canvas.saveState()
        canvas.setFillColor(colour(palette.TEXT))
        canvas.setFont(BOLD, 11)
        canvas.drawCentredString(width / 2, top - 11, self.title)
        canvas.setFont(FONT, 9)
        canvas.drawCentredString(width / 2, top - 23, self.region)
        canvas.setFont(FONT, 8)
        canvas.drawString(left, top - 37, self.unit)
        canvas.drawString(left, top - 47, self.period)
        canvas.drawRightString(right, top - 47, self.generated)
        canvas.setFont(FONT, 7)
        canvas.setFillColor(colour(palette.MUTED_TEXT))
        canvas.drawString(left, MARGIN - 4, f"{self.title} \u2013 {self.unit}"[:160])
        page_text = labels.PAGE_OF.format(page=canvas.getPageNumber())
        x = right - text_width(labels.PAGE_OF.format(page=9999) + "9999", 7)
        canvas.drawString(x, MARGIN - 4, page_text)
        canvas.translate(x + text_width(page_text, 7), MARGIN - 4)
        canvas.doForm(PAGE_COUNT_FORM)
        canvas.restoreState()


def pdf_date(moment: datetime) -> str:
    offset = moment.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"D:{moment:%Y%m%d%H%M%S}{sign}{hours:02d}'{rest:02d}'"


def _canvas_maker(created: datetime) -> Callable[..., Canvas]:
    class HadirCanvas(Canvas):  # type: ignore[misc, unused-ignore]
        """Dates the file with the caller's "generated at" and defines the page count."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.setDateFormatter(lambda *_: pdf_date(created))

        def save(self) -> None:
            pages = self.getPageNumber() - 1
            self.beginForm(PAGE_COUNT_FORM, lowery=-2, upperx=60, uppery=10)
            self.setFont(FONT, 7)
            self.setFillColor(colour(palette.MUTED_TEXT))
            self.drawString(0, 0, str(pages))
            self.endForm()
            super().save()

    return HadirCanvas


def page_size(paper: Paper, orientation: Orientation) -> tuple[float, float]:
    size = PAPER_SIZES[paper]
    width, height = landscape(size) if orientation == "landscape" else portrait(size)
    return float(width), float(height)


def page_frame(paper: Paper, orientation: Orientation) -> tuple[float, float]:
    """Width and height available to the flowables of one page."""
    width, height = page_size(paper, orientation)
    return width - 2 * MARGIN, height - 2 * MARGIN - HEADER_HEIGHT - FOOTER_HEIGHT


def render(
    *,
    decor: PageDecor,
    story: list[Flowable],
    paper: Paper,
    orientation: Orientation,
    subject: str,
    compress: bool,
) -> bytes:
    """The document as PDF bytes: fixed header and footer, the story flowing in between."""
    pagesize = page_size(paper, orientation)
    frame_width, frame_height = page_frame(paper, orientation)
    frame = Frame(
        MARGIN,
        MARGIN + FOOTER_HEIGHT,
        frame_width,
        frame_height,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=pagesize,
        pageTemplates=[PageTemplate(id="page", frames=[frame], onPage=decor)],
        title=decor.title,
        author=labels.AUTHOR,
        creator=labels.AUTHOR,
        subject=clean_text(subject),
        invariant=1,
        pageCompression=1 if compress else 0,
        lang="id",
    )
    doc.build(story, canvasmaker=_canvas_maker(decor.header.generated_at))
    return buffer.getvalue()
