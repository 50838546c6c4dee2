"""Every capture's fate on the phone (recorded, waiting, approved, rejected with the reason,
cancelled, refused), and whether the next capture is a check-in or a check-out."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client

from hadir.mobile.fate import Fate, capture_fate, next_direction
from hadir.mobile.selectors import day_status
from hadir.requests.decisions import request_approve, request_cancel, request_reject
from tests.mobile.conftest import NOW

FAR = (-6.920000, 107.609810)  # ~585 m south of the office: a request for the head
REASON = "Foto tidak jelas, silakan absen ulang di kantor"
pytestmark = pytest.mark.django_db


def _flagged(send):
    return send("in", where=FAR).capture


def _recorded(send, people):
    return send("in").capture, Fate.RECORDED, "Tercatat", "Absen masuk tercatat pukul 07:30."


def _waiting(send, people):
    capture = _flagged(send)
    return capture, Fate.WAITING, "Menunggu persetujuan", capture.message


def _approved(send, people):
    capture = _flagged(send)
    request_approve(request=capture.request, actor=people["head"], now=NOW)
    return capture, Fate.APPROVED, "Disetujui", "Disetujui: jam ini dihitung untuk hari tersebut."


def _rejected(send, people):
    capture = _flagged(send)
    request_reject(request=capture.request, actor=people["head"], reason=REASON, now=NOW)
    return capture, Fate.REJECTED, "Ditolak", f"Ditolak oleh kepala unit. Alasan: {REASON}"


def _cancelled(send, people):
    capture = _flagged(send)
    request_cancel(request=capture.request, actor=people["budi_user"], now=NOW)
    note = "Permohonan dibatalkan; jam ini tidak dihitung."
    return capture, Fate.CANCELLED, "Dibatalkan", note


def _refused(send, people):
    capture = send("in", at=NOW - timedelta(days=30), now=NOW).capture
    return capture, Fate.REFUSED, "Ditolak sistem", capture.message


@pytest.mark.parametrize(
    "make",
    [_recorded, _waiting, _approved, _rejected, _cancelled, _refused],
    ids=lambda f: f.__name__,
)
def test_each_fate_with_its_label_and_note(send, people, make):
    capture, fate, label, note = make(send, people)
    capture.refresh_from_db()
    shown = capture_fate(capture)
    assert (shown.fate, shown.note) == (fate, note)
    if fate is not Fate.REFUSED:
        assert shown.label == label
    assert shown.note  # every fate says why


def test_a_rejection_reaches_the_page_and_the_api_with_its_reason(send, people):
    capture = _flagged(send)
    assert day_status(people["budi"], NOW.date()).waiting == 1
    request_reject(request=capture.request, actor=people["head"], reason=REASON, now=NOW)
    assert day_status(people["budi"], NOW.date()).waiting == 0  # no longer "waiting"
    client = Client()
    client.force_login(people["budi_user"])
    (mine,) = client.get("/api/v1/captures/mine", {"date": NOW.date().isoformat()}).json()
    assert (mine["fate"], mine["fate_label"]) == ("rejected", "Ditolak")
    assert mine["fate_note"] == f"Ditolak oleh kepala unit. Alasan: {REASON}"


def test_an_approved_capture_counts_as_the_days_check_in(send, people):
    capture = _flagged(send)
    assert day_status(people["budi"], NOW.date()).check_in is None
    request_approve(request=capture.request, actor=people["head"], now=NOW)
    assert day_status(people["budi"], NOW.date()).check_in == "07:30"


@pytest.mark.parametrize(
    ("captures", "hour", "direction"),
    [
        ((), "06:45", "in"),  # the 5-day week: 07:30-16:00 on a Tuesday
        ((), "14:27", "in"),  # a late arrival is still a check-in
        ((), "16:30", None),  # after the end with nothing yet: ask
        (("07:20",), "11:50", None),  # mid-day with one punch: ask
        (("07:20",), "16:05", "out"),
    ],
)
def test_next_direction_by_schedule_and_punches(send, people, captures, hour, direction):
    for text in captures:
        h, m = map(int, text.split(":"))
        send("in", at=NOW.replace(hour=h, minute=m))
    h, m = map(int, hour.split(":"))
    assert next_direction(people["budi"], NOW.replace(hour=h, minute=m)) == direction
