"""Every API error is JSON with a stable code and a message in the request's language."""

from __future__ import annotations

import io
import logging
from datetime import date, timedelta

import pytest
from django.test import Client, RequestFactory
from django.utils import timezone
from ninja.errors import Throttled

from hadir.accounts.models import ApiToken, Role
from hadir.accounts.tokens import api_token_create
from hadir.api.errors import _http_error
from hadir.requests.services import Upload, request_submit

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def people(two_units, make_employee, make_user):
    budi = make_employee(two_units["DINKES"], name="Budi")
    return {
        "budi": budi,
        "budi_user": make_user("budi", employee=budi),
        "bkd": make_user("bkd", Role.BKD_ADMIN),
    }


def api(user, **headers: str) -> Client:
    token = api_token_create(user=user, name="t").plaintext
    return Client(headers={"Authorization": f"Bearer {token}", **headers})


def assert_error(response, status: int, code: str, message: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["code"] == code
    assert message in body["message"], body["message"]
    assert body["detail"] == body["message"]  # kept for older clients
    return body


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("id", "Tidak ditemukan, atau tidak termasuk unit yang boleh dilihat akun ini."),
        ("en", "Not found, or not in the units this account may see."),
    ],
)
def test_not_found(people, language, message):
    response = api(people["bkd"], **{"Accept-Language": language}).get("/api/v1/units/NOPE")
    assert_error(response, 404, "not_found", message)


@pytest.mark.parametrize(
    ("language", "message"),
    [("id", "Masuk dulu: kirim Authorization: Bearer"), ("en", "Log in first: send")],
)
def test_unauthorized(db, language, message):
    response = Client(headers={"Accept-Language": language}).get("/api/v1/me")
    assert_error(response, 401, "unauthorized", message)


@pytest.mark.parametrize(
    ("language", "message"),
    [("id", "Token ini sudah kedaluwarsa."), ("en", "This token has expired.")],
)
def test_expired_token_says_so(people, language, message):
    issued = api_token_create(
        user=people["bkd"], name="t", expires_at=timezone.now() - timedelta(minutes=1)
    )
    client = Client(
        headers={"Authorization": f"Bearer {issued.plaintext}", "Accept-Language": language}
    )
    assert_error(client.get("/api/v1/me"), 401, "token_expired", message)


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("id", "Ada isian yang kosong atau salah: pk."),
        ("en", "Some fields are missing or wrong: pk."),
    ],
)
def test_validation_error_lists_the_fields(people, language, message):
    response = api(people["bkd"], **{"Accept-Language": language}).get("/api/v1/requests/abc")
    body = assert_error(response, 422, "validation_error", message)
    assert body["errors"][0]["loc"] == ["path", "pk"]
    assert body["errors"][0]["type"]


def test_bad_request_keeps_its_own_message(people):
    response = api(people["bkd"]).get("/api/v1/units/DINKES/recap/2026-13")
    assert_error(response, 400, "bad_request", "Bulan '2026-13' bukan bulan yang benar")


@pytest.mark.parametrize(
    ("language", "message"),
    [("id", "Akun ini tidak boleh melakukan ini."), ("en", "This account may not do this.")],
)
def test_forbidden(people, language, message):
    item = request_submit(
        actor=people["budi_user"],
        kind="sakit",
        employee=people["budi"],
        first_day=timezone.localdate(),
        files=[Upload(stream=io.BytesIO(PDF), name="surat.pdf")],
    )
    client = api(people["budi_user"], **{"Accept-Language": language})
    response = client.post(f"/api/v1/requests/{item.pk}/approve")  # not the head
    assert_error(response, 403, "forbidden", message)


@pytest.mark.parametrize(
    ("language", "message"),
    [("id", "Alamat ini tidak menerima metode ini."), ("en", "This address does not accept")],
)
def test_method_not_allowed(people, language, message):
    response = api(people["bkd"], **{"Accept-Language": language}).delete("/api/v1/units")
    assert_error(response, 405, "method_not_allowed", message)


def test_unknown_api_address_answers_json(people):
    response = api(people["bkd"]).get("/api/v1/tidak-ada")
    assert_error(response, 404, "not_found", "Tidak ditemukan")


@pytest.mark.parametrize(
    ("language", "message"),
    [("id", "Terlalu banyak permintaan."), ("en", "Too many requests. Wait a moment")],
)
def test_rate_limited(language, message):
    from django.utils import translation

    with translation.override(language):
        response = _http_error(RequestFactory().get("/api/v1/me"), Throttled(wait=30))
    assert response["Retry-After"] == "31"
    response["Content-Type"] = "application/json"
    response.json = lambda: __import__("json").loads(response.content)
    assert_error(response, 429, "rate_limited", message)


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("id", "Terjadi kesalahan di server; kesalahan ini tidak mengubah data apa pun."),
        ("en", "Something went wrong on the server; nothing was changed"),
    ],
)
def test_unhandled_exception_is_500_json_with_the_logged_reference(
    people, monkeypatch, caplog, language, message
):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("hadir.api.devices.devices_for_list", broken)
    client = api(people["bkd"], **{"Accept-Language": language})
    with caplog.at_level(logging.ERROR, logger="hadir.errors"):
        response = client.get("/api/v1/devices")
    body = assert_error(response, 500, "server_error", message)
    assert len(body["reference"]) == 8
    assert body["reference"] in body["message"]
    (record,) = [r for r in caplog.records if r.name == "hadir.errors"]
    assert f"ref={body['reference']}" in record.getMessage()


def test_errors_are_declared_in_the_openapi_schema(db):
    schema = Client().get("/api/v1/openapi.json").json()
    assert set(schema["components"]["schemas"]["ErrorOut"]["required"]) >= {"code", "message"}
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            for status in ("400", "401", "403", "404", "422", "500"):
                assert status in operation["responses"], (method, path, status)


def test_token_expiry_from_the_command_line(people, capsys):
    from django.core.management import call_command

    call_command("token", "create", "bkd", "--expires", "30d")
    token = ApiToken.objects.get(user=people["bkd"])
    left = token.expires_at - timezone.now()
    assert timedelta(days=29, hours=23) < left <= timedelta(days=30)
    call_command("token", "create", "bkd", "--expires", "2099-01-31", "--name", "tahunan")
    dated = ApiToken.objects.get(name="tahunan")
    assert dated.expires_at.date() in {date(2099, 1, 31), date(2099, 2, 1)}
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="tidak terbaca atau sudah lewat"):
        call_command("token", "create", "bkd", "--expires", "2001-01-01")
    with pytest.raises(CommandError, match="tidak terbaca"):
        call_command("token", "create", "bkd", "--expires", "besok")


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/requests?offset=99999999999999999999999",  # overflowed SQLite: was a 500
        "/api/v1/requests?offset=-5",
        "/api/v1/requests/99999999999999999999999",
    ],
)
def test_out_of_range_numbers_are_refused_not_crashed(people, url):
    response = api(people["bkd"]).get(url)
    assert response.status_code in {404, 422}
    assert response.json()["code"] in {"not_found", "validation_error"}


def test_too_large_upload_is_413(people, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    response = api(people["bkd"]).post(
        "/api/v1/requests/1/reject",
        data='{"reason": "' + "x" * 500 + '"}',
        content_type="application/json",
    )
    assert_error(response, 413, "payload_too_large", "terlalu besar")
