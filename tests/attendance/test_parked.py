"""One bad day never stops the others: poison rows in the ledger are parked with their error,
every other day is computed. Runs on SQLite and PostgreSQL (``DATABASE_URL``)."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.management import call_command
from django.test import Client

from hadir.accounts.models import Role
from hadir.attendance.dirty import days_mark_dirty
from hadir.attendance.models import DayRecord, DirtyDay, ParkedDay
from hadir.attendance.parking import parked_days_retry
from hadir.attendance.recompute import recompute_all_dirty
from hadir.attendance.services import recompute_marked_days, recompute_month
from hadir.audit.models import AuditEvent
from hadir.punches.models import Punch
from hadir.punches.services import IncomingPunch, punches_ingest

MARCH = [date(2026, 3, 1) + timedelta(days=n) for n in range(31)]


def legacy_punch(employee, local_time: str, local_date: date) -> Punch:
    """A row written by an old importer straight into the ledger, with its day's mark: what
    the ingestion service refuses today but a database may still hold."""
    row = Punch.objects.create(
        key=f"legacy-{employee.pk}-{local_time}",
        source="usb",
        pin=employee.pin,
        employee=employee,
        punched_at=datetime(2026, 3, 1, tzinfo=UTC),
        local_time=local_time,
        local_date=local_date,
        raw=f"{employee.pin}\t{local_time}",
    )
    days_mark_dirty([(employee.pk, local_date)])
    return row


@pytest.fixture
def staff(two_units, make_employee):
    return [make_employee(two_units["DINKES"], pin=str(101 + n)) for n in range(4)]


def computed_days(employee) -> set[date]:
    return set(DayRecord.objects.filter(employee=employee).values_list("day", flat=True))


def test_a_day_dated_1970_is_parked_and_every_other_marked_day_is_computed(staff, punch, caplog):
    for person in staff:
        punch(person.pin, "2026-03-02 07:20:00", "2026-03-02 16:05:00")
        punch(person.pin, "2026-03-03 07:25:00", "2026-03-03 16:01:00")
    legacy_punch(staff[1], "1970-01-01 07:00:00", date(1970, 1, 1))
    with caplog.at_level(logging.WARNING):
        result = recompute_all_dirty()
    assert (result.days, result.parked) == (8, 1)
    for person in staff:
        assert {date(2026, 3, 2), date(2026, 3, 3)} <= computed_days(person)
    parked = ParkedDay.objects.get()
    assert (parked.employee_id, parked.day, parked.attempts) == (staff[1].pk, date(1970, 1, 1), 1)
    assert parked.error_type == "LookupError"
    assert "1970-01" in parked.error_message  # the rules say which month has no policy
    assert not DirtyDay.objects.exists()  # the worker is not stuck on it
    log = " ".join(r.getMessage() for r in caplog.records)
    assert f"{staff[1].pk}@1970-01-01 parked after LookupError" in log
    assert staff[1].name not in log and staff[1].nip not in log


def test_a_broken_time_parks_its_day_and_the_neighbours_that_read_it(staff, punch):
    """A night shift's end is read from the next day, so the days on each side of a broken
    punch cannot be evaluated either; the rest of the month is computed for everyone."""
    punch(staff[0].pin, "2026-03-16 07:25:00")
    legacy_punch(staff[0], "2026-03-10 25:61:00", date(2026, 3, 10))
    result = recompute_month("2026-03")
    parked = set(ParkedDay.objects.values_list("employee_id", "day"))
    assert parked == {(staff[0].pk, date(2026, 3, d)) for d in (9, 10, 11)}
    assert result.parked == 3
    assert computed_days(staff[0]) == set(MARCH) - {date(2026, 3, d) for d in (9, 10, 11)}
    for person in staff[1:]:
        assert computed_days(person) == set(MARCH)
    assert ParkedDay.objects.get(day=date(2026, 3, 10)).error_type == "ValueError"


def test_a_new_mark_retries_a_parked_day_and_the_retry_clears_it_once_fixed(staff, make_user):
    bad = legacy_punch(staff[0], "2026-03-10 25:61:00", date(2026, 3, 10))
    recompute_all_dirty()
    days_mark_dirty([(staff[0].pk, date(2026, 3, 10))])  # its inputs changed: tried again
    assert recompute_marked_days() is True
    parked = ParkedDay.objects.get()
    assert parked.attempts == 2
    assert parked.last_failed_at > parked.first_failed_at
    # The ledger is append-only: the bad row is withdrawn (it stops counting) and the real
    # punch comes in through the ingestion service, as a correction would.
    bad.counted = False
    bad.save(update_fields=["counted"])
    punches_ingest(
        source="usb",
        source_ref="FIX",
        punches=[IncomingPunch(pin=staff[0].pin, local_time=datetime(2026, 3, 10, 7, 1))],
    )
    admin = make_user("kominfo")
    assert parked_days_retry(actor=admin) == 1
    recompute_all_dirty()
    assert not ParkedDay.objects.exists()
    assert (
        DayRecord.objects.get(employee=staff[0], day=date(2026, 3, 10)).codes == "TAP"
    )  # in, no out
    event = AuditEvent.objects.get(action="attendance.parked_retry")
    assert (event.actor, event.data["count"]) == (admin, 1)


def test_the_cli_lists_and_retries_parked_days(staff, capsys):
    legacy_punch(staff[2], "1970-01-01 07:00:00", date(1970, 1, 1))
    call_command("recompute", dirty=True)
    assert "1 gagal dan disisihkan" in capsys.readouterr().out
    call_command("recompute", parked=True)
    listed = capsys.readouterr().out
    assert f"pegawai {staff[2].pk}\t1970-01-01\t1x" in listed
    assert "LookupError" in listed and staff[2].name not in listed
    assert "1 hari disisihkan." in listed
    call_command("recompute", retry_parked=True)
    assert "1 hari dicoba lagi." in capsys.readouterr().out
    assert ParkedDay.objects.get().attempts == 2


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.DISKOMINFO_ADMIN, 200),
        (Role.BKD_ADMIN, 200),
        (Role.LEADERSHIP, 403),
        (Role.OPERATOR, 403),
    ],
)
def test_the_page_is_for_diskominfo_and_bkd(staff, make_user, two_units, role, status):
    unit = two_units["DINKES"] if role == Role.OPERATOR else None
    client = Client()
    client.force_login(make_user("u", role=role, unit=unit))
    assert client.get("/attendance/parked/").status_code == status
    assert client.post("/attendance/parked/retry/", {"all": "1"}).status_code in (status, 302)


def test_the_page_lists_a_parked_day_and_retries_it(staff, make_user):
    legacy_punch(staff[0], "2026-03-10 25:61:00", date(2026, 3, 10))
    legacy_punch(staff[1], "1970-01-01 07:00:00", date(1970, 1, 1))
    recompute_all_dirty()
    client = Client()
    client.force_login(make_user("kominfo", role=Role.DISKOMINFO_ADMIN))
    page = client.get("/attendance/parked/").content.decode()
    assert "Hari yang tidak bisa dihitung" in page
    assert staff[0].name in page and "ValueError" in page and "LookupError" in page
    assert "Coba lagi semua (2 hari)" in page
    parked = ParkedDay.objects.get(employee=staff[0])
    response = client.post("/attendance/parked/retry/", {"id": str(parked.pk)}, follow=True)
    text = response.content.decode()
    assert "Hari yang dihitung ulang: 1. Pekerja latar menghitungnya" in text
    assert "Menunggu pekerja" in text  # its mark waits for the worker
    assert DirtyDay.objects.filter(employee=staff[0], day=date(2026, 3, 10)).exists()
    assert not DirtyDay.objects.filter(employee=staff[1]).exists()
    event = AuditEvent.objects.get(action="attendance.parked_retry")
    assert event.data == {"count": 1, "all": False, "ids": [parked.pk]}


def test_a_day_that_can_never_be_computed_is_dismissed_and_returns_if_marked_again(
    staff, make_user, capsys
):
    bad = legacy_punch(staff[1], "1970-01-01 07:00:00", date(1970, 1, 1))
    recompute_all_dirty()
    client = Client()
    client.force_login(make_user("bkd", role=Role.BKD_ADMIN))
    bad.counted = False  # the row that marked it is withdrawn; the day itself still fails
    bad.save(update_fields=["counted"])
    parked = ParkedDay.objects.get()
    page = client.post("/attendance/parked/dismiss/", {"id": str(parked.pk)}, follow=True)
    assert "Dikeluarkan dari daftar." in page.content.decode()
    assert not ParkedDay.objects.exists()
    event = AuditEvent.objects.get(action="attendance.parked_dismiss")
    assert event.data["days"] == [
        {"employee_id": staff[1].pk, "day": "1970-01-01", "error_type": "LookupError"}
    ]
    days_mark_dirty([(staff[1].pk, date(1970, 1, 1))])
    recompute_all_dirty()
    again = ParkedDay.objects.get()
    call_command("recompute", dismiss_parked=[again.pk])
    assert "1 hari dikeluarkan dari daftar." in capsys.readouterr().out
    assert not ParkedDay.objects.exists()
