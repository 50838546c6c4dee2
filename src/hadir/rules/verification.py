"""How fingerprint machines were used: signals for BKD to look at, never penalties.

Three patterns, each computed from plain tuples (the caller reads the ledger):

- **weak verification**: the share of a person's (or a unit's) machine punches made with a
  PIN, a password or a card instead of a finger, a face or a palm (the ATTLOG ``verify``
  field). A card or a PIN can be lent; a finger cannot.
- **punch buddies**: two people who punch on the same machine within seconds of each other
  on many of the days they both punch ("titip absen": one person punching for two, with the
  other's card or PIN).
- **clock jumps**: a machine whose clock moves by minutes between two readings. Readings come
  from realtime uploads (punch time minus time received); a jump is only reported when the
  new offset holds for two readings in a row, so one late upload after an outage is not a
  jump.

Verify modes (ZKTeco ``VerifyType``; ``../shared/PROTOCOLS.md``): 1 finger, 15 face, 25 palm,
and the modes that require one of them together with something else are *biometric*;
0 and 3 password, 2 PIN (user ID), 4 card, 7 password-or-card and 11 password-and-card are
*weak*; modes that accept either (5 finger-or-password, 6 finger-or-card), an empty field and
any other number are *unknown* and counted apart.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from itertools import pairwise

BIOMETRIC_MODES = frozenset({1, 8, 9, 10, 12, 13, 14, 15, 16, 17, 18, 19, 20, 25})
WEAK_MODES = frozenset({0, 2, 3, 4, 7, 11})

BUDDY_WINDOW_SECONDS = 60
BUDDY_MIN_DAYS = 5
BUDDY_MIN_SHARE = 0.5
CLOCK_JUMP_SECONDS = 600
CLOCK_AGREE_SECONDS = 120


class VerifyKind(StrEnum):
    BIOMETRIC = "biometric"
    WEAK = "weak"
    UNKNOWN = "unknown"


def verify_kind(mode: int | None) -> VerifyKind:
    if mode in BIOMETRIC_MODES:
        return VerifyKind.BIOMETRIC
    if mode in WEAK_MODES:
        return VerifyKind.WEAK
    return VerifyKind.UNKNOWN


@dataclass(frozen=True, slots=True)
class MachinePunch:
    """One counted punch of a known person on a machine, at the machine's local time."""

    device: str
    person: int
    at: datetime
    verify: int | None


@dataclass(slots=True)
class VerifyShare:
    """How the punches of one person, unit or machine were verified."""

    key: Hashable
    biometric: int = 0
    weak: int = 0
    unknown: int = 0
    weak_modes: dict[int, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.biometric + self.weak + self.unknown

    @property
    def weak_share(self) -> float:
        """Weak punches among those whose mode is known (0.0 when none is known)."""
        known = self.biometric + self.weak
        return self.weak / known if known else 0.0


def verify_shares(
    punches: Iterable[MachinePunch], key: Callable[[MachinePunch], Hashable]
) -> list[VerifyShare]:
    """One ``VerifyShare`` per ``key(punch)``, the weakest first (then the busiest)."""
    shares: dict[Hashable, VerifyShare] = {}
    for punch in punches:
        k = key(punch)
        share = shares.get(k)
        if share is None:
            share = shares[k] = VerifyShare(k)
        kind = verify_kind(punch.verify)
        if kind is VerifyKind.BIOMETRIC:
            share.biometric += 1
        elif kind is VerifyKind.WEAK:
            share.weak += 1
            mode = punch.verify or 0
            share.weak_modes[mode] = share.weak_modes.get(mode, 0) + 1
        else:
            share.unknown += 1
    return sorted(shares.values(), key=lambda s: (-s.weak_share, -s.total, str(s.key)))


@dataclass(frozen=True, slots=True)
class BuddyDay:
    """A day two people punched close together: their two times, seconds apart."""

    day: date
    first_at: datetime
    second_at: datetime

    @property
    def seconds_apart(self) -> int:
        return abs(round((self.second_at - self.first_at).total_seconds()))


@dataclass(frozen=True, slots=True)
class BuddyPair:
    device: str
    first: int
    second: int
    days_both: int  # days both punched on this machine
    together: tuple[BuddyDay, ...]  # the days they punched within the window

    @property
    def share(self) -> float:
        return len(self.together) / self.days_both if self.days_both else 0.0


# (seconds apart, the lower person id's time, the other's): a plain tuple, as a month of
# 5,000 staff makes about a million meetings and only the few buddies become ``BuddyDay``s.
Meeting = tuple[int, datetime, datetime]


def buddy_pairs(
    punches: Iterable[MachinePunch],
    *,
    window_seconds: int = BUDDY_WINDOW_SECONDS,
    min_days: int = BUDDY_MIN_DAYS,
    min_share: float = BUDDY_MIN_SHARE,
) -> list[BuddyPair]:
    """Pairs of people who punched on one machine within ``window_seconds`` of each other on
    at least ``min_days`` days and on at least ``min_share`` of the days both punched there.

    Colleagues who arrive together now and then stay below the bar: two people punching at
    random within a half-hour window meet within a minute on about 7 % of days."""
    by_device_day: dict[tuple[str, date], list[MachinePunch]] = defaultdict(list)
    for punch in punches:
        by_device_day[(punch.device, punch.at.date())].append(punch)
    present: dict[tuple[str, int], set[date]] = defaultdict(set)
    met: dict[tuple[str, int, int], dict[date, Meeting]] = defaultdict(dict)
    for (device, day), day_punches in by_device_day.items():
        day_punches.sort(key=lambda p: p.at)
        for punch in day_punches:
            present[(device, punch.person)].add(day)
        _meet(device, day, day_punches, window_seconds, met)
    pairs = []
    for (device, first, second), days in met.items():
        if len(days) < min_days:
            continue  # most pairs: colleagues who met now and then
        both = len(present[(device, first)] & present[(device, second)])
        together = tuple(BuddyDay(d, days[d][1], days[d][2]) for d in sorted(days))
        pair = BuddyPair(device, first, second, both, together)
        if pair.share >= min_share:
            pairs.append(pair)
    return sorted(pairs, key=lambda p: (-len(p.together), -p.share, p.device, p.first, p.second))


def _meet(
    device: str,
    day: date,
    ordered: list[MachinePunch],
    window_seconds: int,
    met: dict[tuple[str, int, int], dict[date, Meeting]],
) -> None:
    """Record each pair of different people within the window on this machine-day (the
    closest of their meetings that day). Times are compared as seconds of the day: every
    punch here is on ``day``, and the ledger keeps whole seconds."""
    seconds = [p.at.hour * 3600 + p.at.minute * 60 + p.at.second for p in ordered]
    count = len(ordered)
    for i in range(count):
        punch, start = ordered[i], seconds[i]
        for j in range(i + 1, count):
            gap = seconds[j] - start
            if gap > window_seconds:
                break
            other = ordered[j]
            if other.person == punch.person:
                continue
            first, second = (punch, other) if punch.person < other.person else (other, punch)
            days = met[(device, first.person, second.person)]
            seen = days.get(day)
            if seen is None or gap < seen[0]:
                days[day] = (gap, first.at, second.at)


@dataclass(frozen=True, slots=True)
class ClockReading:
    """A machine's offset: its punch time minus the time the upload arrived, in seconds."""

    device: str
    received_at: datetime
    offset_seconds: int


@dataclass(frozen=True, slots=True)
class ClockJump:
    device: str
    at: datetime  # the first reading at the new offset
    before_seconds: int
    after_seconds: int

    @property
    def jump_seconds(self) -> int:
        return self.after_seconds - self.before_seconds


def clock_jumps(
    readings: Iterable[ClockReading],
    *,
    jump_seconds: int = CLOCK_JUMP_SECONDS,
    agree_seconds: int = CLOCK_AGREE_SECONDS,
) -> list[ClockJump]:
    """Each time a machine's offset moves by more than ``jump_seconds`` and the next reading
    confirms the new offset (within ``agree_seconds``); a lone outlier is ignored."""
    by_device: dict[str, list[ClockReading]] = defaultdict(list)
    for reading in readings:
        by_device[reading.device].append(reading)
    jumps = []
    for device, series in sorted(by_device.items()):
        series.sort(key=lambda r: r.received_at)
        settled = None
        for current, following in pairwise(series):
            if abs(current.offset_seconds - following.offset_seconds) > agree_seconds:
                continue  # not (yet) a stable offset
            if settled is not None and abs(current.offset_seconds - settled) > jump_seconds:
                jumps.append(
                    ClockJump(device, current.received_at, settled, current.offset_seconds)
                )
            settled = current.offset_seconds
    return jumps
