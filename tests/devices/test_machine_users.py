"""A machine's own user list matched to employees and confirmed without re-enrolment."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from hadir.accounts.models import Role
from hadir.audit.models import AuditEvent
from hadir.devices.machine_users import (
    Scope,
    machine_user_confirm,
    machine_users_matched,
    machine_users_store,
    user_file_read,
)
from hadir.devices.models import Device, DeviceUser
from hadir.people.models import EmployeePin
from hadir.protocols.zk.users import DeviceUser as ZkUser
from hadir.protocols.zk.users import encode_user
from hadir.punches.models import Punch
from tests.devices.conftest import iclock, store

NIP_SITI = "198001012005012001"


@pytest.fixture
def dinkes_machine(two_units):
    return Device.objects.create(sn="DK01", unit=two_units["DINKES"], state="active")


def user_dat(*users: tuple[str, str]) -> bytes:
    """A flashdisk ``user.dat`` as a TFT machine writes it: 72-byte records."""
    return b"".join(
        encode_user(ZkUser(uid=n, user_id=pin, name=name), 72)
        for n, (pin, name) in enumerate(users, start=1)
    )


def test_flashdisk_user_file_is_matched_and_confirmed_without_re_enrolment(
    dinkes_machine, two_units, make_employee, make_user
):
    siti = make_employee(two_units["PKM-A"], name="Siti Aminah, S.Kep", nip=NIP_SITI, pin=None)
    make_employee(two_units["PKM-A"], name="Bambang Sutrisno", pin=None)
    teacher = make_employee(two_units["SDN-1"], name="Siti Aminah", pin=None)
    operator = make_user("op", Role.OPERATOR, unit=two_units["DINKES"])
    store(dinkes_machine, ("1", "2026-03-16 07:30:00"))  # sent before anyone knew PIN 1
    records = user_file_read(user_dat(("1", "SITI AMINAH"), ("2", "Pak Joko")), "user.dat")
    machine_users_store(actor=operator, device=dinkes_machine, records=records, source="usb")

    rows = {
        row.user.pin: row for row in machine_users_matched(actor=operator, device=dinkes_machine)
    }
    assert [s.employee for s in rows["1"].suggestions] == [siti]  # not the teacher of SDN-1
    assert rows["2"].suggestions == () and rows["2"].owner is None  # unmatched stays listed

    machine_user_confirm(actor=operator, device=dinkes_machine, pin="1", employee=siti)
    assert Punch.objects.get().employee_id == siti.pk
    assert EmployeePin.objects.get().unit == two_units["DINKES"]
    assert machine_users_matched(actor=operator, device=dinkes_machine)[0].owner == siti
    assert AuditEvent.objects.filter(action="device.user_confirmed").count() == 1
    with pytest.raises(ValidationError):
        machine_user_confirm(actor=operator, device=dinkes_machine, pin="2", employee=teacher)


def test_users_from_push_are_suggested_by_nip(dinkes_machine, two_units, make_employee, make_user):
    siti = make_employee(two_units["DINKES"], name="Hj. Siti", nip=NIP_SITI, pin=None)
    body = f"USER PIN=5\tName={NIP_SITI}\tPri=0\tPasswd=99\tCard=\tGrp=1\n".encode()
    body += b"FP PIN=5\tFID=0\tSize=8\tValid=1\tTMP=QUJDREVGR0g=\n"
    iclock(Client(), "POST", "/iclock/cdata", {"SN": "DK01", "table": "OPERLOG"}, body)
    bkd = make_user("bkd", Role.BKD_ADMIN)
    [row] = machine_users_matched(actor=bkd, device=dinkes_machine)
    assert row.suggestions[0].employee == siti and row.suggestions[0].by_nip
    machine_user_confirm(
        actor=bkd, device=dinkes_machine, pin="5", employee=siti, scope=Scope.DEVICE
    )
    store(dinkes_machine, ("5", "2026-03-17 07:30:00"))
    assert Punch.objects.get().employee_id == siti.pk
    assert DeviceUser.objects.get().templates == {"fingerprint": ["0"]}  # no new enrolment


def test_operator_of_another_unit_may_not_confirm(
    dinkes_machine, two_units, make_employee, make_user
):
    siti = make_employee(two_units["DINKES"], pin=None)
    DeviceUser.objects.create(device=dinkes_machine, pin="1", name="Siti", templates={})
    stranger = make_user("op2", Role.OPERATOR, unit=two_units["DISDIK"])
    with pytest.raises(PermissionDenied):
        machine_user_confirm(actor=stranger, device=dinkes_machine, pin="1", employee=siti)
    with pytest.raises(PermissionDenied):
        machine_users_store(actor=stranger, device=dinkes_machine, records=[], source="usb")


@pytest.mark.parametrize(
    ("data", "filename", "reason"),
    [
        ("PIN,Nama\n1,Siti\n".encode("utf-16"), "users.csv", "bukan teks UTF-8"),
        (b"PIN,Nama\nNaN,Siti\n", "users.csv", "bukan PIN"),
        (b"PIN,Nama\n1.0,Siti\n", "users.csv", "bukan PIN"),
        (b"x" * (2 * 1024 * 1024 + 1), "users.csv", "lebih dari 2 MB"),
        (b"\x00" * 71, "user.dat", "tidak dapat dibaca"),
    ],
)
def test_hostile_user_files_are_refused_with_an_indonesian_reason(data, filename, reason):
    from django.utils import translation

    with translation.override("id"), pytest.raises(ValidationError) as refused:
        user_file_read(data, filename)
    assert reason in refused.value.messages[0]


def test_machine_users_page_reads_a_file_and_confirms_over_http(
    dinkes_machine, two_units, make_employee, make_user
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.devices.conftest import logged_in

    siti = make_employee(two_units["DINKES"], name="Siti Aminah", pin=None)
    client = logged_in(make_user("op", Role.OPERATOR, unit=two_units["DINKES"]))
    client.post(
        "/devices/DK01/users/upload/",
        {"file": SimpleUploadedFile("users.csv", b"PIN,Nama\n1,SITI AMINAH\n2,Joko\n")},
        HTTP_ACCEPT_LANGUAGE="id",
    )
    page = client.get("/devices/DK01/users/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "Pengguna mesin" in page and "Siti Aminah" in page
    client.post("/devices/DK01/users/confirm/", {"pin": "1", "employee": siti.pk, "scope": "unit"})
    assert EmployeePin.objects.get().employee == siti
    bad = client.post(
        "/devices/DK01/users/upload/",
        {"file": SimpleUploadedFile("users.csv", "1,Siti".encode("utf-16"))},
        HTTP_ACCEPT_LANGUAGE="id",
        follow=True,
    )
    assert bad.status_code == 200 and "bukan teks UTF-8" in bad.content.decode()
