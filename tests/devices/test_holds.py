"""Scope on every write: a flashdisk, an agent or a manual sheet may change only the sender's
units; punches of other units' staff, and punches in a month already submitted, are held
(stored, not counted) until someone allowed accepts or rejects them on the held page."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from hadir.accounts.models import Role
from hadir.agents.services import agent_token_create
from hadir.attendance.models import DirtyDay, PeriodLock
from hadir.audit.models import AuditEvent
from hadir.devices.models import Device, UsbImport
from hadir.devices.usb import usb_confirm, usb_preview
from hadir.org.selectors import region_timezone
from hadir.people.services import employee_transfer
from hadir.punches.holds import (
    held_punches_count,
    held_punches_reject,
    held_punches_release,
    held_punches_waiting,
    hold_access,
)
from hadir.punches.models import Punch, PunchHold
from hadir.punches.services import IncomingPunch, punches_ingest
from hadir.reporting.models import PeriodSubmission, SubmissionState
from hadir.requests.decisions import request_approve
from hadir.requests.services import EntryIn, manual_sheet_submit
from tests.devices.conftest import logged_in
from tests.requests.helpers import png_bytes, upload

pytestmark = pytest.mark.django_db


def today_at(hour: int) -> datetime:
    local = timezone.now().astimezone(region_timezone()).replace(tzinfo=None, microsecond=0)
    day = local.date() if local.hour > hour else local.date() - timedelta(days=1)
    return datetime.combine(day, time(hour, 5))


@pytest.fixture
def world(two_units, make_employee, make_user) -> dict[str, Any]:
    """Budi in DINKES (PIN 46), Ani in DISDIK (PIN 47), a DINKES machine, and every role."""
    dinkes, disdik = two_units["DINKES"], two_units["DISDIK"]
    return {
        "dinkes": dinkes,
        "disdik": disdik,
        "budi": make_employee(dinkes, pin="46", name="Budi"),
        "ani": make_employee(disdik, pin="47", name="Ani"),
        "machine": Device.objects.create(sn="HOLD0001", unit=dinkes, state="active"),
        "dinkes_op": make_user("op-dinkes", Role.OPERATOR, dinkes),
        "dinkes_head": make_user("head-dinkes", Role.HEAD, dinkes),
        "disdik_op": make_user("op-disdik", Role.OPERATOR, disdik),
        "disdik_head": make_user("head-disdik", Role.HEAD, disdik),
        "bkd": make_user("bkd", Role.BKD_ADMIN),
        "kominfo": make_user("kominfo", Role.DISKOMINFO_ADMIN),
        "leader": make_user("bupati", Role.LEADERSHIP),
    }


def flashdisk(world, actor) -> None:
    budi, ani = today_at(7), today_at(8)
    content = (
        f"  46\t{budi:%Y-%m-%d %H:%M:%S}\t1\t0\t1\t0\n  47\t{ani:%Y-%m-%d %H:%M:%S}\t1\t0\t1\t0\n"
    )
    imported = usb_preview(
        filename="1_attlog.dat", content=content.encode(), actor=actor, device=world["machine"]
    )
    usb_confirm(usb_import=imported, actor=actor)


def holds() -> dict[str, tuple[str, bool]]:
    return {p.pin: (p.hold, p.counted) for p in Punch.objects.all()}


def test_operator_flashdisk_holds_the_other_units_pin(world):
    flashdisk(world, world["dinkes_op"])
    assert holds() == {"46": ("", True), "47": (PunchHold.OUTSIDE_SCOPE, False)}
    imported = UsbImport.objects.get()
    assert (imported.result["new"], imported.result["held"]) == (2, 1)
    page = logged_in(world["dinkes_op"]).get(f"/devices/usb/{imported.pk}/").content.decode()
    assert "1 ditahan menunggu keputusan" in page
    assert {e for e, _ in DirtyDay.objects.values_list("employee_id", "day")} == {world["budi"].pk}


def test_bkd_flashdisk_counts_every_unit(world):
    flashdisk(world, world["bkd"])
    assert holds() == {"46": ("", True), "47": ("", True)}


def test_agent_holds_punches_of_staff_outside_its_unit(world):
    token = agent_token_create(unit=world["dinkes"], name="PC").plaintext
    records = [
        {"pin": "46", "time": f"{today_at(7):%Y-%m-%d %H:%M:%S}"},
        {"pin": "47", "time": f"{today_at(8):%Y-%m-%d %H:%M:%S}"},
    ]
    body = {"sn": world["machine"].sn, "batch_id": "b1", "records": records}
    client = Client(headers={"Authorization": f"Bearer {token}"})
    response = client.post("/api/v1/agent/punches", json.dumps(body), "application/json")
    assert response.status_code == 200
    assert holds() == {"46": ("", True), "47": (PunchHold.OUTSIDE_SCOPE, False)}


def test_machine_push_stays_region_wide(world):
    punches_ingest(
        source="push",
        source_ref=world["machine"].sn,
        device=world["machine"],
        punches=[IncomingPunch(pin="47", local_time=today_at(7))],
    )
    assert holds() == {"47": ("", True)}


def test_manual_sheet_for_someone_who_left_the_unit_is_held(world):
    day = today_at(7).date()
    filed = datetime.combine(day, time(20)).replace(tzinfo=region_timezone())
    sheet = manual_sheet_submit(
        actor=world["dinkes_op"],
        unit=world["dinkes"],
        day=day,
        entries=[EntryIn(world["budi"], time(7, 25), time(16, 5))],
        reason="Mesin rusak",
        files=[upload(png_bytes())],
        now=filed,
    )
    # Budi moves to DISDIK before the head of DINKES approves: DINKES no longer vouches
    employee_transfer(employee=world["budi"], unit=world["disdik"], effective=day)
    request_approve(request=sheet, actor=world["dinkes_head"], now=filed)
    assert set(holds().values()) == {(PunchHold.OUTSIDE_SCOPE, False)}


@pytest.mark.parametrize("state", ["submitted", "signed", "verified", "locked"])
def test_a_punch_in_a_closed_month_is_held(world, state):
    month = date(2026, 3, 1)
    if state == "locked":
        PeriodLock.objects.create(unit=world["dinkes"], month=month)
    else:
        PeriodSubmission.objects.create(
            unit=world["dinkes"], month=month, state=state, deadline=date(2026, 4, 5)
        )
    punches_ingest(
        source="push",
        source_ref=world["machine"].sn,
        device=world["machine"],
        punches=[
            IncomingPunch(pin="46", local_time=datetime(2026, 3, 10, 7, 1)),
            IncomingPunch(pin="47", local_time=datetime(2026, 3, 10, 7, 2)),  # DISDIK: open
        ],
    )
    assert holds() == {"46": (PunchHold.PERIOD_CLOSED, False), "47": ("", True)}
    assert not DirtyDay.objects.filter(employee=world["budi"]).exists()


def test_an_open_or_reopened_month_is_not_held(world):
    PeriodSubmission.objects.create(
        unit=world["dinkes"], month=date(2026, 3, 1), state=SubmissionState.REOPENED,
        deadline=date(2026, 4, 5),
    )  # fmt: skip
    punches_ingest(
        source="push",
        source_ref=world["machine"].sn,
        device=world["machine"],
        punches=[IncomingPunch(pin="46", local_time=datetime(2026, 3, 10, 7, 1))],
    )
    assert holds() == {"46": ("", True)}


def held_world(world) -> dict[str, Punch]:
    """Ani's punch held (flashdisk of DINKES's operator), Budi's in a locked month, and an
    untrusted machine's punch of Budi (the binding helper's hold)."""
    flashdisk(world, world["dinkes_op"])
    PeriodLock.objects.create(unit=world["dinkes"], month=date(2026, 3, 1))
    punches_ingest(
        source="push",
        source_ref=world["machine"].sn,
        device=world["machine"],
        punches=[IncomingPunch(pin="46", local_time=datetime(2026, 3, 10, 7, 1))],
    )
    punches_ingest(
        source="push",
        source_ref=world["machine"].sn,
        device=world["machine"],
        punches=[IncomingPunch(pin="46", local_time=datetime(2026, 3, 11, 7, 1))],
        hold=PunchHold.UNTRUSTED_SOURCE,
    )
    return {p.hold: p for p in Punch.objects.exclude(hold="")}


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("bkd", {"outside_scope", "period_closed"}),
        ("disdik_op", {"outside_scope"}),
        ("disdik_head", {"outside_scope"}),
        ("dinkes_op", {"period_closed"}),
        ("dinkes_head", {"period_closed"}),
        ("kominfo", {"untrusted_source"}),
        ("leader", set()),
    ],
)
def test_who_sees_which_held_punches(world, who, sees):
    held_world(world)
    user = world[who]
    access = hold_access(user)
    assert {p.hold for p in held_punches_waiting(access)} == sees
    assert held_punches_count(user) == len(sees)
    page = logged_in(user).get("/punches/held/")
    assert page.status_code == (200 if sees else 404)
    home = logged_in(user).get("/").content.decode()
    assert ('data-testid="home-held"' in home) is bool(sees)


def test_release_counts_and_reject_keeps_uncounted_with_audit(world):
    held = held_world(world)
    ani = held[PunchHold.OUTSIDE_SCOPE]
    with pytest.raises(PermissionDenied):  # DINKES's operator may not decide on Ani
        held_punches_release(actor=world["dinkes_op"], punch_ids=[ani.pk])
    with pytest.raises(PermissionDenied):  # BKD may not clear a machine address
        held_punches_release(actor=world["bkd"], punch_ids=[held[PunchHold.UNTRUSTED_SOURCE].pk])
    assert held_punches_release(actor=world["disdik_op"], punch_ids=[ani.pk]) == 1
    ani.refresh_from_db()
    assert (ani.hold, ani.counted) == ("", True)
    assert DirtyDay.objects.filter(employee=world["ani"]).exists()
    event = AuditEvent.objects.get(action="punch.hold_release")
    assert event.actor == world["disdik_op"] and event.data["hold"] == "outside_scope"

    closed = held[PunchHold.PERIOD_CLOSED]
    with pytest.raises(ValidationError, match="Tulis alasan penolakan"):
        held_punches_reject(actor=world["dinkes_head"], punch_ids=[closed.pk], reason=" ")
    held_punches_reject(actor=world["dinkes_head"], punch_ids=[closed.pk], reason="Salah mesin")
    closed.refresh_from_db()
    assert (closed.hold, closed.counted) == (PunchHold.PERIOD_CLOSED, False)  # kept, uncounted
    rejected = AuditEvent.objects.get(action="punch.hold_reject")
    assert rejected.data["reason"] == "Salah mesin" and rejected.actor == world["dinkes_head"]
    assert closed not in held_punches_waiting(hold_access(world["bkd"]))  # decided once

    untrusted = held[PunchHold.UNTRUSTED_SOURCE]
    assert held_punches_release(actor=world["kominfo"], punch_ids=[untrusted.pk]) == 1


def test_held_page_decides_with_the_buttons(world):
    held = held_world(world)
    ani = held[PunchHold.OUTSIDE_SCOPE]
    client = logged_in(world["disdik_head"])
    page = client.get("/punches/held/").content.decode()
    assert "Absensi ditahan" in page and "Ani" in page and f'value="{ani.pk}"' in page
    answer = client.post(
        "/punches/held/", {"punch": [ani.pk], "decision": "reject", "reason": "Bukan pegawai"}
    )
    assert answer.status_code == 302
    follow = client.get("/punches/held/").content.decode()
    assert "Ani" not in follow and "Menunggu keputusan: 0" in follow
    # someone else's punch id in the form: refused with words, nothing decided
    other = logged_in(world["disdik_op"]).post(
        "/punches/held/", {"punch": [held[PunchHold.PERIOD_CLOSED].pk], "decision": "release"}
    )
    assert other.status_code == 302
    assert Punch.objects.get(pk=held[PunchHold.PERIOD_CLOSED].pk).hold == "period_closed"
