"""Annual leave: 12 working days plus carry-over, only working days count, cuti bersama is
not deducted, and a request beyond the balance is refused in plain words."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import translation

from hadir.people.services import employee_create
from hadir.requests.decisions import request_approve
from hadir.requests.leave import leave_balance, leave_days
from hadir.requests.services import request_submit
from tests.requests.helpers import at


def cuti(people, employee, first: str, last: str, now: str, leave_type: str = "tahunan"):
    return request_submit(
        actor=people["operator"],
        kind="cuti",
        leave_type=leave_type,
        employee=employee,
        first_day=date.fromisoformat(first),
        last_day=date.fromisoformat(last),
        now=at(now),
    )


@pytest.fixture
def newcomer(people):
    """Moved into the region in June 2025 (a PNS since 2015): no carry-over into 2026."""
    return employee_create(
        unit=people["unit"],
        start=date(2025, 6, 1),
        nip="199001012015061001",
        name="Dewi",
        employee_type="PNS",
        pin="777",
    )


def test_quota_is_twelve_plus_what_last_year_left_up_to_six(people, newcomer):
    assert leave_balance(newcomer, 2026).total == 12
    budi = people["budi"]
    assert leave_balance(budi, 2026).total == 18  # with the region all of 2025, nothing used
    # 8 working days used in 2025 leave 4 to carry over
    request_approve(
        request=cuti(people, budi, "2025-07-07", "2025-07-16", "2025-07-07 08:00"),
        actor=people["head"],
    )
    assert leave_balance(budi, 2025).used == 8
    balance = leave_balance(budi, 2026)
    assert (balance.quota, balance.carried, balance.used, balance.remaining) == (12, 4, 0, 16)


def test_only_working_days_count_and_cuti_bersama_is_not_deducted(people):
    budi = people["budi"]
    # Friday 6 to Monday 9 March: the weekend between is not leave.
    weekend = cuti(people, budi, "2026-03-06", "2026-03-09", "2026-03-05 08:00")
    assert leave_balance(budi, 2026).pending == 2
    request_approve(request=weekend, actor=people["head"])
    # 16-24 March: 18, 20, 23, 24 are cuti bersama, 19 Nyepi, 20 Idul Fitri, 21-22 weekend.
    assert leave_days(budi, date(2026, 3, 16), date(2026, 3, 24)) == {
        date(2026, 3, 16),
        date(2026, 3, 17),
    }
    request_approve(
        request=cuti(people, budi, "2026-03-16", "2026-03-24", "2026-03-13 08:00"),
        actor=people["head"],
    )
    balance = leave_balance(budi, 2026)
    assert (balance.used, balance.pending, balance.remaining) == (4, 0, 14)


def test_exhaustion_is_refused_with_a_clear_message(people, newcomer):
    cuti(people, newcomer, "2026-04-06", "2026-04-17", "2026-04-01 08:00")  # 10 days, pending
    with translation.override("id"), pytest.raises(ValidationError) as error:
        cuti(people, newcomer, "2026-04-20", "2026-04-22", "2026-04-01 08:00")
    assert error.value.messages == [
        "Sisa cuti tahunan 2026: 2 hari kerja; permohonan ini memerlukan 3 hari kerja. "
        "Ajukan lebih sedikit hari, atau jenis cuti lain."
    ]
    # another type of leave is not limited by the annual quota
    cuti(people, newcomer, "2026-04-20", "2026-04-22", "2026-04-01 08:00", "alasan_penting")


def test_leave_on_days_off_only_is_refused(people):
    with translation.override("id"), pytest.raises(ValidationError) as error:
        cuti(people, people["budi"], "2026-03-07", "2026-03-08", "2026-03-05 08:00")
    assert "semuanya hari libur" in error.value.messages[0]


@override_settings(HADIR_LEAVE_ANNUAL_DAYS_PPPK=6)
def test_pppk_quota_is_configurable(people, make_employee):
    pppk = make_employee(
        people["unit"], nip=None, pppk_number="202501012025011001", employee_type="PPPK"
    )
    assert leave_balance(pppk, 2026).quota == 6
