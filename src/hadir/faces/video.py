"""The face video a request carries (the flashdisk fallback): frames sampled from its start
are matched against the employee the request names; the best frames are kept as photos
beside the request, so the approver sees them with their scores."""

from __future__ import annotations

import io
import time
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from hadir.faces.engine import MODEL_NAME, FaceInputError, engine, frame_jpeg, video_frames
from hadir.faces.models import FaceCheck
from hadir.faces.services import reference_embeddings, threshold
from hadir.requests.evidence import evidence_attach, evidence_file, evidence_store
from hadir.requests.models import Evidence, Request
from hadir.rules.faces import FaceJudgement, FaceVerdict, judge_frames

FRAMES_SHOWN = 3


def video_face_check(
    *, request: Request, video: Evidence, uploader: Any, now: datetime
) -> FaceCheck:
    """Match the video's frames; the best frames are attached to the request in the name of
    whoever attached the video (they are taken from it)."""
    existing = FaceCheck.objects.filter(request=request, video=video).first()
    if existing is not None:
        return existing
    started = time.perf_counter()
    employee = request.employee
    if employee is None:  # a sheet for several people: no one face to compare
        raise ValueError("a face video belongs to a request of one employee")
    references = reference_embeddings(employee)
    path = evidence_file(video)
    error = ""
    frames = []
    try:
        frames = video_frames(path) if path is not None else []
        if path is None:
            error = _("the video is no longer kept")
    except FaceInputError:
        error = _("the video could not be read")
    found = [engine().faces(frame.rgb) for frame in frames]
    overall, ranked = judge_frames(found, references, threshold=threshold())
    if error:
        overall = FaceJudgement(FaceVerdict.NO_FACE, None, 0)
    shown = []
    for index, judged in ranked[:FRAMES_SHOWN]:
        frame = frames[index]
        photo = evidence_store(
            stream=io.BytesIO(frame_jpeg(frame)),
            filename=f"bingkai-{frame.seconds:.1f}s.jpg",
            actor=None,
            now=now,
        )
        evidence_attach(
            request=request,
            evidence=photo,
            filename=f"bingkai-video-{frame.seconds:.1f}s.jpg",
            actor=uploader or request.submitted_by,
            now=now,
        )
        shown.append(
            {
                "seconds": round(frame.seconds, 1),
                "distance": judged.distance,
                "similarity": judged.similarity_percent,
                "faces": judged.faces,
                "verdict": judged.verdict.value,
                "photo": photo.pk,
            }
        )
    return FaceCheck.objects.create(
        employee=employee,
        request=request,
        video=video,
        verdict=overall.verdict,
        distance=overall.distance,
        faces=overall.faces,
        frames=shown,
        threshold=threshold(),
        model=MODEL_NAME,
        seconds=time.perf_counter() - started,
        checked_at=now,
        error=error,
    )
