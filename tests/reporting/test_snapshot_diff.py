"""The difference between two frozen copies of a month: pure, property-tested."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from hadir.reporting.snapshot import snapshot_diff

DAYS = [(date(2026, 2, 1) + timedelta(days=i)).isoformat() for i in range(28)]
CODES = st.sampled_from(["", "H", "TK", "L", "TL1", "TL2 PSW1", "C"])


def employee(n: int, codes: list[str], pct: str) -> dict:
    return {
        "employee_id": n,
        "id_number": f"N{n}",
        "name": f"P{n}",
        "codes": codes,
        "deduction_pct": pct,
    }


months = st.lists(
    st.tuples(st.lists(CODES, min_size=28, max_size=28), st.sampled_from(["0", "2.5", "4"])),
    max_size=4,
).map(
    lambda rows: {"days": DAYS, "employees": [employee(n, c, p) for n, (c, p) in enumerate(rows)]}
)


@given(months)
def test_a_copy_has_no_difference_with_itself(month):
    assert snapshot_diff(month, month) == []


@given(months, months)
def test_every_changed_day_is_listed_once_with_both_codes(before, after):
    changes = {c.id_number: c for c in snapshot_diff(before, after)}
    old = {e["id_number"]: e for e in before["employees"]}
    new = {e["id_number"]: e for e in after["employees"]}
    for number in old.keys() | new.keys():
        was = old.get(number, {"codes": [""] * 28, "deduction_pct": None})
        now = new.get(number, {"codes": [""] * 28, "deduction_pct": None})
        expected = [
            (date.fromisoformat(d), a, b)
            for d, a, b in zip(DAYS, was["codes"], now["codes"], strict=True)
            if a != b
        ]
        if not expected and was["deduction_pct"] == now["deduction_pct"]:
            assert number not in changes
            continue
        change = changes[number]
        assert [(c.day, c.before, c.after) for c in change.days] == expected
