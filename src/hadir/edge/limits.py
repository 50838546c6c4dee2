"""The limits of values Hadir accepts from outside, as named constants.

They come from the domain (a region runs on Hadir from 2000 on; a day has 24 hours; a GPS fix
is at most tens of kilometres off) or from the database columns that must hold the value.
The years are configurable (``HADIR_EARLIEST_YEAR``, ``HADIR_FUTURE_YEARS``); the others are
facts. ``docs/configuration.md`` ("Limits") lists them all.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.utils import timezone

# Positions: degrees on the globe; a phone's accuracy radius in metres. A phone reporting a
# radius of more than 50 km has no position worth keeping.
LATITUDE_MIN, LATITUDE_MAX = -90.0, 90.0
LONGITUDE_MIN, LONGITUDE_MAX = -180.0, 180.0
ACCURACY_MAX_M = 50_000.0

# Lists: an offset past a million rows is never a real page; a page holds at most 500 rows.
OFFSET_MAX = 1_000_000
LIMIT_MAX = 500

# Columns: SmallIntegerField (punch status, verify mode) and PositiveIntegerField ranges.
SMALL_INT_MIN, SMALL_INT_MAX = -32_768, 32_767
POSITIVE_INT_MAX = 2_147_483_647
# Primary keys in URLs and bodies (a 64-bit signed integer in every database we run on).
ID_MAX = 9_223_372_036_854_775_807

# Codes and identifiers.
UNIT_CODE_MAX_LENGTH = 40  # org.Unit.code
NIP_LENGTH = 18
PIN_MAX_LENGTH = 24  # the machine's user record; same as protocols.attlog
SERIAL_NUMBER_MAX_LENGTH = 64  # a machine's SN
# Free text typed by people (reasons, notes, names): a long paragraph, not a document.
TEXT_MAX_LENGTH = 2_000
# A query parameter of a page that is not free text (month, state, page number...).
PARAMETER_MAX_LENGTH = 100


def earliest_year() -> int:
    """Months, years, dates and times start in ``HADIR_EARLIEST_YEAR`` (2000): a region holds
    no attendance data before it adopted Hadir."""
    return int(settings.HADIR_EARLIEST_YEAR)


def latest_year(today: date | None = None) -> int:
    """This year (in the server's clock; a day's difference at New Year does not matter)
    plus ``HADIR_FUTURE_YEARS`` (1): schedules, calendars and leave are planned ahead, no
    further."""
    year = (today or timezone.now().date()).year
    return year + int(settings.HADIR_FUTURE_YEARS)
