"""The plausibility gate on every channel: a punch dated 1970, 9999, year 1 or tomorrow is
quarantined with its reason, never counted, never in the ledger, and the rest of its batch is
stored. Real HTTP for the machine and the agent, the real services for the others."""

from __future__ import annotations

import io
import json
import uuid
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from hadir.accounts.models import Role
from hadir.agents.services import agent_token_create
from hadir.audit.models import AuditEvent
from hadir.devices.models import Device
from hadir.devices.usb import usb_confirm, usb_preview
from hadir.mobile.services import CaptureIn, capture_receive
from hadir.org.selectors import region_timezone
from hadir.org.services import region_records_start_set, unit_locations_replace
from hadir.punches.gate import BEFORE_RECORDS, IN_FUTURE
from hadir.punches.models import Punch, QuarantinedLine
from hadir.punches.services import IncomingPunch, punches_ingest
from hadir.requests.decisions import request_approve
from hadir.requests.services import EntryIn, manual_sheet_submit
from tests.devices.conftest import post_attlog
from tests.requests.helpers import png_bytes, upload

pytestmark = pytest.mark.django_db


def local_now() -> datetime:
    return timezone.now().astimezone(region_timezone()).replace(tzinfo=None, microsecond=0)


def tomorrow() -> str:
    return f"{local_now() + timedelta(days=1):%Y-%m-%d %H:%M:%S}"


def recent() -> str:
    """A good punch: an hour ago (today, or late yesterday just after midnight)."""
    return f"{local_now() - timedelta(hours=1):%Y-%m-%d %H:%M:%S}"


BAD = {
    "1970": ("1970-01-01 07:00:00", BEFORE_RECORDS),
    "9999": ("9999-12-31 23:59:59", IN_FUTURE),
    "year-1": ("0001-01-01 00:00:00", BEFORE_RECORDS),
    "tomorrow": (None, IN_FUTURE),
}


def bad_time(case: str) -> tuple[str, str]:
    text, reason = BAD[case]
    return (text or tomorrow(), reason)


@pytest.fixture
def dinkes_staff(two_units, make_employee) -> dict[str, Any]:
    unit = two_units["DINKES"]
    return {"unit": unit, "budi": make_employee(unit, pin="46", name="Budi")}


@pytest.fixture
def machine(dinkes_staff) -> Device:
    return Device.objects.create(sn="GATE0001", unit=dinkes_staff["unit"], state="active")


def assert_quarantined(reason: str, source: str) -> QuarantinedLine:
    line = QuarantinedLine.objects.get()
    assert (line.reason, line.source) == (reason, source)
    if reason == IN_FUTURE:
        assert "lebih lambat dari sekarang" in line.message and "Atur tanggal" in line.message
    else:
        assert "lebih awal dari awal pencatatan" in line.message and "BKD" in line.message
    return line


@pytest.mark.parametrize("case", list(BAD))
def test_push_over_http_quarantines_the_implausible_punch_and_keeps_the_rest(case, machine):
    when, reason = bad_time(case)
    good = recent()
    body = f"46\t{good}\t0\t1\t0\t0\t0\n46\t{when}\t0\t1\t0\t0\t0\n".encode()
    response = post_attlog(Client(), machine.sn, body)
    assert response.status_code == 200 and response.content == b"OK: 2"
    assert list(Punch.objects.values_list("local_time", "counted")) == [(good, True)]
    assert when in assert_quarantined(reason, "push").raw


@pytest.mark.parametrize("case", list(BAD))
def test_agent_api_quarantines_the_implausible_punch_and_keeps_the_rest(case, machine):
    when, reason = bad_time(case)
    token = agent_token_create(unit=machine.unit, name="PC-TU").plaintext
    good = recent()
    batch = {
        "sn": machine.sn,
        "batch_id": f"b-{case}",
        "records": [{"pin": "46", "time": good}, {"pin": "46", "time": when}],
    }
    client = Client(headers={"Authorization": f"Bearer {token}"})
    response = client.post("/api/v1/agent/punches", json.dumps(batch), "application/json")
    assert response.status_code == 200, response.content
    assert list(Punch.objects.values_list("local_time", flat=True)) == [good]
    assert_quarantined(reason, "agent")


@pytest.mark.parametrize("case", list(BAD))
def test_flashdisk_import_quarantines_the_implausible_punch_and_keeps_the_rest(case, machine):
    when, reason = bad_time(case)
    good = recent()
    content = f"        46\t{good}\t1\t0\t1\t0\n        46\t{when}\t1\t0\t1\t0\n".encode()
    imported = usb_preview(filename="1_attlog.dat", content=content, actor=None, device=machine)
    assert imported.problems[0]["reason"] == reason
    usb_confirm(usb_import=imported, actor=None)
    assert list(Punch.objects.values_list("local_time", flat=True)) == [good]
    assert_quarantined(reason, "usb")


OFFICE = (-6.914744, 107.609810)


def capture(at: datetime, now: datetime) -> CaptureIn:
    return CaptureIn(
        client_id=uuid.uuid4(),
        direction="in",
        captured_at=at,
        sent_at=now,
        lat=OFFICE[0],
        lon=OFFICE[1],
        accuracy=12.0,
        mocked=None,
        photo=io.BytesIO(b"\xff\xd8\xff\xe0" + uuid.uuid4().hex.encode() + b"\x00" * 64),
    )


@pytest.mark.parametrize("case", list(BAD))
def test_phone_capture_is_refused_and_quarantined(case, dinkes_staff, make_user):
    when, reason = bad_time(case)
    site = ("Kantor", Decimal(str(OFFICE[0])), Decimal(str(OFFICE[1])), 100)
    unit_locations_replace(unit=dinkes_staff["unit"], locations=[site])
    user = make_user("budi", employee=dinkes_staff["budi"])
    now = timezone.now()
    # an offset far from the region's: year 1 and 9999 cannot even be converted to it
    at = datetime.fromisoformat(when).replace(tzinfo=timezone.get_fixed_timezone(-300))
    with pytest.raises(ValidationError) as refused:
        capture_receive(user=user, data=capture(at, now), now=now)
    line = assert_quarantined(reason, "app")
    assert refused.value.messages == [line.message]
    good = capture_receive(user=user, data=capture(now, now), now=now)  # the next one counts
    assert good.capture.outcome == "punch" and Punch.objects.get().counted


@pytest.mark.parametrize("case", ["1970", "tomorrow"])
def test_approved_manual_sheet_with_implausible_day_is_quarantined(case, dinkes_staff, make_user):
    when, reason = bad_time(case)
    day = datetime.fromisoformat(when).date()
    operator = make_user("op", Role.OPERATOR, dinkes_staff["unit"])
    head = make_user("kepala", Role.HEAD, dinkes_staff["unit"])
    filed_at = datetime.combine(day, time(20)).replace(tzinfo=region_timezone())
    sheet = manual_sheet_submit(
        actor=operator,
        unit=dinkes_staff["unit"],
        day=day,
        entries=[EntryIn(dinkes_staff["budi"], time(7, 25), time(16, 5))],
        reason="Mesin rusak",
        files=[upload(png_bytes())],
        now=filed_at,
    )
    request_approve(request=sheet, actor=head, now=filed_at)
    assert not Punch.objects.exists()
    lines = QuarantinedLine.objects.all()
    assert len(lines) == 2 and {(q.reason, q.source) for q in lines} == {(reason, "manual")}


@pytest.mark.parametrize(
    ("start", "punch_day", "kept"),
    [
        (date(2026, 1, 1), "2025-12-31 23:59:59", False),  # the day before the start
        (date(2026, 1, 1), "2026-01-01 00:00:00", True),  # the start itself
        (None, None, True),  # no start set: two years back is still in
        (None, "1999-12-31 07:00:00", False),
    ],
)
def test_start_of_records_edge(start, punch_day, kept, machine, make_user):
    bkd = make_user("bkd", Role.BKD_ADMIN)
    region_records_start_set(start=start, actor=bkd, reason="go-live")
    if punch_day is None:
        two_years = local_now().date().replace(year=local_now().year - 2) + timedelta(days=1)
        punch_day = f"{two_years} 07:00:00"
    result = punches_ingest(
        source="push",
        source_ref=machine.sn,
        device=machine,
        punches=[IncomingPunch(pin="46", local_time=datetime.fromisoformat(punch_day))],
    )
    assert (result.new, result.quarantined, result.processed) == (int(kept), int(not kept), 1)
    assert Punch.objects.exists() is kept


def test_only_bkd_sets_the_start_of_records_and_it_is_audited(two_units, make_user):
    operator = make_user("op", Role.OPERATOR, two_units["DINKES"])
    with pytest.raises(ValidationError, match="Hanya administrator BKD"):
        region_records_start_set(start=date(2025, 1, 1), actor=operator)
    bkd = make_user("bkd", Role.BKD_ADMIN)
    client = Client()
    client.force_login(bkd)
    page = client.post("/region/records-start/", {"start": "2025-01-01", "reason": "go-live"})
    assert page.status_code == 302
    event = AuditEvent.objects.get(action="region.records_start")
    assert event.actor == bkd and event.data["to"] == "2025-01-01" and event.data["reason"]
    client.force_login(operator)
    assert client.get("/region/records-start/").status_code == 404


HISTORY = (
    b"        46\t2015-06-01 07:00:00\t1\t0\t1\t0\n        46\t2099-01-01 07:00:00\t1\t0\t1\t0\n"
)


def test_bkd_imports_history_with_a_reason_never_the_future(machine, make_user):
    region_records_start_set(start=date(2026, 1, 1), actor=make_user("bkd", Role.BKD_ADMIN))
    bkd = make_user("bkd2", Role.BKD_ADMIN)
    operator = make_user("op", Role.OPERATOR, machine.unit)
    with pytest.raises(ValidationError, match="Hanya BKD"):
        usb_preview(
            filename="1_attlog.dat",
            content=HISTORY,
            actor=operator,
            device=machine,
            history_reason="arsip",
        )
    imported = usb_preview(
        filename="1_attlog.dat",
        content=HISTORY,
        actor=bkd,
        device=machine,
        history_reason="Data sistem lama 2015",
    )
    usb_confirm(usb_import=imported, actor=bkd)
    assert list(Punch.objects.values_list("local_time", flat=True)) == ["2015-06-01 07:00:00"]
    assert QuarantinedLine.objects.get().reason == IN_FUTURE
    event = AuditEvent.objects.get(action="device.usb_import")
    assert event.actor == bkd and event.data["history_reason"] == "Data sistem lama 2015"


def test_normal_import_of_the_same_file_quarantines_the_history(machine, make_user):
    region_records_start_set(start=date(2026, 1, 1), actor=make_user("bkd", Role.BKD_ADMIN))
    imported = usb_preview(filename="1_attlog.dat", content=HISTORY, actor=None, device=machine)
    usb_confirm(usb_import=imported, actor=None)
    assert not Punch.objects.exists()
    reasons = set(QuarantinedLine.objects.values_list("reason", flat=True))
    assert reasons == {BEFORE_RECORDS, IN_FUTURE}


def test_command_line_history_import_needs_a_reason(machine, make_user, tmp_path):
    region_records_start_set(start=date(2026, 1, 1), actor=make_user("bkd", Role.BKD_ADMIN))
    path = tmp_path / "1_attlog.dat"
    path.write_bytes(HISTORY)
    with pytest.raises(Exception, match="alasan riwayat"):
        call_command("import_attlog", str(path), device=machine.sn, yes=True, history=True)
    call_command(
        "import_attlog",
        str(path),
        device=machine.sn,
        yes=True,
        history=True,
        reason="Arsip mesin lama",
        stdout=io.StringIO(),
    )
    assert Punch.objects.get().local_time == "2015-06-01 07:00:00"
    event = AuditEvent.objects.get(action="device.usb_import")
    assert event.actor is None and event.data["history_reason"] == "Arsip mesin lama"
