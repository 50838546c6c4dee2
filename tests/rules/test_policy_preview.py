"""Moving stored TL/PSW days to the bands of a changed policy, by their minutes."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import pytest

from hadir.rules.codes import LATE_CODES, DayCode
from hadir.rules.policy_defaults import DEFAULT_POLICY
from hadir.rules.policy_preview import band_code, rebanded


@pytest.mark.parametrize(
    ("minutes", "edges", "code"),
    [
        (1, (30, 60, 90), "TL1"),
        (30, (30, 60, 90), "TL1"),
        (31, (30, 60, 90), "TL2"),
        (90, (30, 60, 90), "TL3"),
        (91, (30, 60, 90), "TL4"),
        (16, (15, 30), "TL2"),
        (31, (15, 30), "TL3"),
        (500, (15,), "TL2"),
    ],
)
def test_band_code_at_the_edges(minutes, edges, code):
    assert band_code(minutes, edges, LATE_CODES) == code


@dataclass(frozen=True)
class Day:
    day: date
    codes: tuple[DayCode, ...]
    late_minutes: int = 0
    early_minutes: int = 0


@pytest.mark.parametrize(
    ("codes", "late", "early", "expected"),
    [
        (("TL1", "PSW1"), 20, 25, ("TL2", "PSW2")),
        (("TL1",), 10, 0, ("TL1",)),
        (("TK",), 0, 0, ("TK",)),
        (("TAM", "PSW1"), 0, 16, ("TAM", "PSW2")),
    ],
)
def test_rebanded_uses_the_new_edges(codes, late, early, expected):
    policy = replace(
        DEFAULT_POLICY,
        late_band_edges=(15, 60, 90),
        early_band_edges=(15, 60, 90),
    )
    day = Day(date(2026, 3, 2), tuple(DayCode(c) for c in codes), late, early)
    assert rebanded(day, policy).codes == tuple(DayCode(c) for c in expected)
