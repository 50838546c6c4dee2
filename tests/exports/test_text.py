"""Indonesian number and date formats, XML-safe text, code tones."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from hadir.exports.bench import bench_month_recap
from hadir.exports.palette import Tone, code_tone
from hadir.exports.text import (
    clean_text,
    date_in_words,
    format_decimal_id,
    format_int_id,
    format_number_id,
)


@pytest.mark.parametrize(
    ("value", "expected"), [(0, "0"), (999, "999"), (1234567, "1.234.567"), (-4500, "-4.500")]
)
def test_thousands_use_dots(value, expected):
    assert format_int_id(value) == expected


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Decimal("2.5"), 2, "2,50"),
        (Decimal("100"), 2, "100,00"),
        (Decimal("0.125"), 2, "0,13"),  # half up, as on paper
        (Decimal("1234.5"), 2, "1.234,50"),
        (Decimal("7"), 0, "7"),
    ],
)
def test_decimals_use_a_comma(value, places, expected):
    assert format_decimal_id(value, places) == expected


@pytest.mark.parametrize(
    ("value", "expected"), [(95.0, "95"), (95.25, "95,3"), (0.04, "0"), (88.8, "88,8")]
)
def test_chart_numbers_drop_needless_decimals(value, expected):
    assert format_number_id(value) == expected


def test_dates_in_words():
    assert date_in_words(date(2026, 3, 2)) == "Senin, 2 Maret 2026"
    assert date_in_words(date(2026, 8, 17)) == "Senin, 17 Agustus 2026"


def test_clean_text_drops_what_xml_cannot_hold():
    assert clean_text("a\x00b\x07c\td\ne\ufffef") == "abc\td\nef"
    assert clean_text("Ünïcödé 漢字 😀") == "Ünïcödé 漢字 😀"


@pytest.mark.parametrize(
    ("codes", "tone"),
    [
        ("H", Tone.PLAIN),
        ("", Tone.PLAIN),
        ("L", Tone.PLAIN),
        ("TL1", Tone.LATE),
        ("PSW4", Tone.LATE),
        ("TAM", Tone.LATE),
        ("TL2+PSW1", Tone.LATE),
        ("TK", Tone.ABSENT),
        ("TL1+TK", Tone.ABSENT),
    ],
)
def test_code_tones(codes, tone):
    assert code_tone(codes) is tone


def test_bench_reports_seconds_and_sizes():
    figures = bench_month_recap(5)
    assert set(figures) == {"xlsx_seconds", "pdf_seconds", "xlsx_bytes", "pdf_bytes"}
    assert all(value > 0 for value in figures.values())
