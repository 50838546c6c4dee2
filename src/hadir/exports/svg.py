"""Charts as SVG strings: no script, no external font, readable on a phone, deterministic.

Every bar and point carries a ``<title>`` (the tooltip, with the full label and value);
``<desc>`` lists every value for screen readers. Bars are ``<rect class="bar">`` and points
``<circle class="point">`` so pages and tests can find them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from hadir.exports import labels, palette
from hadir.exports.svg_frame import (
    FONT_SIZE,
    LENGTH_MISMATCH,
    SMALL_SIZE,
    TITLE_HEIGHT,
    VIEW_WIDTH,
    axis_width,
    chart_id_for,
    check_id,
    check_values,
    colours_for,
    document,
    legend,
    nice_range,
    no_data,
    num,
    shorten,
    text,
    text_width,
    value_label,
    y_axis,
)

Series = Sequence[tuple[str, Sequence[float]]]
PLOT_HEIGHT = 220
RIGHT_MARGIN = 12
RANK_ROW = 26
RANK_BAR = 16
ROTATED_LABEL_CHARS = 18
SIN_45 = math.sqrt(0.5)


def _series_desc(kind: str, categories: Sequence[str], series: Series, suffix: str) -> str:
    items = [
        labels.CHART_DESC_SERIES_ITEM.format(
            category=category, series=name, value=value_label(values[index], suffix)
        )
        for index, category in enumerate(categories)
        for name, values in series
    ]
    return " ".join([kind, "; ".join(items)])


def bar_chart_svg(
    title: str,
    categories: Sequence[str],
    series: Series,
    unit_suffix: str = "%",
    *,
    stacked: bool = False,
    colours: Sequence[str] | None = None,
    chart_id: str | None = None,
) -> str:
    """Vertical bars, one group (or one stack, ``stacked=True``) per category and one colour
    per series: attendance rate by unit, late arrivals by band (TL1-TL4 stacked) per month.
    """
    for name, values in series:
        if len(values) != len(categories):
            got, expected = len(values), len(categories)
            raise ValueError(LENGTH_MISMATCH.format(name=name, got=got, expected=expected))
        check_values(values, allow_negative=False)
    chart_id = check_id(chart_id or chart_id_for("bars", title, categories, series, stacked))
    desc = _series_desc(labels.CHART_DESC_BARS, categories, series, unit_suffix)
    if not categories or not series:
        return no_data(chart_id, title, desc)

    fills = colours_for(len(series), colours)
    legend_elements, legend_height = legend([name for name, _ in series], fills, TITLE_HEIGHT)
    if stacked:
        peak = max(sum(values[i] for _, values in series) for i in range(len(categories)))
    else:
        peak = max(max(values) for _, values in series)
    scale = nice_range(0.0, peak)
    left = axis_width(scale, unit_suffix)
    slot = (VIEW_WIDTH - left - RIGHT_MARGIN) / len(categories)
    rotate = any(text_width(category, SMALL_SIZE) > slot - 4 for category in categories)
    shown = [shorten(c, ROTATED_LABEL_CHARS * SMALL_SIZE * 0.58, SMALL_SIZE) for c in categories]
    longest = max(text_width(label, SMALL_SIZE) for label in shown)
    if rotate:  # the first label, slanted to the left, must not leave the picture
        left = max(left, longest * SIN_45 - slot / 2 + 6)
        slot = (VIEW_WIDTH - left - RIGHT_MARGIN) / len(categories)
    label_height = longest * SIN_45 + 16 if rotate else 20
    top = TITLE_HEIGHT + legend_height + 10
    bottom = top + PLOT_HEIGHT
    low, high, _ = scale

    def y_of(value: float) -> float:
        return bottom - (value - low) / (high - low) * PLOT_HEIGHT

    body = [*legend_elements]
    body += y_axis(
        left=left,
        right=VIEW_WIDTH - RIGHT_MARGIN,
        top=top,
        bottom=bottom,
        scale=scale,
        suffix=unit_suffix,
    )
    body.append('<g class="bars">')
    for index, category in enumerate(categories):
        slot_x = left + index * slot
        base = 0.0
        for series_index, (name, values) in enumerate(series):
            value = values[index]
            if stacked:
                width = slot * 0.6
                x = slot_x + slot * 0.2
                y_top, y_bottom = y_of(base + value), y_of(base)
                base += value
            else:
                width = slot * 0.8 / len(series)
                x = slot_x + slot * 0.1 + series_index * width
                y_top, y_bottom = y_of(value), y_of(0.0)
            tip = labels.CHART_DESC_SERIES_ITEM.format(
                category=category, series=name, value=value_label(value, unit_suffix)
            )
            body.append(
                f'<rect class="bar" x="{num(x)}" y="{num(y_top)}" width="{num(width)}" '
                f'height="{num(y_bottom - y_top)}" fill="{fills[series_index]}">'
                f"<title>{text(tip)}</title></rect>"
            )
            label = value_label(value, unit_suffix)
            if not stacked and text_width(label, SMALL_SIZE) <= width:
                body.append(
                    f'<text x="{num(x + width / 2)}" y="{num(y_top - 4)}" text-anchor="middle" '
                    f'font-size="{SMALL_SIZE}">{text(label)}</text>'
                )
    body.append("</g>")
    body.append('<g class="categories">')
    for index, label in enumerate(shown):
        x = left + (index + 0.5) * slot
        if rotate:
            body.append(
                f'<text x="{num(x)}" y="{num(bottom + 12)}" text-anchor="end" '
                f'font-size="{SMALL_SIZE}" transform="rotate(-45 {num(x)} {num(bottom + 12)})">'
                f"{text(label)}</text>"
            )
        else:
            body.append(
                f'<text x="{num(x)}" y="{num(bottom + 16)}" text-anchor="middle" '
                f'font-size="{SMALL_SIZE}">{text(label)}</text>'
            )
    body.append("</g>")
    height = bottom + label_height + 6
    return document(chart_id=chart_id, title=title, desc=desc, height=height, body=body)


def line_chart_svg(
    title: str,
    x_labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    unit_suffix: str = "%",
    *,
    colours: Sequence[str] | None = None,
    chart_id: str | None = None,
) -> str:
    """One line per series over ``x_labels`` (attendance rate over months). ``None`` values
    are gaps: the line breaks there. The axis spans the data with round ends, not from zero.
    """
    for name, values in series:
        if len(values) != len(x_labels):
            got, expected = len(values), len(x_labels)
            raise ValueError(LENGTH_MISMATCH.format(name=name, got=got, expected=expected))
        check_values(values, allow_negative=True)
    chart_id = check_id(chart_id or chart_id_for("lines", title, x_labels, series))
    items = [
        labels.CHART_DESC_SERIES_ITEM.format(
            category=label,
            series=name,
            value=labels.CHART_GAP if value is None else value_label(value, unit_suffix),
        )
        for name, values in series
        for label, value in zip(x_labels, values, strict=True)
    ]
    desc = " ".join([labels.CHART_DESC_LINES, "; ".join(items)])
    known = [value for _, values in series for value in values if value is not None]
    if not x_labels or not known:
        return no_data(chart_id, title, desc)

    fills = colours_for(len(series), colours)
    legend_elements, legend_height = legend([name for name, _ in series], fills, TITLE_HEIGHT)
    scale = nice_range(min(known), max(known))
    low, high, _ = scale
    left = axis_width(scale, unit_suffix) + 6
    right = VIEW_WIDTH - RIGHT_MARGIN - 10
    top = TITLE_HEIGHT + legend_height + 10
    bottom = top + PLOT_HEIGHT
    count = len(x_labels)
    spacing = (right - left) / (count - 1) if count > 1 else 0.0

    def x_of(index: int) -> float:
        return left + index * spacing if count > 1 else (left + right) / 2

    def y_of(value: float) -> float:
        return bottom - (value - low) / (high - low) * PLOT_HEIGHT

    body = [*legend_elements]
    body += y_axis(
        left=left - 6, right=right + 6, top=top, bottom=bottom, scale=scale, suffix=unit_suffix
    )
    for series_index, (name, values) in enumerate(series):
        fill = fills[series_index]
        commands: list[str] = []
        pen_down = False
        for index, value in enumerate(values):
            if value is None:
                pen_down = False
                continue
            commands.append(f"{'L' if pen_down else 'M'}{num(x_of(index))} {num(y_of(value))}")
            pen_down = True
        body.append(
            f'<path class="line" d="{" ".join(commands)}" fill="none" stroke="{fill}" '
            f'stroke-width="2.5" stroke-linejoin="round"/>'
        )
        for index, value in enumerate(values):
            if value is None:
                continue
            tip = labels.CHART_DESC_SERIES_ITEM.format(
                category=x_labels[index], series=name, value=value_label(value, unit_suffix)
            )
            body.append(
                f'<circle class="point" cx="{num(x_of(index))}" cy="{num(y_of(value))}" r="3.5" '
                f'fill="{fill}"><title>{text(tip)}</title></circle>'
            )
    widest = max(text_width(label, SMALL_SIZE) for label in x_labels)
    every = max(math.ceil((widest + 6) / spacing), 1) if spacing else 1
    body.append('<g class="x-labels">')
    for index, label in enumerate(x_labels):
        if index % every == 0:
            body.append(
                f'<text x="{num(x_of(index))}" y="{num(bottom + 16)}" text-anchor="middle" '
                f'font-size="{SMALL_SIZE}">{text(shorten(label, 120, SMALL_SIZE))}</text>'
            )
    body.append("</g>")
    return document(chart_id=chart_id, title=title, desc=desc, height=bottom + 26, body=body)


def ranking_svg(
    title: str,
    items: Sequence[tuple[str, float]],
    unit_suffix: str = "%",
    *,
    colour: str | None = None,
    chart_id: str | None = None,
) -> str:
    """Horizontal bars, highest value first (ties keep the given order): units ranked by
    attendance rate. The chart grows in height with the number of items.
    """
    check_values([value for _, value in items], allow_negative=False)
    chart_id = check_id(chart_id or chart_id_for("ranking", title, items))
    ranked = sorted(items, key=lambda item: -item[1])
    entries = [
        labels.CHART_DESC_ITEM.format(
            label=f"{rank}. {label}", value=value_label(value, unit_suffix)
        )
        for rank, (label, value) in enumerate(ranked, 1)
    ]
    desc = " ".join([labels.CHART_DESC_RANKING, "; ".join(entries)])
    if not ranked:
        return no_data(chart_id, title, desc)

    fill = colours_for(1, [colour] if colour else None)[0]
    peak = max(value for _, value in ranked) or 1.0
    label_width = VIEW_WIDTH * 0.42
    value_width = max(text_width(value_label(v, unit_suffix), SMALL_SIZE) for _, v in ranked) + 8
    bar_left = 10 + label_width + 6
    bar_room = VIEW_WIDTH - RIGHT_MARGIN - value_width - bar_left
    top = TITLE_HEIGHT + 8
    body = ['<g class="bars">']
    for rank, (label, value) in enumerate(ranked, 1):
        y = top + (rank - 1) * RANK_ROW
        middle = y + RANK_BAR / 2
        name = f"{rank}. {label}"
        width = bar_room * value / peak
        tip = labels.CHART_DESC_ITEM.format(label=name, value=value_label(value, unit_suffix))
        body.append(
            f'<text x="10" y="{num(middle + 4.5)}" font-size="{FONT_SIZE}">'
            f"{text(shorten(name, label_width))}</text>"
        )
        body.append(
            f'<rect class="bar" x="{num(bar_left)}" y="{num(y)}" width="{num(width)}" '
            f'height="{RANK_BAR}" fill="{fill}"><title>{text(tip)}</title></rect>'
        )
        body.append(
            f'<text x="{num(bar_left + width + 4)}" y="{num(middle + 4)}" '
            f'font-size="{SMALL_SIZE}" fill="#{palette.TEXT}">'
            f"{text(value_label(value, unit_suffix))}</text>"
        )
    body.append("</g>")
    height = top + len(ranked) * RANK_ROW + 4
    return document(chart_id=chart_id, title=title, desc=desc, height=height, body=body)
