"""Login by NIP or username, lockout, argon2, hashed API tokens."""

from __future__ import annotations

import pytest
from django.test import Client
from tests.conftest import PASSWORD

from hadir import settings as production_settings
from hadir.accounts.models import ApiToken, Role
from hadir.accounts.tokens import api_token_authenticate, api_token_create, api_token_revoke


def test_production_hasher_is_argon2():
    assert production_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


@pytest.fixture
def staff(two_units, make_employee, make_user):
    employee = make_employee(two_units["DINKES"], nip="198609262015051001")
    return make_user("siti", Role.HEAD, two_units["DINKES"], employee=employee)


@pytest.mark.parametrize("login", ["siti", "198609262015051001", "19860926 201505 1 001", " siti "])
def test_login_by_nip_or_username(staff, login):
    response = Client().post("/login/", {"username": login, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_wrong_password_shows_plain_message(staff):
    response = Client().post("/login/", {"username": "siti", "password": "salah"})
    assert response.status_code == 200
    assert "NIP/nama pengguna atau kata sandi salah" in response.content.decode()


def test_lockout_after_repeated_failures_counts_nip_and_username_together(staff, settings):
    client = Client()
    for attempt in range(5):
        login = "siti" if attempt % 2 else "198609262015051001"
        client.post("/login/", {"username": login, "password": "salah"})
    response = client.post("/login/", {"username": "siti", "password": PASSWORD})
    assert response.status_code == 429
    assert "Akun dikunci sementara" in response.content.decode()


def test_token_is_stored_hashed_and_can_be_revoked(staff):
    issued = api_token_create(user=staff, name="integrasi")
    row = ApiToken.objects.get()
    assert issued.plaintext not in (row.digest, row.prefix)
    assert issued.plaintext.split("_")[-1] not in row.digest
    assert api_token_authenticate(issued.plaintext) == staff
    assert api_token_authenticate(issued.plaintext + "x") is None
    api_token_revoke(token=row)
    assert api_token_authenticate(issued.plaintext) is None


def test_token_command_prints_a_working_token(staff, capsys):
    from django.core.management import call_command

    call_command("token", "create", "siti", "--name", "cli")
    plaintext = capsys.readouterr().out.strip()
    response = Client(headers={"Authorization": f"Bearer {plaintext}"}).get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["username"] == "siti"
    assert "head" in response.json()["roles"]
