"""Flashdisk files: preview counts on real exports, confirm through the ingestion service,
the command line, and refusing what is not a machine's text export."""

from __future__ import annotations

import hashlib
from datetime import datetime
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import translation

from hadir.accounts.models import Role
from hadir.devices.models import Device, DeviceState, UsbImport, UsbImportState
from hadir.devices.usb import usb_confirm, usb_preview
from hadir.punches.models import Punch, QuarantinedLine
from tests.devices.conftest import FIXTURES, logged_in, post_attlog

WIB = ZoneInfo("Asia/Jakarta")
HAFIDZ = FIXTURES / "usb_attlog/hafidzSabri_Project-JakartaNEWS__1_attlog.dat"
JOOWDX = FIXTURES / "usb_attlog/joowdx_clockwork__1_attlog.dat"
KCK = FIXTURES / "usb_attlog/kckdevelop_smartschool-v3__1_attlog.first5lines.dat"
TANK = FIXTURES / "usb_attlog/tankwanghow_full_circle__1_attlog.transcribed.dat"
# 384 lines, 2022-11-30 .. 2022-12-30, 10 of them in November; PINs 1, 5 and 6 have 133
# lines, 129 of them from December (counted with awk over the file).
JAN_5 = datetime(2023, 1, 5, 0, 0, tzinfo=WIB)  # 35 days back: 2022-12-01 00:00


@pytest.fixture
def known_staff(two_units, make_employee):
    return [make_employee(two_units["DINKES"], pin=pin) for pin in ("1", "5", "6")]


def preview(device, path: Path, now=JAN_5):
    return usb_preview(
        filename=path.name, content=path.read_bytes(), actor=None, device=device, now=now
    )


def test_preview_counts_a_real_export_and_writes_nothing(active_device, known_staff, settings):
    batch = preview(active_device, HAFIDZ)
    assert batch.counts == {
        "lines": 384,
        "new": 374,
        "duplicate": 0,
        "unknown_pin": 374 - 129,
        "invalid": 0,
        "out_of_window": 10,
    }
    assert not Punch.objects.exists() and not QuarantinedLine.objects.exists()
    digest = hashlib.sha256(HAFIDZ.read_bytes()).hexdigest()
    stored = Path(settings.DATA_DIR) / "usb" / f"{digest}.dat"
    assert batch.stored_path == str(stored) and stored.read_bytes() == HAFIDZ.read_bytes()
    assert batch.problems[0]["reason"] == "out_of_window"
    assert "lebih lama dari 35 hari" in batch.problems[0]["message"]


def test_confirm_stores_through_the_ledger_and_a_second_upload_is_all_duplicates(
    active_device, known_staff
):
    done = usb_confirm(usb_import=preview(active_device, HAFIDZ), actor=None, now=JAN_5)
    assert done.state == UsbImportState.APPLIED
    assert done.result == {
        "received": 374,
        "new": 374,
        "duplicate": 0,
        "unmatched": 245,
        "quarantined": 10,
        "held": 0,
    }
    assert Punch.objects.filter(source="usb", source_ref=active_device.sn).count() == 374
    assert Punch.objects.filter(employee__isnull=False, counted=True).count() == 129
    assert (
        QuarantinedLine.objects.filter(reason="out_of_window", device=active_device).count() == 10
    )
    again = preview(active_device, HAFIDZ)
    assert (again.counts["new"], again.counts["duplicate"]) == (0, 374)


@pytest.mark.parametrize(
    "corrupt",
    [
        b"  1633\t2022-12-30 1\x00\x00\x00\n",  # a line cut short by NUL bytes, among the first
        b"\x00" * 4096,  # a NUL-padded tail, as a flashdisk leaves a file it did not finish
    ],
    ids=["nul-line", "nul-tail"],
)
def test_a_line_a_flashdisk_corrupted_is_refused_alone(active_device, known_staff, corrupt):
    lines = HAFIDZ.read_bytes().splitlines(keepends=True)
    content = b"".join(lines[:3]) + corrupt + b"".join(lines[3:])
    if corrupt.startswith(b"\x00"):
        content = HAFIDZ.read_bytes() + corrupt
    batch = usb_preview(
        filename=HAFIDZ.name, content=content, actor=None, device=active_device, now=JAN_5
    )
    assert batch.counts["new"] == 374  # every good line still read
    assert batch.counts["invalid"] == 1
    assert any(p["reason"] != "out_of_window" for p in batch.problems)


def test_a_punch_that_came_by_push_is_a_duplicate_in_the_file(active_device):
    post_attlog(
        Client(),
        active_device.sn,
        b"5\t2022-12-30 16:21:51\t1\t1\t0\t0\t0\n",
    )
    counts = preview(active_device, HAFIDZ).counts
    assert (counts["new"], counts["duplicate"]) == (373, 1)


def test_eleven_column_and_five_wide_exports(active_device):
    kck = preview(active_device, KCK, now=datetime(2026, 7, 21, tzinfo=WIB)).counts
    assert (kck["lines"], kck["new"], kck["unknown_pin"], kck["out_of_window"]) == (5, 5, 5, 0)
    tank = preview(active_device, TANK, now=datetime(2015, 6, 24, tzinfo=WIB)).counts
    assert (tank["lines"], tank["new"], tank["out_of_window"]) == (13, 13, 0)
    future = preview(active_device, TANK, now=datetime(2015, 6, 21, tzinfo=WIB)).counts
    assert future["out_of_window"] == 13  # two days ahead of the server: a wrong clock


def test_command_line_registers_a_new_sn_for_the_unit(two_units, settings):
    settings.HADIR_USB_MAX_AGE_DAYS = 10_000
    with pytest.raises(CommandError, match="--unit"):
        call_command("import_attlog", str(JOOWDX), "--device", "USB-NEW", "--yes")
    out = StringIO()
    call_command(
        "import_attlog", str(JOOWDX), "--device", "USB-NEW", "--unit", "DISDIK", "--yes", stdout=out
    )
    device = Device.objects.get(sn="USB-NEW")
    assert (device.state, device.unit) == (DeviceState.ACTIVE, two_units["DISDIK"])
    assert Punch.objects.filter(device=device, counted=True).count() == 11902
    assert "11902 absensi baru" in out.getvalue()
    out = StringIO()
    call_command("import_attlog", str(JOOWDX), "--device", "USB-NEW", "--yes", stdout=out)
    assert "0 absensi baru, 11902 sudah tersimpan" in out.getvalue()
    assert Punch.objects.count() == 11902


def test_command_line_asks_before_saving(active_device, monkeypatch, settings):
    settings.HADIR_USB_MAX_AGE_DAYS = 10_000
    monkeypatch.setattr("builtins.input", lambda prompt: "t")
    call_command("import_attlog", str(TANK), "--device", active_device.sn, stdout=StringIO())
    assert not Punch.objects.exists()
    assert UsbImport.objects.get().state == UsbImportState.CANCELLED


@pytest.mark.parametrize(
    "content",
    [b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", b"\x7fELF\x02\x01\x01\x00", b"1\t2022\x00\x00binary"],
)
def test_a_program_or_binary_file_is_refused_with_a_clear_message(
    two_units, make_user, active_device, content
):
    operator = make_user("op", Role.OPERATOR, two_units["DINKES"])
    client = logged_in(operator)
    upload = SimpleUploadedFile("1_attlog.dat", content, content_type="application/octet-stream")
    response = client.post("/devices/usb/", {"device": active_device.pk, "file": upload})
    assert response.status_code == 200
    assert "bukan ekspor absensi dari mesin sidik jari" in response.content.decode()
    refused = UsbImport.objects.get()  # kept with its reason; nothing read from it
    assert refused.state == UsbImportState.REFUSED
    assert "bukan ekspor absensi dari mesin sidik jari" in refused.error
    assert not Punch.objects.exists()
    detail = client.get(f"/devices/usb/{refused.pk}/").content.decode()
    assert "bukan ekspor absensi dari mesin sidik jari" in detail


def test_too_many_lines_are_refused_and_kept(active_device, settings):
    settings.HADIR_UPLOAD_MAX_ROWS = 3
    lines = b"".join(b"1\t2025-01-0%d 07:00:00\t1\t0\t1\t0\n" % day for day in range(1, 5))
    with translation.override("id"), pytest.raises(ValidationError) as error:
        usb_preview(filename="1_attlog.dat", content=lines, actor=None, device=active_device)
    assert error.value.messages == [
        "Berkas memiliki lebih dari 3 baris. Salin hanya absensi terbaru dari mesin (unduh "
        "per tanggal), atau pecah berkas menjadi bagian berisi paling banyak 3 baris."
    ]
    assert UsbImport.objects.get().error == error.value.messages[0]
    three = b"".join(lines.splitlines(keepends=True)[:3])
    kept = usb_preview(filename="1_attlog.dat", content=three, actor=None, device=active_device)
    assert kept.counts["lines"] == 3


def test_too_large_and_empty_files_are_refused(active_device, settings):
    settings.HADIR_USB_MAX_BYTES = 100
    with pytest.raises(ValidationError, match="batasnya"):
        preview(active_device, HAFIDZ)
    with pytest.raises(ValidationError, match="kosong"):
        usb_preview(filename="x.dat", content=b"\r\n", actor=None, device=active_device)


def test_web_preview_and_confirm_for_an_operator(two_units, make_user, active_device, settings):
    settings.HADIR_USB_MAX_AGE_DAYS = 10_000
    operator = make_user("op", Role.OPERATOR, two_units["DINKES"])
    client = logged_in(operator)
    form = client.get("/devices/usb/").content.decode()
    assert active_device.sn in form
    upload = SimpleUploadedFile("1_attlog.dat", TANK.read_bytes())
    response = client.post(
        "/devices/usb/", {"device": active_device.pk, "file": upload}, follow=True
    )
    page = response.content.decode()
    assert 'data-count="new">13<' in page and "Belum ada yang disimpan" in page
    batch = UsbImport.objects.get()
    client.post(f"/devices/usb/{batch.pk}/decide/", {"decision": "confirm"})
    assert Punch.objects.filter(source="usb").count() == 13
    other = logged_in(make_user("op2", Role.OPERATOR, two_units["DISDIK"]))
    assert other.get(f"/devices/usb/{batch.pk}/").status_code == 404


def test_web_new_sn_for_own_unit_only(two_units, make_user, active_device, settings):
    settings.HADIR_USB_MAX_AGE_DAYS = 10_000
    client = logged_in(make_user("op", Role.OPERATOR, two_units["DINKES"]))
    upload = SimpleUploadedFile("1_attlog.dat", TANK.read_bytes())
    refused = client.post(
        "/devices/usb/", {"new_sn": "FD-1", "unit": two_units["SDN-1"].pk, "file": upload}
    )
    assert refused.status_code == 200 and not UsbImport.objects.exists()
    upload = SimpleUploadedFile("1_attlog.dat", TANK.read_bytes())
    taken = client.post(
        "/devices/usb/", {"new_sn": active_device.sn, "unit": two_units["PKM-A"].pk, "file": upload}
    )
    assert "sudah terdaftar" in taken.content.decode()
    upload = SimpleUploadedFile("1_attlog.dat", TANK.read_bytes())
    client.post("/devices/usb/", {"new_sn": "FD-1", "unit": two_units["PKM-A"].pk, "file": upload})
    batch = UsbImport.objects.get()
    assert not Device.objects.filter(sn="FD-1").exists()  # registered only on confirm
    client.post(f"/devices/usb/{batch.pk}/decide/", {"decision": "confirm"})
    assert Device.objects.get(sn="FD-1").unit == two_units["PKM-A"]
    assert Punch.objects.filter(device__sn="FD-1").count() == 13
