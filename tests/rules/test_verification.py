"""The weak-verification patterns, on hand-made punches: each finds what it should and no more."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hadir.rules.verification import (
    BUDDY_MIN_DAYS,
    ClockReading,
    MachinePunch,
    VerifyKind,
    buddy_pairs,
    clock_jumps,
    verify_kind,
    verify_shares,
)

MONDAY = date(2026, 11, 2)


def at(day: int, clock: str) -> datetime:
    hours, minutes, seconds = (int(x) for x in clock.split(":"))
    return datetime(2026, 11, day, hours, minutes, seconds)


@pytest.mark.parametrize(
    ("mode", "kind"),
    [
        (1, VerifyKind.BIOMETRIC),
        (15, VerifyKind.BIOMETRIC),
        (25, VerifyKind.BIOMETRIC),
        (10, VerifyKind.BIOMETRIC),  # finger and card
        (0, VerifyKind.WEAK),
        (2, VerifyKind.WEAK),
        (3, VerifyKind.WEAK),
        (4, VerifyKind.WEAK),
        (5, VerifyKind.UNKNOWN),  # finger or password: cannot tell
        (None, VerifyKind.UNKNOWN),
        (200, VerifyKind.UNKNOWN),
    ],
)
def test_verify_kind(mode, kind):
    assert verify_kind(mode) is kind


def test_shares_count_modes_and_put_the_weakest_first():
    punches = [
        *(MachinePunch("M1", 1, at(2, "07:00:00"), 1) for _ in range(8)),
        *(MachinePunch("M1", 2, at(2, "07:00:00"), 4) for _ in range(3)),
        MachinePunch("M1", 2, at(2, "07:00:00"), 1),
        MachinePunch("M1", 2, at(2, "07:00:00"), None),
    ]
    shares = verify_shares(punches, key=lambda p: p.person)
    assert [s.key for s in shares] == [2, 1]
    weak, strong = shares
    assert (weak.total, weak.biometric, weak.weak, weak.unknown) == (5, 1, 3, 1)
    assert weak.weak_share == pytest.approx(0.75)  # unknown modes are left out of the share
    assert weak.weak_modes == {4: 3}
    assert strong.weak_share == 0.0


def test_a_share_without_known_modes_is_zero_not_an_error():
    (share,) = verify_shares([MachinePunch("M1", 1, at(2, "07:00:00"), None)], key=lambda p: 1)
    assert share.weak_share == 0.0


def _pair_days(days: int, gap_seconds: int, *, person_a=1, person_b=2, device="M1"):
    punches = []
    for offset in range(days):
        first = datetime.combine(MONDAY + timedelta(days=offset), datetime.min.time()).replace(
            hour=7, minute=10
        )
        punches.append(MachinePunch(device, person_a, first, 4))
        punches.append(MachinePunch(device, person_b, first + timedelta(seconds=gap_seconds), 4))
    return punches


@pytest.mark.parametrize(
    ("days", "gap", "found"),
    [
        (BUDDY_MIN_DAYS, 20, True),
        (BUDDY_MIN_DAYS - 1, 20, False),  # not often enough
        (BUDDY_MIN_DAYS, 60, True),  # at the window's edge
        (BUDDY_MIN_DAYS, 61, False),  # just outside it
    ],
)
def test_buddies_at_the_boundaries(days, gap, found):
    pairs = buddy_pairs(_pair_days(days, gap))
    assert bool(pairs) is found
    if found:
        (pair,) = pairs
        assert (pair.device, pair.first, pair.second) == ("M1", 1, 2)
        assert len(pair.together) == days and pair.days_both == days
        assert all(d.seconds_apart == gap for d in pair.together)


def test_buddies_who_meet_on_few_of_their_shared_days_are_not_listed():
    together = _pair_days(6, 10)
    apart = []
    for offset in range(6, 20):  # 14 more days both punched, an hour apart
        day = datetime.combine(MONDAY + timedelta(days=offset), datetime.min.time())
        apart.append(MachinePunch("M1", 1, day.replace(hour=7), 1))
        apart.append(MachinePunch("M1", 2, day.replace(hour=8), 1))
    assert buddy_pairs(together + apart) == []  # 6 of 20 days is under half


def test_buddies_are_per_machine_and_a_person_is_not_their_own_buddy():
    split = [
        p if i % 2 == 0 else MachinePunch("M2", p.person, p.at, p.verify)
        for i, p in enumerate(_pair_days(8, 5))
    ]
    assert buddy_pairs(split) == []
    twice = [MachinePunch("M1", 1, at(d, "07:00:00"), 1) for d in range(2, 12)]
    twice += [MachinePunch("M1", 1, at(d, "07:00:05"), 1) for d in range(2, 12)]
    assert buddy_pairs(twice) == []


def reading(hour: int, offset: int, device: str = "M1") -> ClockReading:
    return ClockReading(device, datetime(2026, 11, 2, hour), offset)


@pytest.mark.parametrize(
    ("offsets", "jumps"),
    [
        ([0, 3, 2, 4, 1], []),  # a clock that keeps time
        ([0, 0, 900, 905, 900], [(0, 900)]),  # moved 15 minutes ahead and stayed
        ([0, 0, -3000, 0, 0], []),  # one late upload after an outage: an outlier
        ([0, 0, 500, 500], []),  # under the threshold
        ([0, 0, 700, 700, 0, 0], [(0, 700), (700, 0)]),  # moved and moved back
    ],
)
def test_clock_jumps(offsets, jumps):
    found = clock_jumps(reading(7 + i, o) for i, o in enumerate(offsets))
    assert [(j.before_seconds, j.after_seconds) for j in found] == jumps


def test_clock_jumps_are_per_machine():
    readings = [reading(7, 0, "A"), reading(8, 0, "A"), reading(7, 900, "B"), reading(8, 900, "B")]
    assert clock_jumps(readings) == []


def _buddies_by_brute_force(punches, window, min_days, min_share):
    """Every pair of punches compared with every other: the definition, slowly."""
    met: dict = {}
    present: dict = {}
    for p in punches:
        present.setdefault((p.device, p.person), set()).add(p.at.date())
    for a in punches:
        for b in punches:
            if a.device != b.device or a.person >= b.person or a.at.date() != b.at.date():
                continue
            gap = abs((b.at - a.at).total_seconds())
            if gap <= window:
                days = met.setdefault((a.device, a.person, b.person), {})
                best = days.get(a.at.date())
                if best is None or gap < best[0]:
                    days[a.at.date()] = (gap, a.at, b.at)
    found = []
    for (device, first, second), days in met.items():
        both = len(present[(device, first)] & present[(device, second)])
        if len(days) >= min_days and len(days) / both >= min_share:
            found.append((device, first, second, sorted((d, g) for d, (g, _a, _b) in days.items())))
    return sorted(found)


punch_lists = st.lists(
    st.builds(
        MachinePunch,
        device=st.sampled_from(["M1", "M2"]),
        person=st.integers(1, 5),
        at=st.builds(
            lambda day, second: datetime(2026, 3, day) + timedelta(seconds=second),
            st.integers(2, 6),
            st.integers(7 * 3600, 7 * 3600 + 600),
        ),
        verify=st.just(1),
    ),
    max_size=60,
)


@settings(max_examples=200, deadline=None)
@given(punches=punch_lists, window=st.sampled_from([0, 30, 60]), min_days=st.integers(1, 3))
def test_buddy_pairs_agree_with_the_definition(punches, window, min_days):
    pairs = buddy_pairs(punches, window_seconds=window, min_days=min_days, min_share=0.5)
    got = sorted(
        (p.device, p.first, p.second, sorted((d.day, d.seconds_apart) for d in p.together))
        for p in pairs
    )
    assert got == _buddies_by_brute_force(punches, window, min_days, 0.5)
