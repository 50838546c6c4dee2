"""The grid of a PDF document, cut into pages: one ``GridPage`` flowable per page.

Why the grid is cut and drawn here rather than by platypus' ``Table``: every row's height is
known in advance (lines x leading), so each page is a fixed block with the header row
repeated, drawn straight on the canvas: fills, one path for the rules, one text object for
the texts. Nothing is measured twice and no per-cell style objects exist (a region's TPP list
of 10,000 staff, 628 pages, drew in 3.6 s through ``Table`` and about a quarter of that here;
docs/scaling.md).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

from reportlab.lib.colors import Color, HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, PageBreak

from hadir.exports import palette
from hadir.exports.palette import Tone
from hadir.exports.text import clean_text

Align = Literal["LEFT", "CENTER", "RIGHT"]

FONT, BOLD = "Helvetica", "Helvetica-Bold"
LEADING = 1.2  # line height as a multiple of the font size
PADDING = 1.5
ELLIPSIS = "\u2026"
ROWS_KEPT_WITH_TAIL = 3
SAFETY = 1.0  # points kept free at the foot of the frame against rounding


def colour(rgb: str) -> Color:
    return HexColor("#" + rgb)


@lru_cache(maxsize=4096)
def text_width(text: str, size: float, font: str = FONT) -> float:
    """Memoised: a page measures the same words and line candidates several times (wrapping)
    and a region's list the same units and amounts. Kept small: a bound on memory, the
    region's list being written with memory flat in its size (issue 15)."""
    return float(stringWidth(text, font, size))


def wrap_text(text: str, width: float, size: float, font: str = FONT) -> list[str]:
    """Lines of ``text`` no wider than ``width``: breaks at "\\n", then between words, then
    inside words too long for a line.
    """
    lines: list[str] = []
    for paragraph in clean_text(text).split("\n"):
        lines += _wrapped_paragraph(paragraph, width, size, font)
    return lines


@lru_cache(maxsize=4096)
def _wrapped_paragraph(paragraph: str, width: float, size: float, font: str) -> tuple[str, ...]:
    """Memoised: a region's lists repeat the same lines of reasons ("Jumlah potongan ..."),
    positions and unit names in thousands of rows; kept small, as ``text_width``, for memory
    flat in the list's size."""
    lines: list[str] = []
    line = ""
    for word in paragraph.split():
        candidate = f"{line} {word}" if line else word
        if text_width(candidate, size, font) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = ""
        for char in word:
            if line and text_width(line + char, size, font) > width:
                lines.append(line)
                line = ""
            line += char
    lines.append(line)
    return tuple(lines)


@dataclass(frozen=True, slots=True)
class Column:
    """One grid column: ``width`` in points, ``wrap`` to fold long text into lines."""

    label: str
    width: float
    align: Align = "LEFT"
    wrap: bool = False


@dataclass(slots=True)
class Grid:
    """A table's content: texts per cell ("\\n" between lines), shaded columns and tones."""

    columns: Sequence[Column]
    rows: list[list[str]]
    font_size: float
    shaded_columns: Sequence[int] = ()
    header_tones: dict[int, Tone] = field(default_factory=dict)
    cell_tones: list[dict[int, Tone]] = field(default_factory=list)  # per row: column -> tone


def fit_widths(
    fixed: Sequence[float | None], weights: Sequence[float], available: float
) -> list[float]:
    """Fixed widths as given; the ``None`` ones share what is left in proportion to weights."""
    spare = max(available - sum(width for width in fixed if width is not None), 0.0)
    total_weight = sum(w for width, w in zip(fixed, weights, strict=True) if width is None) or 1.0
    return [
        width if width is not None else spare * weight / total_weight
        for width, weight in zip(fixed, weights, strict=True)
    ]


def _cell_lines(text: str, column: Column, size: float, max_lines: int) -> list[str]:
    if column.wrap:
        lines = wrap_text(text, column.width - 2 * PADDING, size)
    else:
        lines = clean_text(text).split("\n")
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], lines[max_lines - 1] + ELLIPSIS]
    return lines


def _ranges(indexes: Sequence[int]) -> list[tuple[int, int]]:
    """[3, 4, 10] -> [(3, 4), (10, 10)]: one style command per run of columns."""
    runs: list[tuple[int, int]] = []
    for index in sorted(indexes):
        if runs and runs[-1][1] == index - 1:
            runs[-1] = (runs[-1][0], index)
        else:
            runs.append((index, index))
    return runs


def grid_pages(grid: Grid, frame_height: float, tail_height: float = 0.0) -> list[GridPage]:
    """The grid as one ``GridPage`` per page, header row repeated, row heights fixed.

    ``tail_height`` is what follows the grid (notes, signatures): when it does not fit under
    the last rows, the last few rows move to the next page with it, so that a signature
    never stands alone on a page.
    """
    look, max_lines = grid_look(grid, frame_height)
    texts: list[list[list[str]]] = []
    heights: list[float] = []
    for row in grid.rows:
        cells = row_lines(look, row, max_lines)
        heights.append(row_height(look, cells))
        texts.append(cells)

    return [
        GridPage(
            look,
            [texts[index] for index in page],
            [heights[index] for index in page],
            [grid.cell_tones[index] if grid.cell_tones else {} for index in page],
        )
        for page in paginate(heights, look.room(frame_height), tail_height)
    ]


def grid_look(grid: Grid, frame_height: float) -> tuple[_Look, int]:
    """What every page of the grid shares, and the most lines a cell may have (the rows of
    ``grid`` are not read)."""
    size = grid.font_size
    leading = size * LEADING
    wrapped_header = [
        _cell_lines(c.label, Column(c.label, c.width, wrap=True), size, 6) for c in grid.columns
    ]
    header_height = max(len(lines) for lines in wrapped_header) * leading + 2 * PADDING
    max_lines = max(int((frame_height - header_height - 2 * PADDING) / leading), 1)
    return _Look.of(grid, leading, wrapped_header, header_height), max_lines


def row_lines(look: _Look, row: Sequence[str], max_lines: int) -> list[list[str]]:
    """The lines of each cell of ``row`` (wrapped, cut at ``max_lines``)."""
    return [
        _cell_lines(text, column, look.size, max_lines)
        for text, column in zip(row, look.columns, strict=True)
    ]


def row_height(look: _Look, cells: Sequence[Sequence[str]]) -> float:
    return max(len(lines) for lines in cells) * look.leading + 2 * PADDING


@dataclass(frozen=True, slots=True)
class _Look:
    """What every page of one grid shares: columns, fonts, header, fills."""

    columns: Sequence[Column]
    lefts: tuple[float, ...]
    width: float
    size: float
    leading: float
    header: list[list[str]]
    header_height: float
    shaded: tuple[tuple[float, float], ...]  # (x, width) of shaded column runs
    header_tones: dict[int, Tone]

    def room(self, frame_height: float) -> float:
        """The height left for rows on a page under the header row."""
        return frame_height - self.header_height - SAFETY

    @classmethod
    def of(cls, grid: Grid, leading: float, header: list[list[str]], header_height: float) -> _Look:
        lefts, x = [], 0.0
        for column in grid.columns:
            lefts.append(x)
            x += column.width
        shaded = tuple(
            (lefts[first], sum(c.width for c in grid.columns[first : last + 1]))
            for first, last in _ranges(grid.shaded_columns)
        )
        return cls(
            grid.columns, tuple(lefts), x, grid.font_size, leading, header, header_height,
            shaded, dict(grid.header_tones),
        )  # fmt: skip


class GridPage(Flowable):  # type: ignore[misc]
    """One page of the grid: the header row, then ``rows`` (lines per cell) with their
    heights and tones (column -> tone), drawn straight on the canvas."""

    def __init__(
        self,
        look: _Look,
        rows: list[list[list[str]]],
        heights: list[float],
        tones: list[dict[int, Tone]],
    ) -> None:
        super().__init__()
        self.look, self.rows, self.heights, self.tones = look, rows, heights, tones
        self.width = look.width
        self.height = look.header_height + sum(heights)
        self.hAlign = "LEFT"

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas, look = self.canv, self.look
        tops = [self.height]  # the top edge of each row, header first, downwards
        for height in (look.header_height, *self.heights):
            tops.append(tops[-1] - height)
        self._fills(canvas, tops)
        self._rules(canvas, tops)
        self._texts(canvas, tops)

    def _fills(self, canvas: Canvas, tops: list[float]) -> None:
        look = self.look
        canvas.setFillColor(colour(palette.HEADER_FILL))
        canvas.rect(0, tops[1], look.width, look.header_height, stroke=0, fill=1)
        if look.shaded:
            canvas.setFillColor(colour(palette.OFF_DAY_FILL))
            for x, width in look.shaded:
                canvas.rect(x, 0, width, self.height, stroke=0, fill=1)
        for index, tone in look.header_tones.items():
            canvas.setFillColor(colour(palette.TONE_FILL[tone]))
            column = look.columns[index]
            canvas.rect(look.lefts[index], tops[1], column.width, look.header_height, 0, 1)
        for row, tones in enumerate(self.tones, 1):
            for index, tone in tones.items():
                canvas.setFillColor(colour(palette.TONE_FILL[tone]))
                width, height = look.columns[index].width, tops[row] - tops[row + 1]
                canvas.rect(look.lefts[index], tops[row + 1], width, height, 0, 1)

    def _rules(self, canvas: Canvas, tops: list[float]) -> None:
        look = self.look
        canvas.setStrokeColor(colour(palette.GRID_LINE))
        canvas.setLineWidth(0.3)
        lines = [(0.0, y, look.width, y) for y in tops]
        lines += [(x, 0.0, x, self.height) for x in (*look.lefts, look.width)]
        canvas.lines(lines)

    def _texts(self, canvas: Canvas, tops: list[float]) -> None:
        look = self.look
        text = canvas.beginText()
        text.setFillColor(colour(palette.TEXT))
        text.setFont(BOLD, look.size, look.leading)
        for index, lines in enumerate(look.header):
            self._cell(text, index, lines, tops[0], tops[1], "CENTER", BOLD)
        text.setFont(FONT, look.size, look.leading)
        for row, cells in enumerate(self.rows, 1):
            tones = self.tones[row - 1]
            for index, lines in enumerate(cells):
                if not lines or lines == [""]:
                    continue
                tone = tones.get(index)
                if tone is not None:
                    text.setFillColor(colour(palette.TONE_TEXT[tone]))
                column = look.columns[index]
                self._cell(text, index, lines, tops[row], tops[row + 1], column.align, FONT)
                if tone is not None:
                    text.setFillColor(colour(palette.TEXT))
        canvas.drawText(text)

    def _cell(
        self, text: Any, index: int, lines: list[str], top: float, bottom: float,
        align: Align, font: str,
    ) -> None:  # fmt: skip
        """The lines of one cell, centred vertically, aligned within its paddings."""
        look = self.look
        block = len(lines) * look.leading
        baseline = top - (top - bottom - block) / 2 - look.size  # first line's baseline
        left = look.lefts[index] + PADDING
        room = look.columns[index].width - 2 * PADDING
        for line in lines:
            if line:
                if align == "LEFT":
                    x = left
                else:
                    spare = room - text_width(line, look.size, font)
                    x = left + (spare if align == "RIGHT" else spare / 2)
                text.setTextOrigin(x, baseline)
                text.textOut(line)
            baseline -= look.leading


def paginate(heights: Sequence[float], room: float, tail_height: float) -> list[list[int]]:
    """Row indexes per page: as many rows as fit in ``room``, and the last
    ``ROWS_KEPT_WITH_TAIL`` rows moved on when the tail does not fit under them.
    """
    pages: list[list[int]] = [[]]
    used = 0.0
    for index, height in enumerate(heights):
        if pages[-1] and used + height > room:
            pages.append([])
            used = 0.0
        pages[-1].append(index)
        used += height
    last = pages[-1]
    if tail_height and len(last) > 1 and used + tail_height > room:
        kept = min(ROWS_KEPT_WITH_TAIL, len(last) - 1)
        moved = last[-kept:]
        if sum(heights[index] for index in moved) + tail_height <= room:
            del last[-kept:]
            pages.append(moved)
    return pages


def flowables_height(flowables: Sequence[Flowable], width: float, height: float) -> float:
    """How tall ``flowables`` are when laid out ``width`` wide."""
    scratch = Canvas(io.BytesIO(), invariant=1)  # some flowables need a canvas to measure
    return float(sum(flowable.wrapOn(scratch, width, height)[1] for flowable in flowables))


def page_breaks(tables: Sequence[Flowable]) -> list[Flowable]:
    """Pages of a grid separated by page breaks."""
    story: list[Flowable] = []
    for index, table in enumerate(tables):
        if index:
            story.append(PageBreak())
        story.append(table)
    return story
