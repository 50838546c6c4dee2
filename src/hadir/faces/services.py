"""Reference faces: enrol (with consent) and withdraw; the face check of a phone capture and
of an evidence video. Every change is audited; nothing here deducts anything."""

from __future__ import annotations

import logging
import time
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hadir.accounts.models import Role
from hadir.accounts.scope import scope_for
from hadir.audit.services import audit_record
from hadir.faces.engine import MODEL_NAME, FaceInputError, engine, image_rgb
from hadir.faces.models import FaceCheck, FaceReference, ReferenceSource
from hadir.faces.sealing import SealBroken, seal, unseal
from hadir.mobile.models import Capture, Outcome
from hadir.people.models import Employee
from hadir.requests.evidence import evidence_file
from hadir.requests.models import Evidence, RequestState
from hadir.rules.faces import FaceJudgement, FaceVerdict, FoundFace, judge

logger = logging.getLogger(__name__)

NO_CONSENT = gettext_noop(
    "Tick that the employee agreed to this photo being their reference face; without their "
    "consent no reference is kept."
)
NOT_A_PHOTO = gettext_noop("The reference must be a photo (JPEG, PNG or WebP).")
PHOTO_GONE = gettext_noop("This photo is no longer kept (its retention period ended).")
NO_FACE_IN_PHOTO = gettext_noop(
    "No face was found in this photo. Use a photo of the face from the front, in good light."
)
SEVERAL_IN_PHOTO = gettext_noop(
    "This photo shows %(n)s faces. Use a photo with the employee's face only."
)
CAPTURE_NOT_USABLE = gettext_noop(
    "Only a capture of this employee that was recorded or approved can become a reference."
)


def face_match_enabled() -> bool:
    return bool(getattr(settings, "HADIR_FACE_MATCH", True))


def threshold() -> float:
    return float(getattr(settings, "HADIR_FACE_THRESHOLD", 0.5))


def face_check_applies(employee: Employee) -> bool:
    """A capture waits for the face check when matching is on and the employee has a
    reference; without one it is judged by the other checks alone, as before."""
    return (
        face_match_enabled()
        and FaceReference.objects.filter(employee=employee, withdrawn_at__isnull=True).exists()
    )


def may_manage_faces(actor: Any, employee: Employee) -> bool:
    """BKD, and the operator or head of the employee's unit (Diskominfo and leadership read
    nothing of it: a face is not theirs to see)."""
    if getattr(actor, "is_superuser", False):
        return True
    scope = scope_for(actor)
    if scope.has_role(Role.BKD_ADMIN):
        return True
    return scope.has_role(Role.OPERATOR, Role.HEAD) and employee.unit_id in scope.unit_ids


def may_see_faces(actor: Any, employee: Employee) -> bool:
    return may_manage_faces(actor, employee) or scope_for(actor).employee_id == employee.pk


def active_references(employee: Employee) -> list[FaceReference]:
    return list(
        FaceReference.objects.filter(employee=employee, withdrawn_at__isnull=True).order_by("pk")
    )


def reference_embeddings(employee: Employee) -> list[tuple[float, ...]]:
    vectors = []
    for reference in active_references(employee):
        try:
            vectors.append(unseal(bytes(reference.sealed_embedding), employee_id=employee.pk))
        except SealBroken:
            logger.warning("face reference %s does not open (key changed?)", reference.pk)
    return vectors


def faces_in(evidence: Evidence) -> list[FoundFace]:
    path = evidence_file(evidence)
    if path is None:
        raise ValidationError(_(PHOTO_GONE))
    if not evidence.is_image:
        raise ValidationError(_(NOT_A_PHOTO))
    try:
        return engine().faces(image_rgb(path))
    except FaceInputError as error:
        raise ValidationError(_(NOT_A_PHOTO)) from error


def capture_counted(capture: Capture) -> bool:
    """A capture whose time counts: recorded as a punch, or approved by the head."""
    approved = capture.request is not None and capture.request.state == RequestState.APPROVED
    return capture.outcome == Outcome.PUNCH or approved


def _usable_capture(capture: Capture | None, employee: Employee) -> None:
    if capture is None:
        return
    if capture.employee_id != employee.pk or not capture_counted(capture):
        raise ValidationError(_(CAPTURE_NOT_USABLE))


@transaction.atomic
def reference_enrol(
    *,
    actor: Any,
    employee: Employee,
    photo: Evidence,
    consent: bool,
    capture: Capture | None = None,
    now: datetime | None = None,
) -> FaceReference:
    """Keep ``photo`` as one of ``employee``'s reference faces. The employee may enrol from
    their own recorded capture (their act is their consent); the unit's operator or head and
    BKD enrol from a capture or an uploaded photo and confirm the employee's consent."""
    own = scope_for(actor).employee_id == employee.pk
    if not (may_manage_faces(actor, employee) or (own and capture is not None)):
        raise PermissionDenied
    if not consent:
        raise ValidationError(_(NO_CONSENT))
    _usable_capture(capture, employee)
    found = faces_in(photo)
    counted = judge(found, []).faces  # no reference: only the faces are counted
    if counted == 0:
        raise ValidationError(_(NO_FACE_IN_PHOTO))
    if counted > 1:
        raise ValidationError(_(SEVERAL_IN_PHOTO) % {"n": counted})
    best = max(found, key=lambda f: f.score)
    now = now or timezone.now()
    reference = FaceReference.objects.create(
        employee=employee,
        photo=photo,
        source=ReferenceSource.CAPTURE if capture is not None else ReferenceSource.UPLOAD,
        capture=capture,
        sealed_embedding=seal(best.embedding, employee_id=employee.pk),
        consent_note=_("Confirmed by the employee") if own else _("Confirmed by the unit"),
        enrolled_by=actor,
        enrolled_at=now,
    )
    audit_record(
        actor=actor,
        action="face.enrol",
        target=employee,
        data={"reference": reference.pk, "source": reference.source, "photo": photo.sha256},
    )
    return reference


@transaction.atomic
def reference_withdraw(
    *, actor: Any, reference: FaceReference, now: datetime | None = None
) -> None:
    """Withdraw a reference: its embedding is erased at once; the photo stays evidence until
    its retention ends. The employee themselves, their unit's operator or head, or BKD."""
    employee = reference.employee
    if not (may_manage_faces(actor, employee) or scope_for(actor).employee_id == employee.pk):
        raise PermissionDenied
    if reference.withdrawn_at is not None:
        return
    reference.withdrawn_at = now or timezone.now()
    reference.withdrawn_by = actor
    reference.sealed_embedding = b""
    reference.save(update_fields=["withdrawn_at", "withdrawn_by", "sealed_embedding"])
    audit_record(
        actor=actor, action="face.withdraw", target=employee, data={"reference": reference.pk}
    )


def judge_photo(employee: Employee, photo: Evidence) -> tuple[FaceJudgement, float, str]:
    """The verdict for one photo of ``employee``, the seconds it took, and an error text."""
    started = time.perf_counter()
    references = reference_embeddings(employee)
    try:
        found = faces_in(photo)
    except ValidationError as error:
        judgement = FaceJudgement(FaceVerdict.NO_FACE, None, 0)
        return judgement, time.perf_counter() - started, " ".join(error.messages)[:200]
    judgement = judge(found, references, threshold=threshold())
    return judgement, time.perf_counter() - started, ""


def capture_face_check(capture: Capture, *, now: datetime | None = None) -> FaceCheck:
    """Check a capture's selfie against its employee's references and record the result."""
    existing = FaceCheck.objects.filter(capture=capture).first()
    if existing is not None:
        return existing
    judgement, seconds, error = (
        judge_photo(capture.employee, capture.photo)
        if capture.photo is not None
        else (FaceJudgement(FaceVerdict.NO_FACE, None, 0), 0.0, "no photo")
    )
    return FaceCheck.objects.create(
        employee=capture.employee,
        capture=capture,
        verdict=judgement.verdict,
        distance=judgement.distance,
        faces=judgement.faces,
        threshold=threshold(),
        model=MODEL_NAME,
        seconds=seconds,
        checked_at=now or timezone.now(),
        error=error,
    )
