"""The classes of malformed input issue 12 found answering 500, each answered in words now."""

from __future__ import annotations

import json
import uuid
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone, translation

from hadir.agents.services import agent_token_create
from hadir.imports.models import ImportBatch, ImportState
from hadir.imports.outcome import RowOutcome
from hadir.imports.readers import UnreadableFile
from hadir.imports.services import import_apply, import_confirm, import_preview
from hadir.jobs.services import jobs_run_pending
from hadir.mobile.models import Capture
from hadir.org.models import Unit
from hadir.org.services import unit_locations_replace
from hadir.people.models import Employee
from hadir.people.services import employee_create
from hadir.punches.models import Punch, QuarantinedLine
from tests.devices.conftest import post_attlog

pytestmark = pytest.mark.django_db
OFFICE = ("-6.914744", "107.609810")


def _browser(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="id")
    client.force_login(user)
    return client


def _page(client: Client, url: str):
    with translation.override("id"):
        response = client.get(url)
    return response, response.content.decode()


def test_an_employee_asking_for_1970_01_sees_this_month_and_a_notice(small_region):
    response, body = _page(
        _browser(small_region["users"]["employee"]), "/me/attendance/?month=1970-01"
    )
    assert response.status_code == 200
    last = timezone.localdate().year + 1
    assert (
        f"Bulan &#x27;1970-01&#x27; di luar rentang yang didukung (2000-01 sampai {last}-12). "
        "Pilih bulan lain."
    ) in body
    assert f"Menampilkan {timezone.localdate():%Y-%m} sebagai gantinya." in body


@pytest.mark.parametrize("year", ["0", "-1", str(10**23), "abc"])
def test_year_0_on_the_calendar_shows_this_year_and_a_notice(small_region, year):
    response, body = _page(_browser(small_region["users"]["bkd_admin"]), f"/calendar/?year={year}")
    assert response.status_code == 200
    assert "Tahun" in body and "Menampilkan" in body
    assert str(timezone.localdate().year) in body


def test_a_download_for_a_month_out_of_range_is_a_400_page_in_indonesian(small_region):
    client = _browser(small_region["users"]["bkd_admin"])
    response, body = _page(client, "/units/DINKES/export/recap.xlsx?month=9999-12")
    assert response.status_code == 400
    assert "Bulan &#x27;9999-12&#x27; di luar rentang yang didukung" in body
    assert "Permintaan tidak dapat dipahami" in body  # the error page's heading


def test_the_api_refuses_a_month_out_of_range_with_the_same_words(small_region):
    from hadir.accounts.tokens import api_token_create

    token = api_token_create(user=small_region["users"]["bkd_admin"], name="t").plaintext
    client = Client(headers={"Authorization": f"Bearer {token}"})
    with translation.override("id"):
        response = client.get("/api/v1/units/DINKES/recap/1970-01")
    assert response.status_code == 400
    assert "Bulan '1970-01' di luar rentang yang didukung" in response.json()["detail"]


def test_an_offset_of_10_to_the_23_is_refused_not_a_500(small_region):
    from hadir.accounts.tokens import api_token_create

    token = api_token_create(user=small_region["users"]["employee"], name="t").plaintext
    client = Client(headers={"Authorization": f"Bearer {token}"})
    assert client.get(f"/api/v1/requests?offset={10**23}").status_code == 422
    assert client.get("/api/v1/requests?offset=-1").status_code == 422
    assert client.get("/api/v1/requests?offset=0").status_code == 200


# --- the phone ---------------------------------------------------------------------------


@pytest.fixture
def phone(small_region):
    unit_locations_replace(
        unit=small_region["units"]["DINKES"],
        locations=[("Kantor", Decimal(OFFICE[0]), Decimal(OFFICE[1]), 100)],
    )
    client = Client()
    client.force_login(small_region["users"]["employee"])

    def send(**overrides: str):
        now = timezone.now().isoformat()
        fields = {
            "client_id": str(uuid.uuid4()),
            "direction": "in",
            "captured_at": now,
            "sent_at": now,
            "lat": OFFICE[0],
            "lon": OFFICE[1],
            "accuracy": "12",
            "photo": SimpleUploadedFile("selfie.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 64),
            **overrides,
        }
        with translation.override("id"):
            return client.post("/api/v1/captures", fields)

    return send


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("accuracy", "NaN", "bukan bilangan terhingga"),
        ("accuracy", "1e309", "bukan bilangan terhingga"),
        ("accuracy", "-5", "di luar rentang"),
        ("lat", "999", "di luar rentang -90.0 sampai 90.0"),
        ("lon", "-Infinity", "bukan bilangan terhingga"),
        ("captured_at", "9999-12-31T23:59:59+07:00", "di luar rentang yang didukung"),
        ("sent_at", "0001-01-01T00:00:00+00:00", "di luar rentang yang didukung"),
    ],
)
def test_a_capture_with_an_impossible_measurement_is_refused_and_never_a_punch(
    phone, field, value, words
):
    response = phone(**{field: value})
    assert response.status_code == 400, response.content
    assert words in response.json()["detail"]
    assert not Capture.objects.exists()
    assert not Punch.objects.exists()


def test_a_capture_with_a_real_position_still_becomes_a_punch(phone):
    response = phone()
    assert response.status_code == 201, response.content
    assert Punch.objects.count() == 1


# --- machines ------------------------------------------------------------------------------


def test_an_agent_status_of_2_to_the_63_is_quarantined_and_the_rest_stored(small_region):
    token = agent_token_create(unit=small_region["units"]["DINKES"], name="PC-TU").plaintext
    records = [
        {"pin": "101", "time": "2026-03-02 07:01:00", "status": 0, "verify": 1},
        {"pin": "101", "time": "2026-03-02 16:01:00", "status": 2**63, "verify": 1},
        {"pin": "102", "time": "2026-03-02 07:05:00", "status": 1, "verify": -(2**40)},
        {"pin": "102", "time": "2026-03-02 16:05:00", "status": 1, "verify": 1},
    ]
    client = Client(headers={"Authorization": f"Bearer {token}"})
    with translation.override("id"):
        response = client.post(
            "/api/v1/agent/punches",
            json.dumps({"sn": "AGT-1", "records": records}),
            content_type="application/json",
        )
    assert response.status_code == 200, response.content
    assert response.json()["accepted"] == 2
    assert sorted(Punch.objects.values_list("pin", "status")) == [("101", 0), ("102", 1)]
    kept = list(QuarantinedLine.objects.order_by("line_no"))
    assert [(q.line_no, q.reason) for q in kept] == [
        (2, "number_out_of_range"),
        (3, "number_out_of_range"),
    ]
    assert str(2**63) in kept[0].raw
    assert "status" in kept[0].message and "di luar rentang -32768 sampai 32767" in kept[0].message


def test_a_machine_status_beyond_a_small_integer_is_quarantined(region):
    body = b"1001\t2026-03-02 07:01:09\t999999999\t1\t0\t0\n1002\t2026-03-02 07:02:10\t0\t1\t0\t0\n"
    response = post_attlog(Client(), "BIGSTAT1", body)
    assert response.content == b"OK: 2"
    assert list(Punch.objects.values_list("pin", flat=True)) == ["1002"]
    # The PUSH parser already refuses the line (its fields are read as numbers there).
    assert QuarantinedLine.objects.get().reason == "bad_number"


@pytest.mark.parametrize(
    "query",
    [
        "SN=" + "9" * 300,
        "SN=%00",
        "SN=ABC&Stamp=NaN&table=%00",
        "SN=ABC&options=all&INFO=" + ",".join(["9" * 30] * 12),
        "SN=ABC&table=" + "x" * 5000,
    ],
)
def test_machine_endpoints_answer_bad_queries_without_a_500(region, query):
    for path in ("/iclock/cdata", "/iclock/getrequest", "/iclock/ping"):
        response = Client(raise_request_exception=False).get(f"{path}?{query}")
        assert response.status_code < 500, (path, query, response.content[:200])


# --- imports: the preview never promises what apply refuses -------------------------------

HEADER = "nip,nama,unit_kode,jenis,jabatan,pin,jadwal,nik"


def _preview(two_units, *lines: str) -> tuple[ImportBatch, dict[int, RowOutcome]]:
    with translation.override("id"):
        batch = import_preview(
            kind="employees",
            filename="pegawai.csv",
            content="\n".join([HEADER, *lines]).encode(),
            actor=None,
            allowed_unit_ids=None,
        )
    return batch, {r["line"]: RowOutcome.from_json(r) for r in batch.rows}


def _apply(batch: ImportBatch) -> ImportBatch:
    import_confirm(batch=batch, actor=None)
    with translation.override("id"):
        jobs_run_pending()
    batch.refresh_from_db()
    return batch


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("198001012005011002," + "A" * 250 + ",DINKES,PNS,Staf,301,5HK,", "nama: "),
        ("198001012005011002,Budi,DINKES,PNS," + "J" * 250 + ",301,5HK,", "jabatan: "),
        ("198001012005011002,Budi,DINKES,PNS,Staf,301,5HK,1505016609860001", "nik: "),
        ("199001012015051001,Budi,DINKES,PNS,Staf,301,5HK,", "pegawai jenis lain"),
    ],
)
def test_a_row_apply_would_refuse_is_refused_in_the_preview(two_units, line, words):
    employee_create(
        unit=two_units["DISDIK"],
        start=date(2025, 1, 1),
        pppk_number="199001012015051001",
        nik="1505016609860001",
        name="Pemilik",
        employee_type="PPPK",
    )
    batch, rows = _preview(two_units, line)
    assert batch.counts["new"] == 0 and batch.counts["invalid"] == 1
    assert any(words in error for error in rows[2].errors), rows[2].errors


def test_two_rows_with_one_nik_are_refused_in_the_preview(two_units):
    batch, rows = _preview(
        two_units,
        "198001012005011002,Budi,DINKES,PNS,Staf,301,5HK,1505016609860001",
        "198001012005011003,Sari,DINKES,PNS,Staf,302,5HK,1505016609860001",
    )
    assert batch.counts == {"new": 1, "changed": 0, "unchanged": 0, "invalid": 1}
    assert rows[3].errors == ["NIK 1505016609860001 sudah dipakai di baris 2 berkas ini."]


def test_a_start_date_out_of_range_is_refused_in_the_preview(two_units):
    lines = ["198001012005011002,Budi,DINKES,PNS,Staf,301,5HK,"]
    header_with_date = HEADER + ",berlaku"
    with translation.override("id"):
        batch = import_preview(
            kind="employees",
            filename="pegawai.csv",
            content=f"{header_with_date}\n{lines[0]},9999-12-31".encode(),
            actor=None,
            allowed_unit_ids=None,
        )
    assert batch.counts["invalid"] == 1
    assert "berlaku: Tanggal '9999-12-31' di luar rentang" in batch.rows[0]["errors"][0]


def test_a_row_refused_at_apply_is_reported_and_the_others_are_written(two_units):
    batch, _rows = _preview(
        two_units,
        "198001012005011002,Budi,DINKES,PNS,Staf,301,5HK,",
        "198001012005011003,Sari,DINKES,PNS,Staf,302,5HK,",
    )
    assert batch.counts["new"] == 2
    # Between preview and apply someone gives Sari's NIP to an employee of another type's
    # field: the preview computed again at apply refuses the row, the other is written.
    employee_create(
        unit=two_units["DISDIK"],
        start=date(2025, 1, 1),
        pppk_number="198001012005011003",
        name="Pemilik",
        employee_type="PPPK",
    )
    batch = _apply(batch)
    assert batch.state == ImportState.APPLIED
    assert batch.counts == {"new": 1, "changed": 0, "unchanged": 0, "invalid": 1}
    assert Employee.objects.filter(nip="198001012005011002").exists()
    refused_row = next(r for r in batch.rows if r["status"] == "invalid")
    assert refused_row["errors"] == [
        "Nomor 198001012005011003 sudah dimiliki pegawai jenis lain. Periksa kolom jenis."
    ]


def test_a_row_the_database_refuses_at_apply_is_kept_with_its_reason(two_units, monkeypatch):
    """A refusal only the database sees (a race the preview could not know) is caught per
    row: the row is reported in words, the others are written."""
    from django.core.exceptions import ValidationError

    from hadir.people import services as people

    batch, _rows = _preview(
        two_units,
        "198001012005011002,Budi,DINKES,PNS,Staf,301,5HK,",
        "198001012005011003,Sari,DINKES,PNS,Staf,302,5HK,",
    )
    real_create = people.employee_create

    def create(**fields):
        if fields.get("nip") == "198001012005011003":
            raise ValidationError("PIN 302 baru saja dipakai pegawai lain.")
        return real_create(**fields)

    monkeypatch.setattr(people, "employee_create", create)
    batch = _apply(batch)
    assert batch.state == ImportState.APPLIED
    refused_row = next(r for r in batch.rows if r["status"] == "invalid")
    assert refused_row["errors"] == [
        "Tidak disimpan: PIN 302 baru saja dipakai pegawai lain. Perbaiki barisnya lalu "
        "unggah berkas lagi."
    ]
    assert list(Employee.objects.values_list("nip", flat=True)) == ["198001012005011002"]


def test_a_page_that_does_not_exist_is_an_indonesian_page_in_the_layout(small_region):
    response, body = _page(_browser(small_region["users"]["bkd_admin"]), "/units/TIDAKADA/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in body and "Not Found" not in body
    assert 'class="topbar"' in body


def test_a_unit_moved_under_its_own_sub_unit_in_the_database_is_refused_in_the_preview(
    two_units,
):
    with translation.override("id"):
        batch = import_preview(
            kind="units",
            filename="unit.csv",
            content=b"kode,nama,jenis,induk_kode,lat,lon,radius_m\nDINKES,Dinkes,dinas,PKM-A,,,\n",
            actor=None,
            allowed_unit_ids=None,
        )
    assert batch.counts["invalid"] == 1
    assert batch.rows[0]["errors"] == ["Rantai induk_kode berputar kembali ke unit ini."]
    assert Unit.objects.get(code="DINKES").parent is None


@pytest.mark.parametrize("lat", ["NaN", "Infinity", "1e309", "999"])
def test_a_unit_site_at_an_impossible_latitude_is_refused_in_the_preview(region, lat):
    with translation.override("id"):
        batch = import_preview(
            kind="units",
            filename="unit.csv",
            content=f"kode,nama,jenis,induk_kode,lat,lon,radius_m\nX1,X,dinas,,{lat},103.6,100\n".encode(),
            actor=None,
            allowed_unit_ids=None,
        )
    assert batch.counts["invalid"] == 1


def test_an_apply_that_fails_says_why_in_indonesian_on_the_import_page(two_units, make_user):
    from hadir.accounts.models import Role

    batch, _rows = _preview(two_units, "198001012005011002,Budi,DINKES,PNS,Staf,301,5HK,")
    import_confirm(batch=batch, actor=None)
    # The stored file is gone (a disk replaced without its data): apply cannot read it.
    from pathlib import Path

    Path(batch.stored_path).unlink()
    with translation.override("id"):
        jobs_run_pending()
    batch.refresh_from_db()
    assert batch.state == ImportState.FAILED
    assert batch.error.startswith("Impor tidak dapat diterapkan (FileNotFoundError)")
    response, body = _page(_browser(make_user("bkd", Role.BKD_ADMIN)), f"/imports/{batch.pk}/")
    assert response.status_code == 200
    assert "Impor tidak dapat diterapkan (FileNotFoundError); tidak ada yang ditulis." in body


def test_apply_uses_the_same_checks_as_the_preview(two_units):
    batch, _rows = _preview(two_units, "198001012005011002," + "A" * 250 + ",DINKES,PNS,S,301,5HK,")
    batch.state = ImportState.QUEUED
    batch.save()
    result = import_apply(batch=batch)
    assert result["created"] == 0 and result["invalid"] == 1


@pytest.mark.parametrize("field", ["users", "fingerprints", "records", "clock_drift_seconds"])
def test_an_agent_health_count_beyond_its_column_is_refused_not_a_500(small_region, field):
    token = agent_token_create(unit=small_region["units"]["DINKES"], name="PC-TU").plaintext
    client = Client(raise_request_exception=False, headers={"Authorization": f"Bearer {token}"})
    body = {"machines": [{"sn": "AGT-1", "reachable": True, field: 2**63}]}
    response = client.post(
        "/api/v1/agent/health", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 422


@pytest.mark.parametrize("column", [1, 3])
def test_a_nul_in_one_cell_refuses_that_row_only(two_units, column):
    """A flashdisk-damaged cell is one refused row with its reason, not "not a CSV file"."""
    cells = ["198001012005011002", "Budi", "DINKES", "PNS", "Staf", "301", "5HK", ""]
    cells[column] = cells[column][:2] + "\x00" + cells[column][2:]
    batch, rows = _preview(
        two_units, ",".join(cells), "198001012005011003,Sari,DINKES,PNS,Staf,302,5HK,"
    )
    assert batch.counts == {"new": 1, "changed": 0, "unchanged": 0, "invalid": 1}
    name = HEADER.split(",")[column]
    assert f"Kolom {name} memuat karakter NUL (berkas rusak)" in " ".join(rows[2].errors)


def test_a_file_with_nul_in_its_first_line_is_still_not_a_table(two_units):
    with translation.override("id"), pytest.raises(UnreadableFile) as refused:
        import_preview(
            kind="employees",
            filename="pegawai.csv",
            content="nip,nama".encode("utf-16-le"),
            actor=None,
            allowed_unit_ids=None,
        )
    assert "bukan tabel CSV atau XLSX" in str(refused.value)
