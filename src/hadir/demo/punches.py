"""Simulated fingerprint punches for one month of the demo kabupaten.

Pure and deterministic: the same kabupaten, month, seed and holidays give the same stream.
Punches come out day by day in time order, as machines would send them, except for a few
"late uploads" appended at the end of their day (out of order on purpose).

Working schedules (also the hours the simulated staff aim for):
- 5HK: Monday-Thursday 07:30-16:00, Friday 07:30-16:30 (Perpres 21/2023 pattern).
- SEKOLAH-6HK: Monday-Saturday 07:00-13:30 (six-day schools, hadir.rules.patterns.SCHOOL_SIX_DAY).
- SHIFT (nurses and midwives): a fixed 8-day roster PAGI, PAGI, SIANG, SIANG, MALAM, MALAM,
  off, off; PAGI 07:00-14:00, SIANG 14:00-21:00, MALAM 21:00-07:00 with the punch-out on the
  next day. The roster ignores weekends and holidays (health services keep running). A night
  shift belongs to the day it starts: the month's last night yields a punch-out on the 1st
  of the next month, and the night before the 1st is left to the previous month's stream.
5HK and SEKOLAH-6HK staff do not work on `holidays`.

Behaviour: each employee gets a profile (stable across months for a given seed): most are
punctual (in 06:45-07:30, out within 45 minutes after the end), some are habitually late
(TL1-TL3: 1-90 minutes), some leave early, some are careless. On top of that: missing
punch-in or punch-out (about 2% of days), whole-day absence (about 2%), double punches in the
same minute, and a few stray punches around noon.
"""

from __future__ import annotations

import calendar
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from hadir.demo.generator import DemoEmployee, DemoKabupaten, DemoPunch, device_code_for

SCHEDULE_HOURS: dict[str, dict[int, tuple[time, time]]] = {
    "5HK": {
        **{weekday: (time(7, 30), time(16, 0)) for weekday in range(4)},
        4: (time(7, 30), time(16, 30)),
    },
    # Six-day schools keep school hours (hadir.rules.patterns.SCHOOL_SIX_DAY).
    "SEKOLAH-6HK": {weekday: (time(7, 0), time(13, 30)) for weekday in range(6)},
}
SHIFT_HOURS: dict[str, tuple[time, time]] = {
    "PAGI": (time(7, 0), time(14, 0)),
    "SIANG": (time(14, 0), time(21, 0)),
    "MALAM": (time(21, 0), time(7, 0)),  # ends the next day
}
# The 8-day roster every shift worker runs (None: day off), started on a day set by the PIN.
SHIFT_CYCLE: tuple[str | None, ...] = (
    "PAGI",
    "PAGI",
    "SIANG",
    "SIANG",
    "MALAM",
    "MALAM",
    None,
    None,
)

_DAY = 86_400
# Up to how long (seconds) before the start people arrive when on time, and after the end
# they leave.
_OFFICE_SLACK = 45 * 60
_SHIFT_SLACK = 30 * 60
_LATE_UPLOAD_SHARE = 0.002
_STRAY_NOON_SHARE = 0.01


def shift_on(employee: DemoEmployee, day: date) -> str | None:
    """The SHIFT roster: "PAGI", "SIANG", "MALAM" or None (day off) for a shift worker."""
    return _roster(day.toordinal(), int(employee.pin))


def _roster(day_ordinal: int, offset: int) -> str | None:
    """Everyone runs the same cycle, started on a day that depends on their PIN."""
    return SHIFT_CYCLE[(day_ordinal + offset) % len(SHIFT_CYCLE)]


def is_working_day(schedule_code: str, day: date, holidays: frozenset[date]) -> bool:
    """Whether a 5HK or SEKOLAH-6HK employee is expected at work on `day`."""
    return day not in holidays and day.weekday() in SCHEDULE_HOURS[schedule_code]


@dataclass(frozen=True, slots=True)
class _Worker:
    """An employee reduced to what the simulation needs, with their habits."""

    pin: str
    device: str
    schedule: str
    roster_offset: int
    absent: float  # chance of a whole day without punches
    late: float  # chance of arriving late
    early: float  # chance of leaving early
    missing: float  # chance of forgetting the punch-in (and, again, the punch-out)
    double: float  # chance of a second punch in the same minute


# Behaviour profiles: (late, early, missing, double) chances per working day.
_PROFILES: tuple[tuple[float, float, float, float], ...] = (
    (0.03, 0.02, 0.006, 0.012),  # punctual
    (0.45, 0.05, 0.010, 0.015),  # habitually late
    (0.05, 0.35, 0.010, 0.015),  # leaves early
    (0.10, 0.05, 0.040, 0.060),  # careless: forgets punches, presses twice
)
_PROFILE_SHARES = (0.70, 0.13, 0.09, 0.08)


def _workers(kab: DemoKabupaten, seed: int) -> list[_Worker]:
    rng = random.Random(seed)
    workers = []
    for employee in kab.employees:
        late, early, missing, double = rng.choices(_PROFILES, weights=_PROFILE_SHARES)[0]
        workers.append(
            _Worker(
                pin=employee.pin,
                device=device_code_for(employee.unit_code),
                schedule=employee.schedule_code,
                roster_offset=int(employee.pin),
                absent=rng.uniform(0.005, 0.035),
                late=late,
                early=early,
                missing=missing,
                double=double,
            )
        )
    return workers


def _seconds(moment: time) -> int:
    return moment.hour * 3600 + moment.minute * 60 + moment.second


def _band_minutes(draw: float, pick: float) -> int:
    """1-30 (60%), 31-60 (30%) or 61-90 (10%) minutes: the TL/PSW 1-3 bands."""
    band = 0 if pick < 0.6 else 30 if pick < 0.9 else 60
    return band + 1 + int(draw * 30)


def _day_punches(
    rnd: Callable[[], float],
    worker: _Worker,
    start: int,
    end: int,
    slack: int,
    noon_allowed: bool,
) -> list[int]:
    """Punch times (seconds after midnight) of one worker on one working day or shift."""
    if rnd() < worker.absent:
        return []
    if rnd() < worker.late:
        arrive = start + 60 * _band_minutes(rnd(), rnd()) + int(rnd() * 60)
    else:
        arrive = start - int(slack * rnd() * rnd())  # most arrive shortly before the start
    if rnd() < worker.early:
        leave = end - 60 * _band_minutes(rnd(), rnd()) + int(rnd() * 60)
    else:
        leave = end + int(slack * rnd() * rnd())
    times = []
    if rnd() >= worker.missing:
        times.append(arrive)
    if rnd() >= worker.missing:
        times.append(leave)
    if times and rnd() < worker.double:
        # A nervous finger: the same punch again within the same minute.
        again = times[int(rnd() * len(times))]
        times.append(again + int(rnd() * (60 - again % 60)))
    if noon_allowed and rnd() < _STRAY_NOON_SHARE:
        times.append(12 * 3600 + int(rnd() * 3600))
    return times


def generate_month_punches(
    kab: DemoKabupaten,
    *,
    year: int,
    month: int,
    seed: int = 42,
    holidays: frozenset[date] = frozenset(),
) -> Iterator[DemoPunch]:
    """All punches of shifts and working days that start in the given month."""
    workers = _workers(kab, seed)
    rng = random.Random(f"hadir-demo-punches:{seed}:{year:04d}-{month:02d}")
    rnd = rng.random
    office = {
        code: {day: (_seconds(a), _seconds(b)) for day, (a, b) in hours.items()}
        for code, hours in SCHEDULE_HOURS.items()
    }
    shifts = {name: (_seconds(a), _seconds(b)) for name, (a, b) in SHIFT_HOURS.items()}
    shifts["MALAM"] = (shifts["MALAM"][0], shifts["MALAM"][1] + _DAY)
    carry: list[tuple[int, str, str]] = []  # night-shift punch-outs for the next day
    for day_number in range(1, calendar.monthrange(year, month)[1] + 1):
        day = date(year, month, day_number)
        batch, carry = carry, []
        late_uploads: list[tuple[int, str, str]] = []
        weekday, ordinal, holiday = day.weekday(), day.toordinal(), day in holidays
        for worker in workers:
            noon_allowed = True
            if worker.schedule == "SHIFT":
                shift = _roster(ordinal, worker.roster_offset)
                if shift is None:
                    continue
                start, end = shifts[shift]
                slack, noon_allowed = _SHIFT_SLACK, False
            else:
                hours = None if holiday else office[worker.schedule].get(weekday)
                if hours is None:
                    continue
                (start, end), slack = hours, _OFFICE_SLACK
            times = _day_punches(rnd, worker, start, end, slack, noon_allowed)
            for moment in times:
                punch = (moment, worker.device, worker.pin)
                if moment >= _DAY:
                    carry.append((moment - _DAY, worker.device, worker.pin))
                elif rnd() < _LATE_UPLOAD_SHARE:
                    late_uploads.append(punch)
                else:
                    batch.append(punch)
        batch.sort()
        batch += late_uploads
        midnight = datetime(year, month, day_number)  # noqa: DTZ001 - device time is naive
        for moment, device, pin in batch:
            yield DemoPunch(pin, midnight + timedelta(seconds=moment), device)
    if carry:
        next_day = date(year, month, calendar.monthrange(year, month)[1]) + timedelta(days=1)
        midnight = datetime(next_day.year, next_day.month, next_day.day)  # noqa: DTZ001
        for moment, device, pin in sorted(carry):
            yield DemoPunch(pin, midnight + timedelta(seconds=moment), device)
