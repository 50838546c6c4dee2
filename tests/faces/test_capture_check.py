"""A phone capture of someone with a reference waits for the worker's face check: the same
face becomes the punch, another face, no face or two faces a request for the head with the
score; someone without a reference is judged as before."""

from __future__ import annotations

import pytest

from hadir.faces.models import FaceCheck
from hadir.faces.services import reference_enrol
from hadir.jobs.models import Job
from hadir.jobs.services import jobs_run_pending
from hadir.mobile.models import Outcome
from hadir.punches.models import Punch
from hadir.requests.models import RequestKind
from tests.faces import faceset


@pytest.fixture
def enrolled(people, operator, store):
    reference_enrol(
        actor=operator, employee=people["budi"], photo=store(faceset.portrait()), consent=True
    )


def test_the_same_face_becomes_the_punch(enrolled, send):
    received = send(photo=faceset.jpeg(faceset.portrait_variants()["dark"]))
    capture = received.capture
    assert capture.outcome == Outcome.FACE_CHECK and "dicocokkan" in capture.message
    assert not Punch.objects.exists()  # nothing counted before the check
    assert Job.objects.filter(kind="faces.check_capture").count() == 1
    jobs_run_pending()
    capture.refresh_from_db()
    assert capture.outcome == Outcome.PUNCH and Punch.objects.filter(key=capture.punch_key).exists()
    check = FaceCheck.objects.get(capture=capture)
    assert check.verdict == "match" and check.distance < check.threshold
    assert check.seconds < 5


@pytest.mark.parametrize(
    ("picture", "verdict", "words"),
    [
        (lambda: faceset.other_face(10), "mismatch", "tidak cocok"),
        (faceset.no_face, "no_face", "Tidak ada wajah"),
        (faceset.two_faces, "several_faces", "2 wajah"),
    ],
)
def test_another_face_no_face_or_two_faces_become_a_request_with_the_score(
    enrolled, send, picture, verdict, words
):
    capture = send(photo=faceset.jpeg(picture())).capture
    jobs_run_pending()
    capture.refresh_from_db()
    check = FaceCheck.objects.get(capture=capture)
    assert check.verdict == verdict
    assert capture.outcome == Outcome.REQUEST and not Punch.objects.filter(counted=True).exists()
    request = capture.request
    assert request.kind == RequestKind.PHONE_ATTENDANCE and request.state == "pending"
    assert words.lower() in request.reason.lower()
    if verdict == "mismatch":
        assert f"{round((1 - check.distance) * 100)}%" in request.reason  # the score is shown
    assert request.evidence.exists()  # the selfie goes with it


def test_without_a_reference_the_capture_is_judged_as_before(people, send):
    capture = send(photo=faceset.jpeg(faceset.other_face(4))).capture
    assert capture.outcome == Outcome.PUNCH
    assert not Job.objects.filter(kind="faces.check_capture").exists()


def test_a_check_that_runs_twice_settles_once(enrolled, send):
    from hadir.faces.jobs import check_capture

    capture = send(photo=faceset.jpeg(faceset.portrait())).capture
    check_capture({"capture": capture.pk})
    check_capture({"capture": capture.pk})
    assert Punch.objects.filter(source="app").count() == 1
    assert FaceCheck.objects.filter(capture=capture).count() == 1


def test_the_phone_shows_a_capture_being_checked_then_its_fate(enrolled, send):
    from hadir.mobile.fate import Fate, capture_fate

    capture = send(photo=faceset.jpeg(faceset.portrait())).capture
    assert capture_fate(capture).fate is Fate.CHECKING
    jobs_run_pending()
    capture.refresh_from_db()
    assert capture_fate(capture).fate is Fate.RECORDED
