"""One PIN rule for every channel (``punches.owners``): a PIN that cannot be a PIN is kept aside
with the same reason whether a machine pushed it, a flashdisk carried it or the LAN agent
forwarded it, and the batch's other punches are stored. (The agent used to store ``!!`` as an
unmatched punch and answer 422 for an empty PIN, which stopped the machine's later punches in
its outbox.)"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone, translation

from hadir.agents.services import agent_token_create
from hadir.devices.models import Device
from hadir.devices.usb import usb_confirm, usb_preview
from hadir.punches.models import Punch, QuarantinedLine
from hadir.punches.services import IncomingPunch, punches_ingest
from tests.devices.conftest import post_attlog

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")
GOOD_PIN = "7"
BAD_PINS = [
    pytest.param("!!", "invalid_pin", "PIN tidak valid: '!!'", id="punctuation"),
    pytest.param("A" * 25, "pin_too_long", "PIN terlalu panjang", id="25-characters"),
    pytest.param("", "empty_pin", "PIN kosong", id="empty"),
    pytest.param("12 34", "invalid_pin", "PIN tidak valid: '12 34'", id="inner-space"),
]


def _yesterday_morning() -> str:
    day = timezone.now().astimezone(WIB).date() - timedelta(days=1)
    return f"{day:%Y-%m-%d} 07:31:05"


def _through_push(device: Device, pin: str, at: str) -> None:
    body = f"{GOOD_PIN}\t{at}\t0\t1\t0\t0\t0\n{pin}\t{at}\t0\t1\t0\t0\t0\n".encode()
    response = post_attlog(Client(), device.sn, body)
    assert response.content.decode().startswith("OK:")


def _through_usb(device: Device, pin: str, at: str) -> None:
    content = f"{GOOD_PIN}\t{at}\t1\t0\t1\t0\n{pin}\t{at}\t1\t0\t1\t0\n".encode()
    batch = usb_preview(filename="1_attlog.dat", content=content, actor=None, device=device)
    usb_confirm(usb_import=batch, actor=None)


def _through_agent(device: Device, pin: str, at: str) -> None:
    assert device.unit is not None
    token = agent_token_create(unit=device.unit, name="PC-TU").plaintext
    records = [{"pin": GOOD_PIN, "time": at}, {"pin": pin, "time": at}]
    response = Client().post(
        "/api/v1/agent/punches",
        json.dumps({"sn": device.sn, "batch_id": "b1", "records": records}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 200, response.content
    assert response.json()["quarantined"] == 1


CHANNELS = {"push": _through_push, "usb": _through_usb, "agent": _through_agent}


@pytest.mark.parametrize("channel", sorted(CHANNELS))
@pytest.mark.parametrize(("pin", "reason", "words"), BAD_PINS)
def test_a_pin_that_cannot_be_a_pin_is_kept_aside_alike_on_every_channel(
    channel: str,
    pin: str,
    reason: str,
    words: str,
    active_device: Device,
    make_employee: Any,
    two_units: Any,
) -> None:
    staff = make_employee(two_units["DINKES"], pin=GOOD_PIN)
    with translation.override("id"):
        CHANNELS[channel](active_device, pin, _yesterday_morning())
    assert list(Punch.objects.values_list("pin", "employee_id")) == [(GOOD_PIN, staff.pk)]
    kept = QuarantinedLine.objects.get()
    assert kept.reason == reason
    assert words in kept.message


def test_a_nul_in_an_agent_pin_is_kept_aside_readably(active_device: Device) -> None:
    """PostgreSQL text cannot hold NUL: the line is kept with the NUL shown as a symbol."""
    _through_agent(active_device, "7\x00", _yesterday_morning())
    kept = QuarantinedLine.objects.get()
    assert kept.reason == "invalid_pin"
    assert kept.raw.startswith("7\u2400\t")
    assert kept.message.startswith("PIN tidak valid: '7\\x00'.")


def test_a_punch_naming_its_employee_is_theirs_whatever_the_pin(
    make_employee: Any, two_units: Any
) -> None:
    """Channels that know the person (phone, manual sheet) name them: no PIN needed, and a
    PIN held by someone else does not redirect the punch."""
    nobody_pin = make_employee(two_units["DINKES"], pin=None)
    other = make_employee(two_units["DINKES"], pin="55")
    at = datetime.fromisoformat(_yesterday_morning())
    result = punches_ingest(
        source="app",
        source_ref="app:test",
        punches=[
            IncomingPunch(pin="", local_time=at, key="app:1", employee_id=nobody_pin.pk),
            IncomingPunch(pin="55", local_time=at, key="app:2", employee_id=nobody_pin.pk),
            IncomingPunch(pin="55", local_time=at, key="app:3"),
        ],
    )
    assert (result.new, result.unmatched, result.quarantined) == (3, 0, 0)
    owners = dict(Punch.objects.values_list("key", "employee_id"))
    assert owners == {"app:1": nobody_pin.pk, "app:2": nobody_pin.pk, "app:3": other.pk}
