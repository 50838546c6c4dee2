"""``approved_absences`` is hand-written SQL (the recompute reads it for every batch, issue
15); it must pick exactly the requests the ORM's ``in_force`` picks, by state, verification,
kind, employee and dates."""

from __future__ import annotations

import itertools
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from hadir.accounts.models import Role
from hadir.requests.absences import approved_absences
from hadir.requests.models import ABSENCE_KINDS, Request, RequestKind, RequestState

WIB = ZoneInfo("Asia/Jakarta")
FIRST, LAST = date(2026, 3, 10), date(2026, 3, 20)
SPANS = [
    (date(2026, 3, 1), date(2026, 3, 9)),  # ends the day before: out
    (date(2026, 3, 1), date(2026, 3, 10)),  # ends on the first day: in
    (date(2026, 3, 15), date(2026, 3, 15)),
    (date(2026, 3, 20), date(2026, 3, 25)),  # starts on the last day: in
    (date(2026, 3, 21), date(2026, 3, 25)),  # starts the day after: out
]


@pytest.mark.django_db
def test_the_same_requests_as_in_force(two_units, make_employee, make_user) -> None:
    unit = two_units["DINKES"]
    budi, siti, other = (make_employee(unit) for _ in range(3))
    user = make_user("operator", Role.OPERATOR, unit)
    kinds = [RequestKind.CUTI, RequestKind.DINAS_LUAR, RequestKind.PUNCH_CORRECTION]
    for n, (person, state, needs, kind, (first, last)) in enumerate(
        itertools.product((budi, siti, other), RequestState, (False, True), kinds, SPANS)
    ):
        Request.objects.create(
            kind=kind,
            state=state,
            needs_verification=needs,
            unit=unit,
            employee=person,
            first_day=first,
            last_day=last,
            leave_type="tahunan" if kind == RequestKind.CUTI else "",
            submitted_by=user,
            submitted_at=datetime(2026, 3, 1, 8, tzinfo=WIB).replace(minute=n % 60),
        )
    wanted = Request.objects.in_force().filter(
        employee__in=[budi, siti], kind__in=ABSENCE_KINDS, first_day__lte=LAST, last_day__gte=FIRST
    )
    found = approved_absences([budi.pk, siti.pk], FIRST, LAST)
    assert set(found) == {budi.pk, siti.pk}
    got = {(person, a.reference) for person, items in found.items() for a in items}
    assert got == {(r.employee_id, f"#{r.pk}") for r in wanted}
    # 2 people; verified (either way) or approved without verification; 3 spans in; 2 kinds
    assert len(got) == 2 * 3 * 3 * 2
    # Newest first, as the ORM's ordering gives them (a later request can supersede).
    assert [a.reference for a in found[budi.pk]] == [
        f"#{r.pk}" for r in wanted.filter(employee=budi).order_by("-submitted_at", "-id")
    ]
    first = found[budi.pk][0]
    assert isinstance(first.first_day, date)
    assert isinstance(first.last_day, date)


@pytest.mark.django_db
@pytest.mark.parametrize("employee_ids", [[], [999_999]])
def test_nobody_or_an_unknown_employee_finds_nothing(employee_ids: list[int]) -> None:
    assert approved_absences(employee_ids, FIRST, LAST) == {}
