"""Holidays, cuti bersama and a region's own days off and extra working days.

National holidays and cuti bersama come from the yearly SKB 3 Menteri; the ``holidays``
package carries both (``public`` and ``government`` categories). Regions add their own days
off, turn some days into working days, and name the units (hospitals, puskesmas, Satpol PP)
that work through holidays (DOMAIN.md sections 2 and 8).

Build a Calendar once per region and span of years and reuse it: every lookup is then a
dictionary access.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

import holidays as holidays_package

YEAR_NOT_COVERED = "This Calendar covers the years {years}; it was asked about {day}."
MONDAY_TO_FRIDAY: frozenset[int] = frozenset(range(5))


class HolidayKind(StrEnum):
    NATIONAL = "libur_nasional"
    CUTI_BERSAMA = "cuti_bersama"
    REGIONAL = "libur_daerah"


@dataclass(frozen=True, slots=True)
class Holiday:
    """A day off for offices. Cuti bersama is one too, but does not reduce annual leave."""

    day: date
    kind: HolidayKind
    name: str

    @property
    def is_cuti_bersama(self) -> bool:
        return self.kind is HolidayKind.CUTI_BERSAMA


@dataclass(frozen=True, slots=True)
class ExtraWorkingDay:
    """A day the region declares a working day (e.g. a Saturday, or a cancelled holiday).

    When the employee's weekly pattern has no hours that weekday, the hours of
    ``follows_weekday`` (0 = Monday) apply.
    """

    day: date
    name: str
    follows_weekday: int = 0


@dataclass(frozen=True, slots=True)
class RegionalOverrides:
    """A region's local table on top of the national calendar."""

    extra_days_off: tuple[Holiday, ...] = ()
    extra_working_days: tuple[ExtraWorkingDay, ...] = ()
    units_working_on_holidays: frozenset[str] = field(default_factory=frozenset)


class Calendar:
    """Which days are holidays, for a region, over a known span of years."""

    __slots__ = ("_extra_working", "_holiday_units", "_holidays", "years")

    def __init__(
        self,
        holidays: Iterable[Holiday],
        *,
        years: Iterable[int],
        overrides: RegionalOverrides | None = None,
    ) -> None:
        overrides = overrides or RegionalOverrides()
        self.years: frozenset[int] = frozenset(years)
        self._holidays: dict[date, Holiday] = {h.day: h for h in holidays}
        # A regional day off replaces a national entry on the same date.
        self._holidays.update({h.day: h for h in overrides.extra_days_off})
        self._extra_working: dict[date, ExtraWorkingDay] = {
            w.day: w for w in overrides.extra_working_days
        }
        self._holiday_units = overrides.units_working_on_holidays

    @classmethod
    def for_years(
        cls, years: Iterable[int], overrides: RegionalOverrides | None = None
    ) -> Calendar:
        """National holidays and cuti bersama of Indonesia for ``years``, plus ``overrides``."""
        years = tuple(sorted(set(years)))
        return cls(national_holidays(years), years=years, overrides=overrides)

    def _check_year(self, day: date) -> None:
        if day.year not in self.years:
            raise ValueError(YEAR_NOT_COVERED.format(years=sorted(self.years), day=day))

    def holiday(self, day: date) -> Holiday | None:
        """The holiday on ``day`` for offices, or None (also None on an extra working day)."""
        if day.year not in self.years:
            self._check_year(day)
        if day in self._extra_working:
            return None
        return self._holidays.get(day)

    def extra_working_day(self, day: date) -> ExtraWorkingDay | None:
        return self._extra_working.get(day)

    def works_on_holidays(self, unit_code: str | None) -> bool:
        """Whether the unit works through holidays (direct public service, Perpres 21/2023)."""
        return unit_code is not None and unit_code in self._holiday_units

    def is_cuti_bersama(self, day: date) -> bool:
        found = self.holiday(day)
        return found is not None and found.is_cuti_bersama

    def is_working_day(
        self,
        day: date,
        *,
        workdays: Collection[int] = MONDAY_TO_FRIDAY,
        unit_code: str | None = None,
    ) -> bool:
        """Rule: a day is a working day when its weekday is in ``workdays`` (Perpres 21/2023:
        Monday-Friday) or the region made it one, and it is not a holiday for the unit.
        """
        if self.holiday(day) is not None and not self.works_on_holidays(unit_code):
            return False
        return day.weekday() in workdays or day in self._extra_working

    def holidays_between(self, first_day: date, last_day: date) -> list[Holiday]:
        """Holidays from ``first_day`` to ``last_day`` inclusive, in date order."""
        found = []
        day = first_day
        while day <= last_day:
            holiday = self.holiday(day)
            if holiday is not None:
                found.append(holiday)
            day += timedelta(days=1)
        return found


def national_holidays(years: Iterable[int]) -> list[Holiday]:
    """Indonesia's public holidays and cuti bersama from the ``holidays`` package.

    Source: SKB 3 Menteri per year, as carried by ``holidays`` (categories ``public`` and
    ``government``, Indonesian names). A date in both lists counts as a public holiday.
    """
    years = tuple(years)
    public = holidays_package.country_holidays(
        "ID", years=years, categories=("public",), language="id"
    )
    government = holidays_package.country_holidays(
        "ID", years=years, categories=("government",), language="id"
    )
    found = {day: Holiday(day, HolidayKind.NATIONAL, name) for day, name in public.items()}
    for day, name in government.items():
        found.setdefault(day, Holiday(day, HolidayKind.CUTI_BERSAMA, name))
    return sorted(found.values(), key=lambda h: h.day)
