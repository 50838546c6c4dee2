"""Charts: well-formed XML, escaped labels, one shape per value, accessible, deterministic."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pytest

from hadir.exports import labels
from hadir.exports.svg import bar_chart_svg, line_chart_svg, ranking_svg
from hadir.exports.svg_frame import (
    BAD_COLOUR,
    BAD_ID,
    LENGTH_MISMATCH,
    NEGATIVE,
    NOT_FINITE,
    nice_range,
)

NS = {"svg": "http://www.w3.org/2000/svg"}
UNITS = ["Dinas Pendidikan", "RSUD <Ahmad & Ripin>", 'Kecamatan "Sekernan"']
RATES = [95.25, 88.0, 91.5]
BANDS = [("TL1", [12.0, 10, 8]), ("TL2", [5.0, 4, 6]), ("TL3", [2.0, 1, 2]), ("TL4", [1.0, 0, 1])]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output


def bars(root: ET.Element) -> list[ET.Element]:
    return [r for r in root.iter("{http://www.w3.org/2000/svg}rect") if r.get("class") == "bar"]


def texts(root: ET.Element) -> list[str]:
    return ["".join(element.itertext()) for element in root.iter()]


def test_bar_chart_has_one_bar_per_category_and_series():
    root = parse(bar_chart_svg("Keterlambatan", UNITS, BANDS, ""))
    assert len(bars(root)) == len(UNITS) * len(BANDS)
    assert root.get("width") == "100%"
    assert root.get("viewBox", "").startswith("0 0 480 ")


def test_labels_are_escaped_and_read_back_unchanged():
    svg = bar_chart_svg("Kehadiran <Maret> & April", UNITS, [("Hadir", RATES)])
    assert "RSUD &lt;Ahmad &amp; Ripin&gt;" in svg
    root = parse(svg)
    assert root.find("svg:title", NS).text == "Kehadiran <Maret> & April"
    shown = texts(root)
    assert "RSUD <Ahmad & Ripin>" in " ".join(shown)
    assert 'Kecamatan "Sekernan"' in " ".join(shown)


def test_title_and_desc_make_the_chart_accessible():
    root = parse(bar_chart_svg("Kehadiran", UNITS, [("Hadir", RATES)]))
    title, desc = root.find("svg:title", NS), root.find("svg:desc", NS)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert desc.text.startswith(labels.CHART_DESC_BARS)
    assert "Dinas Pendidikan, Hadir: 95,3%" in desc.text  # Indonesian decimal comma


def test_each_bar_has_a_tooltip_with_its_value():
    root = parse(bar_chart_svg("Kehadiran", UNITS, [("Hadir", RATES)]))
    tips = [bar.find("svg:title", NS).text for bar in bars(root)]
    assert tips == [
        "Dinas Pendidikan, Hadir: 95,3%",
        "RSUD <Ahmad & Ripin>, Hadir: 88%",
        'Kecamatan "Sekernan", Hadir: 91,5%',
    ]


def test_grouped_bars_are_as_tall_as_their_values():
    root = parse(bar_chart_svg("Kehadiran", ["A", "B"], [("Hadir", [50.0, 100.0])]))
    first, second = (float(bar.get("height")) for bar in bars(root))
    assert second == pytest.approx(2 * first, abs=0.2)


def test_stacked_bars_sit_on_each_other():
    root = parse(bar_chart_svg("Keterlambatan", ["Jan", "Feb", "Mar"], BANDS[:2], "", stacked=True))
    lower, upper = bars(root)[:2]  # January: TL1 then TL2 on top
    assert float(upper.get("y")) + float(upper.get("height")) == pytest.approx(
        float(lower.get("y")), abs=0.2
    )


def test_output_is_deterministic_and_ids_differ_between_charts():
    first = bar_chart_svg("Kehadiran", UNITS, [("Hadir", RATES)])
    assert first == bar_chart_svg("Kehadiran", UNITS, [("Hadir", RATES)])
    other = bar_chart_svg("Kehadiran", UNITS, [("Hadir", [90.0, 90, 90])])
    assert parse(first).find("svg:title", NS).get("id") != parse(other).find("svg:title", NS).get(
        "id"
    )
    fixed = parse(bar_chart_svg("K", UNITS, [("Hadir", RATES)], chart_id="unit-rates"))
    assert fixed.find("svg:title", NS).get("id") == "unit-rates-title"


def test_line_chart_breaks_at_gaps_and_marks_each_known_value():
    months = ["Jan", "Feb", "Mar", "Apr", "Mei"]
    series = [("Kabupaten", [94.0, 95.5, None, 96.0, 97.0]), ("Dinas", [90.0, 91, 92, 93, 94])]
    root = parse(line_chart_svg("Kehadiran 2026", months, series))
    paths = [p for p in root.iter("{http://www.w3.org/2000/svg}path") if p.get("class") == "line"]
    assert [path.get("d").count("M") for path in paths] == [2, 1]
    points = list(root.iter("{http://www.w3.org/2000/svg}circle"))
    assert len(points) == 9
    assert "Mar, Kabupaten: " + labels.CHART_GAP in root.find("svg:desc", NS).text


def test_ranking_puts_the_highest_first_with_a_bar_each():
    items = list(zip(UNITS, RATES, strict=True))
    root = parse(ranking_svg("Peringkat", items))
    tips = [bar.find("svg:title", NS).text for bar in bars(root)]
    assert tips == [
        "1. Dinas Pendidikan: 95,3%",
        '2. Kecamatan "Sekernan": 91,5%',
        "3. RSUD <Ahmad & Ripin>: 88%",
    ]
    widths = [float(bar.get("width")) for bar in bars(root)]
    assert widths == sorted(widths, reverse=True)


def test_long_labels_are_shortened_on_screen_but_whole_in_tooltips():
    name = "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Daerah"
    root = parse(ranking_svg("Peringkat", [(name, 90.0)]))
    assert f"1. {name}" not in texts(root)[3:]  # drawn labels are cut with an ellipsis
    assert any(text.endswith("\u2026") for text in texts(root))
    assert bars(root)[0].find("svg:title", NS).text == f"1. {name}: 90%"


@pytest.mark.parametrize(
    "chart",
    [
        lambda: bar_chart_svg("Kosong", [], [("Hadir", [])]),
        lambda: line_chart_svg("Kosong", ["Jan"], [("Hadir", [None])]),
        lambda: ranking_svg("Kosong", []),
    ],
)
def test_no_data_gives_a_message_and_no_bars(chart):
    root = parse(chart())
    assert bars(root) == []
    assert labels.NO_DATA in texts(root)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: bar_chart_svg("x", ["a"], [("s", [math.nan])]), NOT_FINITE.format(value=math.nan)),
        (lambda: bar_chart_svg("x", ["a"], [("s", [-1.0])]), NEGATIVE.format(value=-1.0)),
        (lambda: ranking_svg("x", [("a", math.inf)]), NOT_FINITE.format(value=math.inf)),
        (
            lambda: line_chart_svg("x", ["a", "b"], [("s", [1.0])]),
            LENGTH_MISMATCH.format(name="s", got=1, expected=2),
        ),
        (
            lambda: bar_chart_svg("x", ["a"], [("s", [1.0])], colours=["red"]),
            BAD_COLOUR.format(colour="red"),
        ),
        (
            lambda: ranking_svg("x", [("a", 1.0)], chart_id='a" onload="x'),
            BAD_ID.format(chart_id='a" onload="x'),
        ),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(call, message):
    with pytest.raises(ValueError) as error:
        call()
    assert str(error.value) == message


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [(0, 95.3, (0, 100, 25)), (88, 97, (87.5, 97.5, 2.5)), (0, 0, (0, 1, 0.25)), (0, 7, (0, 8, 2))],
)
def test_axis_ends_are_round(low, high, expected):
    assert nice_range(low, high) == pytest.approx(expected)
