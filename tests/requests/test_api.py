"""The requests API: create with files, the to-do list, approve, scoping."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hadir.attendance.recompute import recompute_all_dirty
from hadir.attendance.services import recompute_month
from hadir.requests.window import dispensation_grant
from tests.requests.helpers import EXE, PDF, api, png_bytes, record


@pytest.fixture
def open_march(people):
    """The API runs on the real clock: BKD opens March 2026 for the unit."""
    dispensation_grant(
        actor=people["bkd"],
        unit=people["unit"],
        days_from=date(2026, 3, 1),
        valid_until=timezone.now().date() + timedelta(days=2),
        reason="Uji API",
    )
    recompute_month("2026-03")


def test_create_with_a_file_then_the_head_approves(people, open_march):
    response = api(people["budi_user"]).post(
        "/api/v1/requests",
        data={
            "kind": "sakit",
            "first_day": "2026-03-10",
            "last_day": "2026-03-11",
            "reason": "Demam",
            "files": [SimpleUploadedFile("surat.pdf", PDF, content_type="image/jpeg")],
        },
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert (created["state"], created["employee"], created["unit"]) == (
        "pending",
        people["budi"].nip,
        "DINKES",
    )
    # the content decides, not what the client claimed
    assert [f["content_type"] for f in created["files"]] == ["application/pdf"]
    head = api(people["head"])
    assert [r["id"] for r in head.get("/api/v1/requests/todo").json()] == [created["id"]]
    approved = head.post(f"/api/v1/requests/{created['id']}/approve")
    assert approved.status_code == 200 and approved.json()["state"] == "approved"
    recompute_all_dirty()
    assert record(people["budi"], "2026-03-10").codes == "S"
    assert head.get("/api/v1/requests/todo").json() == []
    file_id = created["files"][0]["id"]
    download = head.get(f"/api/v1/requests/{created['id']}/files/{file_id}")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF


def test_other_units_cannot_see_or_approve(people, open_march):
    created = (
        api(people["budi_user"])
        .post(
            "/api/v1/requests",
            data={"kind": "izin", "first_day": "2026-03-10", "reason": "Urusan keluarga"},
        )
        .json()
    )
    for who in ("other_operator", "other_head"):
        client = api(people[who])
        assert client.get(f"/api/v1/requests/{created['id']}").status_code == 404
        assert client.post(f"/api/v1/requests/{created['id']}/approve").status_code == 404
        assert client.get("/api/v1/requests").json() == []
    # the unit's operator sees it but does not decide
    operator = api(people["operator"])
    assert [r["id"] for r in operator.get("/api/v1/requests").json()] == [created["id"]]
    assert operator.post(f"/api/v1/requests/{created['id']}/approve").status_code == 403
    no_reason = api(people["head"]).post(
        f"/api/v1/requests/{created['id']}/reject",
        data=json.dumps({"reason": ""}),
        content_type="application/json",
    )
    assert no_reason.status_code == 400
    assert no_reason.json()["detail"] == "Tulis alasan penolakan."


def post_sheet(operator, entries: str):
    """A manual sheet of DINKES for 10 March with its photo, through the API."""
    return api(operator).post(
        "/api/v1/requests",
        data={
            "kind": "manual_attendance",
            "unit": "DINKES",
            "first_day": "2026-03-10",
            "reason": "Mesin rusak",
            "entries": entries,
            "files": [SimpleUploadedFile("lembar.png", png_bytes())],
        },
    )


def test_a_manual_sheet_through_the_api(people, open_march):
    entries = [
        {"employee": people["budi"].nip, "check_in": "07:15", "check_out": "16:05"},
        {"employee": people["sari"].nip, "check_in": "07:28"},
    ]
    response = post_sheet(people["operator"], json.dumps(entries))
    assert response.status_code == 201, response.content
    sheet = response.json()
    assert [e["name"] for e in sheet["entries"]] == ["Budi", "Sari"]
    api(people["head"]).post(f"/api/v1/requests/{sheet['id']}/approve")
    recompute_all_dirty()
    assert record(people["budi"], "2026-03-10").codes == "H"
    assert record(people["sari"], "2026-03-10").codes == "TAP"


def test_an_executable_named_jpg_is_refused_by_the_api(people, open_march):
    response = api(people["budi_user"]).post(
        "/api/v1/requests",
        data={
            "kind": "sakit",
            "first_day": "2026-03-10",
            "files": [SimpleUploadedFile("foto.jpg", EXE, content_type="image/jpeg")],
        },
    )
    assert response.status_code == 400
    assert response.json()["detail"].startswith("Berkas foto.jpg adalah program")


def test_the_list_costs_the_same_for_many_requests(people, open_march, make_employee):
    client = api(people["head"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/requests").status_code == 200
        return len(captured)

    api(people["budi_user"]).post(
        "/api/v1/requests",
        data={
            "kind": "sakit",
            "first_day": "2026-03-10",
            "files": [SimpleUploadedFile("s.pdf", PDF)],
        },
    )
    queries()  # the first call warms the token and policy caches
    few = queries()
    for person in [make_employee(people["unit"]) for _ in range(8)]:
        api(people["operator"]).post(
            "/api/v1/requests",
            data={
                "kind": "sakit",
                "employee": person.nip,
                "first_day": "2026-03-10",
                "files": [SimpleUploadedFile("s.png", png_bytes(person.pk, 2))],
            },
        )
    assert len(client.get("/api/v1/requests").json()) == 9
    assert queries() == few


@pytest.mark.parametrize("entries", ["[" * 5_000 + "]" * 5_000, "{", "null"])
def test_unreadable_sheet_entries_are_a_400_in_words(people, open_march, entries):
    response = post_sheet(people["operator"], entries)
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "bad_request"
