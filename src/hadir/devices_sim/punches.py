"""Deterministic punches for tests, demos and load benchmarks (same seed, same punches)."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from hadir.protocols import is_valid_pin

# (share of punches, earliest time, window in minutes, status key the person presses)
_SHAPES = (
    (60, time(6, 30), 120, 0),  # arriving: 06:30-08:30, "in"
    (33, time(15, 30), 120, 1),  # leaving: 15:30-17:30, "out"
    (4, time(11, 45), 60, 2),  # break out
    (3, time(12, 30), 60, 3),  # break in
)
_VERIFY_MODES = (1, 1, 1, 15, 15, 4)  # mostly fingerprint, some face, a few cards


@dataclass(frozen=True, slots=True)
class GeneratedPunch:
    pin: str
    punched_at: datetime
    status: int
    verify: int
    workcode: str = "0"


def generate_punches(
    count: int, *, pins: Sequence[str], dates: Sequence[date], seed: int = 42
) -> list[GeneratedPunch]:
    """``count`` distinct punches over ``pins`` x ``dates``, sorted by time, from ``seed``.

    No two punches share PIN and second (a machine cannot record that), so every generated
    punch has its own idempotency key and counts in tests stay exact.
    """
    if count < 0:
        raise ValueError("count cannot be negative")
    if count and (not pins or not dates):
        raise ValueError("pins and dates are needed to generate punches")
    for pin in pins:
        if not is_valid_pin(pin):
            raise ValueError(f"invalid PIN: {pin!r}")
    rng = random.Random(seed)  # noqa: S311 - test data, not security
    weights = [shape[0] for shape in _SHAPES]
    seen: set[tuple[str, datetime]] = set()
    punches: list[GeneratedPunch] = []
    attempts = 0
    while len(punches) < count:
        attempts += 1
        if attempts > 50 * count + 1000:
            raise ValueError("cannot generate that many distinct punches for these PINs/dates")
        _, start, window, status = rng.choices(_SHAPES, weights=weights)[0]
        day = rng.choice(dates)
        at = datetime.combine(day, start) + timedelta(seconds=rng.randrange(window * 60))
        pin = rng.choice(pins)
        if (pin, at) in seen:
            continue
        seen.add((pin, at))
        punches.append(GeneratedPunch(pin, at, status, rng.choice(_VERIFY_MODES)))
    punches.sort(key=lambda punch: (punch.punched_at, punch.pin))
    return punches
