"""The manual sheet sent by its script: one JSON field with the ticked rows only, answered in
JSON, so a unit of any size stays under Django's form-field limit."""

from __future__ import annotations

import json
from datetime import date, time, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from hadir.requests.models import Request
from hadir.requests.window import dispensation_grant
from tests.requests.helpers import logged_in, png_bytes

JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def open_march(people):
    dispensation_grant(
        actor=people["bkd"],
        unit=people["unit"],
        days_from=date(2026, 3, 1),
        valid_until=timezone.now().date() + timedelta(days=2),
        reason="Uji halaman",
    )


def send(client, entries, **extra):
    data = {
        "unit": "DINKES",
        "day": "2026-03-10",
        "reason": "Mesin rusak",
        "evidence": SimpleUploadedFile("lembar.png", png_bytes()),
        "entries": entries if isinstance(entries, str) else json.dumps(entries),
        **extra,
    }
    return client.post("/requests/sheet/", data, **JSON)


def test_ticked_rows_sent_as_json_make_one_sheet(people, open_march, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 8  # the sheet never needs more, whatever its size
    budi, sari = people["budi"], people["sari"]
    response = send(
        logged_in(people["operator"]),
        [
            {"employee": budi.pk, "in": "07:20", "out": "16:05"},
            {"employee": sari.pk, "in": "07:31"},
        ],
    )
    sheet = Request.objects.get()
    assert response.status_code == 200
    assert response.json() == {"redirect": f"/requests/{sheet.pk}/"}
    assert sorted(sheet.entries.values_list("employee__name", "check_in", "check_out")) == [
        ("Budi", time(7, 20), time(16, 5)),
        ("Sari", time(7, 31), None),
    ]


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ("{not json", "Lembar tidak bisa dibaca. Muat ulang halaman lalu kirim lagi"),
        ('{"employee": 1}', "Lembar tidak bisa dibaca."),
        ('[{"employee": "1"}]', "Lembar tidak bisa dibaca."),
        ("[" + ",".join(['{"employee": 1}'] * 3) + "]", "Lembar tidak bisa dibaca."),
        ("OUTSIDER", "bukan lagi pegawai aktif unit ini"),
        ("BAD_TIME", "Budi: jam 7.30 bukan jam seperti 07:30."),
        ("[" * 5_000 + "]" * 5_000, "Lembar tidak bisa dibaca."),
    ],
    ids=[
        "broken",
        "not-a-list",
        "id-as-text",
        "more-rows-than-staff",
        "outsider",
        "bad-time",
        "nested-past-the-parser",
    ],
)
def test_a_bad_sheet_is_answered_in_words_never_a_500(people, open_march, entries, message):
    if entries == "OUTSIDER":
        entries = json.dumps([{"employee": people["other_operator"].pk + 10_000}])
    elif entries == "BAD_TIME":
        entries = json.dumps([{"employee": people["budi"].pk, "in": "7.30"}])
    response = send(logged_in(people["operator"]), entries)
    assert response.status_code == 400
    assert any(message in error for error in response.json()["errors"])
    assert not Request.objects.exists()


def test_a_missing_file_is_a_json_error(people, open_march):
    client = logged_in(people["operator"])
    response = client.post(
        "/requests/sheet/",
        {"unit": "DINKES", "day": "2026-03-10", "reason": "Mesin rusak", "entries": "[]"},
        **JSON,
    )
    assert response.status_code == 400
    assert response.json()["errors"]


def test_another_units_employee_cannot_be_smuggled_in(people, open_march, make_employee, two_units):
    stranger = make_employee(two_units["DISDIK"], name="Orang Lain")
    response = send(logged_in(people["operator"]), [{"employee": stranger.pk, "in": "07:00"}])
    assert response.status_code == 400
    assert not Request.objects.exists()


def test_the_page_renders_the_sent_rows_again_without_javascript(people, open_march):
    budi = people["budi"]
    response = logged_in(people["operator"]).post(
        "/requests/sheet/",
        {
            "unit": "DINKES",
            "day": "2026-03-10",
            "reason": "",
            "entries": json.dumps([{"employee": budi.pk, "in": "07:20"}]),
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert f'id="pick-{budi.pk}" value="1" data-pick checked' in page
    assert 'value="07:20"' in page
    assert 'src="/static/requests/sheet.js"' in page


def test_a_sheet_past_the_field_limit_says_what_helps(people, open_march, settings):
    """Without the page's script a sheet sends three fields per employee; past the limit
    the page says to choose a smaller unit or turn JavaScript on (reloading cannot help)."""
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 8
    fields = {f"in_{n}": "07:30" for n in range(20)}
    client = logged_in(people["operator"])
    response = client.post(
        "/requests/sheet/",
        {"unit": "DINKES", "day": "2026-03-10", **fields},
        HTTP_ACCEPT_LANGUAGE="id",
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "pilih unit yang lebih kecil" in page and "aktifkan JavaScript" in page
    assert not Request.objects.exists()
