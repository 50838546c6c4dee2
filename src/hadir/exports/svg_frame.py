"""What every chart shares: the ``<svg>`` element, escaping, scales, legend, text sizes.

Charts are drawn in a 480-unit-wide ``viewBox`` with ``width="100%"``: on a 360 px phone the
13-unit labels show at about 10 px. Text widths are estimated (no font is loaded), so labels
that might not fit are shortened with "..." and given in full in the bar's tooltip and in
``<desc>``.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Sequence
from xml.sax.saxutils import escape

from hadir.exports import labels, palette
from hadir.exports.text import clean_text, format_number_id

VIEW_WIDTH = 480
FONT_SIZE = 13
SMALL_SIZE = 11
TITLE_SIZE = 15
TITLE_HEIGHT = 30
CHAR_WIDTH = 0.58  # average sans-serif glyph width, in ems
ELLIPSIS = "\u2026"
LEGEND_SWATCH = 12
LEGEND_ROW = 20

NOT_FINITE = "Chart values must be finite numbers; got {value!r}."
NEGATIVE = "Bar values must not be negative; got {value!r}."
LENGTH_MISMATCH = "Series {name!r} has {got} values for {expected} categories."
BAD_COLOUR = "Colours are six hex digits without '#'; got {colour!r}."
BAD_ID = "chart_id may hold only letters, digits, '-' and '_'; got {chart_id!r}."

_COLOUR = re.compile(r"[0-9A-Fa-f]{6}")
_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")


def text(value: str) -> str:
    """Text content, XML-escaped, without characters XML cannot carry."""
    return escape(clean_text(value))


def num(value: float) -> str:
    """A coordinate: one decimal at most, no "-0"."""
    rounded = round(value, 1)
    if rounded == 0:
        return "0"
    return f"{rounded:.1f}".removesuffix(".0")


def text_width(value: str, size: float = FONT_SIZE) -> float:
    return len(value) * size * CHAR_WIDTH


def shorten(value: str, width: float, size: float = FONT_SIZE) -> str:
    """``value`` cut with "..." so that it fits ``width`` (estimated)."""
    fits = max(int(width / (size * CHAR_WIDTH)), 1)
    return value if len(value) <= fits else value[: max(fits - 1, 1)] + ELLIPSIS


def value_label(value: float, suffix: str) -> str:
    """95.25 -> "95,3%": Indonesian decimal comma, at most one decimal."""
    return format_number_id(value) + suffix


def check_values(values: Sequence[float | None], *, allow_negative: bool) -> None:
    for value in values:
        if value is None:
            continue
        if not math.isfinite(value):
            raise ValueError(NOT_FINITE.format(value=value))
        if value < 0 and not allow_negative:
            raise ValueError(NEGATIVE.format(value=value))


def colours_for(count: int, colours: Sequence[str] | None) -> list[str]:
    """``count`` fill colours as "#rrggbb": the caller's, else the palette, in turn."""
    chosen = list(colours) if colours else list(palette.SERIES_COLOURS)
    for colour in chosen:
        if not _COLOUR.fullmatch(colour):
            raise ValueError(BAD_COLOUR.format(colour=colour))
    return ["#" + chosen[index % len(chosen)].upper() for index in range(count)]


def nice_step(span: float, ticks: int = 4) -> float:
    """A round step (1, 2, 2.5 or 5 x 10^n) that cuts ``span`` into about ``ticks`` parts."""
    raw = span / ticks if span > 0 else 1.0
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * power >= raw:
            return float(factor * power)
    return float(10 * power)  # pragma: no cover - the loop always returns


def nice_range(low: float, high: float) -> tuple[float, float, float]:
    """``(bottom, top, step)`` with round ends that contain ``low`` and ``high``."""
    if high <= low:
        high = low + 1.0
    step = nice_step(high - low)
    bottom = math.floor(low / step + 1e-9) * step
    top = math.ceil(high / step - 1e-9) * step
    return bottom, top, step


def chart_id_for(kind: str, *parts: object) -> str:
    """A stable id from the chart's content, so two charts on one page do not clash."""
    digest = hashlib.sha256(repr((kind, parts)).encode("utf-8", "surrogatepass")).hexdigest()
    return f"hadir-{kind}-{digest[:10]}"


def check_id(chart_id: str) -> str:
    if not _ID.fullmatch(chart_id):
        raise ValueError(BAD_ID.format(chart_id=chart_id))
    return chart_id


def legend(names: Sequence[str], fills: Sequence[str], top: float) -> tuple[list[str], float]:
    """Legend items wrapped into rows under the title; returns the elements and the height."""
    if len(names) < 2:
        return [], 0.0
    elements = ['<g class="legend">']
    x, y = 10.0, top
    for name, fill in zip(names, fills, strict=True):
        shown = shorten(name, VIEW_WIDTH / 2, SMALL_SIZE)
        width = LEGEND_SWATCH + 6 + text_width(shown, SMALL_SIZE) + 16
        if x > 10 and x + width > VIEW_WIDTH - 10:
            x, y = 10.0, y + LEGEND_ROW
        elements.append(
            f'<rect x="{num(x)}" y="{num(y)}" width="{LEGEND_SWATCH}" '
            f'height="{LEGEND_SWATCH}" fill="{fill}"/>'
        )
        elements.append(
            f'<text x="{num(x + LEGEND_SWATCH + 6)}" y="{num(y + LEGEND_SWATCH - 1)}" '
            f'font-size="{SMALL_SIZE}">{text(shown)}</text>'
        )
        x += width
    elements.append("</g>")
    return elements, y + LEGEND_ROW - top


def document(*, chart_id: str, title: str, desc: str, height: float, body: Sequence[str]) -> str:
    """The ``<svg>`` element: accessible name and description, title drawn at the top."""
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {VIEW_WIDTH} {num(height)}" '
        f'width="100%" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-family="sans-serif" font-size="{FONT_SIZE}" class="hadir-chart" '
        f'style="max-width:100%;height:auto">'
    )
    lines = [
        head,
        f'<title id="{chart_id}-title">{text(title)}</title>',
        f'<desc id="{chart_id}-desc">{text(desc)}</desc>',
        f'<text class="chart-title" x="{VIEW_WIDTH / 2:g}" y="20" text-anchor="middle" '
        f'font-size="{TITLE_SIZE}" font-weight="bold">'
        f"{text(shorten(title, VIEW_WIDTH - 20, TITLE_SIZE))}</text>",
        *body,
        "</svg>",
    ]
    return "\n".join(lines) + "\n"


def no_data(chart_id: str, title: str, desc: str) -> str:
    body = [
        f'<text class="no-data" x="{VIEW_WIDTH / 2:g}" y="70" text-anchor="middle" '
        f'fill="#{palette.MUTED_TEXT}">{text(labels.NO_DATA)}</text>'
    ]
    return document(chart_id=chart_id, title=title, desc=desc, height=100, body=body)


def y_axis(
    *,
    left: float,
    right: float,
    top: float,
    bottom: float,
    scale: tuple[float, float, float],
    suffix: str,
) -> list[str]:
    """Horizontal grid lines with their values on the left."""
    low, high, step = scale
    elements = ['<g class="axis">']
    steps = round((high - low) / step)
    for index in range(steps + 1):
        value = low + index * step
        y = bottom - (value - low) / (high - low) * (bottom - top)
        elements.append(
            f'<line x1="{num(left)}" y1="{num(y)}" x2="{num(right)}" y2="{num(y)}" '
            f'stroke="#{palette.OFF_DAY_FILL}" stroke-width="1"/>'
        )
        elements.append(
            f'<text x="{num(left - 6)}" y="{num(y + 4)}" text-anchor="end" '
            f'font-size="{SMALL_SIZE}" fill="#{palette.MUTED_TEXT}">'
            f"{text(value_label(value, suffix))}</text>"
        )
    elements.append("</g>")
    return elements


def axis_width(scale: tuple[float, float, float], suffix: str) -> float:
    """Room for the longest value label of the y axis."""
    low, high, step = scale
    steps = round((high - low) / step)
    widest = max(
        text_width(value_label(low + index * step, suffix), SMALL_SIZE)
        for index in range(steps + 1)
    )
    return widest + 12
