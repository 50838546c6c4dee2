"""BKD's weak-verification report on a generated month with planted patterns, through the real
ledger and the real pages: it finds the PIN-only unit, the buddy pair and the jumping clock,
names nobody else, and changes nobody's attendance."""

from __future__ import annotations

import io
import random
from datetime import date, datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from hadir.accounts.models import Role
from hadir.attendance.models import DayRecord
from hadir.devices.models import Device
from hadir.org.selectors import region_timezone
from hadir.punches.services import IncomingPunch, punches_ingest
from hadir.reporting.verification import verification_report

OCTOBER = date(2026, 10, 1)
WORKING_DAYS = [d for d in (OCTOBER + timedelta(n) for n in range(31)) if d.weekday() < 5]
BUDDY_DAYS = WORKING_DAYS[:12]


def _ingest(device: Device, punches: list[IncomingPunch]) -> None:
    punches_ingest(source="push", source_ref=device.sn, punches=punches, device=device)


@pytest.fixture
def planted(two_units, make_employee):
    """PKM-A: 8 people punching with a finger at random, two of them (the buddies) within
    seconds of each other on 12 days; SDN-1: 3 people punching by PIN or card."""
    pkm, school = two_units["PKM-A"], two_units["SDN-1"]
    m_pkm = Device.objects.create(sn="PKM-A-1", unit=pkm, state="active")
    m_school = Device.objects.create(sn="SDN-1-1", unit=school, state="active")
    nurses = [make_employee(pkm) for _ in range(8)]
    teachers = [make_employee(school) for _ in range(3)]
    draw = random.Random(7)
    batch: list[IncomingPunch] = []
    for day in WORKING_DAYS:
        for nurse in nurses:
            arrive = datetime.combine(day, datetime.min.time()) + timedelta(
                hours=7, seconds=draw.randrange(0, 1800)
            )
            leave = arrive + timedelta(hours=8, seconds=draw.randrange(0, 1800))
            if nurse == nurses[1] and day in BUDDY_DAYS:
                first = next(p for p in batch[::-1] if p.pin == nurses[0].pin)
                arrive = first.local_time + timedelta(seconds=draw.randrange(3, 30))
            batch.append(IncomingPunch(pin=nurse.pin, local_time=arrive, verify=1))
            batch.append(IncomingPunch(pin=nurse.pin, local_time=leave, verify=15))
    _ingest(m_pkm, batch)
    school_punches = [
        IncomingPunch(
            pin=t.pin,
            local_time=datetime.combine(day, datetime.min.time())
            + timedelta(hours=6, minutes=i * 40),
            verify=4 if i else 0,
        )
        for day in WORKING_DAYS
        for i, t in enumerate(teachers)
    ]
    _ingest(m_school, school_punches)
    return {
        "buddies": (nurses[0], nurses[1]),
        "nurses": nurses,
        "teachers": teachers,
        "school": school,
        "pkm": pkm,
        "m_school": m_school,
    }


@pytest.fixture
def bkd_client(region, make_user):
    client = Client()
    client.force_login(make_user("bkd", Role.BKD_ADMIN))
    return client


def test_the_report_finds_the_planted_patterns_and_nothing_else(planted):
    from hadir.org.models import Unit

    report = verification_report(list(Unit.objects.all()), OCTOBER)
    assert report.punches == len(WORKING_DAYS) * (8 * 2 + 3)
    units = dict(report.units)
    assert units["SDN-1"].weak_share == 1.0 and units["PKM-A"].weak_share == 0.0
    assert report.units[0][0] == "SDN-1"  # the weakest unit first
    assert {p.nip for p, _ in report.people} == {t.nip for t in planted["teachers"]}
    ((pair, first, second, machine),) = report.buddies
    assert {first.nip, second.nip} == {e.nip for e in planted["buddies"]}
    assert machine.sn == "PKM-A-1"
    assert len(pair.together) >= len(BUDDY_DAYS)
    assert report.clocks == []  # one upload of a month says nothing about the clock


def test_a_jumping_clock_is_found_from_realtime_uploads(two_units):
    machine = Device.objects.create(sn="JUMPY", unit=two_units["DINKES"], state="active")
    steady = Device.objects.create(sn="STEADY", unit=two_units["DINKES"], state="active")
    now = timezone.now().astimezone(region_timezone()).replace(tzinfo=None, microsecond=0)
    # The machine's clock reads 20 minutes behind from the third upload on; STEADY keeps time.
    for i, behind in enumerate([0, 0, 1200, 1200, 1200]):
        for device in (machine, steady):
            lag = behind if device is machine else 0
            moment = now - timedelta(seconds=lag + 60 - i)
            _ingest(device, [IncomingPunch(pin=f"9{i}", local_time=moment, verify=1)])
    from hadir.reporting.verification import clock_readings

    readings = clock_readings([machine, steady], now.date())
    assert len(readings) == 10
    from hadir.rules.verification import clock_jumps

    (jump,) = clock_jumps(readings)
    assert jump.device == "JUMPY"
    assert jump.jump_seconds == pytest.approx(-1200, abs=5)


def test_bkd_reads_the_page_and_the_workbook_and_nothing_changes(planted, bkd_client):
    days_before = DayRecord.objects.count()
    page = bkd_client.get("/monitoring/verification/", {"month": "2026-10"})
    assert page.status_code == 200
    html = page.content.decode()
    first, second = planted["buddies"]
    assert (
        f'data-nips="{first.nip} {second.nip}"' in html
        or f'data-nips="{second.nip} {first.nip}"' in html
    )
    for teacher in planted["teachers"]:
        assert f'data-nip="{teacher.nip}"' in html
    assert 'data-nip="' + planted["nurses"][2].nip + '"' not in html
    workbook = bkd_client.get("/monitoring/verification.xlsx", {"month": "2026-10"})
    assert workbook.status_code == 200
    book = load_workbook(io.BytesIO(workbook.content))
    assert len(book.sheetnames) == 4
    units, people, buddies, clocks = (list(book[name].values) for name in book.sheetnames)
    assert [row[0] for row in units[1:]] == ["SDN-1", "PKM-A"]
    assert {row[0] for row in people[1:]} == {t.nip for t in planted["teachers"]}
    assert len(buddies) - 1 >= len(BUDDY_DAYS)
    assert {row[2] for row in buddies[1:]} | {row[4] for row in buddies[1:]} == {
        first.nip,
        second.nip,
    }
    assert len(clocks) == 1  # header only
    assert DayRecord.objects.count() == days_before


@pytest.mark.parametrize("month", ["2026-13", "99999-01", "nan", "0000-00", "2026-10'"])
def test_hostile_months_get_a_clear_refusal(bkd_client, month):
    for url in ("/monitoring/verification/", "/monitoring/verification.xlsx"):
        response = bkd_client.get(url, {"month": month})
        assert response.status_code in (200, 400)
        assert response.status_code != 500
