"""A capture that waited for its face check gets its fate: the employee's face → the punch;
no face, several faces or another face → a request for the head of unit with the score,
never a silent refusal and never a deduction by itself."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hadir.audit.services import audit_record
from hadir.faces.models import FaceCheck
from hadir.mobile.models import Capture, Direction, Outcome
from hadir.mobile.services import RECORDED_IN, RECORDED_OUT, _punch, _to_request
from hadir.mobile.trust import TrustReport
from hadir.org.selectors import region_timezone
from hadir.rules.faces import FaceVerdict, similarity_percent

NO_FACE = gettext_noop("no face was found in the selfie")
SEVERAL = gettext_noop("the selfie shows %(n)s faces")
OTHER_FACE = gettext_noop(
    "the face in the selfie does not match the reference photo (similarity %(score)s%%, "
    "at least %(needed)s%% needed)"
)
NOT_CHECKED = gettext_noop("the face could not be checked (%(error)s)")


def _reason(check: FaceCheck) -> str:
    if check.verdict == FaceVerdict.NO_FACE:
        return _(NOT_CHECKED) % {"error": check.error} if check.error else _(NO_FACE)
    if check.verdict == FaceVerdict.SEVERAL_FACES:
        return _(SEVERAL) % {"n": check.faces}
    distance = check.distance if check.distance is not None else 1.0
    return _(OTHER_FACE) % {
        "score": similarity_percent(distance),
        "needed": similarity_percent(check.threshold),
    }


def capture_settle_face(capture: Capture, check: FaceCheck, *, now: datetime) -> None:
    if capture.outcome != Outcome.FACE_CHECK:
        return  # settled before (a job run twice)
    local = capture.captured_at.astimezone(region_timezone()).replace(tzinfo=None, microsecond=0)
    with translation.override(settings.LANGUAGE_CODE):
        try:
            if check.verdict in (FaceVerdict.MATCH, FaceVerdict.NO_REFERENCE):
                capture.punch_key = _punch(capture, local)
                capture.outcome = Outcome.PUNCH
                done = RECORDED_IN if capture.direction == Direction.IN else RECORDED_OUT
                capture.message = _(done) % {"time": f"{local:%H:%M}"}
            else:
                report = TrustReport()
                report.fail(_reason(check))
                # Filed as of the capture's arrival: the time the check took never makes it late.
                with transaction.atomic():
                    _to_request(capture, local, report, capture.sent_by, capture.received_at)
                capture.outcome = Outcome.REQUEST
        except ValidationError as exc:
            capture.outcome = Outcome.REFUSED
            capture.message = " ".join(exc.messages)
        capture.save(update_fields=["outcome", "message", "punch_key", "request"])
        audit_record(
            actor=None,
            action="capture.face",
            target=capture,
            data={
                "verdict": check.verdict,
                "distance": check.distance,
                "faces": check.faces,
                "outcome": capture.outcome,
                "request": capture.request_id,
            },
        )
