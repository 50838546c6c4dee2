"""Imports are decided (confirmed or cancelled) only by BKD, or by an operator whose units
cover every unit the import writes; never leadership (read-only) or Diskominfo. The service
checks it, the page hides the buttons, and the audit names the decider and the uploader."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from hadir.accounts.models import Role
from hadir.audit.models import AuditEvent
from hadir.devices.models import Device
from hadir.devices.usb import usb_cancel, usb_confirm, usb_preview
from hadir.imports.models import ImportBatch, ImportState
from hadir.imports.services import import_cancel, import_confirm, import_preview
from hadir.org.selectors import region_timezone
from hadir.people.services import employee_create
from hadir.punches.models import Punch

pytestmark = pytest.mark.django_db

EMPLOYEES = (
    "nip,nama,unit_kode,jenis,jabatan,pin,jadwal\n"
    "198609262015051001,Budi Santoso,DINKES,PNS,Analis Kesehatan,101,5HK\n"
    "199001012023212001,Sari Dewi,PKM-A,PPPK,Perawat,102,SHIFT\n"
)
UNITS = "kode,nama,jenis,induk_kode,lat,lon,radius_m\nUPT-X,UPT X,upt,DINKES,,,\n"

ROLES = {
    "bkd": (Role.BKD_ADMIN, None),
    "dinkes_operator": (Role.OPERATOR, "DINKES"),  # DINKES and its sub-unit PKM-A
    "pkm_operator": (Role.OPERATOR, "PKM-A"),  # not DINKES
    "disdik_operator": (Role.OPERATOR, "DISDIK"),
    "dinkes_head": (Role.HEAD, "DINKES"),
    "diskominfo": (Role.DISKOMINFO_ADMIN, None),
    "leadership": (Role.LEADERSHIP, None),
}


@pytest.fixture
def user_as(two_units, make_user):
    def make(name: str):
        role, unit = ROLES[name]
        return make_user(name, role, two_units[unit] if unit else None)

    return make


def upload(kind: str, text: str, uploader) -> ImportBatch:
    return import_preview(
        kind=kind, filename="data.csv", content=text.encode(), actor=uploader, allowed_unit_ids=None
    )


EMPLOYEE_DECIDERS = {"bkd": True, "dinkes_operator": True, "pkm_operator": False,
                     "disdik_operator": False, "dinkes_head": False, "diskominfo": False,
                     "leadership": False}  # fmt: skip


@pytest.mark.parametrize("decision", ["confirm", "cancel"])
@pytest.mark.parametrize(("who", "allowed"), list(EMPLOYEE_DECIDERS.items()))
def test_employee_import_deciders(user_as, who, allowed, decision):
    uploader = user_as("bkd")
    batch = upload("employees", EMPLOYEES, uploader)
    decider = uploader if who == "bkd" else user_as(who)
    service = import_confirm if decision == "confirm" else import_cancel
    if not allowed:
        with pytest.raises(PermissionDenied):
            service(batch=batch, actor=decider)
        batch.refresh_from_db()
        assert batch.state == ImportState.PREVIEWED
        assert not AuditEvent.objects.filter(action=f"import.{decision}").exists()
        return
    service(batch=batch, actor=decider)
    batch.refresh_from_db()
    expected = ImportState.QUEUED if decision == "confirm" else ImportState.CANCELLED
    assert batch.state == expected
    event = AuditEvent.objects.get(action=f"import.{decision}")
    assert event.actor == decider and event.data["uploaded_by"] == "bkd"


UNIT_DECIDERS = [("bkd", True), ("dinkes_operator", False), ("diskominfo", False),
                 ("leadership", False)]  # fmt: skip


@pytest.mark.parametrize(("who", "allowed"), UNIT_DECIDERS)
def test_unit_import_is_decided_by_bkd_only(user_as, who, allowed):
    batch = upload("units", UNITS, user_as("bkd") if who != "bkd" else None)
    decider = user_as(who)
    if allowed:
        import_confirm(batch=batch, actor=decider)
    else:
        with pytest.raises(PermissionDenied):
            import_confirm(batch=batch, actor=decider)


def test_moving_someone_out_of_another_unit_needs_that_units_operator(two_units, user_as):
    employee_create(
        unit=two_units["DINKES"],
        start=datetime(2025, 1, 1).date(),
        nip="198609262015051001",
        name="Budi Santoso",
        employee_type="PNS",
        pin="101",
    )
    moved = EMPLOYEES.splitlines()[0] + "\n198609262015051001,Budi Santoso,PKM-A,PNS,Staf,101,5HK\n"
    batch = upload("employees", moved, None)
    with pytest.raises(PermissionDenied):  # PKM-A's operator would take Budi out of DINKES
        import_confirm(batch=batch, actor=user_as("pkm_operator"))
    import_confirm(batch=batch, actor=user_as("dinkes_operator"))


def test_leadership_sees_no_buttons_and_cannot_post(user_as):
    batch = upload("employees", EMPLOYEES, user_as("bkd"))
    client = Client()
    client.force_login(user_as("leadership"))
    page = client.get(f"/imports/{batch.pk}/").content.decode()
    assert 'name="decision"' not in page
    assert client.post(f"/imports/{batch.pk}/decide/", {"decision": "cancel"}).status_code == 403
    batch.refresh_from_db()
    assert batch.state == ImportState.PREVIEWED
    client.force_login(user_as("diskominfo"))
    assert client.get("/imports/new/").status_code == 403


def flashdisk_line() -> bytes:
    local = timezone.now().astimezone(region_timezone()) - timedelta(hours=2)
    return f"  101\t{local:%Y-%m-%d %H:%M:%S}\t1\t0\t1\t0\n".encode()


USB_DECIDERS = {"bkd": True, "dinkes_operator": True, "pkm_operator": False,
                "disdik_operator": False, "dinkes_head": False, "diskominfo": False,
                "leadership": False}  # fmt: skip


@pytest.mark.parametrize("decision", ["confirm", "cancel"])
@pytest.mark.parametrize(("who", "allowed"), list(USB_DECIDERS.items()))
def test_flashdisk_deciders(two_units, user_as, who, allowed, decision):
    device = Device.objects.create(sn="USB0001", unit=two_units["DINKES"], state="active")
    uploader = user_as("dinkes_operator") if who != "dinkes_operator" else None
    imported = usb_preview(
        filename="1_attlog.dat", content=flashdisk_line(), actor=uploader, device=device
    )
    decider = user_as(who)
    service = usb_confirm if decision == "confirm" else usb_cancel
    client = Client()
    client.force_login(decider)
    page = client.get(f"/devices/usb/{imported.pk}/")
    if not allowed:
        with pytest.raises(PermissionDenied):
            service(usb_import=imported, actor=decider)
        assert page.status_code == 404  # not theirs to see either
        assert not Punch.objects.exists()
        return
    assert 'name="decision"' in page.content.decode()
    service(usb_import=imported, actor=decider)
    action = "device.usb_import" if decision == "confirm" else "device.usb_cancel"
    event = AuditEvent.objects.get(action=action)
    assert event.actor == decider
    assert event.data["uploaded_by"] == (uploader.username if uploader else None)


def test_bkd_has_the_flashdisk_button_diskominfo_does_not(user_as):
    for who, shown in (("bkd", True), ("diskominfo", False), ("dinkes_operator", True)):
        client = Client()
        client.force_login(user_as(who))
        page = client.get("/devices/").content.decode()
        assert ("/devices/usb/" in page) is shown, who
        assert client.get("/devices/usb/").status_code == (200 if shown else 404)


def test_upload_form_offers_history_to_bkd_only(user_as):
    for who, shown in (("bkd", True), ("dinkes_operator", False)):
        client = Client()
        client.force_login(user_as(who))
        page = client.get("/devices/usb/").content.decode()
        assert ('name="history_reason"' in page) is shown, who
