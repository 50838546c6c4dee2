"""Writes with hostile values an outside audit (5 December 2026) found answering 500: ids that
are not ids (``²``, which ``str.isdigit`` accepts and ``int`` refuses; numbers past 64 bits,
which the database driver refuses), JSON nested past the parser's depth, multipart bodies
without a boundary, a policy window of 10^20 minutes, a privilege of 10^20 in a user file.
Each is answered in words now, and nothing is written."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from hadir.accounts.tokens import api_token_create
from hadir.agents.services import agent_token_create
from hadir.devices.models import DeviceUser
from hadir.edge.values import posted_ids
from hadir.events.models import Event
from hadir.requests.models import Request
from hadir.rules.policy_file import bundled_policy_text

pytestmark = pytest.mark.django_db
NOT_IDS = ["²", "١٢", str(10**20), str(2**63), "-1", "0", "1e3", ""]


def _browser(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="id", raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.mark.parametrize("value", NOT_IDS)
def test_values_that_cannot_be_ids_are_left_out(value):
    assert posted_ids([value, "7"]) == [7]


def test_posted_ids_keep_at_most_the_limit():
    assert posted_ids([str(n) for n in range(1, 50)], limit=3) == [1, 2, 3]
    assert posted_ids(["9223372036854775807"]) == [2**63 - 1]


@pytest.mark.parametrize("value", NOT_IDS)
@pytest.mark.parametrize(
    ("role", "url", "data"),
    [
        ("bkd_admin", "/punches/held/", {"decision": "release", "field": "punch"}),
        ("bkd_admin", "/punches/held/", {"decision": "reject", "reason": "x", "field": "punch"}),
        ("bkd_admin", "/attendance/parked/retry/", {"field": "id"}),
        ("bkd_admin", "/attendance/parked/dismiss/", {"field": "id"}),
        ("diskominfo_admin", "/devices/SIM-EDGE-1/trust/resolve/", {"field": "alert"}),
    ],
    ids=["held-release", "held-reject", "parked-retry", "parked-dismiss", "trust-resolve"],
)
def test_ticked_ids_that_cannot_be_ids_are_not_a_500(small_region, role, url, data, value):
    data = dict(data)
    field = data.pop("field")
    response = _browser(small_region["users"][role]).post(url, {**data, field: value})
    assert response.status_code in (200, 302), response.status_code


@pytest.mark.parametrize("value", ["²", str(10**20)])
def test_an_event_for_a_unit_that_cannot_be_an_id_is_a_form_error(small_region, value):
    response = _browser(small_region["users"]["bkd_admin"]).post(
        "/events/new/", {"name": "Apel", "kind": "apel", "units": [value]}
    )
    assert response.status_code == 200
    assert "bukan nilai yang valid" in response.content.decode()
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("days", "²"),
        ("days", "1-²"),
        ("days", "3-" + "9" * 30),
        ("first", "²"),
        ("second", "1" * 25),
    ],
)
def test_a_swap_with_values_that_are_not_numbers_is_refused_in_words(small_region, field, value):
    data = {
        "month": "2026-12",
        "first": small_region["worker"].pk,
        "second": small_region["worker"].pk + 1,
        "days": "3",
        field: value,
    }
    response = _browser(small_region["users"]["head"]).post("/units/DINKES/roster/swap/", data)
    assert response.status_code in (200, 302), response.status_code


@pytest.mark.parametrize(
    ("row", "words"),
    [
        ("1633,Heru,,²", "tulis angka 0 sampai 255"),
        ("1633,Heru,,99999999999999999999", "tulis angka 0 sampai 255"),
        ("1633,Heru,,256", "tulis angka 0 sampai 255"),
        ("1633,He\x00ru,,0", "memuat karakter NUL"),
    ],
    ids=["superscript", "past-64-bits", "past-a-byte", "nul-in-name"],
)
def test_a_user_file_with_an_impossible_value_is_refused_in_words(small_region, row, words):
    upload = SimpleUploadedFile("u.csv", f"PIN,Name,Card,Pri\n{row}\n".encode())
    response = _browser(small_region["users"]["operator"]).post(
        "/devices/SIM-EDGE-1/users/upload/", {"file": upload}, follow=True
    )
    assert response.status_code == 200
    assert words in response.content.decode()
    assert not DeviceUser.objects.exists()


def test_a_user_file_with_a_privilege_in_range_is_stored(small_region):
    upload = SimpleUploadedFile("u.csv", b"PIN,Name,Card,Pri\n1633,Heru,,14\n1634,Ani,,\n")
    _browser(small_region["users"]["operator"]).post(
        "/devices/SIM-EDGE-1/users/upload/", {"file": upload}
    )
    assert dict(DeviceUser.objects.values_list("pin", "privilege")) == {"1633": 14, "1634": None}


@pytest.mark.parametrize("minutes", [10**20, -(10**20), 721])
def test_a_punch_window_past_its_range_is_refused_in_the_preview(small_region, minutes):
    text = bundled_policy_text("default").replace(
        "opens_before_start_minutes = 120", f"opens_before_start_minutes = {minutes}"
    )
    assert str(minutes) in text
    response = _browser(small_region["users"]["bkd_admin"]).post(
        "/policy/", {"mode": "raw", "step": "preview", "text": text}
    )
    assert response.status_code == 200
    assert "harus 0 sampai 720 menit" in response.content.decode()


# --- the API: bodies that cannot be parsed ------------------------------------------------


def _api(small_region, role: str = "operator") -> Client:
    token = api_token_create(user=small_region["users"][role], name="t").plaintext
    return Client(
        raise_request_exception=False,
        headers={"Authorization": f"Bearer {token}", "Accept-Language": "id"},
    )


@pytest.mark.parametrize("url", ["/api/v1/requests", "/api/v1/captures"])
def test_a_multipart_body_without_its_boundary_is_a_400_in_words(small_region, url):
    role = "employee" if url.endswith("captures") else "operator"
    response = _api(small_region, role).post(url, b"garbage", content_type="multipart/form-data")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "unreadable_body"
    assert body["message"].startswith("Isi permintaan tidak dapat dibaca")


@pytest.mark.parametrize(
    "body",
    [b"{", b'{"sn": "\xff\xfe"}', b"[" * 5_000 + b"]" * 5_000],
    ids=["cut-short", "not-utf-8", "nested-past-the-parser"],
)
def test_an_agent_body_that_is_not_json_is_a_400_in_words(small_region, body):
    token = agent_token_create(unit=small_region["units"]["DINKES"], name="PC-TU").plaintext
    client = Client(
        raise_request_exception=False,
        headers={"Authorization": f"Bearer {token}", "Accept-Language": "id"},
    )
    response = client.post("/api/v1/agent/punches", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "unreadable_body"
    assert "kirim JSON UTF-8 yang sah" in response.json()["message"]


def test_an_api_write_from_a_session_without_its_csrf_token_says_reload(small_region):
    strict = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="id")
    strict.force_login(small_region["users"]["head"])
    leave = small_region["request"]
    response = strict.post(
        f"/api/v1/requests/{leave.pk}/reject",
        json.dumps({"reason": "x"}),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"
    assert "Muat ulang halaman" in response.json()["message"]


@pytest.mark.parametrize("field", ["reason", "kind"])
def test_a_nul_character_in_api_text_is_refused_before_the_database(small_region, field):
    """PostgreSQL cannot store NUL in text (a 500 there); SQLite would keep it silently."""
    data = {"kind": "izin", "first_day": "2026-12-07", "reason": "Urusan keluarga"}
    data[field] = data[field][:3] + "\x00" + data[field][3:]
    before = Request.objects.count()
    response = _api(small_region, "employee").post("/api/v1/requests", data)
    assert response.status_code == 422
    assert "karakter NUL" in json.dumps(response.json()["errors"], ensure_ascii=False)
    assert Request.objects.count() == before


@pytest.mark.parametrize("kind", ["zzz", "IZIN", "x" * 99])
def test_an_unknown_kind_is_refused_in_a_sentence_naming_those_people_file(small_region, kind):
    data = {"kind": kind, "first_day": "2026-12-07", "reason": "Urusan keluarga"}
    response = _api(small_region, "employee").post("/api/v1/requests", data)
    assert response.status_code == 400
    message = response.json()["message"]
    assert message.startswith(f"“{kind[:40]}” bukan jenis permohonan. Kirim salah satu:")
    kinds = message.split(":", 1)[1]
    assert "izin" in kinds and "phone_attendance" not in kinds  # Hadir files that one


@pytest.mark.parametrize("state", ["zzz", "PENDING", "x" * 99])
def test_an_unknown_state_filter_is_a_422_naming_the_states(small_region, state):
    response = _api(small_region, "bkd_admin").get("/api/v1/requests", {"state": state})
    assert response.status_code == 422
    assert "bukan status permohonan" in response.json()["message"]
    assert "waiting_verification" in response.json()["message"]


@pytest.mark.parametrize("state", ["", "pending", "waiting_verification"])
def test_a_known_state_filter_lists(small_region, state):
    response = _api(small_region, "bkd_admin").get("/api/v1/requests", {"state": state})
    assert response.status_code == 200
    assert len(response.json()) == (0 if state == "waiting_verification" else 1)


@pytest.mark.parametrize(
    ("role", "url", "data"),
    [
        ("diskominfo_admin", "/accounts/locked/unlock/", {"username": "budi\x00"}),
        ("operator", "/todo/submit/", {"month": "2026-03", "unit": "DIN\x00KES"}),
        ("bkd_admin", "/schedules/", {"code": "X\x00", "name": "Uji"}),
        (None, "/accounts/login/", {"username": "admin\x00", "password": "x"}),
    ],
)
def test_a_nul_character_in_a_form_field_is_a_400_in_words(small_region, role, url, data):
    """A NUL in a field a view read raw was a 500 on PostgreSQL (the unlock form, found by
    the form crawler); every form now refuses it before any view (``web.nul_guard``)."""
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="id")
    if role is not None:
        client.force_login(small_region["users"][role])
    response = client.post(url, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Salah satu isian memuat karakter NUL" in page
    assert "ketik ulang nilainya" in page


def test_a_form_without_nul_still_reaches_its_view(small_region):
    client = Client(HTTP_ACCEPT_LANGUAGE="id")
    client.force_login(small_region["users"]["diskominfo_admin"])
    response = client.post("/accounts/locked/unlock/", {"username": "tidak-ada"})
    assert response.status_code == 404  # no such locked account: the view answered
