"""One parser per kind of value from outside. Each takes what arrived (text, a number or
nothing), returns the typed value or raises ``EdgeError`` with a message that names the value
and says what to do. ``name`` is the field's name as the sender knows it (``month``, ``lat``)."""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time

from django.utils.translation import gettext_noop

from hadir.edge import limits
from hadir.edge.errors import EdgeError, shown

MISSING = gettext_noop("%(name)s is missing. Fill it in and send again.")
TOO_LONG = gettext_noop(
    "%(name)s is too long (%(length)s characters; at most %(max)s). Shorten it and send again."
)
BAD_MONTH = gettext_noop(
    "Month %(value)s is not a month. Write it as YYYY-MM, for example 2026-03."
)
MONTH_OUT_OF_RANGE = gettext_noop(
    "Month %(value)s is outside the supported range (%(first)s to %(last)s). Choose another month."
)
BAD_YEAR = gettext_noop("Year %(value)s is not a year. Write four digits, for example 2026.")
YEAR_OUT_OF_RANGE = gettext_noop(
    "Year %(value)s is outside the supported range (%(first)s to %(last)s). Choose another year."
)
BAD_DATE = gettext_noop(
    "Date %(value)s is not a date. Write it as YYYY-MM-DD, for example 2026-03-02."
)
DATE_OUT_OF_RANGE = gettext_noop(
    "Date %(value)s is outside the supported range (%(first)s to %(last)s). Choose another date."
)
BAD_DATETIME = gettext_noop(
    "%(name)s %(value)s is not a date and time with its offset. Write it like "
    "2026-03-02T07:31:05+07:00."
)
DATETIME_OUT_OF_RANGE = gettext_noop(
    "%(name)s %(value)s is outside the supported range (%(first)s to %(last)s). "
    "Check the device's clock."
)
BAD_TIME = gettext_noop(
    "Time %(value)s is not a time of day. Write it as HH:MM, for example 07:30."
)
NOT_A_NUMBER = gettext_noop("%(name)s %(value)s is not a number. Send a plain decimal number.")
NOT_FINITE = gettext_noop(
    "%(name)s %(value)s is not a finite number. Send a real measurement, or leave it out."
)
NUMBER_OUT_OF_RANGE = gettext_noop(
    "%(name)s %(value)s is outside the range %(min)s to %(max)s. Send a value in that range."
)
NOT_AN_INTEGER = gettext_noop("%(name)s %(value)s is not a whole number. Send digits only.")
BAD_CODE = gettext_noop(
    "%(name)s %(value)s may only hold letters, digits, dots, dashes and underscores "
    "(at most %(max)s characters). Check the code."
)
BAD_NIP = gettext_noop("NIP %(value)s must be exactly %(length)s digits. Check the number.")
BAD_PIN = gettext_noop(
    "PIN %(value)s must be 1 to %(max)s letters or digits, without spaces. Check the PIN."
)
NOT_TEXT = gettext_noop("%(name)s holds a NUL character. Type the text again without it.")
NUL_IN_TEXT = gettext_noop("This text holds a NUL character. Type it again without it.")

_MONTH_RE = re.compile(r"(\d{4})-(\d{1,2})", re.ASCII)
_YEAR_RE = re.compile(r"-?\d{1,12}", re.ASCII)
_INT_RE = re.compile(r"[+-]?\d{1,30}", re.ASCII)
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_TIME_RE = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?", re.ASCII)
_CODE_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*", re.ASCII)
_PIN_RE = re.compile(r"[A-Za-z0-9]+", re.ASCII)
_NIP_SEPARATORS = re.compile(r"[\s.\-]")


def _text(value: object, name: str, max_length: int = limits.PARAMETER_MAX_LENGTH) -> str:
    text = "" if value is None else str(value).strip()
    if not text:
        raise EdgeError(MISSING, name=name)
    if len(text) > max_length:
        raise EdgeError(TOO_LONG, name=name, length=len(text), max=max_length)
    return text


def _year_bounds(today: date | None) -> tuple[int, int]:
    return limits.earliest_year(), limits.latest_year(today)


def month_value(value: object, *, today: date | None = None) -> date:
    """``"2026-03"`` -> 1 March 2026, within ``HADIR_EARLIEST_YEAR``..next year."""
    text = _text(value, "month")
    match = _MONTH_RE.fullmatch(text)
    if match is None or not 1 <= int(match.group(2)) <= 12:
        raise EdgeError(BAD_MONTH, value=shown(text))
    first, last = _year_bounds(today)
    year = int(match.group(1))
    if not first <= year <= last:
        raise EdgeError(
            MONTH_OUT_OF_RANGE, value=shown(text), first=f"{first}-01", last=f"{last}-12"
        )
    return date(year, int(match.group(2)), 1)


def year_value(value: object, *, today: date | None = None) -> int:
    text = _text(value, "year")
    if _YEAR_RE.fullmatch(text) is None:
        raise EdgeError(BAD_YEAR, value=shown(text))
    first, last = _year_bounds(today)
    if not first <= int(text) <= last:
        raise EdgeError(YEAR_OUT_OF_RANGE, value=shown(text), first=first, last=last)
    return int(text)


def date_value(value: object, *, today: date | None = None) -> date:
    """``"2026-03-02"``; 2026-02-30 and 0000-01-01 are refused with the same words."""
    if isinstance(value, date) and not isinstance(value, datetime):
        day = value
        text = value.isoformat()
    else:
        text = _text(value, "date")
        if _DATE_RE.fullmatch(text) is None:
            raise EdgeError(BAD_DATE, value=shown(text))
        try:
            day = date.fromisoformat(text)
        except ValueError:
            raise EdgeError(BAD_DATE, value=shown(text)) from None
    first, last = _year_bounds(today)
    if not first <= day.year <= last:
        raise EdgeError(
            DATE_OUT_OF_RANGE, value=shown(text), first=f"{first}-01-01", last=f"{last}-12-31"
        )
    return day


def datetime_value(value: object, *, name: str = "time", today: date | None = None) -> datetime:
    """An ISO date and time with its offset (``Z`` allowed), within the supported years."""
    if isinstance(value, datetime):
        moment = value
        text = value.isoformat()
    else:
        text = _text(value, name)
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise EdgeError(BAD_DATETIME, name=name, value=shown(text)) from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise EdgeError(BAD_DATETIME, name=name, value=shown(text))
    first, last = _year_bounds(today)
    # One year of margin each side keeps a UTC conversion away from year 1 and year 9999.
    if not first <= moment.year <= last:
        raise EdgeError(
            DATETIME_OUT_OF_RANGE,
            name=name,
            value=shown(text),
            first=f"{first}-01-01",
            last=f"{last}-12-31",
        )
    return moment


def time_of_day_value(value: object) -> time:
    text = _text(value, "time")
    match = _TIME_RE.fullmatch(text)
    if match is None:
        raise EdgeError(BAD_TIME, value=shown(text))
    return time(int(match.group(1)), int(match.group(2)), int(match.group(3) or 0))


def _finite(value: object, name: str) -> float:
    if isinstance(value, bool):
        raise EdgeError(NOT_A_NUMBER, name=name, value=shown(value))
    if isinstance(value, (int, float)):
        number = float(value) if not isinstance(value, int) or abs(value) < 2**1000 else math.inf
    else:
        text = _text(value, name)
        try:
            number = float(text)
        except ValueError:
            raise EdgeError(NOT_A_NUMBER, name=name, value=shown(text)) from None
    if not math.isfinite(number):
        raise EdgeError(NOT_FINITE, name=name, value=shown(value))
    return number


def _ranged(value: object, name: str, low: float, high: float) -> float:
    number = _finite(value, name)
    if not low <= number <= high:
        raise EdgeError(NUMBER_OUT_OF_RANGE, name=name, value=shown(value), min=low, max=high)
    return number


def latitude_value(value: object, *, name: str = "lat") -> float:
    return _ranged(value, name, limits.LATITUDE_MIN, limits.LATITUDE_MAX)


def longitude_value(value: object, *, name: str = "lon") -> float:
    return _ranged(value, name, limits.LONGITUDE_MIN, limits.LONGITUDE_MAX)


def accuracy_value(value: object, *, name: str = "accuracy") -> float:
    """A GPS accuracy radius in metres: finite, 0 up to ``ACCURACY_MAX_M``."""
    return _ranged(value, name, 0.0, limits.ACCURACY_MAX_M)


def _integer(value: object, name: str, low: int, high: int) -> int:
    if isinstance(value, bool):
        raise EdgeError(NOT_AN_INTEGER, name=name, value=shown(value))
    if isinstance(value, int):
        number = value
    else:
        text = _text(value, name)
        if _INT_RE.fullmatch(text) is None:
            raise EdgeError(NOT_AN_INTEGER, name=name, value=shown(text))
        number = int(text)
    if not low <= number <= high:
        raise EdgeError(NUMBER_OUT_OF_RANGE, name=name, value=shown(value), min=low, max=high)
    return number


def offset_value(value: object, *, name: str = "offset") -> int:
    """Where a list starts: 0 (nothing sent) up to ``OFFSET_MAX``."""
    if value is None or value == "":
        return 0
    return _integer(value, name, 0, limits.OFFSET_MAX)


def limit_value(value: object, *, default: int, name: str = "limit") -> int:
    """How many rows a list returns: 1 up to ``LIMIT_MAX``; ``default`` when not sent."""
    if value is None or value == "":
        return default
    return _integer(value, name, 1, limits.LIMIT_MAX)


def small_int_value(
    value: object,
    *,
    name: str,
    low: int = limits.SMALL_INT_MIN,
    high: int = limits.SMALL_INT_MAX,
) -> int:
    """A number a SmallIntegerField (or a narrower column, given ``low``/``high``) can hold."""
    return _integer(value, name, low, high)


def id_value(value: object, *, name: str = "id") -> int:
    """A row id: 1 up to a 64-bit integer."""
    return _integer(value, name, 1, limits.ID_MAX)


def code_value(
    value: object, *, name: str = "code", max_length: int = limits.UNIT_CODE_MAX_LENGTH
) -> str:
    """A unit code or a machine SN: letters, digits, ``.-_``, starting with a letter or digit."""
    text = _text(value, name, max_length=10_000)
    if not _is_code(text, max_length):
        raise EdgeError(BAD_CODE, name=name, value=shown(text), max=max_length)
    return text


def _is_code(text: str, max_length: int = limits.UNIT_CODE_MAX_LENGTH) -> bool:
    return len(text) <= max_length and _CODE_RE.fullmatch(text) is not None


def nip_value(value: object) -> str:
    """18 digits; spaces, dots and dashes people type between the groups are dropped. (The
    parts of a NIP are checked by ``hadir.people.nip`` where an employee is created.)"""
    text = _text(value, "NIP", max_length=60)
    digits = _NIP_SEPARATORS.sub("", text)
    if len(digits) != limits.NIP_LENGTH or not digits.isascii() or not digits.isdigit():
        raise EdgeError(BAD_NIP, value=shown(text), length=limits.NIP_LENGTH)
    return digits


def pin_value(value: object) -> str:
    text = _text(value, "PIN", max_length=10_000)
    if len(text) > limits.PIN_MAX_LENGTH or _PIN_RE.fullmatch(text) is None:
        raise EdgeError(BAD_PIN, value=shown(text), max=limits.PIN_MAX_LENGTH)
    return text


def text_value(
    value: object, *, name: str, max_length: int = limits.TEXT_MAX_LENGTH, required: bool = True
) -> str:
    """Free text typed by a person, trimmed, at most ``max_length`` characters; NUL bytes
    (which PostgreSQL cannot store) are refused as not text."""
    text = "" if value is None else str(value).strip()
    if not text:
        if required:
            raise EdgeError(MISSING, name=name)
        return ""
    if len(text) > max_length:
        raise EdgeError(TOO_LONG, name=name, length=len(text), max=max_length)
    if "\x00" in text:
        raise EdgeError(NOT_TEXT, name=name)
    return text


def posted_ids(values: list[str], *, limit: int = 1000) -> list[int]:
    """The row ids ticked in a form (checkboxes): those that can be ids, at most ``limit``.
    Anything else (``²``, a number past 64 bits) names no row, so it is left out rather than
    handed to ``int()`` or the database."""
    ids = []
    for value in values[:limit]:
        if value.isascii() and value.isdigit() and 1 <= int(value) <= limits.ID_MAX:
            ids.append(int(value))
    return ids


def posted_codes(values: list[str], *, limit: int = 1000) -> list[str]:
    """The unit codes ticked in a form that can be codes (``code_value``), at most ``limit``.
    Anything else (NUL, which PostgreSQL refuses in a query; 5,000 characters) names no unit,
    so it is left out rather than handed to the database."""
    return [value for value in values[:limit] if _is_code(value)]
