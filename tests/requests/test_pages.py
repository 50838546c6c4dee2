"""Request pages: lists and to-do, new request, manual sheet, decisions, dispensations, leave
balances; scoping and query counts."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hadir.requests.models import Dispensation, Request, RequestState
from hadir.requests.services import EntryIn, manual_sheet_submit, request_submit
from hadir.requests.window import dispensation_grant
from tests.requests.helpers import MP4, PDF, at, logged_in, png_bytes, upload


@pytest.fixture
def open_march(people):
    dispensation_grant(
        actor=people["bkd"],
        unit=people["unit"],
        days_from=date(2026, 3, 1),
        valid_until=timezone.now().date() + timedelta(days=2),
        reason="Uji halaman",
    )


def izin(people, day: int = 10) -> Request:
    return request_submit(
        actor=people["budi_user"],
        kind="izin",
        employee=people["budi"],
        first_day=date(2026, 3, day),
        reason="Urusan keluarga",
        now=at(f"2026-03-{day:02d} 07:00"),
    )


def test_the_head_sees_the_to_do_list_and_the_nav_count(people):
    request = izin(people)
    page = logged_in(people["head"]).get("/requests/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Permohonan (1 menunggu)" in text
    assert f'href="/requests/{request.pk}/"' in text
    assert 'data-testid="todo"' in text
    other = logged_in(people["other_operator"]).get("/requests/").content.decode()
    assert f"/requests/{request.pk}/" not in other
    assert logged_in(people["other_operator"]).get(f"/requests/{request.pk}/").status_code == 404


def test_approve_and_reject_through_the_page(people):
    first, second = izin(people, 10), izin(people, 11)
    assert logged_in(people["other_head"]).post(f"/requests/{first.pk}/approve/").status_code == 404
    assert logged_in(people["operator"]).post(f"/requests/{first.pk}/approve/").status_code == 403
    head = logged_in(people["head"])
    response = head.post(f"/requests/{first.pk}/approve/", follow=True)
    assert "Disetujui." in response.content.decode()
    response = head.post(f"/requests/{second.pk}/reject/", {"reason": ""}, follow=True)
    assert "Tulis alasan penolakan." in response.content.decode()
    head.post(f"/requests/{second.pk}/reject/", {"reason": "Tidak ada bukti"})
    states = dict(Request.objects.values_list("pk", "state"))
    assert states == {first.pk: RequestState.APPROVED, second.pk: RequestState.REJECTED}


def test_an_employee_files_a_request_with_a_file(people, open_march):
    client = logged_in(people["budi_user"])
    page = client.get("/requests/new/").content.decode()
    assert "batas pengajuan untuk" in page and 'name="employee"' not in page
    response = client.post(
        "/requests/new/",
        {
            "kind": "sakit",
            "first_day": "2026-03-10",
            "last_day": "2026-03-11",
            "evidence": [SimpleUploadedFile("surat.pdf", PDF), SimpleUploadedFile("v.mp4", MP4)],
        },
    )
    created = Request.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/requests/{created.pk}/"
    detail = client.get(f"/requests/{created.pk}/").content.decode()
    assert "<iframe" not in detail and "<video" in detail  # a PDF is only downloaded
    assert created.evidence.count() == 2


def test_the_operator_enters_a_sheet(people, open_march, make_employee):
    nopin = make_employee(people["unit"], name="Tanpa PIN", pin=None)
    client = logged_in(people["operator"])
    page = client.get("/requests/sheet/").content.decode()
    assert "Budi" in page and "Sari" in page and f'name="pick-{nopin.pk}"' in page
    budi, sari = people["budi"], people["sari"]
    response = client.post(
        "/requests/sheet/",
        {
            "unit": "DINKES",
            "day": "2026-03-10",
            "reason": "Mesin rusak",
            "evidence": SimpleUploadedFile("lembar.png", png_bytes()),
            f"pick-{budi.pk}": "1",
            f"in-{budi.pk}": "07:20",
            f"out-{budi.pk}": "16:05",
            f"pick-{sari.pk}": "1",
            f"in-{sari.pk}": "7.30",
        },
    )
    assert "Sari: jam 7.30 bukan jam seperti 07:30." in response.content.decode()
    response = client.post(
        "/requests/sheet/",
        {
            "unit": "DINKES",
            "day": "2026-03-10",
            "reason": "Mesin rusak",
            "evidence": SimpleUploadedFile("lembar.png", png_bytes()),
            f"pick-{budi.pk}": "1",
            f"in-{budi.pk}": "07:20",
            f"out-{budi.pk}": "16:05",
            f"pick-{sari.pk}": "1",
            f"in-{sari.pk}": "07:30",
        },
    )
    sheet = Request.objects.get()
    assert response["Location"] == f"/requests/{sheet.pk}/"
    assert sorted(sheet.entries.values_list("employee__name", "check_out")) == [
        ("Budi", time(16, 5)),
        ("Sari", None),
    ]
    assert (
        logged_in(people["other_operator"]).get("/requests/sheet/?unit=DINKES").status_code == 200
    )
    other = logged_in(people["other_operator"]).get("/requests/sheet/?unit=DINKES").content
    assert b"Budi" not in other  # another unit's operator only gets their own units


def test_leave_balance_is_on_the_employee_page(people):
    number = people["budi"].nip
    text = logged_in(people["operator"]).get(f"/employees/{number}/").content.decode()
    assert 'data-testid="leave-balance"' in text
    own = logged_in(people["budi_user"]).get("/me/").content.decode()
    assert 'data-testid="leave-left"' in own


def test_dispensations_page_is_for_bkd(people):
    assert logged_in(people["operator"]).get("/requests/dispensations/").status_code == 404
    client = logged_in(people["bkd"])
    today = timezone.now().date()
    response = client.post(
        "/requests/dispensations/",
        {
            "employee_number": people["budi"].nip,
            "days_from": "2026-03-01",
            "valid_until": (today + timedelta(days=3)).isoformat(),
            "reason": "Cuti melahirkan istri, lupa mengajukan",
        },
    )
    assert response.status_code == 302
    dispensation = Dispensation.objects.get()
    assert dispensation.employee == people["budi"] and dispensation.granted_by == people["bkd"]
    assert "Cuti melahirkan istri" in client.get("/requests/dispensations/").content.decode()
    client.post(f"/requests/dispensations/{dispensation.pk}/end/")
    dispensation.refresh_from_db()
    assert dispensation.revoked_at is not None


def test_the_list_page_query_count_does_not_grow_with_requests(people, make_employee):
    def queries() -> int:
        client = logged_in(people["head"])
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/requests/").status_code == 200
        return len(captured)

    izin(people)
    queries()  # warm the caches other parts of the page keep
    few = queries()
    staff = [make_employee(people["unit"]) for _ in range(15)]
    for n, person in enumerate(staff):
        manual_sheet_submit(
            actor=people["operator"],
            unit=people["unit"],
            day=date(2026, 3, 10),
            entries=[EntryIn(person, time(7, 30))],
            reason=f"Lembar {n}",
            files=[upload(png_bytes(2 + n, 2))],
            now=at("2026-03-10 12:00"),
        )
    assert queries() == few


def test_bkd_files_for_anyone_by_number(people, open_march):
    client = logged_in(people["bkd"])
    form = {"kind": "izin", "first_day": "2026-03-10", "reason": "Dipanggil BKD"}
    response = client.post("/requests/new/", {**form, "employee": "199999999999999999"})
    assert "Tidak ada pegawai dengan nomor 199999999999999999." in response.content.decode()
    response = client.post("/requests/new/", {**form, "employee": people["budi"].nip})
    created = Request.objects.get()
    assert response.status_code == 302 and created.employee == people["budi"]
    own = logged_in(people["budi_user"]).get("/requests/new/").content.decode()
    assert 'data-testid="leave-balance"' in own
