"""Each edge parser: what it takes, each kind of bad value it refuses, and its edges."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.test import override_settings
from django.utils import translation

from hadir.edge import (
    EdgeError,
    accuracy_value,
    code_value,
    date_value,
    datetime_value,
    id_value,
    latitude_value,
    limit_value,
    limits,
    longitude_value,
    month_value,
    nip_value,
    offset_value,
    pin_value,
    small_int_value,
    text_value,
    time_of_day_value,
    year_value,
)

TODAY = date(2026, 12, 4)  # the supported years are then 2000..2027
JUNK = ["", "   ", None, "abc", "x" * 5000, "\x00", "ꦲꦗꦶ", "NaN", "1e309"]


def refused(call, *args, **kwargs) -> str:
    with pytest.raises(EdgeError) as caught, translation.override("id"):
        call(*args, **kwargs)
    with translation.override("id"):
        return caught.value.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2000-01", date(2000, 1, 1)), ("2026-3", date(2026, 3, 1)), (" 2027-12 ", date(2027, 12, 1))],
)
def test_month_takes_the_supported_months(text, expected):
    assert month_value(text, today=TODAY) == expected


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            "1970-01",
            "Bulan '1970-01' di luar rentang yang didukung (2000-01 sampai 2027-12). "
            "Pilih bulan lain.",
        ),
        ("1999-12", "di luar rentang"),
        ("2028-01", "di luar rentang"),
        ("9999-12", "di luar rentang"),
        ("2026-13", "bukan bulan yang benar"),
        ("2026-00", "bukan bulan yang benar"),
        ("2026-03-01", "bukan bulan yang benar"),
        ("0", "bukan bulan yang benar"),
        ("-1", "bukan bulan yang benar"),
        ("٢٠٢٦-٠٣", "bukan bulan yang benar"),  # Arabic-Indic digits: isdigit() but not ASCII
        ("", "month belum diisi"),
        ("x" * 500, "terlalu panjang"),
    ],
)
def test_month_refuses_with_words(text, words):
    assert words in refused(month_value, text, today=TODAY)


@override_settings(HADIR_EARLIEST_YEAR=2020, HADIR_FUTURE_YEARS=0)
def test_the_range_of_years_is_configurable():
    assert "(2020-01 sampai 2026-12)" in refused(month_value, "2019-12", today=TODAY)
    assert year_value("2026", today=TODAY) == 2026


@pytest.mark.parametrize("text", ["0", "-1", str(10**23), "1999", "2028", "20 26", "abc", "2026.0"])
def test_year_refuses(text):
    refused(year_value, text, today=TODAY)


@pytest.mark.parametrize("text", ["2000", "2026", "2027"])
def test_year_takes_the_edges(text):
    assert year_value(text, today=TODAY) == int(text)


@pytest.mark.parametrize(
    "text",
    ["2026-02-30", "2026-13-01", "9999-12-31", "0001-01-01", "1999-12-31", "2026-3-2", *JUNK],
)
def test_date_refuses(text):
    refused(date_value, text, today=TODAY)


def test_date_takes_a_date_and_its_edges():
    assert date_value("2000-01-01", today=TODAY) == date(2000, 1, 1)
    assert date_value("2027-12-31", today=TODAY) == date(2027, 12, 31)
    assert date_value(date(2026, 3, 2), today=TODAY) == date(2026, 3, 2)


@pytest.mark.parametrize(
    "text",
    [
        "2026-03-02T07:30",  # no offset
        "9999-12-31T23:59:59+07:00",
        "0001-01-01T00:00:00Z",
        "2026-03-02 07:30:00 WIB",
        *JUNK,
    ],
)
def test_datetime_refuses(text):
    refused(datetime_value, text, today=TODAY)


def test_datetime_takes_iso_with_offset_or_z():
    assert datetime_value("2026-03-02T07:30:00Z", today=TODAY) == datetime(
        2026, 3, 2, 7, 30, tzinfo=UTC
    )
    plus7 = datetime_value("2026-03-02T07:30:00+07:00", today=TODAY)
    assert plus7.utcoffset() == timedelta(hours=7)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("07:30", time(7, 30)), ("23:59:59", time(23, 59, 59)), ("0:00", time(0, 0))],
)
def test_time_of_day_takes(text, expected):
    assert time_of_day_value(text) == expected


@pytest.mark.parametrize("text", ["24:00", "07:60", "7", "07:30:60", "-1:00", *JUNK])
def test_time_of_day_refuses(text):
    refused(time_of_day_value, text)


@pytest.mark.parametrize(
    "value",
    [
        "NaN",
        "nan",
        "Infinity",
        "-Infinity",
        "1e309",
        float("nan"),
        float("inf"),
        10**400,
        True,
        "abc",
        "",
        None,
    ],
)
@pytest.mark.parametrize("parse", [latitude_value, longitude_value, accuracy_value])
def test_positions_refuse_what_is_not_a_finite_number(parse, value):
    refused(parse, value)


@pytest.mark.parametrize(
    ("parse", "bad", "edges"),
    [
        (latitude_value, [90.000001, -90.5, 999, "999"], [-90, 90, 0, "-6.914744"]),
        (longitude_value, [180.1, -181, 1000], [-180, 180, "107.609810"]),
        (accuracy_value, [-0.1, limits.ACCURACY_MAX_M + 1], [0, 12.5, limits.ACCURACY_MAX_M]),
    ],
)
def test_positions_range_and_edges(parse, bad, edges):
    for value in bad:
        assert "di luar rentang" in refused(parse, value)
    for value in edges:
        assert parse(value) == float(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, 0), ("", 0), ("0", 0), ("150", 150), (limits.OFFSET_MAX, limits.OFFSET_MAX)],
)
def test_offset_takes(value, expected):
    assert offset_value(value) == expected


@pytest.mark.parametrize(
    "value", ["-1", str(10**23), limits.OFFSET_MAX + 1, "NaN", "1.5", "1e3", "abc", True]
)
def test_offset_refuses(value):
    refused(offset_value, value)


def test_limit_has_a_default_and_bounds():
    assert limit_value(None, default=50) == 50
    assert limit_value(str(limits.LIMIT_MAX), default=50) == limits.LIMIT_MAX
    for bad in ("0", "-1", str(limits.LIMIT_MAX + 1), "NaN"):
        refused(limit_value, bad, default=50)


@pytest.mark.parametrize("value", [2**63, -(2**63), 32768, -32769, "99999", "1e3", "abc"])
def test_small_int_refuses_what_a_small_integer_column_cannot_hold(value):
    assert "status" in refused(small_int_value, value, name="status")


@pytest.mark.parametrize("value", [0, 255, 32767, -32768, "15"])
def test_small_int_takes_its_edges(value):
    assert small_int_value(value, name="status") == int(value)


def test_id_value_is_a_positive_64_bit_number():
    assert id_value("1") == 1
    assert id_value(limits.ID_MAX) == limits.ID_MAX
    for bad in ("0", str(10**23), "-5", "abc"):
        refused(id_value, bad)


@pytest.mark.parametrize("value", ["DINKES", "PKM-A", "SDN_1.2", "a" * 40])
def test_code_takes(value):
    assert code_value(value) == value


@pytest.mark.parametrize("value", ["-X", "DIN KES", "DIN\nKES", "ꦲꦗꦶ", "a" * 41, "%00", "\x00", ""])
def test_code_refuses(value):
    refused(code_value, value)


def test_nip_takes_18_digits_with_separators():
    assert nip_value("19860926 201505 1 001") == "198609262015051001"
    for bad in ("1986092620150510", "19860926201505100A", "١٩٨٦٠٩٢٦٢٠١٥٠٥١٠٠١", "", "x" * 100):
        refused(nip_value, bad)


@pytest.mark.parametrize("value", ["1", "0042", "A1B2", "9" * 24])
def test_pin_takes(value):
    assert pin_value(value) == value


@pytest.mark.parametrize("value", ["9" * 25, "10 3", "12-3", "ꦲ", "", "\x00"])
def test_pin_refuses(value):
    refused(pin_value, value)


def test_text_is_trimmed_bounded_and_free_of_nul():
    assert text_value("  sakit  ", name="reason") == "sakit"
    assert text_value("", name="reason", required=False) == ""
    assert "reason belum diisi" in refused(text_value, " ", name="reason")
    assert "terlalu panjang (2001 karakter; paling banyak 2000)" in refused(
        text_value, "x" * 2001, name="reason"
    )
    assert "NUL" in refused(text_value, "a\x00b", name="reason")


def test_a_refused_value_is_shown_short_and_with_control_characters_visible():
    text = refused(month_value, "\x00" + "9" * 200, today=TODAY)
    assert "\x00" not in text
    assert len(text) < 300
