"""Imports: preview shows new/changed/invalid with reasons; nothing is written until
confirmed; re-importing the same file changes nothing."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import translation
from openpyxl import Workbook

from hadir.accounts.models import Role
from hadir.audit.models import AuditEvent
from hadir.imports.models import ImportBatch, ImportState
from hadir.imports.outcome import RowOutcome, RowStatus
from hadir.imports.readers import UnreadableFile
from hadir.imports.services import import_apply, import_confirm, import_preview
from hadir.jobs.services import jobs_run_pending
from hadir.org.models import Unit
from hadir.people.models import Employee
from hadir.people.services import employee_create

UNITS_CSV = """kode,nama,jenis,induk_kode,lat,lon,radius_m
DINKES,Dinas Kesehatan,dinas,,-1.600000,103.600000,100
PKM-A,Puskesmas A,puskesmas,DINKES,-1.610000,103.610000,80
SDN-2,SD Negeri 2,sekolah,DISDIK,-1.620000,103.620000,60
SDN-2,SD Negeri 2,sekolah,DISDIK,-1.621000,103.621000,60
DISDIK,Dinas Pendidikan,dinas,,,,
BAD,Unit Salah,kantor,,-1.6,103.6,100
JAUH,Unit Jauh,dinas,TIDAKADA,-1.6,203.6,100
"""


def preview(kind, text, allowed=None, name="data.csv"):
    with translation.override("id"):
        batch = import_preview(
            kind=kind,
            filename=name,
            content=text.encode() if isinstance(text, str) else text,
            actor=None,
            allowed_unit_ids=allowed,
        )
    outcomes = [RowOutcome.from_json(r) for r in batch.rows]
    by_key = {o.key or f"line {o.line}": o for o in outcomes}
    return batch, by_key


def confirm_and_run(batch):
    import_confirm(batch=batch, actor=None)
    with translation.override("id"):
        assert jobs_run_pending() == 1
    batch.refresh_from_db()
    return batch


def test_units_preview_writes_nothing_then_apply_and_reimport(region):
    batch, rows = preview("units", UNITS_CSV)
    assert batch.counts == {"new": 4, "changed": 0, "unchanged": 0, "invalid": 2}
    assert Unit.objects.count() == 0
    assert rows["BAD"].errors == [
        "jenis kantor tidak dikenal; gunakan salah satu dari: sekretariat, dinas, badan, "
        "kecamatan, sekolah, puskesmas, upt."
    ]
    assert any("lat harus di antara -90" in e for e in rows["JAUH"].errors)
    batch = confirm_and_run(batch)
    assert batch.state == ImportState.APPLIED
    assert Unit.objects.get(code="PKM-A").parent.code == "DINKES"
    assert Unit.objects.get(code="SDN-2").locations.count() == 2
    assert Unit.objects.get(code="SDN-2").path.startswith(Unit.objects.get(code="DISDIK").path)
    audit_count = AuditEvent.objects.count()

    again, rows = preview("units", UNITS_CSV)
    assert again.counts == {"new": 0, "changed": 0, "unchanged": 4, "invalid": 2}
    confirm_and_run(again)
    assert AuditEvent.objects.count() == audit_count + 2  # confirm + apply, no unit events

    changed = UNITS_CSV.replace("Puskesmas A,", "Puskesmas Anggrek,")
    _third, rows = preview("units", changed)
    assert rows["PKM-A"].status == RowStatus.CHANGED
    assert rows["PKM-A"].changes == {"nama": ["Puskesmas A", "Puskesmas Anggrek"]}


def employees_csv(*rows: str) -> str:
    return "nip,nama,unit_kode,jenis,jabatan,pin,jadwal\n" + "\n".join(rows) + "\n"


GOOD = [
    "198609262015051001,Budi Santoso,DINKES,PNS,Analis Kesehatan,101,5HK",
    "199001012023212001,Sari Dewi,PKM-A,PPPK,Perawat,102,SHIFT",
    "1505016609860001,Rina,PKM-A,non-ASN,Pengemudi,103,",
]


def test_employee_preview_reasons_and_idempotent_reimport(two_units):
    bad = [
        "198613262015051001,Salah Tanggal,DINKES,PNS,Staf,201,5HK",
        "198609262015051002,Unit Lain,DISDIK,PNS,Staf,202,5HK",
        "198609262015051003,PIN Ganda,DINKES,PNS,Staf,101,5HK",
        "198609262015051004,Jadwal Aneh,DINKES,PNS,Staf,204,7HK",
        "198609262015051005,,DINKES,honorer,Staf,205,5HK",
    ]
    allowed = {two_units["DINKES"].pk, two_units["PKM-A"].pk}
    batch, rows = preview("employees", employees_csv(*GOOD, *bad), allowed)
    assert batch.counts == {"new": 3, "changed": 0, "unchanged": 0, "invalid": 5}
    assert Employee.objects.count() == 0
    assert rows["198609262015051002"].errors == [
        "unit_kode DISDIK bukan unit yang Anda kelola. Periksa kodenya di daftar unit."
    ]
    assert rows["198609262015051003"].errors == ["PIN 101 sudah dipakai di baris 2 berkas ini."]
    assert "jadwal 7HK tidak dikenal" in rows["198609262015051004"].errors[0]
    assert rows["line 9"].errors[0].startswith("jenis honorer tidak dikenal")
    assert rows["line 9"].errors[1] == "nama kosong."
    assert "bukan tanggal yang benar" in rows["line 5"].errors[0]

    confirm_and_run(batch)
    assert Employee.objects.count() == 3
    assert Employee.objects.get(pppk_number="199001012023212001").unit.code == "PKM-A"
    assert Employee.objects.get(nik="1505016609860001").employee_type == "NON_ASN"

    again, _ = preview("employees", employees_csv(*GOOD), allowed)
    assert again.counts == {"new": 0, "changed": 0, "unchanged": 3, "invalid": 0}
    before = list(Employee.objects.order_by("pk").values())
    confirm_and_run(again)
    assert list(Employee.objects.order_by("pk").values()) == before


def test_employee_moved_to_other_unit_keeps_history(two_units):
    header = "nip,nama,unit_kode,jenis,jabatan,pin,jadwal,berlaku\n"
    first, _ = preview("employees", header + GOOD[0] + ",2025-01-01\n")
    confirm_and_run(first)
    early = header + GOOD[0].replace("DINKES", "PKM-A") + ",2024-12-01\n"
    _refused, rows = preview("employees", early)
    assert rows["198609262015051001"].errors == [
        "berlaku 2024-12-01 lebih awal dari penempatan sekarang (sejak 2025-01-01)."
    ]
    moved = header + GOOD[0].replace("DINKES", "PKM-A") + ",2026-03-01\n"
    batch, rows = preview("employees", moved)
    assert rows["198609262015051001"].changes == {"unit_kode": ["DINKES", "PKM-A"]}
    confirm_and_run(batch)
    employee = Employee.objects.get(nip="198609262015051001")
    history = [
        (a.unit.code, str(a.valid_from), str(a.valid_to)) for a in employee.assignments.all()
    ]
    assert history == [
        ("DINKES", "2025-01-01", "2026-02-28"),
        ("PKM-A", "2026-03-01", "None"),
    ]


def test_xlsx_is_read_by_content(two_units):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["nip", "nama", "unit_kode", "jenis", "jabatan", "pin", "jadwal"])
    sheet.append(["198609262015051001", "Budi", "DINKES", "PNS", "Staf", 101, "5HK"])
    sheet.append([198609262015051002, "Typed As Number", "DINKES", "PNS", "Staf", 102, "5HK"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    batch, rows = preview("employees", buffer.getvalue(), name="pegawai.bin")
    assert batch.counts["new"] == 1
    assert rows["198609262015051001"].values["pin"] == "101"
    (refused,) = [r for r in rows.values() if r.line == 3]
    assert refused.errors[0] == (
        "Kolom nip berisi angka yang terlalu panjang untuk Excel (angka terakhirnya hilang). "
        "Format kolom sebagai Teks lalu ketik ulang nomornya."
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Berkas kosong."),
        (b"nip,nama\n1,2\n", "Kolom tidak ada: unit_kode, jenis, jabatan, pin, jadwal."),
        (b"MZ\x90\x00\x03\x00binary", "bukan tabel CSV atau XLSX"),
        (b"PK\x03\x04broken-zip", "Berkas Excel tidak bisa dibuka"),
    ],
)
def test_unreadable_files_get_a_clear_message(region, content, message):
    with translation.override("id"), pytest.raises(UnreadableFile) as error:
        import_preview(
            kind="employees",
            filename="x.csv",
            content=content,
            actor=None,
            allowed_unit_ids=None,
        )
    assert message in str(error.value)
    refused = ImportBatch.objects.get()  # kept with its reason, nothing else written
    assert (refused.state, refused.rows) == (ImportState.REFUSED, [])
    assert message in refused.error


def test_cli_preview_then_yes_then_idempotent(two_units, tmp_path, capsys):
    path = tmp_path / "pegawai.csv"
    path.write_text(employees_csv(*GOOD))
    call_command("import_employees", str(path), "--yes")
    out = capsys.readouterr().out
    assert "3 baru" in out and "Selesai: 3 dibuat" in out
    call_command("import_employees", str(path), "--yes")
    out = capsys.readouterr().out
    assert "3 sama" in out and "Tidak ada yang berubah." in out
    assert Employee.objects.count() == 3


def test_cli_answer_no_writes_nothing(two_units, tmp_path, capsys, monkeypatch):
    path = tmp_path / "pegawai.csv"
    path.write_text(employees_csv(*GOOD))
    monkeypatch.setattr("builtins.input", lambda prompt: "t")
    call_command("import_employees", str(path))
    assert "Dibatalkan" in capsys.readouterr().out
    assert Employee.objects.count() == 0


def test_web_upload_preview_confirm(two_units, make_user):
    user = make_user("op", Role.OPERATOR, two_units["DINKES"])
    client = Client()
    client.force_login(user)
    upload = io.BytesIO(employees_csv(*GOOD).encode())
    upload.name = "pegawai.csv"
    response = client.post("/imports/new/", {"kind": "employees", "file": upload})
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert batch.uploaded_by == user
    page = client.get(response["Location"]).content.decode()
    assert "Belum ada yang disimpan" in page
    assert Employee.objects.count() == 0
    client.post(f"/imports/{batch.pk}/decide/", {"decision": "confirm"})
    jobs_run_pending()
    assert Employee.objects.count() == 3
    other = make_user("op2", Role.OPERATOR, two_units["DISDIK"])
    client2 = Client()
    client2.force_login(other)
    assert client2.get(f"/imports/{batch.pk}/").status_code == 404


def test_apply_rechecks_rows(two_units):
    batch, _ = preview("employees", employees_csv(*GOOD))
    employee_create(
        unit=two_units["DISDIK"],
        start=date(2025, 1, 1),
        nip="198001012005011001",
        name="Pemilik PIN",
        employee_type="PNS",
        pin="101",
    )
    batch.state = ImportState.QUEUED
    batch.save()
    result = import_apply(batch=batch)
    assert result["created"] == 2 and result["invalid"] == 1
