"""capture_receive: geofence, idempotency, the window, trust signals."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied

from hadir.attendance.models import DayRecord
from hadir.attendance.recompute import recompute_all_dirty
from hadir.mobile.models import Capture, Outcome
from hadir.punches.models import Punch
from hadir.requests.models import Request, RequestKind, RequestState
from hadir.requests.window import deadline_for
from tests.mobile.conftest import NOW, jpeg

FAR = (-6.920000, 107.609810)  # ~585 m south of the office
pytestmark = pytest.mark.django_db


def test_inside_becomes_a_punch_and_counts_for_the_day(send, people):
    received = send("in")
    capture = received.capture
    assert capture.outcome == Outcome.PUNCH
    assert capture.distance_m == pytest.approx(0.0, abs=0.5)
    assert capture.location.label == "Kantor"
    punch = Punch.objects.get()
    assert (punch.source, punch.key) == ("app", f"app:{capture.client_id}")
    assert punch.employee_id == people["budi"].pk
    recompute_all_dirty()
    day = DayRecord.objects.get(employee=people["budi"], day=NOW.date())
    assert day.check_in == NOW
    assert capture.message == "Absen masuk tercatat pukul 07:30."


def test_a_phone_punch_counts_for_an_employee_without_a_machine_pin(send, people):
    """The phone is the channel of people the machine does not know; their punch used to be
    stored under an empty PIN, matched to nobody, while the phone said it was recorded."""
    budi = people["budi"]
    budi.pin = None
    budi.save(update_fields=["pin"])
    assert send("in").capture.outcome == Outcome.PUNCH
    assert Punch.objects.get().employee_id == budi.pk
    recompute_all_dirty()
    assert DayRecord.objects.get(employee=budi, day=NOW.date()).check_in == NOW


def test_a_resend_returns_the_first_outcome_and_stores_nothing(send):
    client_id = uuid.uuid4()
    first = send("in", client_id=client_id)
    again = send("in", client_id=client_id, photo=jpeg("other"), now=NOW + timedelta(hours=1))
    assert not first.replay and again.replay
    assert again.capture.pk == first.capture.pk
    assert (Capture.objects.count(), Punch.objects.count()) == (1, 1)


def test_another_account_cannot_reuse_a_client_id(send, people):
    client_id = uuid.uuid4()
    send("in", client_id=client_id)
    with pytest.raises(PermissionDenied):
        send("in", client_id=client_id, user=people["sari_user"])


def test_outside_becomes_a_pending_phone_attendance_with_the_photo(send, people):
    capture = send("out", at=NOW + timedelta(hours=9), where=FAR).capture
    assert capture.outcome == Outcome.REQUEST
    assert capture.distance_m == pytest.approx(585, abs=5)
    request = capture.request
    assert (request.kind, request.state) == (RequestKind.PHONE_ATTENDANCE, RequestState.PENDING)
    entry = request.entries.get()
    assert (entry.check_in, entry.check_out.strftime("%H:%M")) == (None, "16:30")
    assert request.reason == (
        "Budi absen pulang lewat ponsel pukul 16:30 di 584 m dari Kantor (di luar radius "
        "100 m); selfie terlampir."
    )
    assert "Anda berada 584 m dari Kantor, di luar radius 100 m" in capture.message
    assert request.evidence.get().evidence_id == capture.photo_id
    assert f"#{request.pk}" in capture.message
    assert not Punch.objects.exists()


@pytest.mark.parametrize(
    ("changes", "flag", "words"),
    [
        ({"accuracy": 350.0}, None, "tidak cukup tepat"),
        ({"accuracy": None}, None, "tidak cukup tepat"),
        ({"mocked": True}, "mocked", "palsu"),
        ({"where": None}, None, "tidak memberi lokasi"),
        ({"sent_at": NOW - timedelta(minutes=20)}, "clock_skewed", "20 menit"),
    ],
)
def test_weak_signals_need_approval(send, changes, flag, words):
    capture = send("in", **changes).capture
    assert capture.outcome == Outcome.REQUEST
    assert words in capture.request.reason
    if flag:
        assert getattr(capture, flag)


def test_clock_skew_is_measured_at_send_time_for_queued_captures(send):
    # Taken at 07:30 offline, sent at 12:00 by a correct clock: no skew.
    capture = send("in", now=NOW + timedelta(hours=4, minutes=30)).capture
    assert capture.clock_skew_seconds == 0
    assert capture.outcome == Outcome.PUNCH


def test_the_same_photo_twice_is_flagged(send):
    send("in", photo=jpeg("same"))
    capture = send("out", at=NOW + timedelta(hours=9), photo=jpeg("same")).capture
    assert capture.duplicate_photo
    assert capture.outcome == Outcome.REQUEST
    assert "foto yang sama" in capture.request.reason


def test_impossible_travel_is_flagged(send):
    send("in", where=(-6.2, 106.816666))  # Jakarta at 07:30
    capture = send("out", at=NOW + timedelta(minutes=10)).capture  # Bandung 10 minutes later
    assert capture.impossible_travel
    assert capture.travel_speed_kmh > 600
    assert capture.outcome == Outcome.REQUEST


def test_a_capture_past_the_window_is_refused_with_the_deadline(send):
    day = NOW.date() - timedelta(days=10)
    deadline = deadline_for(day)
    late = NOW - timedelta(days=10)
    capture = send("in", at=late, now=NOW, sent_at=NOW).capture
    assert capture.outcome == Outcome.REFUSED
    assert deadline.text in capture.message
    assert "BKD" in capture.message
    assert not Punch.objects.exists() and not Request.objects.exists()


def test_window_edges(send):
    day = NOW.date() - timedelta(days=3)
    closes = deadline_for(day).closes_at
    at = NOW - timedelta(days=3)
    assert send("in", at=at, now=closes - timedelta(seconds=1)).capture.outcome == Outcome.PUNCH
    late = send("out", at=at + timedelta(hours=9), now=closes).capture
    assert late.outcome == Outcome.REFUSED
