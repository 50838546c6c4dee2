"""Text helpers shared by the renderers: XML-safe text, Indonesian numbers and dates."""

from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from hadir.exports import labels

# Characters XML 1.0 cannot carry (control characters, lone surrogates, U+FFFE/U+FFFF).
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean_text(text: str) -> str:
    """``text`` without the characters XML cannot carry (XLSX and SVG are XML)."""
    return _NOT_XML.sub("", text)


def format_int_id(value: int) -> str:
    """1234567 -> "1.234.567" (Indonesian thousands separator)."""
    return f"{value:,}".replace(",", ".")


def format_decimal_id(value: Decimal, places: int = 2) -> str:
    """Decimal("2.5") -> "2,50": fixed places, decimal comma, thousands dot."""
    quantum = Decimal(1).scaleb(-places)
    rounded = value.quantize(quantum, rounding=ROUND_HALF_UP)
    whole, _, fraction = f"{rounded:,.{places}f}".partition(".")
    whole = whole.replace(",", ".")
    return f"{whole},{fraction}" if fraction else whole


def format_number_id(value: float, max_places: int = 1) -> str:
    """95.0 -> "95", 95.25 -> "95,3": at most ``max_places`` decimals, none when whole."""
    text = format_decimal_id(Decimal(repr(value)), max_places)
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return text


def date_in_words(day: date) -> str:
    """date(2026, 3, 2) -> "Senin, 2 Maret 2026"."""
    return labels.DATE_IN_WORDS.format(
        weekday=labels.WEEKDAY_NAMES[day.weekday()],
        day=day.day,
        month=labels.MONTH_NAMES[day.month - 1],
        year=day.year,
    )


def unit_label(name: str, code: str) -> str:
    """The unit's name, with its code in brackets when there is one."""
    return labels.UNIT_WITH_CODE.format(name=name, code=code) if code else name


def format_rupiah(amount: int | None, missing: str = "") -> str:
    """4250000 -> "Rp 4.250.000"; None -> ``missing`` (e.g. "belum diisi")."""
    return missing if amount is None else f"Rp {format_int_id(amount)}"
