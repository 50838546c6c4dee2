"""Ready-made weekly patterns and shifts from the national rules; regions may add their own.

Each constant cites where its hours come from (DOMAIN.md section 2). Codes are what the
Django layer's WorkSchedule rows refer to.
"""

from __future__ import annotations

from datetime import date, time

from hadir.rules.schedule import OverridePeriod, ShiftTime, Weekday, WeeklyPattern

MON, TUE, WED, THU, FRI, SAT = (
    Weekday.MONDAY,
    Weekday.TUESDAY,
    Weekday.WEDNESDAY,
    Weekday.THURSDAY,
    Weekday.FRIDAY,
    Weekday.SATURDAY,
)


def _same(days: tuple[Weekday, ...], hours: ShiftTime) -> dict[Weekday, ShiftTime]:
    return dict.fromkeys(days, hours)


FIVE_DAY = WeeklyPattern.build(
    "5HK",
    "5 hari kerja (Perpres 21/2023; Keppres 68/1995)",
    {
        **_same((MON, TUE, WED, THU), ShiftTime(time(7, 30), time(16, 0))),
        FRI: ShiftTime(time(7, 30), time(16, 30)),
    },
)
"""Mon-Thu 07.30-16.00, Fri 07.30-16.30: the usual 5-day office week."""

SIX_DAY = WeeklyPattern.build(
    "6HK",
    "6 hari kerja (contoh unit layanan langsung Kaltim)",
    {
        **_same((MON, TUE, WED, THU), ShiftTime(time(7, 30), time(15, 0))),
        **_same((FRI, SAT), ShiftTime(time(7, 30), time(11, 0))),
    },
)
"""Mon-Thu 07.30-15.00, Fri-Sat 07.30-11.00 (Kaltim direct-service units, DOMAIN.md 2)."""

RAMADAN_FIVE_DAY = WeeklyPattern.build(
    "5HK-RAMADAN",
    "5 hari kerja, Ramadan (SE MenPANRB 6/2023)",
    {
        **_same((MON, TUE, WED, THU), ShiftTime(time(8, 0), time(15, 0))),
        FRI: ShiftTime(time(8, 0), time(15, 30)),
    },
)

RAMADAN_SIX_DAY = WeeklyPattern.build(
    "6HK-RAMADAN",
    "6 hari kerja, Ramadan (SE MenPANRB 6/2023)",
    {
        **_same((MON, TUE, WED, THU, SAT), ShiftTime(time(8, 0), time(14, 0))),
        FRI: ShiftTime(time(8, 0), time(14, 30)),
    },
)

SCHOOL_SIX_DAY = WeeklyPattern.build(
    "SEKOLAH-6HK",
    "Sekolah 6 hari (contoh; sekolah menetapkan jamnya sendiri, Keppres 68/1995)",
    _same((MON, TUE, WED, THU, FRI, SAT), ShiftTime(time(7, 0), time(13, 30))),
)
"""An example school week, Mon-Sat 07.00-13.30; each school sets its own times."""

MORNING_SHIFT = ShiftTime(time(7, 0), time(14, 0), "Pagi")
AFTERNOON_SHIFT = ShiftTime(time(14, 0), time(21, 0), "Siang")
NIGHT_SHIFT = ShiftTime(time(21, 0), time(7, 0), "Malam")
"""Example hospital shifts; there is no national template (DOMAIN.md section 2)."""


def ramadan_override(first_day: date, last_day: date) -> OverridePeriod:
    """Ramadan hours for 5- and 6-day offices from ``first_day`` to ``last_day`` inclusive.

    Source: SE MenPANRB 6/2023 (at least 32.5 h/week). The dates, and any regional variant of
    the hours, are the region's to set each year.
    """
    return OverridePeriod(
        "Ramadan",
        first_day,
        last_day,
        {FIVE_DAY.code: RAMADAN_FIVE_DAY, SIX_DAY.code: RAMADAN_SIX_DAY},
    )
