"""The head's today page while the day goes on: an afternoon arrival is late, never "in on
time", and nobody without a recorded arrival is counted as in."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from hadir.attendance.recompute import recompute_all_dirty
from hadir.reporting.today import unit_today

from .conftest import WIB

WEDNESDAY = date(2026, 3, 11)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=WIB)


@pytest.mark.parametrize(
    ("punches", "now", "bucket"),
    [
        (("2026-03-11 07:20:00",), "2026-03-11 09:00", "present"),
        (("2026-03-11 08:12:00",), "2026-03-11 09:00", "late"),
        (("2026-03-11 14:27:00",), "2026-03-11 14:30", "late"),  # was "in on time"
        (("2026-03-11 14:27:00",), "2026-03-11 23:00", "not_in"),  # over: TAM PSW4
        ((), "2026-03-11 09:00", "not_in"),
    ],
)
def test_status_of_a_day_in_progress(dinkes, staff, punch, punches, now, bucket):
    if punches:
        punch("101", *punches)
    recompute_all_dirty(at=at(now))
    today = unit_today(dinkes, WEDNESDAY)
    buckets = {
        "present": [e.name for e, _ in today.present],
        "late": [e.name for e, _ in today.late],
        "not_in": [e.name for e in today.not_in],
    }
    assert [name for name, people in buckets.items() if "Budi Santoso" in people] == [bucket]


def test_the_afternoon_arrival_is_listed_as_late_with_its_time(dinkes, staff, punch):
    punch("101", "2026-03-11 14:27:00")
    recompute_all_dirty(at=at("2026-03-11 14:30"))
    today = unit_today(dinkes, WEDNESDAY)
    ((employee, record),) = today.late
    assert (employee.name, f"{record.check_in.astimezone(WIB):%H:%M}", record.codes) == (
        "Budi Santoso",
        "14:27",
        "TL4",
    )
    assert not today.present
