"""Writes on an object of the actor's own unit whose form names another unit's unit or
employee: refused (a form error, a message or 404), nothing written. The matrix covers the
path; these cases cover what is posted with it."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.security.matrix import changed_tables, snapshot
from tests.security.world import World, attlog, png

pytestmark = pytest.mark.django_db

Case = Callable[[World], tuple[str, dict[str, Any]]]


def _move_to_other_unit(w: World) -> tuple[str, dict[str, Any]]:
    return "/devices/MESIN-A/move/", {"unit": w.objects["unit_b"].pk}


def _enrol_other_units_employee(w: World) -> tuple[str, dict[str, Any]]:
    return "/devices/MESIN-A/enrol/", {"number": w.objects["emp_b"].id_number}


def _usb_for_a_new_machine_of_the_other_unit(w: World) -> tuple[str, dict[str, Any]]:
    upload = SimpleUploadedFile("1_attlog.dat", attlog("1009"))
    return "/devices/usb/", {"new_sn": "MESIN-X", "unit": w.objects["unit_b"].pk, "file": upload}


def _sheet_of_own_unit_with_other_units_employee(w: World) -> tuple[str, dict[str, Any]]:
    other = w.objects["emp_b"].pk
    return "/requests/sheet/", {
        "unit": "DINKES",
        "day": "2026-03-10",
        "reason": "Mesin rusak",
        "evidence": SimpleUploadedFile("lembar.png", png(), "image/png"),
        f"pick-{other}": "on",
        f"in-{other}": "07:30",
        f"out-{other}": "16:00",
    }


def _dispensation_for_other_units_employee(w: World) -> tuple[str, dict[str, Any]]:
    return "/requests/dispensations/", {
        "employee_number": w.objects["emp_b"].id_number,
        "days_from": "2026-03-01",
        "valid_until": "2099-01-01",
        "reason": "Uji",
    }


@pytest.mark.parametrize(
    ("role", "case"),
    [
        ("op", _move_to_other_unit),
        ("op", _enrol_other_units_employee),
        ("op", _usb_for_a_new_machine_of_the_other_unit),
        ("op", _sheet_of_own_unit_with_other_units_employee),
        ("head", _sheet_of_own_unit_with_other_units_employee),
        ("op", _dispensation_for_other_units_employee),
    ],
    ids=lambda value: value if isinstance(value, str) else value.__name__.strip("_"),
)
def test_page_write_naming_another_unit_writes_nothing(world: World, role: str, case: Case) -> None:
    url, data = case(world)
    before = snapshot()
    response = world.clients[(role, "page")].post(url, data=data)
    assert response.status_code in (200, 302, 404)
    assert not changed_tables(before, snapshot())


def test_api_sheet_with_another_units_employee_is_404(world: World) -> None:
    entries = [{"employee": world.objects["emp_b"].id_number, "check_in": "07:30"}]
    data = {
        "kind": "manual_attendance",
        "unit": "DINKES",
        "first_day": "2026-03-10",
        "reason": "Mesin rusak",
        "entries": json.dumps(entries),
        "files": SimpleUploadedFile("lembar.png", png(), "image/png"),
    }
    before = snapshot()
    response = world.clients[("op", "api")].post("/api/v1/requests", data=data)
    assert response.status_code == 404
    assert not changed_tables(before, snapshot())


@pytest.mark.parametrize(
    ("kind", "template"),
    [("page", "/requests/{pk}/files/{other}/"), ("api", "/api/v1/requests/{pk}/files/{other}")],
)
def test_own_request_does_not_open_another_requests_file(
    world: World, kind: str, template: str
) -> None:
    own, other = world.paths["evidence"]["own"], world.paths["evidence"]["other"]
    url = template.format(pk=own["pk"], other=other["link_pk"])
    assert world.clients[("emp", kind)].get(url).status_code == 404
    mine = template.format(pk=own["pk"], other=own["link_pk"])
    assert world.clients[("emp", kind)].get(mine).status_code == 200


def test_a_capture_id_of_another_account_is_refused(world: World) -> None:
    """Resending someone else's ``client_id`` neither reads nor changes their capture."""
    data = {
        "client_id": world.paths["capture"]["other"]["client_id"],
        "direction": "in",
        "captured_at": "2026-03-10T07:30:00+07:00",
        "photo": SimpleUploadedFile("selfie.jpg", b"\xff\xd8\xff\xe0x" + b"\x00" * 64),
    }
    before = snapshot()
    response = world.clients[("emp", "api")].post("/api/v1/captures", data=data)
    assert response.status_code == 403
    assert not changed_tables(before, snapshot())
