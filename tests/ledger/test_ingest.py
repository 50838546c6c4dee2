"""The one ingestion service: stored once, nothing dropped, unknown PINs claimed later."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from hadir.attendance.models import DirtyDay
from hadir.devices.models import Device, DeviceState
from hadir.people.services import employee_update
from hadir.punches.models import Punch, PunchHold, QuarantinedLine
from hadir.punches.services import (
    IncomingPunch,
    IncomingRejected,
    punches_count_device,
    punches_ingest,
    punches_release,
)


@pytest.fixture
def device(two_units):
    return Device.objects.create(sn="CNYG213260182", unit=two_units["DINKES"], state="active")


def batch(*items: tuple[str, str]) -> list[IncomingPunch]:
    return [
        IncomingPunch(pin=pin, local_time=datetime.fromisoformat(at), raw=f"{pin}\t{at}")
        for pin, at in items
    ]


def test_a_batch_resent_200_times_is_stored_once(device, two_units, make_employee):
    employee = make_employee(two_units["DINKES"], pin="46")
    punches = batch(("46", "2026-03-02 06:58:48"), ("46", "2026-03-02 16:05:10"))
    first = punches_ingest(source="push", source_ref=device.sn, punches=punches, device=device)
    assert (first.new, first.duplicate, first.unmatched) == (2, 0, 0)
    for _ in range(200):
        again = punches_ingest(source="push", source_ref=device.sn, punches=punches, device=device)
        assert (again.new, again.duplicate, again.processed) == (0, 2, 2)
    assert Punch.objects.count() == 2
    stored = Punch.objects.order_by("punched_at").first()
    assert stored.employee == employee
    assert stored.punched_at.isoformat() == "2026-03-01T23:58:48+00:00"  # 06:58:48 WIB
    assert stored.raw == "46\t2026-03-02 06:58:48"
    assert set(DirtyDay.objects.values_list("employee_id", "day")) == {
        (employee.pk, date(2026, 3, 2))
    }


def test_padded_and_zero_led_pins_are_the_same_person(device, two_units, make_employee):
    employee = make_employee(two_units["DINKES"], pin="12")
    punches_ingest(
        source="usb",
        source_ref=device.sn,
        device=device,
        punches=batch(("      012", "2026-03-02 07:01:00"), ("12", "2026-03-02 07:01:00")),
    )
    assert list(Punch.objects.values_list("employee_id", flat=True)) == [employee.pk]


def test_unknown_pin_is_kept_then_claimed_when_assigned(device, two_units, make_employee):
    result = punches_ingest(
        source="push",
        source_ref=device.sn,
        device=device,
        punches=batch(("777", "2026-03-03 07:10:00")),
    )
    assert result.unmatched == 1
    assert DirtyDay.objects.count() == 0
    employee = make_employee(two_units["DINKES"], pin=None)
    employee_update(employee=employee, pin="777")
    punch = Punch.objects.get()
    assert punch.employee == employee
    assert DirtyDay.objects.filter(employee=employee, day=date(2026, 3, 3)).exists()


def test_rejected_lines_are_quarantined_with_reason(device):
    result = punches_ingest(
        source="push",
        source_ref=device.sn,
        device=device,
        punches=[],
        rejected=[IncomingRejected(3, "46\t2025-01-29 06:5", "truncated", "Baris terpotong")],
    )
    assert result.processed == 1
    line = QuarantinedLine.objects.get()
    assert (line.raw, line.reason, line.line_no, line.device) == (
        "46\t2025-01-29 06:5",
        "truncated",
        3,
        device,
    )


def test_pending_device_punches_count_only_after_approval(two_units, make_employee):
    employee = make_employee(two_units["DINKES"], pin="5")
    pending = Device.objects.create(sn="NEW1")
    punches_ingest(
        source="push",
        source_ref="NEW1",
        device=pending,
        punches=batch(("5", "2026-03-04 07:00:00")),
    )
    assert not Punch.objects.get().counted
    assert DirtyDay.objects.count() == 0
    pending.state = DeviceState.ACTIVE
    pending.unit = two_units["DINKES"]
    pending.save()
    assert punches_count_device(device=pending) == 1
    assert Punch.objects.get().counted
    assert DirtyDay.objects.filter(employee=employee, day=date(2026, 3, 4)).exists()


def test_shift_worker_morning_punch_also_marks_previous_day(two_units, make_employee, device):
    from hadir.schedules.models import WorkSchedule

    nurse = make_employee(
        two_units["PKM-A"], pin="9", schedule=WorkSchedule.objects.get(code="SHIFT")
    )
    punches_ingest(
        source="push",
        source_ref=device.sn,
        device=device,
        punches=batch(("9", "2026-03-05 07:02:00")),
    )
    assert set(DirtyDay.objects.values_list("day", flat=True)) == {
        date(2026, 3, 4),
        date(2026, 3, 5),
    }
    assert nurse.pk == DirtyDay.objects.first().employee_id


@pytest.mark.parametrize(("rostered", "marked"), [(True, 2), (False, 1)])
def test_a_morning_punch_marks_the_night_before_of_someone_on_the_roster(
    two_units, make_employee, device, rostered, marked
):
    """A night shift known only from the roster (the person's undated schedule is the office
    one): the morning punch that ends it must also mark the day the shift began."""
    from hadir.schedules.models import RosterEntry, Shift

    nurse = make_employee(two_units["PKM-A"], pin="9")
    if rostered:
        RosterEntry.objects.create(
            employee=nurse, day=date(2026, 3, 4), shift=Shift.objects.get(code="M")
        )
    DirtyDay.objects.all().delete()
    punches_ingest(
        source="push",
        source_ref=device.sn,
        device=device,
        punches=batch(("9", "2026-03-05 06:58:00")),
    )
    days = set(DirtyDay.objects.filter(employee=nurse).values_list("day", flat=True))
    assert date(2026, 3, 5) in days and len(days) == marked


def test_same_punch_from_two_devices_is_two_punches(two_units, make_employee):
    make_employee(two_units["DINKES"], pin="1")
    a = Device.objects.create(sn="A", state="active")
    b = Device.objects.create(sn="B", state="active")
    for d in (a, b):
        punches_ingest(
            source="push", source_ref=d.sn, device=d, punches=batch(("1", "2026-03-02 07:00:00"))
        )
    assert Punch.objects.count() == 2


@pytest.mark.parametrize("hold", [h for h in PunchHold if h])
def test_held_batch_is_kept_uncounted_until_released(hold, device, two_units, make_employee):
    employee = make_employee(two_units["DINKES"], pin="7")
    result = punches_ingest(
        source="push",
        source_ref=device.sn,
        device=device,
        punches=batch(("7", "2026-03-05 07:00:00"), ("7", "2026-03-05 16:00:00")),
        hold=hold,
    )
    assert result.new == 2
    assert list(Punch.objects.values_list("counted", "hold").distinct()) == [(False, hold)]
    assert DirtyDay.objects.count() == 0
    # Approving the machine does not count punches that wait for another decision.
    assert punches_count_device(device=device) == 0
    ids = list(Punch.objects.values_list("pk", flat=True))
    other = next(h for h in PunchHold if h and h != hold)
    assert punches_release(punch_ids=ids, hold=other) == 0
    assert punches_release(punch_ids=ids, hold=hold) == 2
    assert list(Punch.objects.values_list("counted", "hold").distinct()) == [(True, "")]
    assert DirtyDay.objects.filter(employee=employee, day=date(2026, 3, 5)).exists()
