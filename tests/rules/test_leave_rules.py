"""The leave rules, each allowed and refused at its boundary (pure: no database)."""

from __future__ import annotations

from datetime import date

import pytest

from hadir.rules.leave_rules import (
    BASIS,
    Leave,
    LeaveAsk,
    LeaveRule,
    StaffType,
    TakenLeave,
    add_months,
    carried_over_days,
    izin_cap_check,
    leave_refusal,
    needs_government_doctor,
)

D = date.fromisoformat
PNS, PPPK, OTHER = StaffType.PNS, StaffType.PPPK, StaffType.OTHER


def ask(leave: Leave, first: str, last: str | None = None, **more) -> LeaveAsk:
    fields = {"staff": PNS, "service_start": D("2015-03-01"), **more}
    return LeaveAsk(leave=leave, first=D(first), last=D(last or first), **fields)


def refused(a: LeaveAsk) -> LeaveRule | None:
    refusal = leave_refusal(a)
    return None if refusal is None else refusal.rule


@pytest.mark.parametrize(
    ("start", "first", "expected"),
    [
        ("2025-03-01", "2026-02-28", LeaveRule.ANNUAL_SERVICE),
        ("2025-03-01", "2026-03-01", None),  # exactly one year: allowed
        ("2025-01-31", "2026-01-30", LeaveRule.ANNUAL_SERVICE),
        ("2025-01-31", "2026-01-31", None),
        ("2024-02-29", "2025-02-27", LeaveRule.ANNUAL_SERVICE),
        ("2024-02-29", "2025-02-28", None),  # leap-day TMT: the anniversary is 28 February
    ],
)
def test_annual_leave_after_one_year_of_service(start, first, expected):
    for staff in (PNS, PPPK):
        assert refused(ask(Leave.TAHUNAN, first, service_start=D(start), staff=staff)) is expected


def test_annual_leave_needs_a_known_start_of_service():
    assert refused(ask(Leave.TAHUNAN, "2026-03-02", service_start=None)) is LeaveRule.START_UNKNOWN


@pytest.mark.parametrize(
    ("long_leave", "first", "expected"),
    [
        (("2026-01-05", "2026-03-31"), "2026-12-01", LeaveRule.ANNUAL_IN_LONG_LEAVE_YEAR),
        (("2025-10-01", "2026-01-02"), "2026-06-01", LeaveRule.ANNUAL_IN_LONG_LEAVE_YEAR),
        (("2025-01-06", "2025-03-31"), "2026-01-05", None),  # the year after: allowed
    ],
)
def test_no_annual_leave_in_a_long_leave_year(long_leave, first, expected):
    history = (TakenLeave(Leave.BESAR, D(long_leave[0]), D(long_leave[1])),)
    assert refused(ask(Leave.TAHUNAN, first, history=history)) is expected


@pytest.mark.parametrize(
    ("start", "first", "last", "expected"),
    [
        ("2021-03-01", "2026-02-27", "2026-03-27", LeaveRule.LONG_SERVICE),
        ("2021-03-01", "2026-03-01", "2026-05-31", None),  # 5 years, exactly 3 months
        ("2021-03-01", "2026-03-01", "2026-06-01", LeaveRule.LONG_LENGTH),
        ("2015-01-01", "2026-11-30", "2027-02-27", None),  # 3 months ending in February
        ("2015-01-01", "2026-11-30", "2027-02-28", LeaveRule.LONG_LENGTH),
    ],
)
def test_long_leave_after_five_years_for_three_months(start, first, last, expected):
    assert refused(ask(Leave.BESAR, first, last, service_start=D(start))) is expected


@pytest.mark.parametrize(
    ("first", "expected"),
    [("2026-04-30", LeaveRule.LONG_AGAIN_TOO_SOON), ("2026-05-01", None)],
)
def test_the_next_long_leave_five_years_after_the_last_ended(first, expected):
    history = (TakenLeave(Leave.BESAR, D("2021-02-01"), D("2021-04-30")),)
    assert refused(ask(Leave.BESAR, first, history=history)) is expected


@pytest.mark.parametrize("leave", [Leave.BESAR, Leave.ALASAN_PENTING, Leave.CLTN])
def test_pppk_have_no_long_important_or_unpaid_leave(leave):
    a = ask(leave, "2026-03-02", staff=PPPK, service_start=D("2010-01-01"))
    assert refused(a) is LeaveRule.NOT_FOR_PPPK
    assert "PP 49/2018" in BASIS[LeaveRule.NOT_FOR_PPPK]


@pytest.mark.parametrize(
    ("staff", "last", "letter", "expected"),
    [
        (PNS, "2026-03-02", False, LeaveRule.SICK_LETTER),  # even one day needs a letter
        (PNS, "2026-03-02", True, None),
        (PNS, "2027-03-01", True, None),  # one year
        (PNS, "2027-03-02", True, LeaveRule.SICK_LENGTH),
        (PPPK, "2026-04-01", True, None),  # a PPPK: one month
        (PPPK, "2026-04-02", True, LeaveRule.SICK_LENGTH),
    ],
)
def test_sick_leave_letter_and_length(staff, last, letter, expected):
    a = ask(Leave.SAKIT, "2026-03-02", last, staff=staff, has_letter=letter)
    assert refused(a) is expected


@pytest.mark.parametrize(("last", "government"), [("2026-03-15", False), ("2026-03-16", True)])
def test_a_government_doctor_above_fourteen_days(last, government):
    assert needs_government_doctor(D("2026-03-02"), D(last)) is government
    refusal = leave_refusal(ask(Leave.SAKIT, "2026-03-02", last))
    assert refusal is not None and refusal.params["government"] is government


@pytest.mark.parametrize(
    ("child", "last", "expected"),
    [
        (None, "2026-05-31", LeaveRule.MATERNITY_CHILD),
        (0, "2026-05-31", LeaveRule.MATERNITY_CHILD),
        (1, "2026-05-31", None),
        (3, "2026-05-31", None),
        (4, "2026-05-31", LeaveRule.MATERNITY_CHILD),  # a PNS takes cuti besar instead
        (2, "2026-06-01", LeaveRule.MATERNITY_LENGTH),
    ],
)
def test_maternity_leave_children_one_to_three_for_three_months(child, last, expected):
    for staff in (PNS, PPPK):
        a = ask(Leave.MELAHIRKAN, "2026-03-01", last, child_order=child, staff=staff)
        assert refused(a) is expected


def test_maternity_leave_needs_no_year_of_service():
    a = ask(Leave.MELAHIRKAN, "2026-03-01", child_order=1, service_start=D("2026-01-01"))
    assert refused(a) is None


@pytest.mark.parametrize(
    ("last", "expected"),
    [("2026-03-31", None), ("2026-04-01", LeaveRule.IMPORTANT_LENGTH)],
)
def test_important_reasons_at_most_one_month(last, expected):
    assert refused(ask(Leave.ALASAN_PENTING, "2026-03-01", last)) is expected


@pytest.mark.parametrize(
    ("start", "last", "expected"),
    [
        ("2021-03-02", "2026-03-01", LeaveRule.UNPAID_SERVICE),
        ("2021-03-01", "2029-02-28", None),  # five years of service, three years of leave
        ("2021-03-01", "2029-03-01", LeaveRule.UNPAID_LENGTH),
    ],
)
def test_unpaid_leave_after_five_years_for_three_years(start, last, expected):
    assert refused(ask(Leave.CLTN, "2026-03-01", last, service_start=D(start))) is expected


@pytest.mark.parametrize("leave", list(Leave))
def test_non_asn_staff_are_not_refused_by_the_statutory_rules(leave):
    assert refused(ask(leave, "2026-03-01", "2030-01-01", staff=OTHER, service_start=None)) is None


@pytest.mark.parametrize(
    ("unused", "untouched", "expected"),
    [(0, False, 0), (5, False, 5), (6, False, 6), (12, False, 6), (12, True, 12)],
)
def test_carry_over_18_days_or_24_after_two_unused_years(unused, untouched, expected):
    carried = carried_over_days(
        quota=12, unused_last_year=unused, untouched_two_years=untouched, one_year_cap=6
    )
    assert carried == expected


@pytest.mark.parametrize(
    ("cap", "earlier", "expected"),
    [
        (0, ["2026-03-02"] * 9, None),  # 0: no cap
        (4, ["2026-03-02", "2026-03-05", "2026-03-09"], None),  # the 4th is allowed
        (4, ["2026-03-02", "2026-03-05", "2026-03-09", "2026-03-10"], LeaveRule.IZIN_MONTHLY_CAP),
        (4, ["2026-02-02", "2026-02-05", "2026-02-09", "2026-04-10"], None),  # other months
    ],
)
def test_monthly_izin_cap(cap, earlier, expected):
    refusal = izin_cap_check(
        cap=cap, first=D("2026-03-20"), earlier_izin_days=[D(d) for d in earlier]
    )
    assert (refusal.rule if refusal else None) is expected


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        ("2026-01-31", 1, "2026-02-28"),
        ("2024-01-31", 1, "2024-02-29"),
        ("2026-11-15", 3, "2027-02-15"),
    ],
)
def test_add_months_keeps_the_day_or_the_months_last(day, months, expected):
    assert add_months(D(day), months) == D(expected)


def test_every_rule_has_a_legal_basis():
    assert set(BASIS) == set(LeaveRule)
