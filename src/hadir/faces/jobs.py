"""The worker's face jobs. A check that fails for any reason still settles its capture (as a
request for the head, saying the face could not be checked): nothing waits forever."""

from __future__ import annotations

import logging
from typing import Any

from django.db import DatabaseError
from django.utils import timezone

from hadir.accounts.models import User
from hadir.faces.engine import MODEL_NAME
from hadir.faces.models import FaceCheck
from hadir.faces.services import capture_face_check, threshold
from hadir.faces.video import video_face_check
from hadir.jobs.registry import job_handler
from hadir.mobile.models import Capture
from hadir.requests.models import Evidence, Request
from hadir.rules.faces import FaceVerdict

logger = logging.getLogger(__name__)


@job_handler("faces.check_capture")
def check_capture(payload: dict[str, Any]) -> dict[str, Any]:
    from hadir.mobile.face_settle import capture_settle_face

    capture = Capture.objects.select_related("employee", "photo", "sent_by").get(
        pk=int(payload["capture"])
    )
    now = timezone.now()
    try:
        check = capture_face_check(capture, now=now)
    except DatabaseError:
        raise  # the worker puts the job back
    except Exception as error:  # the model failed: the head decides, the capture is not lost
        logger.warning("face check of capture %s failed: %s", capture.pk, type(error).__name__)
        check = FaceCheck.objects.create(
            employee=capture.employee,
            capture=capture,
            verdict=FaceVerdict.NO_FACE,
            threshold=threshold(),
            model=MODEL_NAME,
            seconds=0.0,
            checked_at=now,
            error=type(error).__name__,
        )
    capture_settle_face(capture, check, now=now)
    return {"verdict": check.verdict, "distance": check.distance, "seconds": check.seconds}


@job_handler("faces.check_video")
def check_video(payload: dict[str, Any]) -> dict[str, Any]:
    request = Request.objects.select_related("employee").get(pk=int(payload["request"]))
    video = Evidence.objects.get(pk=int(payload["evidence"]))
    by = User.objects.filter(pk=payload.get("by") or 0).first()
    check = video_face_check(request=request, video=video, uploader=by, now=timezone.now())
    return {"verdict": check.verdict, "distance": check.distance, "frames": len(check.frames)}
