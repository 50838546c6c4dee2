"""The grid of a PDF document, cut into pages: one small ``Table`` per page.

Why the grid is cut here rather than by platypus: every row's height is known in advance
(lines x leading), so each page gets its own ``Table`` with fixed row heights and the header
row repeated. Nothing is measured twice and per-cell styles are applied once (1,000 rows x
50 columns in about a second).
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
from reportlab.platypus import Flowable, PageBreak, Table, TableStyle

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


@lru_cache(maxsize=65536)
def text_width(text: str, size: float, font: str = FONT) -> float:
    """Memoised: a region's list measures the same names, units and amounts many times."""
    return float(stringWidth(text, font, size))


def wrap_text(text: str, width: float, size: float, font: str = FONT) -> list[str]:
    """Lines of ``text`` no wider than ``width``: breaks at "\\n", then between words, then
    inside words too long for a line.
    """
    lines: list[str] = []
    for paragraph in clean_text(text).split("\n"):
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
    return lines


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


def grid_pages(grid: Grid, frame_height: float, tail_height: float = 0.0) -> list[Table]:
    """The grid as one ``Table`` per page, header row repeated, row heights fixed.

    ``tail_height`` is what follows the grid (notes, signatures): when it does not fit under
    the last rows, the last few rows move to the next page with it, so that a signature
    never stands alone on a page.
    """
    size = grid.font_size
    leading = size * LEADING
    wrapped_header = [
        _cell_lines(c.label, Column(c.label, c.width, wrap=True), size, 6) for c in grid.columns
    ]
    header_height = max(len(lines) for lines in wrapped_header) * leading + 2 * PADDING
    max_lines = max(int((frame_height - header_height - 2 * PADDING) / leading), 1)
    header = ["\n".join(lines) for lines in wrapped_header]
    base = _base_style(grid, leading)
    widths = [column.width for column in grid.columns]

    texts: list[list[str]] = []
    heights: list[float] = []
    for row in grid.rows:
        cells = [
            _cell_lines(text, column, size, max_lines)
            for text, column in zip(row, grid.columns, strict=True)
        ]
        heights.append(max(len(lines) for lines in cells) * leading + 2 * PADDING)
        texts.append(["\n".join(lines) for lines in cells])

    tables: list[Table] = []
    for page in _paginate(heights, frame_height - header_height - SAFETY, tail_height):
        style = list(base)
        for row_index, source in enumerate(page, 1):
            tones = grid.cell_tones[source] if grid.cell_tones else {}
            for col_index, tone in tones.items():
                cell = (col_index, row_index)
                style.append(("BACKGROUND", cell, cell, colour(palette.TONE_FILL[tone])))
                style.append(("TEXTCOLOR", cell, cell, colour(palette.TONE_TEXT[tone])))
        table = Table(
            [header, *(texts[index] for index in page)],
            colWidths=widths,
            rowHeights=[header_height, *(heights[index] for index in page)],
            style=TableStyle(style),
            hAlign="LEFT",
        )
        tables.append(table)
    return tables


def _paginate(heights: Sequence[float], room: float, tail_height: float) -> list[list[int]]:
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


def _base_style(grid: Grid, leading: float) -> list[tuple[Any, ...]]:
    """Style commands every page of the grid shares."""
    base: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), FONT, grid.font_size, leading),
        ("FONT", (0, 0), (-1, 0), BOLD, grid.font_size, leading),
        ("GRID", (0, 0), (-1, -1), 0.3, colour(palette.GRID_LINE)),
        ("BACKGROUND", (0, 0), (-1, 0), colour(palette.HEADER_FILL)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (0, 0), (-1, 0), "CENTER"),
        ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), PADDING),
        ("BOTTOMPADDING", (0, 0), (-1, -1), PADDING),
    ]
    for index, column in enumerate(grid.columns):
        if column.align != "LEFT":
            base.append(("ALIGN", (index, 1), (index, -1), column.align))
    for first, last in _ranges(grid.shaded_columns):
        base.append(("BACKGROUND", (first, 0), (last, -1), colour(palette.OFF_DAY_FILL)))
    for index, tone in grid.header_tones.items():
        base.append(("BACKGROUND", (index, 0), (index, 0), colour(palette.TONE_FILL[tone])))
    return base


def flowables_height(flowables: Sequence[Flowable], width: float, height: float) -> float:
    """How tall ``flowables`` are when laid out ``width`` wide."""
    scratch = Canvas(io.BytesIO(), invariant=1)  # some flowables need a canvas to measure
    return float(sum(flowable.wrapOn(scratch, width, height)[1] for flowable in flowables))


def page_breaks(tables: list[Table]) -> list[Flowable]:
    """Tables separated by page breaks."""
    story: list[Flowable] = []
    for index, table in enumerate(tables):
        if index:
            story.append(PageBreak())
        story.append(table)
    return story
