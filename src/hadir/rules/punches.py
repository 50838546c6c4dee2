"""Raw punches, the windows that decide arrival and departure, and minute arithmetic.

Punches are naive local datetimes in the region's time zone, as fingerprint devices record
them (DOMAIN.md section 1). The caller converts anything else before it reaches the rules.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from hadir.rules.schedule import ExpectedShift

AWARE_PUNCH = "Punch.at must be a naive local datetime; convert aware datetimes first."
ONE_MINUTE = timedelta(minutes=1)
TWO_DAYS = timedelta(days=2)


class PunchDirection(StrEnum):
    """The in/out status a device stored; unreliable on many devices (DOMAIN.md section 9)."""

    IN = "in"
    OUT = "out"


@dataclass(frozen=True, slots=True)
class Punch:
    """One raw punch: local wall-clock time, and the device's in/out status if any."""

    at: datetime
    direction: PunchDirection | None = None

    def __post_init__(self) -> None:
        if self.at.tzinfo is not None:
            raise ValueError(AWARE_PUNCH)


@dataclass(frozen=True, slots=True)
class PunchWindows:
    """When a punch may count as arrival or departure, relative to the expected shift.

    Arrival: from ``opens_before_start_minutes`` before the start up to the shift's midpoint
    (exclusive). Departure: from the midpoint up to ``closes_after_end_minutes`` after the end
    (inclusive). Night shifts use the same rule, relative to their own start and end.
    """

    opens_before_start_minutes: int = 120
    closes_after_end_minutes: int = 360
    # Derived once: evaluating a month calls ``bounds`` for every working day.
    before_start: timedelta = field(init=False, repr=False, compare=False)
    after_end: timedelta = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "before_start", timedelta(minutes=self.opens_before_start_minutes))
        object.__setattr__(self, "after_end", timedelta(minutes=self.closes_after_end_minutes))

    def bounds(self, shift: ExpectedShift) -> tuple[datetime, datetime, datetime]:
        """(arrival opens, midpoint, departure closes) for ``shift``."""
        start, end = shift.start, shift.end
        return start - self.before_start, start + (end - start) / 2, end + self.after_end


@dataclass(frozen=True, slots=True)
class PunchPair:
    """The punch chosen as arrival and the one chosen as departure (None when missing)."""

    check_in: datetime | None
    check_out: datetime | None
    in_windows: int  # distinct punches that fell inside either window


def punch_margins(windows: PunchWindows) -> tuple[timedelta, timedelta]:
    """(before, after): every punch a day's windows can use lies from the day's midnight
    minus ``before`` up to its midnight plus ``after`` (a night shift ends the next day, so
    two days plus the departure margin), whatever the day's hours."""
    return windows.before_start, TWO_DAYS + windows.after_end


def normalize_punches(punches: Iterable[Punch]) -> list[Punch]:
    """Punches in time order with exact duplicates (same time and status) removed."""
    unique = {(punch.at, punch.direction or ""): punch for punch in punches}
    return [unique[key] for key in sorted(unique)]


def pair_punches(
    ordered: Sequence[Punch],
    shift: ExpectedShift,
    windows: PunchWindows,
    *,
    use_device_status: bool = False,
) -> PunchPair:
    """Choose arrival and departure among time-ordered punches.

    Rule: the first punch in the arrival window is the arrival, the last punch in the
    departure window is the departure (ANRI 18/2016: the first punch counts for arrival;
    DOMAIN.md section 9: device in/out codes are unreliable). With ``use_device_status``
    a punch the device marked OUT never counts as arrival and one marked IN never as
    departure; unmarked punches can be either.
    """
    opens, midpoint, closes = windows.bounds(shift)
    check_in: datetime | None = None
    check_out: datetime | None = None
    inside = 0
    last_seen: datetime | None = None
    for punch in ordered:
        at = punch.at
        if at < opens or at > closes:
            continue
        if at != last_seen:
            inside += 1
            last_seen = at
        if at < midpoint:
            if check_in is None and not (
                use_device_status and punch.direction is PunchDirection.OUT
            ):
                check_in = at
        elif not (use_device_status and punch.direction is PunchDirection.IN):
            check_out = at
    return PunchPair(check_in, check_out, inside)


def late_minutes(check_in: datetime, start: datetime) -> int:
    """Whole minutes late: seconds of the punch are dropped before comparing.

    Rule (ANRI 18/2016): with a 07:30 start, 07:30:59 is on time and 07:31:00 is 1 minute
    late.
    """
    return max(0, (check_in - start) // ONE_MINUTE)


def early_minutes(check_out: datetime, end: datetime) -> int:
    """Whole minutes left early, with the punch's seconds dropped as for arrival.

    Rule: with a 16:00 end, 16:00:00 is on time and 15:59:59 (read as 15:59) is 1 minute
    early.
    """
    return max(0, -((check_out - end) // ONE_MINUTE))


def band(minutes: int, edges: Sequence[int]) -> int:
    """The 1-based band of ``minutes`` (> 0) given inclusive upper edges, e.g. (30, 60, 90):
    1-30 -> 1, 31-60 -> 2, 61-90 -> 3, 91 and more -> 4.
    """
    for index, edge in enumerate(edges):
        if minutes <= edge:
            return index + 1
    return len(edges) + 1
