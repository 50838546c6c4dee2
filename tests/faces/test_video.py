"""The face video of the flashdisk fallback: frames matched against the person the request
names, the best frames kept beside the request with their scores."""

from __future__ import annotations

import io
from datetime import date

import pytest

from hadir.faces.models import FaceCheck
from hadir.faces.services import reference_enrol
from hadir.jobs.services import jobs_run_pending
from hadir.requests.evidence import evidence_attach, evidence_store
from hadir.requests.models import Request, RequestKind
from hadir.requests.services import request_submit
from tests.faces import faceset
from tests.mobile.conftest import NOW


@pytest.fixture
def request_with(people, operator, store):
    reference_enrol(
        actor=operator, employee=people["budi"], photo=store(faceset.portrait()), consent=True
    )

    def go(video: bytes) -> Request:
        request = request_submit(
            actor=people["budi_user"],
            kind=RequestKind.PUNCH_CORRECTION,
            employee=people["budi"],
            first_day=date(2026, 3, 10),
            check_in=NOW.time().replace(tzinfo=None),
            reason="Tidak ada sinyal, video wajah di flashdisk",
            now=NOW,
        )
        stored = evidence_store(
            stream=io.BytesIO(video), filename="wajah.mp4", actor=people["budi_user"], now=NOW
        )
        evidence_attach(
            request=request,
            evidence=stored,
            filename="wajah.mp4",
            actor=people["budi_user"],
            now=NOW,
        )
        jobs_run_pending()
        return request

    return go


def test_a_video_of_the_employee_matches_and_its_best_frames_are_shown(request_with):
    variants = faceset.portrait_variants()
    request = request_with(
        faceset.video([faceset.portrait(), variants["dark"], variants["mirrored"]])
    )
    check = FaceCheck.objects.get(request=request)
    assert check.verdict == "match" and check.video is not None
    assert len(check.frames) == 3
    assert all(f["distance"] is not None and f["distance"] < 0.5 for f in check.frames)
    frame_photos = {f["photo"] for f in check.frames}
    attached = set(request.evidence.values_list("evidence_id", flat=True))
    assert frame_photos <= attached  # the approver sees them with the request's evidence


def test_a_video_of_someone_else_does_not_match(request_with):
    request = request_with(faceset.video([faceset.other_face(12), faceset.other_face(12)]))
    check = FaceCheck.objects.get(request=request)
    assert check.verdict == "mismatch" and check.distance > 0.5


def test_a_video_that_cannot_be_read_says_so(request_with):
    # The evidence check accepts it as MP4 by its header; the decoder cannot read it.
    broken = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 200
    request = request_with(broken)
    check = FaceCheck.objects.get(request=request)
    assert check.verdict == "no_face" and check.error


def test_a_video_with_frames_too_large_is_refused_before_decoding(request_with, monkeypatch):
    from hadir.faces import engine

    monkeypatch.setattr(engine, "MAX_PIXELS", 320 * 320 - 1)  # the test video is 320 x 320
    request = request_with(faceset.video([faceset.portrait()]))
    check = FaceCheck.objects.get(request=request)
    assert check.verdict == "no_face" and check.error


@pytest.mark.parametrize(("max_decoded", "sampled"), [(3, 2), (3_000, 6)])
def test_decoding_stops_after_a_bounded_number_of_frames(
    tmp_path, monkeypatch, max_decoded, sampled
):
    from hadir.faces import engine

    monkeypatch.setattr(engine, "VIDEO_MAX_DECODED", max_decoded)
    path = tmp_path / "v.mp4"
    path.write_bytes(faceset.video([faceset.portrait()], fps=4, seconds=3.0))  # 12 frames
    # one every half second: 0, 0.5 ... 2.5 s; with 3 decoded at most: 0 and 0.5 s
    assert len(engine.video_frames(path)) == sampled
