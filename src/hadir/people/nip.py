"""Civil-service identifiers: NIP (PNS), PPPK number and NIK.

NIP layout (Perka BKN 22/2007), 18 digits: birth date ``yyyymmdd`` + CPNS start ``yyyymm`` +
gender ``1``/``2`` + sequence ``nnn``; shown as ``19860926 201505 1 001``. PPPK numbers are
18 digits with other middle parts (unverified), so they are checked by length only.
NIK (citizen id), 16 digits: region 6 + birth ``ddmmyy`` (day + 40 for women) + sequence 4.

Each check says exactly which part is wrong, in words an operator can act on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

NIP_LENGTH = 18
NIK_LENGTH = 16
EARLIEST_BIRTH_YEAR = 1930
MIN_AGE_AT_START = 17
_SEPARATORS = re.compile(r"[\s.\-]")


class IdentifierError(ValueError):
    """A wrong identifier; ``problems`` lists each wrong part in plain language."""

    def __init__(self, value: str, problems: list[str]) -> None:
        self.value = value
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class Nip:
    digits: str
    birth_date: date
    start_year: int
    start_month: int
    gender: str  # "L" or "P"
    sequence: int

    @property
    def display(self) -> str:
        d = self.digits
        return f"{d[:8]} {d[8:14]} {d[14]} {d[15:]}"


def normalize_identifier(value: str) -> str:
    """Drop the spaces, dots and dashes people type between the groups."""
    return _SEPARATORS.sub("", value or "")


def _digits_or_error(raw: str, length: int, label: str) -> str:
    digits = normalize_identifier(raw)
    if not digits:
        raise IdentifierError(raw, [_("%(label)s is empty.") % {"label": label}])
    if not (digits.isascii() and digits.isdigit()):  # "²" is a digit to Python
        bad = "".join(sorted({c for c in digits if not (c.isascii() and c.isdigit())}))
        raise IdentifierError(
            raw,
            [
                _("%(label)s may contain digits only; found: %(bad)s.")
                % {"label": label, "bad": bad}
            ],
        )
    if len(digits) != length:
        raise IdentifierError(
            raw,
            [
                _("%(label)s must have %(expected)d digits; %(value)s has %(actual)d.")
                % {"label": label, "expected": length, "value": digits, "actual": len(digits)}
            ],
        )
    return digits


def _valid_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_nip(raw: str) -> Nip:
    """Check a PNS NIP and return its parts, or raise IdentifierError naming each wrong part."""
    digits = _digits_or_error(raw, NIP_LENGTH, "NIP")
    problems: list[str] = []
    birth = _valid_date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
    if birth is None or birth.year < EARLIEST_BIRTH_YEAR:
        problems.append(
            _("Digits 1-8 must be the birth date (yyyymmdd); %(part)s is not a valid date.")
            % {"part": digits[0:8]}
        )
    start_year, start_month = int(digits[8:12]), int(digits[12:14])
    if not 1 <= start_month <= 12:
        problems.append(
            _("Digits 9-14 must be the CPNS start (yyyymm); month %(month)s does not exist.")
            % {"month": digits[12:14]}
        )
    elif birth is not None and start_year < birth.year + MIN_AGE_AT_START:
        problems.append(
            _(
                "Digits 9-14 (CPNS start %(start)s) are too close to the birth year "
                "%(birth)d: nobody starts before age %(age)d."
            )
            % {"start": digits[8:14], "birth": birth.year, "age": MIN_AGE_AT_START}
        )
    if digits[14] not in "12":
        problems.append(
            _("Digit 15 must be the gender: 1 (male) or 2 (female); found %(digit)s.")
            % {"digit": digits[14]}
        )
    if digits[15:] == "000":
        problems.append(_("Digits 16-18 (sequence number) cannot be 000."))
    if problems or birth is None:
        raise IdentifierError(raw, problems)
    return Nip(
        digits=digits,
        birth_date=birth,
        start_year=start_year,
        start_month=start_month,
        gender="L" if digits[14] == "1" else "P",
        sequence=int(digits[15:]),
    )


def parse_pppk_number(raw: str) -> str:
    """PPPK numbers: 18 digits (their inner layout is not published, so no more is checked)."""
    return _digits_or_error(raw, NIP_LENGTH, _("PPPK number"))


def parse_nik(raw: str) -> str:
    """Check a NIK: 16 digits whose digits 7-12 are a birth date (day + 40 for women)."""
    digits = _digits_or_error(raw, NIK_LENGTH, "NIK")
    day, month = int(digits[6:8]), int(digits[8:10])
    if day > 40:
        day -= 40
    # The two-digit year is ambiguous; 2000 is a leap year, so 29 Feb is never refused here.
    if _valid_date(2000, month, day) is None:
        raise IdentifierError(
            raw,
            [
                _("Digits 7-12 of the NIK must be a birth date (ddmmyy); %(part)s is not.")
                % {"part": digits[6:12]}
            ],
        )
    return digits
