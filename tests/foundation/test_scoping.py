"""Unit scoping: an operator of one unit sees it and its sub-units, nothing else."""

from __future__ import annotations

import pytest
from django.test import Client

from hadir.accounts.models import Role
from hadir.accounts.tokens import api_token_create


@pytest.fixture
def world(two_units, make_employee, make_user):
    people = {code: make_employee(unit) for code, unit in two_units.items()}
    users = {
        "op_dinkes": make_user("op_dinkes", Role.OPERATOR, two_units["DINKES"]),
        "op_pkm": make_user("op_pkm", Role.OPERATOR, two_units["PKM-A"]),
        "bkd": make_user("bkd", Role.BKD_ADMIN),
        "self": make_user("self", employee=people["SDN-1"]),
    }
    return {"units": two_units, "people": people, "users": users}


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


VISIBLE = {
    "op_dinkes": {"DINKES", "PKM-A"},
    "op_pkm": {"PKM-A"},
    "bkd": {"DINKES", "PKM-A", "DISDIK", "SDN-1"},
    "self": set(),
}


@pytest.mark.parametrize("who", sorted(VISIBLE))
@pytest.mark.parametrize("code", ["DINKES", "PKM-A", "DISDIK", "SDN-1"])
def test_unit_pages_and_api_are_scoped(world, who, code):
    user = world["users"][who]
    client = client_for(user)
    expected = 200 if code in VISIBLE[who] else 404
    assert client.get(f"/units/{code}/").status_code == expected
    token = api_token_create(user=user, name="t").plaintext
    api = Client(headers={"Authorization": f"Bearer {token}"})
    assert api.get(f"/api/v1/units/{code}").status_code == expected
    assert api.get(f"/api/v1/units/{code}/employees").status_code == expected
    listed = {u["code"] for u in api.get("/api/v1/units").json()}
    assert listed == VISIBLE[who]


@pytest.mark.parametrize("who", sorted(VISIBLE))
@pytest.mark.parametrize("code", ["DINKES", "PKM-A", "DISDIK", "SDN-1"])
def test_employee_pages_are_scoped(world, who, code):
    employee = world["people"][code]
    client = client_for(world["users"][who])
    own = who == "self" and code == "SDN-1"
    expected = 200 if (code in VISIBLE[who] or own) else 404
    assert client.get(f"/employees/{employee.id_number}/").status_code == expected
    assert client.get(f"/api/v1/employees/{employee.id_number}").status_code == expected


def test_employee_list_shows_only_scope(world):
    client = client_for(world["users"]["op_pkm"])
    page = client.get("/employees/").content.decode()
    assert world["people"]["PKM-A"].name in page
    for code in ("DINKES", "DISDIK", "SDN-1"):
        assert world["people"][code].name not in page


def test_api_without_token_is_refused(world):
    assert Client().get("/api/v1/units").status_code == 401
    bad = Client(headers={"Authorization": "Bearer hdr_nope_nope"})
    assert bad.get("/api/v1/units").status_code == 401


def test_operator_cannot_import_units(world):
    client = client_for(world["users"]["op_dinkes"])
    response = client.get("/imports/new/")
    assert response.status_code == 200
    assert b'value="units"' not in response.content


def test_pages_need_login(world):
    response = Client().get("/units/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
