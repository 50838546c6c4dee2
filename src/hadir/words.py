"""How values are written for people, in the active language (Bahasa Indonesia on pages):
dates ("4 Desember 2026", "Sen, 4 Des"), distances ("618 km", "1,2 km", "350 m") and a
person's name instead of an account's username.

Used by the templates (``hadir.web.templatetags.words``, loaded everywhere) and by services
that write sentences for people (request reasons, messages)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils import formats


def day_long(day: date) -> str:
    """date(2026, 12, 4) -> "4 Desember 2026"."""
    return formats.date_format(day, "j F Y")


def day_short(day: date) -> str:
    """date(2026, 12, 4) -> "Jum, 4 Des" (weekday and month abbreviated, no year)."""
    return formats.date_format(day, "D, j M")


def local_moment(text: str) -> str:
    """A machine's local time as stored ("2026-12-04 16:28:11") -> "4 Desember 2026 16:28:11";
    text that is not such a time is returned unchanged (it is the raw fact)."""
    try:
        moment = datetime.strptime(text, "%Y-%m-%d %H:%M:%S")  # noqa: DTZ007 - local wall time
    except (TypeError, ValueError):
        return str(text)
    return formats.date_format(moment, "j F Y H:i:s")


def distance(metres: float | None) -> str:
    """Metres for people: "350 m" under a kilometre, "1,2 km" under ten, "618 km" beyond
    (the decimal separator of the active language)."""
    if metres is None:
        return "?"
    if round(metres) < 1000:
        return f"{round(metres)} m"
    kilometres = metres / 1000
    if round(kilometres, 1) < 10:
        return f"{formats.number_format(round(kilometres, 1), 1)} km"
    return f"{number(kilometres)} km"


def employee_type(code: str) -> str:
    """ "NON_ASN" -> "Non-ASN", "PPPK_PW" -> "PPPK Paruh Waktu" (a code from ``values()``)."""
    from hadir.people.models import EmployeeType

    try:
        return str(EmployeeType(code).label)
    except ValueError:
        return code


def number(value: float) -> str:
    """A whole number with the thousands separated: 23741536.4 -> "23.741.536"."""
    return formats.number_format(round(value), 0, force_grouping=True)


def person(user: Any) -> str:
    """Who an account is, in words: the account's full name, else the linked employee's
    name, else (an account nobody named) its username."""
    if user is None:
        return ""
    if user.get_full_name():
        return str(user.get_full_name())
    employee = getattr(user, "employee", None)
    name = employee.name if employee is not None else ""
    return str(name or user.username)
