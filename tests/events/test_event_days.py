"""An event's attendance is derived from the ledger, the phone and the head's list, and a
missed one costs the policy's deduction on the person's day and month."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from hadir.attendance.models import DayRecord
from hadir.attendance.recompute import recompute_range
from hadir.attendance.selectors import employee_month
from hadir.events.services import event_attendance_save
from hadir.rules import DayCode

from .conftest import MONDAY, apel_costs

WORKED = ("2026-08-03 07:10", "2026-08-03 16:05")


def codes(employee) -> str:
    recompute_range([employee.pk], MONDAY, MONDAY)
    return DayRecord.objects.get(employee=employee, day=MONDAY).codes


@pytest.mark.django_db
def test_monday_apel_missed_by_one_attended_by_another(world, monday_apel, punch) -> None:
    """Done when: shows on both days and costs only the first the policy's deduction."""
    apel_costs(2)
    budi, sari = world["budi"], world["sari"]
    punch(budi, *WORKED)
    punch(sari, *WORKED, "2026-08-03 07:41")
    recompute_range([budi.pk, sari.pk], MONDAY, MONDAY)
    missed = DayRecord.objects.get(employee=budi, day=MONDAY)
    attended = DayRecord.objects.get(employee=sari, day=MONDAY)
    assert (missed.codes, attended.codes) == ("H TA", "H")
    assert "Apel Senin (07:30-08:00): tidak hadir (TA)" in missed.explanation
    assert "Apel Senin (07:30-08:00): hadir, absen 07:41" in attended.explanation
    budi_month, sari_month = (
        employee_month(budi, MONDAY.replace(day=1)),
        employee_month(sari, MONDAY.replace(day=1)),
    )
    assert budi_month.recap is not None and sari_month.recap is not None
    assert budi_month.recap.code_counts[DayCode.TA] == 1
    assert budi_month.recap.table_pct == Decimal(2)
    # The default policy's 40 % discipline part: 2 % x 40 % of the TPP.
    assert budi_month.tpp_deduction_percent == Decimal("0.8")
    assert sari_month.tpp_deduction_percent == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("extra", "unit", "expected"),
    [
        ("2026-08-03 07:30", "DINKES", "H"),  # the window's first minute
        ("2026-08-03 08:00", "DINKES", "H"),  # and its last
        ("2026-08-03 07:29", "DINKES", "H TA"),  # before the window
        ("2026-08-03 08:01", "DINKES", "H TA"),  # after it
        ("2026-08-03 07:45", "DISDIK", "H TA"),  # in the window, another unit's machine
    ],
)
def test_machine_punch_must_be_in_the_window_on_the_unit_machine(
    world, monday_apel, punch, extra: str, unit: str, expected: str
) -> None:
    punch(world["budi"], *WORKED)
    punch(world["budi"], extra, unit=unit)
    assert codes(world["budi"]) == expected


@pytest.mark.django_db
def test_the_policy_default_costs_nothing(world, monday_apel, punch) -> None:
    punch(world["budi"], *WORKED)
    assert codes(world["budi"]) == "H TA"
    month = employee_month(world["budi"], date(2026, 8, 1))
    assert month.recap is not None and month.recap.table_pct == 0
    assert month.tpp_deduction_percent == 0


@pytest.mark.django_db
def test_an_event_of_another_unit_is_not_judged(world, monday_apel, punch) -> None:
    punch(world["dewi"], *WORKED, unit="DISDIK")
    assert codes(world["dewi"]) == "H"
    record = DayRecord.objects.get(employee=world["dewi"], day=MONDAY)
    assert "Apel" not in record.explanation


@pytest.mark.django_db
def test_the_heads_list_counts_as_attendance_and_marks_the_day(world, monday_apel, punch) -> None:
    budi = world["budi"]
    punch(budi, *WORKED)
    assert codes(budi) == "H TA"
    event_attendance_save(
        actor=world["head"], event=monday_apel, day=MONDAY, present=[budi.pk], today=MONDAY
    )
    from hadir.attendance.models import DirtyDay
    from hadir.audit.models import AuditEvent

    assert DirtyDay.objects.filter(employee=budi, day=MONDAY).exists()
    assert AuditEvent.objects.filter(action="event.attendance").count() == 1
    assert codes(budi) == "H"
    assert (
        "hadir menurut daftar hadir kepala unit"
        in DayRecord.objects.get(employee=budi, day=MONDAY).explanation
    )
    # Saving the list again without Budi takes the tick away.
    event_attendance_save(
        actor=world["op"], event=monday_apel, day=MONDAY, present=[], today=MONDAY
    )
    assert codes(budi) == "H TA"


@pytest.mark.django_db
def test_a_tk_day_and_a_holiday_carry_no_event_code(world, monday_apel) -> None:
    assert codes(world["budi"]) == "TK"
    recompute_range([world["budi"].pk], date(2026, 8, 17), date(2026, 8, 17))  # a Monday holiday
    assert DayRecord.objects.get(employee=world["budi"], day=date(2026, 8, 17)).codes == "L"
