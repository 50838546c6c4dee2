"""Lockout per account AND address; operators and Diskominfo unlock accounts in their scope."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.test import Client

from hadir.accounts.models import Role
from hadir.audit.models import AuditEvent
from tests.conftest import PASSWORD

VICTIM_NIP = "198609262015051001"


@pytest.fixture
def people(two_units, make_employee, make_user):
    siti = make_employee(two_units["DINKES"], nip=VICTIM_NIP, name="Siti")
    andi = make_employee(two_units["DISDIK"], name="Andi")
    return {
        "siti": make_user("siti", employee=siti),
        "andi": make_user("andi", employee=andi),
        "operator": make_user("op", Role.OPERATOR, two_units["DINKES"]),
        "other_operator": make_user("op2", Role.OPERATOR, two_units["DISDIK"]),
        "head": make_user("kepala", Role.HEAD, two_units["DINKES"]),
        "bkd": make_user("bkd", Role.BKD_ADMIN),
        "diskominfo": make_user("kominfo", Role.DISKOMINFO_ADMIN),
    }


def login(username: str, password: str, address: str) -> int:
    response = Client(REMOTE_ADDR=address).post(
        "/login/", {"username": username, "password": password}
    )
    return response.status_code


def lock_out(username: str, address: str) -> None:
    for _ in range(5):
        login(username, "salah", address)
    assert login(username, PASSWORD, address) == 429


def test_someone_typing_your_nip_elsewhere_cannot_lock_you_out(people):
    lock_out(VICTIM_NIP, "10.9.9.9")  # the attacker's address is locked for this account
    assert login(VICTIM_NIP, PASSWORD, "10.9.9.9") == 429
    assert login(VICTIM_NIP, PASSWORD, "10.1.1.7") == 302  # the owner, at the office
    assert login("siti", PASSWORD, "10.1.1.8") == 302


def test_one_persons_typos_do_not_lock_colleagues_behind_the_same_address(people):
    lock_out("siti", "10.1.1.1")
    assert login("andi", PASSWORD, "10.1.1.1") == 302


def unlock_page(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("who", "sees_siti", "sees_andi"),
    [
        ("operator", True, False),
        ("other_operator", False, True),
        ("diskominfo", True, True),
    ],
)
def test_locked_accounts_page_shows_only_accounts_in_scope(people, who, sees_siti, sees_andi):
    lock_out("siti", "10.1.1.1")
    lock_out("andi", "10.2.2.2")
    response = unlock_page(people[who]).get("/accounts/locked/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Akun terkunci" in html
    assert ("<td>siti</td>" in html) is sees_siti
    assert ("<td>andi</td>" in html) is sees_andi


@pytest.mark.parametrize("who", ["head", "bkd", "siti"])
def test_others_have_no_unlock_page(people, who):
    client = unlock_page(people[who])
    assert client.get("/accounts/locked/").status_code == 404
    assert client.post("/accounts/locked/unlock/", {"username": "siti"}).status_code == 404


@pytest.mark.parametrize("who", ["operator", "diskominfo"])
def test_unlock_lets_the_person_in_again_and_is_audited(people, who):
    lock_out("siti", "10.1.1.1")
    response = unlock_page(people[who]).post("/accounts/locked/unlock/", {"username": "siti"})
    assert response.status_code == 302
    assert login("siti", PASSWORD, "10.1.1.1") == 302
    event = AuditEvent.objects.get(action="account.unlock")
    assert event.actor == people[who]
    assert event.target_id == str(people["siti"].pk)


def test_operator_cannot_unlock_another_units_employee(people):
    lock_out("andi", "10.2.2.2")
    client = unlock_page(people["operator"])
    assert client.post("/accounts/locked/unlock/", {"username": "andi"}).status_code == 404
    assert AccessAttempt.objects.filter(username="andi").exists()
    assert login("andi", PASSWORD, "10.2.2.2") == 429
    assert not AuditEvent.objects.filter(action="account.unlock").exists()


def test_unlock_page_finds_usernames_with_capitals(people, make_user):
    make_user("Dewi.K", employee=None)
    lock_out("Dewi.K", "10.3.3.3")
    html = unlock_page(people["diskominfo"]).get("/accounts/locked/").content.decode()
    assert "<td>Dewi.K</td>" in html


@pytest.mark.parametrize("who", ["operator", "diskominfo"])
def test_the_locked_out_page_names_who_can_unlock(people, who, settings):
    """The page sends people to those who can actually unlock them (the operator of an
    employee's unit, Diskominfo for any account) and says how long the lock lasts."""
    lock_out("siti", "10.1.1.9")
    page = Client(REMOTE_ADDR="10.1.1.9").post("/login/", {"username": "siti", "password": "x"})
    text = page.content.decode()
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    assert f"Tunggu {minutes} menit" in text
    assert "operator unit Anda" in text and "administrator Diskominfo" in text
    listed = unlock_page(people[who]).get("/accounts/locked/").content.decode()
    assert "siti" in listed, f"the {who} the page names does see the account to unlock"
