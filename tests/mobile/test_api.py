"""The captures API: multipart in, outcome out; one's own captures only; the head of unit
sees the photo with the request."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from hadir.mobile.models import Capture
from tests.mobile.conftest import OFFICE, jpeg

pytestmark = pytest.mark.django_db
FAR = (-6.920000, 107.609810)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post(client: Client, *, when=None, where=OFFICE, client_id=None, direction="in"):
    when = when or timezone.now()
    fields = {
        "client_id": str(client_id or uuid.uuid4()),
        "direction": direction,
        "captured_at": when.isoformat(),
        "sent_at": timezone.now().isoformat(),
        "lat": str(where[0]),
        "lon": str(where[1]),
        "accuracy": "15",
        "photo": _photo(),
    }
    return client.post("/api/v1/captures", fields)


def _photo():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("selfie.jpg", jpeg(), content_type="image/jpeg")


def test_post_inside_then_resend(people):
    client = _client(people["budi_user"])
    client_id = uuid.uuid4()
    first = _post(client, client_id=client_id)
    assert first.status_code == 201, first.content
    body = first.json()
    assert body["outcome"] == "punch"
    assert body["message"].startswith("Absen masuk tercatat pukul")
    assert body["day"]["check_in"] is not None
    again = _post(client, client_id=client_id)
    assert again.status_code == 200
    assert again.json()["replay"] is True
    assert Capture.objects.count() == 1


def test_post_too_late_is_refused_with_422(people):
    client = _client(people["budi_user"])
    response = _post(client, when=timezone.now() - timedelta(days=20))
    assert response.status_code == 422
    assert response.json()["outcome"] == "refused"
    assert "BKD" in response.json()["message"]


def test_bad_input_is_400_and_stores_nothing(people):
    client = _client(people["budi_user"])
    response = client.post(
        "/api/v1/captures",
        {"client_id": "x", "direction": "in", "captured_at": "2026-03-10T07:30", "photo": _photo()},
    )
    assert response.status_code == 400
    assert not Capture.objects.exists()


def test_needs_login_and_csrf(people):
    assert Client().post("/api/v1/captures", {}).status_code == 401
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(people["budi_user"])
    assert _post(strict).status_code in (401, 403)


def test_an_account_without_employee_is_refused(people):
    response = _post(_client(people["head"]))
    assert response.status_code == 403


def test_own_captures_only(people):
    budi = _client(people["budi_user"])
    _post(budi)
    mine = budi.get("/api/v1/captures/mine").json()
    assert len(mine) == 1
    assert _client(people["sari_user"]).get("/api/v1/captures/mine").json() == []


def test_head_sees_the_photo_with_the_request_other_heads_do_not(people):
    body = _post(_client(people["budi_user"]), where=FAR).json()
    assert body["outcome"] == "request"
    number = body["request"]
    detail = _client(people["head"]).get(f"/api/v1/requests/{number}").json()
    assert len(detail["files"]) == 1
    photo = _client(people["head"]).get(
        f"/api/v1/requests/{number}/files/{detail['files'][0]['id']}"
    )
    assert photo.status_code == 200
    assert _client(people["other_head"]).get(f"/api/v1/requests/{number}").status_code == 404
    assert _client(people["sari_user"]).get(f"/api/v1/requests/{number}").status_code == 404


def test_own_photo_only_and_captures_by_date(people):
    budi = _client(people["budi_user"])
    body = _post(budi).json()
    photo = f"/api/v1/captures/{body['client_id']}/photo"
    response = budi.get(photo)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8\xff")
    assert _client(people["sari_user"]).get(photo).status_code == 404
    assert _client(people["head"]).get(photo).status_code == 404
    day = body["day"]["date"]
    assert len(budi.get(f"/api/v1/captures/mine?date={day}").json()) == 1
    assert budi.get("/api/v1/captures/mine?date=2020-01-01").json() == []


def test_the_request_page_shows_the_signals_to_the_head_only(people):
    body = _post(_client(people["budi_user"]), where=FAR).json()
    page = _client(people["head"]).get(f"/requests/{body['request']}/")
    text = page.content.decode()
    assert 'data-testid="phone-captures"' in text
    assert "Jarak ke lokasi unit" in text and "584 m" in text
    other = _client(people["other_head"]).get(f"/requests/{body['request']}/")
    assert other.status_code == 404
