"""Calendar: national holidays and cuti bersama 2026, regional overrides, deadlines."""

from __future__ import annotations

from datetime import date

import pytest

from hadir.rules import (
    SIX_DAY,
    Calendar,
    DayCounting,
    ExtraWorkingDay,
    Holiday,
    HolidayKind,
    RegionalOverrides,
    RequestWindow,
    national_holidays,
    request_deadline,
)

from .builders import calendar_2026, calendar_with

# SKB 3 Menteri 2026 (DOMAIN.md section 8): 8 cuti bersama days.
CUTI_BERSAMA_2026 = [
    date(2026, 2, 16),
    date(2026, 3, 18),
    date(2026, 3, 20),
    date(2026, 3, 23),
    date(2026, 3, 24),
    date(2026, 5, 15),
    date(2026, 5, 28),
    date(2026, 12, 24),
]


def test_cuti_bersama_2026_match_the_decree() -> None:
    found = [h.day for h in national_holidays([2026]) if h.kind is HolidayKind.CUTI_BERSAMA]
    assert found == CUTI_BERSAMA_2026


@pytest.mark.parametrize(
    ("day", "kind", "name"),
    [
        (date(2026, 8, 17), HolidayKind.NATIONAL, "Hari Kemerdekaan Republik Indonesia"),
        (date(2026, 12, 25), HolidayKind.NATIONAL, "Hari Raya Natal"),
        (date(2026, 12, 24), HolidayKind.CUTI_BERSAMA, "Cuti Bersama Hari Raya Natal"),
        (date(2026, 1, 1), HolidayKind.NATIONAL, "Tahun Baru Masehi"),
    ],
)
def test_holidays_2026(day: date, kind: HolidayKind, name: str) -> None:
    assert calendar_2026().holiday(day) == Holiday(day, kind, name)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 8, 14), True),  # Friday
        (date(2026, 8, 15), False),  # Saturday
        (date(2026, 8, 17), False),  # Independence Day
        (date(2026, 12, 24), False),  # cuti bersama
        (date(2026, 12, 28), True),
    ],
)
def test_is_working_day(day: date, working: bool) -> None:
    assert calendar_2026().is_working_day(day) is working


def test_regional_overrides() -> None:
    regional = Holiday(date(2026, 8, 12), HolidayKind.REGIONAL, "Hari Jadi Kabupaten")
    calendar = calendar_with(
        RegionalOverrides(
            extra_days_off=(regional,),
            extra_working_days=(ExtraWorkingDay(date(2026, 8, 15), "Sabtu pengganti"),),
            units_working_on_holidays=frozenset({"RSUD"}),
        )
    )
    assert calendar.holiday(date(2026, 8, 12)) == regional
    assert not calendar.is_working_day(date(2026, 8, 12))
    assert calendar.is_working_day(date(2026, 8, 12), unit_code="RSUD")
    assert calendar.is_working_day(date(2026, 8, 15))
    assert calendar.is_working_day(date(2026, 8, 15), workdays=SIX_DAY.workdays)
    assert calendar.is_cuti_bersama(date(2026, 12, 24))
    assert not calendar.is_cuti_bersama(date(2026, 12, 25))
    assert calendar.works_on_holidays("RSUD") and not calendar.works_on_holidays(None)


def test_calendar_refuses_years_it_was_not_built_for() -> None:
    with pytest.raises(ValueError, match="covers the years"):
        Calendar.for_years([2026]).holiday(date(2027, 1, 1))


def test_calendar_from_plain_data() -> None:
    calendar = Calendar(
        [Holiday(date(2030, 1, 1), HolidayKind.NATIONAL, "Tahun Baru")], years=[2030]
    )
    assert calendar.holidays_between(date(2030, 1, 1), date(2030, 1, 31)) == [
        Holiday(date(2030, 1, 1), HolidayKind.NATIONAL, "Tahun Baru")
    ]


def test_holidays_between() -> None:
    august = calendar_2026().holidays_between(date(2026, 8, 1), date(2026, 8, 31))
    assert [h.day.day for h in august] == [17, 25]


@pytest.mark.parametrize(
    ("day", "window", "deadline"),
    [
        (date(2026, 8, 14), RequestWindow(3), date(2026, 8, 17)),
        (date(2026, 8, 14), RequestWindow(0), date(2026, 8, 14)),
        # Working days skip the weekend and Independence Day: Tue 18, Wed 19, Thu 20.
        (date(2026, 8, 14), RequestWindow(3, DayCounting.WORKING), date(2026, 8, 20)),
        (date(2026, 8, 10), RequestWindow(5, DayCounting.WORKING), date(2026, 8, 18)),
    ],
)
def test_request_deadline(day: date, window: RequestWindow, deadline: date) -> None:
    assert request_deadline(day, window, calendar_2026()) == deadline
