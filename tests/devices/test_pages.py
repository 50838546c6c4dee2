"""Machine pages and API: scoped (404 outside), read-only roles, offline machines first."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from hadir.accounts.models import Role
from hadir.accounts.tokens import api_token_create
from hadir.devices.models import CommandKind, Device, DeviceCommand, DeviceState
from hadir.punches.models import QuarantinedLine
from tests.devices.conftest import logged_in, post_attlog


@pytest.fixture
def fleet(two_units, make_user):
    now = timezone.now()
    dinkes, pkm, disdik = two_units["DINKES"], two_units["PKM-A"], two_units["DISDIK"]
    devices = {
        "ONLINE": Device.objects.create(
            sn="ONLINE",
            name="A online",
            unit=dinkes,
            state="active",
            last_seen_at=now - timedelta(minutes=3),
        ),
        "OFF3H": Device.objects.create(
            sn="OFF3H",
            name="B off 3 h",
            unit=dinkes,
            state="active",
            last_seen_at=now - timedelta(hours=3, minutes=5),
        ),
        "OFF2D": Device.objects.create(
            sn="OFF2D",
            name="C off 2 d",
            unit=pkm,
            state="active",
            last_seen_at=now - timedelta(days=2),
        ),
        "NEVER": Device.objects.create(sn="NEVER", name="D never", unit=dinkes, state="active"),
        "OLD": Device.objects.create(sn="OLD", name="E retired", unit=dinkes, state="retired"),
        "SCHOOL": Device.objects.create(
            sn="SCHOOL", name="F school", unit=disdik, state="active", last_seen_at=now
        ),
        "PEND": Device.objects.create(sn="PEND", state="pending"),
    }
    users = {
        "op_dinkes": make_user("op.dinkes", Role.OPERATOR, dinkes),
        "op_disdik": make_user("op.disdik", Role.OPERATOR, disdik),
        "head_dinkes": make_user("head.dinkes", Role.HEAD, dinkes),
        "kominfo": make_user("kominfo", Role.DISKOMINFO_ADMIN),
        "bkd": make_user("bkd", Role.BKD_ADMIN),
        "bupati": make_user("bupati", Role.LEADERSHIP),
    }
    return devices, users


def listed_sns(client: Client) -> list[str]:
    html = client.get("/devices/").content.decode()
    return [part.split('"', 1)[0] for part in html.split('data-sn="')[1:]]


def test_offline_machines_come_first_with_a_plain_status(fleet):
    _, users = fleet
    client = logged_in(users["op_dinkes"])
    assert listed_sns(client) == ["NEVER", "OFF2D", "OFF3H", "ONLINE", "OLD"]
    html = client.get("/devices/").content.decode().replace("\xa0", " ")  # "3&nbsp;jam"
    assert "Tidak terhubung sejak 3 jam lalu" in html
    assert "Belum pernah terhubung" in html
    assert "Tidak dipakai lagi" in html


def test_region_roles_see_every_machine_and_the_pending_ones(fleet):
    _, users = fleet
    for who in ("kominfo", "bkd", "bupati"):
        client = logged_in(users[who])
        assert set(listed_sns(client)) == {"NEVER", "OFF2D", "OFF3H", "ONLINE", "OLD", "SCHOOL"}
        assert client.get("/devices/pending/").status_code == 200
        assert b"PEND" in client.get("/devices/pending/").content
    assert logged_in(users["op_dinkes"]).get("/devices/pending/").status_code == 404


@pytest.mark.parametrize(
    ("who", "sn", "status"),
    [
        ("op_dinkes", "OFF2D", 200),  # sub-unit
        ("op_dinkes", "SCHOOL", 404),
        ("op_disdik", "ONLINE", 404),
        ("op_disdik", "PEND", 404),
        ("head_dinkes", "ONLINE", 200),
        ("bkd", "SCHOOL", 200),
        ("kominfo", "PEND", 200),
    ],
)
def test_device_page_and_api_are_scoped(fleet, who, sn, status):
    _, users = fleet
    assert logged_in(users[who]).get(f"/devices/{sn}/").status_code == status
    token = api_token_create(user=users[who], name="t").plaintext
    api = Client(headers={"Authorization": f"Bearer {token}"})
    assert api.get(f"/api/v1/devices/{sn}").status_code == status


def test_api_lists_the_scope_with_health(fleet):
    _, users = fleet
    token = api_token_create(user=users["op_dinkes"], name="t").plaintext
    api = Client(headers={"Authorization": f"Bearer {token}"})
    rows = api.get("/api/v1/devices").json()
    assert [r["sn"] for r in rows] == ["NEVER", "OFF2D", "OFF3H", "ONLINE", "OLD"]
    off = rows[2]
    assert off["condition"] == "offline" and off["unit_code"] == "DINKES"
    assert Client().get("/api/v1/devices").status_code == 401
    kominfo = api_token_create(user=users["kominfo"], name="t").plaintext
    everything = Client(headers={"Authorization": f"Bearer {kominfo}"}).get("/api/v1/devices")
    assert "PEND" in {r["sn"] for r in everything.json()}


@pytest.mark.parametrize("who", ["bkd", "bupati", "head_dinkes", "op_disdik"])
def test_read_only_and_other_units_cannot_change_a_machine(fleet, who):
    _, users = fleet
    client = logged_in(users[who])
    for action in ("info", "reboot", "retire", "enrol_unit"):
        assert client.post(f"/devices/ONLINE/{action}/").status_code == 404
    assert Device.objects.get(sn="ONLINE").state == DeviceState.ACTIVE
    assert not DeviceCommand.objects.exists()
    assert client.get("/devices/new/").status_code in (200, 404)


def test_operator_sends_commands_and_retires_from_the_page(fleet):
    _, users = fleet
    client = logged_in(users["op_dinkes"])
    page = client.get("/devices/ONLINE/").content.decode()
    assert "REBOOT" in page and "Ganti mesin yang rusak" in page
    response = client.post("/devices/ONLINE/reboot/", follow=True)
    assert response.redirect_chain[-1][0] == "/devices/ONLINE/"
    assert DeviceCommand.objects.get().kind == CommandKind.REBOOT
    response = client.post(
        "/devices/ONLINE/reconcile/",
        {"reconcile-first": "2026-03-05", "reconcile-last": "2026-03-01"},
        follow=True,
    )
    assert "Hari pertama tidak boleh setelah hari terakhir." in response.content.decode()
    client.post("/devices/OFF3H/retire/")
    assert Device.objects.get(sn="OFF3H").state == DeviceState.RETIRED


def test_operator_replaces_a_machine_from_the_page(fleet, make_employee, two_units):
    _, users = fleet
    make_employee(two_units["DINKES"], pin="4001")
    client = logged_in(users["op_dinkes"])
    response = client.post("/devices/OFF3H/replace/", {"new_sn": "FRESH1"}, follow=True)
    assert response.redirect_chain[-1][0] == "/devices/FRESH1/"
    assert DeviceCommand.objects.filter(device__sn="FRESH1").count() == 1
    assert Device.objects.get(sn="OFF3H").replaced_by.sn == "FRESH1"


def test_kominfo_approves_a_pending_machine(fleet, two_units):
    _, users = fleet
    client = logged_in(users["kominfo"])
    unit = two_units["DISDIK"]
    client.post("/devices/PEND/approve/", {"PEND-unit": unit.pk, "PEND-name": "Gerbang"})
    device = Device.objects.get(sn="PEND")
    assert (device.state, device.unit, device.name) == ("active", unit, "Gerbang")


def test_operator_registers_a_machine_for_their_unit_only(fleet, two_units):
    _, users = fleet
    client = logged_in(users["op_dinkes"])
    form = client.get("/devices/new/").content.decode()
    assert "PKM-A" in form and "SDN-1" not in form
    client.post("/devices/new/", {"sn": "X9", "name": "Lab", "unit": two_units["SDN-1"].pk})
    assert not Device.objects.filter(sn="X9").exists()
    client.post("/devices/new/", {"sn": "X9", "name": "Lab", "unit": two_units["PKM-A"].pk})
    assert Device.objects.get(sn="X9").state == DeviceState.ACTIVE


def test_refused_lines_and_unknown_pins_are_shown_to_the_unit(fleet):
    _, users = fleet
    post_attlog(
        Client(),
        "ONLINE",
        b"9999\t2026-03-02 07:00:00\t0\t1\t0\t0\t0\nX!\t2026-03-02 07:00:00\t0\t1\n",
    )
    post_attlog(Client(), "SCHOOL", b"8888\t2026-03-02 07:00:00\t0\t1\t0\t0\t0\n")
    assert QuarantinedLine.objects.count() == 1
    html = logged_in(users["op_dinkes"]).get("/devices/issues/").content.decode()
    assert "9999" in html and "PIN tidak valid" in html and "8888" not in html
    detail = logged_in(users["op_dinkes"]).get("/devices/ONLINE/").content.decode()
    assert "9999" in detail and "PIN tidak valid" in detail


def test_nav_has_devices_and_list_query_count_does_not_grow(
    fleet, two_units, django_assert_max_num_queries
):
    _, users = fleet
    client = logged_in(users["kominfo"])
    assert 'href="/devices/"' in client.get("/").content.decode()
    client.get("/devices/")
    for n in range(20):
        Device.objects.create(sn=f"MORE{n}", unit=two_units["DINKES"], state="active")
    with django_assert_max_num_queries(12):
        client.get("/devices/")


def test_operator_moves_a_machine_within_their_units_only(fleet, two_units):
    _, users = fleet
    client = logged_in(users["op_dinkes"])
    client.post("/devices/ONLINE/move/", {"unit": two_units["SDN-1"].pk})
    assert Device.objects.get(sn="ONLINE").unit == two_units["DINKES"]
    client.post("/devices/ONLINE/move/", {"unit": two_units["PKM-A"].pk})
    assert Device.objects.get(sn="ONLINE").unit == two_units["PKM-A"]
