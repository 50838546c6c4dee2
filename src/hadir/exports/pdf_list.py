"""The list documents (TPP list, discipline list, daily list) as PDF, written page by page
(``pdf_writer``): memory stays flat in the number of rows (issue 15).

The rows are read three times from the caller's ``rows()`` and never held together:

1. the width of every fitted column (its widest text);
2. each row's height (its wrapped cells), kept as one number per row, to cut the pages
   and know their count before the first is drawn ("Halaman x dari y");
3. the drawing: a page's rows are wrapped again, drawn, written to the file and dropped.

The tail (notes, signatures) follows the grid as in the other documents: on the last page
when it fits under the rows, the last rows moved on with it when not (``paginate``).
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import IO

from hadir.exports import labels
from hadir.exports.model import DocumentHeader, Signatory
from hadir.exports.palette import Tone
from hadir.exports.pdf_grid import (
    BOLD,
    FONT,
    LEADING,
    PADDING,
    Align,
    Column,
    Grid,
    GridPage,
    fit_widths,
    grid_look,
    paginate,
    row_height,
    row_lines,
    text_width,
    wrap_text,
)
from hadir.exports.pdf_page import (
    FOOTER_HEIGHT,
    MARGIN,
    SIGNATURE_NAME_ROW,
    Orientation,
    PageDecor,
    Paper,
    page_frame,
    page_size,
    signature_rows,
)
from hadir.exports.pdf_writer import PageCanvas, PdfFile
from hadir.exports.text import clean_text

Row = tuple[list[str], dict[int, Tone]]  # cell texts, and tones by column
Rows = Callable[[], Iterable[Row]]  # called once per pass

Spec = tuple[str, Sequence[str] | float, Align]
"""A list column: ``(label, samples, align)`` is as wide as the widest of its samples and of
its texts in the rows; ``(label, weight, align)`` shares the spare width by weight and wraps."""

NOTE_SIZE, SIGNATURE_SIZE, EMPTY_SIZE = 7.0, 8.0, 8.0


def _columns(specs: Sequence[Spec], rows: Rows, available: float, size: float) -> list[Column]:
    """Pass 1: the columns, fitted ones as wide as their widest text (label words too)."""
    widest: dict[int, float] = {}
    for index, (label, content, _) in enumerate(specs):
        if not isinstance(content, float):
            texts = [*label.split(), *content]
            widest[index] = max((text_width(t, size) for t in texts), default=0.0)
    for cells, _ in rows():
        for index, width in widest.items():
            text = cells[index]
            if text:
                measured = text_width(text, size)
                if measured > width:
                    widest[index] = measured
    fixed = [widest[i] + 2 * PADDING + 0.5 if i in widest else None for i in range(len(specs))]
    weights = [0.0 if i in widest else float(specs[i][1]) for i in range(len(specs))]  # type: ignore[arg-type]
    widths = fit_widths(fixed, weights, available)
    return [
        Column(label, width, align, wrap=isinstance(content, float))
        for (label, content, align), width in zip(specs, widths, strict=True)
    ]


Block = tuple[float, Callable[[PageCanvas, float], None]]  # height, and how to draw it at top


@dataclass(frozen=True)
class _Tail:
    """What follows the grid: the empty-list message, notes, signatures, drawn as lines."""

    blocks: list[Block]

    @property
    def height(self) -> float:
        return sum(height for height, _ in self.blocks)

    def draw(self, canvas: PageCanvas, top: float) -> None:
        for height, draw in self.blocks:
            draw(canvas, top)
            top -= height


def _text_block(text: str, width: float, size: float, gap: float) -> Block:
    lines = wrap_text(text, width, size)
    leading = size * LEADING

    def draw(canvas: PageCanvas, top: float) -> None:
        canvas.setFont(FONT, size)
        baseline = top - gap - size
        for line in lines:
            canvas.drawString(MARGIN, baseline, line)
            baseline -= leading

    return gap + len(lines) * leading, draw


def _signatures(signatories: Sequence[Signatory], width: float) -> Block:
    """As ``pdf_page.signature_block``: side by side (a single one on the right)."""
    size, gap = SIGNATURE_SIZE, 10.0
    rows, heights = signature_rows(signatories, size)
    slots = len(rows[0])
    slot = width / slots

    def draw(canvas: PageCanvas, top: float) -> None:
        y = top - gap
        for number, (row, height) in enumerate(zip(rows, heights, strict=True)):
            canvas.setFont(BOLD if number == SIGNATURE_NAME_ROW else FONT, size)
            baseline = y - height / 2 - size * 0.35
            for index, text in enumerate(row):
                if text:
                    centre = MARGIN + slot * index + slot / 2
                    canvas.drawCentredString(centre, baseline, text)
            y -= height

    return gap + sum(heights), draw


def _tail(
    empty: bool, notes: Sequence[str], signatories: Sequence[Signatory], width: float
) -> _Tail:
    blocks = [_text_block(labels.NO_EMPLOYEES, width, EMPTY_SIZE, 4.0)] if empty else []
    blocks.append((6.0, lambda canvas, top: None))  # as pdf._ending's spacer
    blocks += [_text_block(note, width, NOTE_SIZE, 0.0) for note in notes]
    if signatories:
        blocks.append(_signatures(signatories, width))
    return _Tail(blocks)


def write_list_pdf(
    out: IO[bytes],
    *,
    header: DocumentHeader,
    title: str,
    period: str,
    specs: Sequence[Spec],
    rows: Rows,
    font_size: float,
    notes: Sequence[str],
    signatories: Sequence[Signatory],
    paper: Paper,
    orientation: Orientation,
    compress: bool,
) -> None:
    """Write the list document to ``out`` (a binary file), page by page."""
    pagesize = page_size(paper, orientation)
    width, height = page_frame(paper, orientation)
    columns = _columns(specs, rows, width, font_size)
    look, max_lines = grid_look(Grid(columns, [], font_size), height)
    heights = array("d")
    for cells, _ in rows():  # pass 2
        heights.append(row_height(look, row_lines(look, cells, max_lines)))
    tail = _tail(not heights, notes, signatories, width)
    pages = [
        (page[0], page[-1] + 1) if page else (0, 0)
        for page in paginate(heights, look.room(height), tail.height)
    ]
    last_used = look.header_height + sum(heights[pages[-1][0] : pages[-1][1]])
    tail_apart = tail.height > height - last_used
    count = len(pages) + (1 if tail_apart else 0)

    decor = PageDecor(header, title, period)
    pdf = PdfFile(out, page_size=pagesize, compress=compress)
    frame_top = MARGIN + FOOTER_HEIGHT + height
    source = iter(rows())  # pass 3: a page's rows at a time
    for page_number, (first, end) in enumerate(pages, 1):
        page_rows = [next(source) for _ in range(end - first)]
        texts = [row_lines(look, cells, max_lines) for cells, _ in page_rows]
        grid = GridPage(look, texts, list(heights[first:end]), [t for _, t in page_rows])
        canvas = PageCanvas(page_number, count)
        decor.draw(canvas, pagesize)
        canvas.saveState()
        canvas.translate(MARGIN, frame_top - grid.height)
        grid.canv = canvas
        grid.draw()
        canvas.restoreState()
        if page_number == len(pages) and not tail_apart:
            tail.draw(canvas, frame_top - grid.height)
        pdf.add_page(canvas.content())
    if tail_apart:
        canvas = PageCanvas(count, count)
        decor.draw(canvas, pagesize)
        tail.draw(canvas, frame_top)
        pdf.add_page(canvas.content())
    pdf.close(
        title=decor.title,
        author=labels.AUTHOR,
        subject=clean_text(period),
        created=header.generated_at,
    )
