"""Diskominfo edits a machine's binding and releases its held punches; nobody else may."""

from __future__ import annotations

import pytest
from django.test import Client

from hadir.accounts.models import Role
from hadir.audit.models import AuditEvent
from hadir.devices.models import AlertKind, Device, DeviceAlert
from hadir.devices.services import device_approve
from hadir.punches.models import Punch, PunchHold
from tests.devices.conftest import iclock, logged_in

OFFICE = "203.0.113.7"
NEW_OFFICE_RANGE = "198.51.100.0/24"


def upload(address: str, pin: str = "1001", minute: int = 0) -> None:
    line = f"{pin}\t2026-03-02 07:{minute:02d}:00\t0\t1\t0\t0\t0\n".encode()
    params = {"SN": "TRUST01", "table": "ATTLOG", "Stamp": "9"}
    response = iclock(Client(), "POST", "/iclock/cdata", params, line, REMOTE_ADDR=address)
    assert response.status_code == 200


@pytest.fixture
def setup(two_units, make_user, make_employee):
    iclock(
        Client(), "GET", "/iclock/cdata", {"SN": "TRUST01", "options": "all"}, REMOTE_ADDR=OFFICE
    )
    device = device_approve(
        device=Device.objects.get(sn="TRUST01"), unit=two_units["DINKES"], name="M", actor=None
    )
    make_employee(two_units["DINKES"], pin="1001")
    upload("198.51.100.20", minute=1)  # the office's router got a new public address
    upload("198.51.100.20", minute=2)
    users = {
        "kominfo": make_user("kominfo", Role.DISKOMINFO_ADMIN),
        "operator": make_user("op", Role.OPERATOR, two_units["DINKES"]),
        "head": make_user("head", Role.HEAD, two_units["DINKES"]),
        "leadership": make_user("bupati", Role.LEADERSHIP),
        "bkd": make_user("bkd", Role.BKD_ADMIN),
    }
    return device, users


def test_diskominfo_sees_the_alert_and_the_held_punches_in_indonesian(setup):
    device, users = setup
    client = logged_in(users["kominfo"])
    page = client.get(f"/devices/{device.sn}/").content.decode()
    assert "Kepercayaan" in page and f"{OFFICE}/32" in page
    assert "Dikirim dari alamat yang tidak terikat" in page
    assert "Tandai sudah ditangani" in page
    assert "198.51.100.20" in page
    assert "Peringatan keamanan: 1" in client.get("/devices/").content.decode()
    assert "peringatan keamanan mesin" in client.get("/notifications/").content.decode()


@pytest.mark.parametrize("role", ["operator", "head", "leadership", "bkd"])
@pytest.mark.parametrize("action", ["bind", "release", "registry", "resolve"])
def test_only_diskominfo_may_change_trust(setup, role, action):
    device, users = setup
    data = {
        "networks": "0.0.0.0/0",
        "all": "1",
        "alert": [str(a.pk) for a in DeviceAlert.objects.all()],
    }
    response = logged_in(users[role]).post(f"/devices/{device.sn}/trust/{action}/", data)
    assert response.status_code == 404
    device.refresh_from_db()
    assert device.bound_networks == [f"{OFFICE}/32"] and device.registry_open_until is not None
    assert Punch.objects.filter(hold=PunchHold.UNTRUSTED_SOURCE).count() == 2
    assert DeviceAlert.objects.filter(resolved_at__isnull=True).count() == 1
    assert (
        not logged_in(users[role])
        .get(f"/devices/{device.sn}/")
        .content.decode()
        .count("trust/bind")
    )


def test_diskominfo_binds_a_cidr_range_and_releases_the_held_punches(setup):
    device, users = setup
    client = logged_in(users["kominfo"])
    response = client.post(
        f"/devices/{device.sn}/trust/bind/", {"networks": f"{OFFICE}\n{NEW_OFFICE_RANGE}\n"}
    )
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.bound_networks == [f"{OFFICE}/32", NEW_OFFICE_RANGE]
    upload("198.51.100.77", minute=3)  # inside the new range: counted at once
    assert Punch.objects.get(local_time="2026-03-02 07:03:00").counted

    first = Punch.objects.filter(hold=PunchHold.UNTRUSTED_SOURCE).order_by("id").first()
    client.post(f"/devices/{device.sn}/trust/release/", {"punch": [str(first.pk)]})
    first.refresh_from_db()
    assert first.counted and first.hold == ""
    page = client.post(f"/devices/{device.sn}/trust/release/", {"all": "1"}, follow=True)
    assert "1 absensi dilepas" in page.content.decode()
    assert not Punch.objects.filter(hold=PunchHold.UNTRUSTED_SOURCE).exists()
    alert = DeviceAlert.objects.get(kind=AlertKind.UNTRUSTED_SOURCE)
    client.post(f"/devices/{device.sn}/trust/resolve/", {"alert": [str(alert.pk)]})
    alert.refresh_from_db()
    assert alert.resolved_by == users["kominfo"]
    actions = set(
        AuditEvent.objects.filter(actor=users["kominfo"]).values_list("action", flat=True)
    )
    assert actions == {"device.bind", "device.release_untrusted", "device.alert_resolve"}


@pytest.mark.parametrize("bad", ["kantor", "10.0.0.0/33", "300.1.1.1"])
def test_a_bad_address_is_refused_in_indonesian(setup, bad):
    device, users = setup
    page = logged_in(users["kominfo"]).post(
        f"/devices/{device.sn}/trust/bind/", {"networks": bad}, follow=True
    )
    assert "Bukan alamat atau rentang" in page.content.decode()
    device.refresh_from_db()
    assert device.bound_networks == [f"{OFFICE}/32"]


def test_the_pending_list_shows_the_address_approval_will_bind(two_units, make_user):
    iclock(Client(), "GET", "/iclock/cdata", {"SN": "NEWONE", "options": "all"}, REMOTE_ADDR=OFFICE)
    page = logged_in(make_user("kominfo", Role.DISKOMINFO_ADMIN)).get("/devices/pending/")
    assert f"dari {OFFICE}: menyetujui mesin mengikatnya pada alamat ini" in page.content.decode()
