"""The schedule and roster pages through Django's test client: forms in, services called,
refusals in Indonesian, nothing written on bad input."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from hadir.schedules.models import RosterEntry, ScheduleAssignment, WorkSchedule
from hadir.schedules.roster import roster_codes

pytestmark = pytest.mark.django_db
WEEK = {f"d{n}_{p}": t for n in range(5) for p, t in (("start", "07:30"), ("end", "16:00"))}


def _client(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="id")
    client.force_login(user)
    return client


def test_bkd_creates_a_schedule_with_a_break_and_a_half_day(actors):
    form = {**WEEK, "code": "5HK-B", "name": "Lima hari", "d0_break_start": "12:00",
            "d0_break_end": "13:00", "d5_start": "07:30", "d5_end": "11:00"}  # fmt: skip
    response = _client(actors["bkd"]).post("/schedules/new/", form)
    assert response.status_code == 302
    hours = WorkSchedule.objects.get(code="5HK-B").hours
    assert hours[0] == ["07:30", "16:00", "12:00", "13:00"]
    assert hours[5] == ["07:30", "11:00"] and hours[6] is None


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        ({"d0_end": ""}, "Isi jam mulai dan jam selesai"),
        ({"d0_break_start": "12:00"}, "Isi awal dan akhir istirahat"),
        ({"d0_break_start": "17:00", "d0_break_end": "18:00"}, "istirahat harus berada"),
        ({"d1_start": "25:00"}, "Senin"),
        ({"code": "5HK"}, "Kode 5HK sudah dipakai"),
    ],
)
def test_a_bad_schedule_form_is_refused_in_words(actors, extra, words):
    form = {**WEEK, "code": "BARU", "name": "Baru", **extra}
    before = WorkSchedule.objects.count()
    response = _client(actors["bkd"]).post("/schedules/new/", form)
    assert response.status_code == 200
    if extra.get("d1_start"):  # a time Django cannot read: the field says so
        assert "Masukkan" in response.content.decode() or "valid" in response.content.decode()
    else:
        assert words in response.content.decode()
    assert WorkSchedule.objects.count() == before


def test_a_head_assigns_the_shift_schedule_to_a_person_not_to_the_unit(actors, two_units):
    client = _client(actors["head"])
    url = "/units/PKM-A/schedules/"
    refused = client.post(url, {"schedule": "SHIFT", "valid_from": "2026-12-01"})
    assert "bukan kepada seluruh unit" in refused.content.decode()
    response = client.post(url, {"schedule": "6HK", "valid_from": "2026-12-01",
                                 "valid_until": "2026-12-31"})  # fmt: skip
    assert response.status_code == 302
    assignment = ScheduleAssignment.objects.get(unit=two_units["PKM-A"])
    assert assignment.valid_until == date(2026, 12, 31)


def test_the_head_saves_the_grid_and_sees_it(actors, nurses):
    client = _client(actors["op"])
    nurse = nurses[0]
    response = client.post(
        "/units/PKM-A/roster/", {"month": "2026-12", f"c-{nurse.pk}-1": "M", f"c-{nurse.pk}-2": "L"}
    )
    assert response.status_code == 302
    assert roster_codes([nurse.pk], [date(2026, 12, 1), date(2026, 12, 2)]) == {
        (nurse.pk, date(2026, 12, 1)): "M",
        (nurse.pk, date(2026, 12, 2)): "L",
    }
    page = client.get("/units/PKM-A/roster/?month=2026-12").content.decode()
    assert "Roster bulanan" in page and "selesai keesokan harinya" in page


@pytest.mark.parametrize("month", ["2026-13", "abc", "99999-01", ""])
def test_a_bad_month_is_a_clear_400(actors, nurses, month):
    response = _client(actors["head"]).post("/units/PKM-A/roster/copy/", {"month": month})
    assert response.status_code == 400
    assert not RosterEntry.objects.exists()


def test_a_swap_with_unreadable_days_is_refused(actors, nurses):
    response = _client(actors["head"]).post(
        "/units/PKM-A/roster/swap/",
        {"month": "2026-12", "first": nurses[0].pk, "second": nurses[1].pk, "days": "3-40"},
    )
    assert response.status_code == 200
    assert "Tulis tanggal bulan ini" in response.content.decode()


def test_an_import_keeps_the_good_cells_and_shows_the_bad_ones(actors, nurses):
    content = f"NIP;Nama;1;2\n{nurses[0].nip};A;P;Q\n".encode()
    response = _client(actors["head"]).post(
        "/units/PKM-A/roster/import/",
        {"month": "2026-12", "file": SimpleUploadedFile("jadwal.csv", content)},
    )
    page = response.content.decode()
    assert response.status_code == 200 and 'data-testid="bad-cells"' in page
    assert "Q bukan shift" in page and "1 sel ditolak" in page
    assert roster_codes([nurses[0].pk], [date(2026, 12, 1), date(2026, 12, 2)]) == {
        (nurses[0].pk, date(2026, 12, 1)): "P"
    }


@pytest.mark.parametrize("column", ["²", "\u0661", "9" * 30])
def test_a_day_column_that_is_not_a_day_is_a_bad_cell(actors, nurses, column):
    content = f"NIP;Nama;1;{column}\n{nurses[0].nip};A;P;P\n".encode()
    response = _client(actors["head"]).post(
        "/units/PKM-A/roster/import/",
        {"month": "2026-12", "file": SimpleUploadedFile("jadwal.csv", content)},
    )
    assert response.status_code == 200
    assert "1 sel ditolak" in response.content.decode()


def test_an_old_excel_file_is_refused_in_words(actors, nurses):
    response = _client(actors["head"]).post(
        "/units/PKM-A/roster/import/",
        {"month": "2026-12", "file": SimpleUploadedFile("jadwal.xls", b"\xd0\xcf\x11\xe0" * 9)},
        follow=True,
    )
    assert ".xls" in response.content.decode() and not RosterEntry.objects.exists()


def test_the_export_is_an_excel_file(actors, nurses):
    response = _client(actors["bkd"]).get("/units/PKM-A/roster.xlsx?month=2026-12")
    assert response.status_code == 200 and response.content.startswith(b"PK\x03\x04")
    assert "jadwal-PKM-A-2026-12.xlsx" in response["Content-Disposition"]
