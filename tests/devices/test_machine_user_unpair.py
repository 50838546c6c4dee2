"""Undoing a wrong (machine, PIN) → employee pair: the pair goes, the punches stay in the
ledger and are unmatched again (or go to whom the PIN still means), their days recomputed."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from hadir.accounts.models import Role
from hadir.attendance.models import DirtyDay
from hadir.audit.models import AuditEvent
from hadir.devices.machine_user_unpair import machine_user_unpair
from hadir.devices.machine_users import machine_user_confirm
from hadir.devices.models import Device, DeviceUser
from hadir.people.models import EmployeePin
from hadir.punches.models import Punch
from tests.devices.conftest import store

pytestmark = pytest.mark.django_db
ALLOWED = {"bkd": (Role.BKD_ADMIN, None), "op": (Role.OPERATOR, "DINKES")}
REFUSED = {
    "op_other": (Role.OPERATOR, "DISDIK"),
    "op_sub": (Role.OPERATOR, "PKM-A"),  # the pair is DINKES's, above the sub-unit
    "head": (Role.HEAD, "DINKES"),
    "kominfo": (Role.DISKOMINFO_ADMIN, None),
    "lead": (Role.LEADERSHIP, None),
}


@pytest.fixture
def paired(two_units, make_employee, make_user):
    """PIN 1 of DINKES's machine wrongly confirmed as Bambang; two punches claimed."""
    machine = Device.objects.create(sn="DK01", unit=two_units["DINKES"], state="active")
    DeviceUser.objects.create(device=machine, pin="1", name="SITI AMINAH", templates={})
    wrong = make_employee(two_units["PKM-A"], name="Bambang", pin=None)
    store(machine, ("1", "2026-03-16 07:30:00"), ("1", "2026-03-17 16:05:00"))
    bkd = make_user("bkd0", Role.BKD_ADMIN)
    pair = machine_user_confirm(actor=bkd, device=machine, pin="1", employee=wrong)
    assert Punch.objects.filter(employee=wrong).count() == 2
    DirtyDay.objects.all().delete()
    return {"machine": machine, "wrong": wrong, "pair": pair}


def _actor(make_user, two_units, name, grant):
    role, unit = grant
    return make_user(name, role, two_units[unit] if unit else None)


@pytest.mark.parametrize("who", sorted(ALLOWED))
def test_removing_a_pair_unmatches_its_punches_and_marks_their_days(
    who, paired, make_user, two_units
):
    actor = _actor(make_user, two_units, who, ALLOWED[who])
    moved = machine_user_unpair(actor=actor, pair=paired["pair"])
    assert moved == 2 and not EmployeePin.objects.exists()
    assert Punch.objects.count() == 2 and not Punch.objects.filter(employee__isnull=False).exists()
    marked = set(DirtyDay.objects.values_list("employee_id", "day"))
    wrong = paired["wrong"].pk
    assert {(wrong, date(2026, 3, 16)), (wrong, date(2026, 3, 17))} <= marked
    event = AuditEvent.objects.get(action="device.user_unpaired")
    assert event.data["punches"] == 2 and event.data["pin"] == "1"


@pytest.mark.parametrize("who", sorted(REFUSED))
def test_others_may_not_remove_a_pair(who, paired, make_user, two_units):
    actor = _actor(make_user, two_units, who, REFUSED[who])
    with pytest.raises(PermissionDenied):
        machine_user_unpair(actor=actor, pair=paired["pair"])
    assert EmployeePin.objects.count() == 1
    assert Punch.objects.filter(employee=paired["wrong"]).count() == 2
    assert not AuditEvent.objects.filter(action="device.user_unpaired").exists()


def test_a_punch_the_region_wide_pin_explains_goes_to_its_owner(
    paired, make_employee, make_user, two_units
):
    """Without the pair, PIN 1 means whoever holds it region-wide, as for a fresh punch."""
    owner = make_employee(two_units["DISDIK"], name="Pemilik PIN 1", pin="1")
    machine_user_unpair(actor=make_user("bkd", Role.BKD_ADMIN), pair=paired["pair"])
    assert Punch.objects.filter(employee=owner).count() == 2
    assert DirtyDay.objects.filter(employee=owner, day=date(2026, 3, 16)).exists()


def test_another_pair_of_the_same_person_keeps_its_punches(paired, make_user, two_units):
    """A machine's own pair for the same person outranks the unit's: removing the unit's
    pair leaves the punches with them."""
    bkd = make_user("bkd", Role.BKD_ADMIN)
    EmployeePin.objects.create(employee=paired["wrong"], pin="1", device=paired["machine"])
    assert machine_user_unpair(actor=bkd, pair=paired["pair"]) == 0
    assert Punch.objects.filter(employee=paired["wrong"]).count() == 2


def test_the_machine_users_page_removes_a_pair_through_its_button(client, paired, make_user):
    client.force_login(make_user("op", Role.OPERATOR, paired["machine"].unit))
    page = client.get("/devices/DK01/users/")
    assert b'name="pair"' in page.content
    response = client.post("/devices/DK01/users/unpair/", {"pair": paired["pair"].pk}, follow=True)
    assert response.status_code == 200 and not EmployeePin.objects.exists()
    assert not Punch.objects.filter(employee__isnull=False).exists()


@pytest.mark.parametrize("pair", ["", "abc", "99999999", "1" * 40, "-1"])
def test_a_bad_pair_number_is_refused_with_a_message(client, paired, make_user, pair):
    client.force_login(make_user("bkd", Role.BKD_ADMIN))
    response = client.post("/devices/DK01/users/unpair/", {"pair": pair}, follow=True)
    assert response.status_code == 200 and list(response.context["messages"])
    assert EmployeePin.objects.count() == 1


@pytest.mark.parametrize(("who", "removed"), [("op", True), ("head", False)])
def test_the_employee_page_lists_the_pair_and_removes_it_for_whom_may(
    who, removed, client, paired, make_user, two_units
):
    role = Role.OPERATOR if who == "op" else Role.HEAD
    client.force_login(make_user(who, role, two_units["DINKES"]))
    number = paired["wrong"].id_number
    page = client.get(f"/employees/{number}/")
    assert page.status_code == 200 and b'data-testid="pin-pairs"' in page.content
    url = f"/employees/{number}/pins/{paired['pair'].pk}/remove/"
    assert (url.encode() in page.content) is removed
    response = client.post(url)
    assert response.status_code == (302 if removed else 404)
    assert EmployeePin.objects.exists() is not removed
