"""A phone capture the trust checks did not accept is its own kind of request, worded for
the head of unit who decides it, and approving it records the punch like a correction."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from hadir.attendance.models import DayRecord
from hadir.attendance.recompute import recompute_all_dirty
from hadir.mobile.models import Outcome
from hadir.punches.models import Punch, PunchSource
from hadir.requests.decisions import request_approve, request_reject
from hadir.requests.forms import RequestForm
from hadir.requests.models import Request, RequestKind, RequestState
from hadir.requests.services import request_submit
from tests.mobile.conftest import NOW

pytestmark = pytest.mark.django_db

JAKARTA = (-6.2, 106.816666)  # ~118 km from the office in Bandung
SURABAYA = (-7.257472, 112.752088)  # ~569 km from it


@pytest.mark.parametrize(
    ("where", "direction", "reason"),
    [
        (
            SURABAYA,
            "in",
            "Budi absen masuk lewat ponsel pukul 07:30 di 569 km dari Kantor (di luar radius "
            "100 m); selfie terlampir.",
        ),
        (
            JAKARTA,
            "out",
            "Budi absen pulang lewat ponsel pukul 07:30 di 118 km dari Kantor (di luar radius "
            "100 m); selfie terlampir.",
        ),
        (
            None,
            "in",
            "Budi absen masuk lewat ponsel pukul 07:30 tanpa lokasi; ponsel tidak memberi "
            "lokasi; selfie terlampir.",
        ),
    ],
)
def test_the_request_speaks_to_the_approver(send, where, direction, reason):
    capture = send(direction, where=where).capture
    assert capture.outcome == Outcome.REQUEST
    assert capture.request.kind == RequestKind.PHONE_ATTENDANCE
    assert capture.request.reason == reason
    assert "Anda" not in capture.request.reason


def test_other_checks_come_after_the_distance_for_the_approver(send):
    capture = send("in", sent_at=NOW - timedelta(minutes=20)).capture
    assert capture.request.reason == (
        "Budi absen masuk lewat ponsel pukul 07:30 di 0 m dari Kantor; jam ponsel berbeda 20 "
        "menit dari jam server; selfie terlampir."
    )


@pytest.mark.parametrize("decide", ["approve", "reject"])
def test_the_head_decides_and_an_approval_records_the_punch(send, people, decide):
    capture = send("in", where=SURABAYA).capture
    request = capture.request
    assert not Punch.objects.exists()
    if decide == "approve":
        request_approve(request=request, actor=people["head"], now=NOW + timedelta(hours=1))
    else:
        request_reject(request=request, actor=people["head"], reason="Tidak di kantor", now=NOW)
    request.refresh_from_db()
    punches = list(Punch.objects.filter(employee=people["budi"]))
    recompute_all_dirty()
    day = DayRecord.objects.filter(employee=people["budi"], day=NOW.date()).first()
    if decide == "approve":
        assert request.state == RequestState.APPROVED
        assert [(p.source, p.local_time) for p in punches] == [
            (PunchSource.MANUAL, "2026-03-10 07:30:00")
        ]
        assert day is not None and day.check_in == NOW
    else:
        assert request.state == RequestState.REJECTED
        assert punches == []


def test_the_head_s_list_and_page_name_the_kind(send, people):
    request = send("in", where=SURABAYA).capture.request
    client = Client()
    client.force_login(people["head"])
    listing = client.get("/requests/").content.decode()
    assert "Absen lewat ponsel, perlu diperiksa" in listing
    page = client.get(f"/requests/{request.pk}/").content.decode()
    assert "di 569 km dari Kantor (di luar radius 100 m)" in page
    assert "569 km" in page  # the signals table too, in km
    assert "Koreksi absen" not in page


@pytest.mark.parametrize("via", ["service", "form", "api"])
def test_nobody_files_it_by_hand(people, via):
    if via == "api":
        client = Client()
        client.force_login(people["budi_user"])
        answer = client.post(
            "/api/v1/requests",
            data={"kind": "phone_attendance", "first_day": "2026-03-10", "check_in": "07:30",
                  "reason": "di rumah"},
        )  # fmt: skip
        assert answer.status_code in (400, 422), answer.content
        assert "halaman absen lewat ponsel" in answer.content.decode()
        assert not Request.objects.exists()
        return
    if via == "form":
        offered = dict(RequestForm.base_fields["kind"].choices)
        assert RequestKind.PHONE_ATTENDANCE not in offered
        return
    with pytest.raises(ValidationError) as refused:
        request_submit(
            actor=people["budi_user"],
            kind=RequestKind.PHONE_ATTENDANCE,
            employee=people["budi"],
            first_day=NOW.date(),
            check_in=NOW.time(),
            reason="di rumah",
            now=NOW,
        )
    assert "halaman absen lewat ponsel" in refused.value.messages[0]
