"""Requests change day results only once approved, through the recompute."""

from __future__ import annotations

from datetime import date, time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.utils import translation

from hadir.attendance.models import DirtyDay
from hadir.attendance.recompute import recompute_all_dirty
from hadir.attendance.services import recompute_month
from hadir.audit.models import AuditEvent
from hadir.punches.models import Punch
from hadir.requests.decisions import (
    request_approve,
    request_cancel,
    request_reject,
    request_verify,
)
from hadir.requests.models import RequestState
from hadir.requests.services import EntryIn, manual_sheet_submit, request_submit
from tests.requests.helpers import PDF, at, png_bytes, record, upload


def history(request) -> list[str]:
    return list(
        AuditEvent.objects.filter(target_type="requests.request", target_id=str(request.pk))
        .order_by("at", "id")
        .values_list("action", flat=True)
    )


def test_a_manual_sheet_for_20_turns_tk_into_h_after_approval_not_before(people, make_employee):
    staff = [make_employee(people["unit"]) for _ in range(20)]
    recompute_month("2026-03")
    assert {record(e, "2026-03-10").codes for e in staff} == {"TK"}
    sheet = manual_sheet_submit(
        actor=people["operator"],
        unit=people["unit"],
        day=date(2026, 3, 10),
        entries=[EntryIn(e, time(7, 25), time(16, 5)) for e in staff],
        reason="Mesin sidik jari rusak",
        files=[upload(png_bytes())],
        now=at("2026-03-11 09:00"),
    )
    assert sheet.state == RequestState.PENDING and sheet.entries.count() == 20
    assert sheet.evidence.count() == 1
    recompute_all_dirty()
    assert {record(e, "2026-03-10").codes for e in staff} == {"TK"}
    assert not Punch.objects.filter(source="manual").exists()

    request_approve(request=sheet, actor=people["head"], now=at("2026-03-11 10:00"))
    assert Punch.objects.filter(source_ref=f"request:{sheet.pk}").count() == 40
    recompute_all_dirty()
    assert {record(e, "2026-03-10").codes for e in staff} == {"H"}
    assert record(staff[0], "2026-03-09").codes == "TK"  # only the sheet's day changed
    assert history(sheet) == ["request.submit", "request.evidence", "request.approve"]


def test_revoking_an_approved_sheet_stops_its_punches_counting(people):
    recompute_month("2026-03")
    sheet = manual_sheet_submit(
        actor=people["operator"],
        unit=people["unit"],
        day=date(2026, 3, 10),
        entries=[EntryIn(people["budi"], time(7, 20), time(16, 10))],
        reason="Listrik padam",
        files=[upload(png_bytes())],
        now=at("2026-03-10 17:00"),
    )
    request_approve(request=sheet, actor=people["head"])
    recompute_all_dirty()
    assert record(people["budi"], "2026-03-10").codes == "H"
    with translation.override("id"), pytest.raises(ValidationError) as error:
        request_cancel(request=sheet, actor=people["head"])
    assert "hanya dapat dicabut dengan alasan" in str(error.value)
    request_cancel(request=sheet, actor=people["head"], reason="Lembar ternyata palsu")
    assert Punch.objects.filter(source_ref=f"request:{sheet.pk}", counted=True).count() == 0
    assert Punch.objects.filter(source_ref=f"request:{sheet.pk}").count() == 2  # kept
    recompute_all_dirty()
    assert record(people["budi"], "2026-03-10").codes == "TK"


def test_a_rejected_request_changes_nothing(people):
    recompute_month("2026-03")
    DirtyDay.objects.all().delete()
    request = request_submit(
        actor=people["budi_user"],
        kind="sakit",
        employee=people["budi"],
        first_day=date(2026, 3, 10),
        last_day=date(2026, 3, 11),
        reason="Demam",
        files=[upload(PDF, "surat-dokter.pdf")],
        now=at("2026-03-10 08:00"),
    )
    with translation.override("id"), pytest.raises(ValidationError) as error:
        request_reject(request=request, actor=people["head"], reason=" ")
    assert "alasan penolakan" in str(error.value)
    request_reject(request=request, actor=people["head"], reason="Surat dokter tidak terbaca")
    request.refresh_from_db()
    assert request.state == RequestState.REJECTED
    assert request.closed_reason == "Surat dokter tidak terbaca"
    assert not DirtyDay.objects.exists()
    recompute_all_dirty()
    assert record(people["budi"], "2026-03-10").codes == "TK"
    with pytest.raises(ValidationError):
        request_approve(request=request, actor=people["head"])
    assert history(request)[-1] == "request.reject"


def test_approved_cuti_gives_c_and_sakit_gives_s(people):
    recompute_month("2026-03")
    cuti = request_submit(
        actor=people["budi_user"],
        kind="cuti",
        leave_type="tahunan",
        employee=people["budi"],
        first_day=date(2026, 3, 9),
        last_day=date(2026, 3, 10),
        now=at("2026-03-05 08:00"),
    )
    sakit = request_submit(
        actor=people["operator"],
        kind="sakit",
        employee=people["sari"],
        first_day=date(2026, 3, 9),
        reason="Tipes",
        files=[upload(PDF, "surat.pdf")],
        now=at("2026-03-09 08:00"),
    )
    recompute_all_dirty()
    assert record(people["budi"], "2026-03-09").codes == "TK"
    request_approve(request=cuti, actor=people["head"])
    request_approve(request=sakit, actor=people["head"])
    recompute_all_dirty()
    day = record(people["budi"], "2026-03-09")
    assert (day.codes, day.leave_type) == ("C", "tahunan")
    assert record(people["budi"], "2026-03-10").codes == "C"
    assert record(people["budi"], "2026-03-11").codes == "TK"
    assert record(people["sari"], "2026-03-09").codes == "S"
    assert record(people["sari"], "2026-03-10").codes == "TK"


def test_correction_of_a_missing_punch(people, punch):
    punch(people["budi"].pin, "2026-03-10 07:20:00")
    recompute_month("2026-03")
    assert record(people["budi"], "2026-03-10").codes == "TAP"
    correction = request_submit(
        actor=people["budi_user"],
        kind="punch_correction",
        employee=people["budi"],
        first_day=date(2026, 3, 10),
        check_out=time(16, 15),
        reason="Lupa absen pulang",
        now=at("2026-03-11 07:00"),
    )
    request_approve(request=correction, actor=people["head"])
    request_approve_again = Punch.objects.filter(source="manual").count()
    assert request_approve_again == 1
    recompute_all_dirty()
    assert record(people["budi"], "2026-03-10").codes == "H"


def test_an_employee_without_a_pin_counts_on_a_sheet_and_keeps_it_when_given_one(
    people, make_employee
):
    """A new teacher not yet on the machine is exactly who the sheet is for: the approved
    times name the person, not a PIN, and stay theirs when a PIN (even another's) follows."""
    nopin = make_employee(people["unit"], name="Tanpa PIN", pin=None)
    sheet = manual_sheet_submit(
        actor=people["operator"],
        unit=people["unit"],
        day=date(2026, 3, 10),
        entries=[EntryIn(people["budi"], time(7, 30)), EntryIn(nopin, time(7, 30), time(16, 5))],
        reason="Mesin rusak",
        files=[upload(png_bytes())],
        now=at("2026-03-10 17:00"),
    )
    request_approve(request=sheet, actor=people["head"], now=at("2026-03-11 10:00"))
    assert Punch.objects.filter(employee=nopin, pin="").count() == 2
    recompute_all_dirty()
    assert record(nopin, "2026-03-10").codes == "H"
    nopin.pin = "4242"
    nopin.save(update_fields=["pin"])
    recompute_month("2026-03")
    assert record(nopin, "2026-03-10").codes == "H"


def test_overlapping_requests_are_refused(people):
    request_submit(
        actor=people["budi_user"],
        kind="izin",
        employee=people["budi"],
        first_day=date(2026, 3, 10),
        reason="Urusan keluarga",
        now=at("2026-03-09 08:00"),
    )
    with translation.override("id"), pytest.raises(ValidationError) as error:
        request_submit(
            actor=people["budi_user"],
            kind="dinas_luar",
            employee=people["budi"],
            first_day=date(2026, 3, 9),
            last_day=date(2026, 3, 11),
            spt_number="094/12/DINKES/2026",
            now=at("2026-03-09 08:00"),
        )
    assert "sudah punya permohonan #" in str(error.value)


def test_an_employee_cannot_submit_for_someone_else_nor_approve(people):
    with pytest.raises(PermissionDenied):
        request_submit(
            actor=people["budi_user"],
            kind="izin",
            employee=people["sari"],
            first_day=date(2026, 3, 10),
            reason="x",
            now=at("2026-03-09 08:00"),
        )
    own = request_submit(
        actor=people["budi_user"],
        kind="izin",
        employee=people["budi"],
        first_day=date(2026, 3, 10),
        reason="Mengantar anak",
        now=at("2026-03-09 08:00"),
    )
    with pytest.raises(PermissionDenied):
        request_approve(request=own, actor=people["budi_user"])
    with pytest.raises(PermissionDenied):
        request_approve(request=own, actor=people["operator"])


@override_settings(HADIR_REQUEST_VERIFY_KINDS=["manual_attendance"])
def test_bkd_verification_level_holds_the_sheet_until_verified(people):
    recompute_month("2026-03")
    sheet = manual_sheet_submit(
        actor=people["operator"],
        unit=people["unit"],
        day=date(2026, 3, 10),
        entries=[EntryIn(people["budi"], time(7, 20), time(16, 10))],
        reason="Mesin rusak",
        files=[upload(png_bytes())],
        now=at("2026-03-10 17:00"),
    )
    request_approve(request=sheet, actor=people["head"])
    recompute_all_dirty()
    assert record(people["budi"], "2026-03-10").codes == "TK"
    with pytest.raises(PermissionDenied):
        request_verify(request=sheet, actor=people["head"])
    request_verify(request=sheet, actor=people["bkd"])
    recompute_all_dirty()
    assert record(people["budi"], "2026-03-10").codes == "H"
    assert history(sheet)[-1] == "request.verify"


def test_submitter_cancels_a_pending_request(people):
    request = request_submit(
        actor=people["budi_user"],
        kind="fwa",
        employee=people["budi"],
        first_day=date(2026, 3, 10),
        reason="Banjir",
        now=at("2026-03-09 08:00"),
    )
    with pytest.raises(PermissionDenied):
        request_cancel(request=request, actor=people["other_operator"])
    request_cancel(request=request, actor=people["budi_user"])
    request.refresh_from_db()
    assert request.state == RequestState.CANCELLED
