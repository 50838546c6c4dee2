"""The device's local log (cursor rules) and the deterministic punch generator."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from hadir.devices_sim import DeviceLog, generate_punches
from hadir.devices_sim.store import StoredUser
from hadir.protocols import is_valid_pin

DAYS = [date(2026, 3, 2), date(2026, 3, 3)]


def test_cursor_only_moves_forward_and_resets_on_request(tmp_path: Path) -> None:
    log = DeviceLog(tmp_path / "d.sqlite3")
    log.append_many(("1", datetime(2026, 3, 2, 7, minute), 0, 1, "0") for minute in range(5))
    assert [record.seq for record in log.pending(3)] == [1, 2, 3]
    log.advance_cursor(3)
    log.advance_cursor(2)  # a late, stale acknowledgement cannot move it back
    assert log.cursor == 3
    assert [record.seq for record in log.pending(10)] == [4, 5]
    log.reset_cursor()
    assert log.cursor == 0
    assert len(log.pending(10)) == 5
    log.close()


def test_log_persists_across_reopen(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "d.sqlite3"
    log = DeviceLog(path)
    record = log.append(
        pin="1001", punched_at=datetime(2026, 3, 2, 7, 0, 5), status=0, verify=15, workcode="0"
    )
    log.advance_cursor(record.seq)
    log.close()
    again = DeviceLog(path)
    assert again.all_records() == [record]
    assert again.cursor == 1
    again.close()


def test_ranges_users_and_options(tmp_path: Path) -> None:
    log = DeviceLog(tmp_path / "d.sqlite3")
    log.append_many(("1", datetime(2026, 3, day, 7, 0), 0, 1, "0") for day in (1, 2, 2, 3))
    start, end = datetime(2026, 3, 2), datetime(2026, 3, 2, 23, 59, 59)
    assert log.count_between(start, end) == 2
    assert [record.seq for record in log.records_between(start, end)] == [2, 3]
    log.upsert_user(StoredUser("7", "Ani", 0, "", 1), password="12")
    log.upsert_user(StoredUser("7", "Ani Rahma", 0, "", 1), password="12")
    assert log.users()["7"].name == "Ani Rahma"
    assert log.delete_user("7") is True
    assert log.delete_user("7") is False
    log.set_option("Delay", "9")
    assert log.option("Delay") == "9"
    assert log.option("Missing") is None
    log.close()


def test_generated_punches_are_deterministic_distinct_and_valid() -> None:
    pins = ["1001", "1002", "A7"]
    first = generate_punches(500, pins=pins, dates=DAYS, seed=7)
    assert first == generate_punches(500, pins=pins, dates=DAYS, seed=7)
    assert first != generate_punches(500, pins=pins, dates=DAYS, seed=8)
    assert len({(p.pin, p.punched_at) for p in first}) == 500
    assert first == sorted(first, key=lambda p: (p.punched_at, p.pin))
    assert {p.punched_at.date() for p in first} == set(DAYS)
    assert all(is_valid_pin(p.pin) and p.punched_at.microsecond == 0 for p in first)
    assert {p.status for p in first} <= {0, 1, 2, 3}


@pytest.mark.parametrize(
    ("count", "pins", "dates"),
    [(-1, ["1"], DAYS), (1, [], DAYS), (1, ["1"], []), (1, ["bad pin"], DAYS)],
)
def test_generator_refuses_impossible_requests(
    count: int, pins: list[str], dates: list[date]
) -> None:
    with pytest.raises(ValueError):
        generate_punches(count, pins=pins, dates=dates)


def test_generator_zero() -> None:
    assert generate_punches(0, pins=[], dates=[]) == []
