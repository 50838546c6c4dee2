"""API of the phone page: send a capture (multipart, idempotent by ``client_id``) and read
one's own captures. Refused captures answer 422 with the reason, so the phone shows it and
stops resending; a resend of any capture answers its first outcome."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from hadir.accounts.scope import scope_for
from hadir.edge import EdgeError, accuracy_value, datetime_value, latitude_value, longitude_value
from hadir.edge.api_types import Parameter, SupportedDate
from hadir.mobile.fate import capture_fate
from hadir.mobile.models import Capture, Direction, Outcome
from hadir.mobile.selectors import captures_of, day_status
from hadir.mobile.services import CaptureIn, capture_receive
from hadir.org.selectors import region_timezone
from hadir.people.models import Employee
from hadir.requests.evidence import evidence_file, evidence_response

router = Router(tags=["mobile"])

BAD_DIRECTION = gettext_noop("direction must be in or out.")
BAD_ID = gettext_noop("client_id must be a UUID.")


class CaptureForm(Schema):
    client_id: Parameter
    direction: Parameter
    captured_at: Parameter
    sent_at: Parameter = ""
    lat: float | None = None
    lon: float | None = None
    accuracy: float | None = None
    mocked: bool | None = None


class CaptureDayOut(Schema):
    date: date
    check_in: str | None
    check_out: str | None
    waiting: int


class CaptureOut(Schema):
    client_id: str
    direction: str
    captured_at: datetime
    received_at: datetime
    outcome: str
    message: str
    request: int | None
    distance_m: float | None
    accuracy_m: float | None
    clock_skew_seconds: int | None
    flags: list[str]
    replay: bool = False
    day: CaptureDayOut | None = None
    fate: str = ""  # recorded, waiting, approved, rejected, cancelled, refused
    fate_label: str = ""
    fate_note: str = ""  # e.g. the head's reason for a rejection


def _aware(text: str, field: str) -> datetime:
    """The phone's clock reading, with its offset and within the supported years (a
    capture dated 9999-12-31 is refused here, before anything is stored)."""
    try:
        return datetime_value(text, name=field)
    except EdgeError as error:
        raise HttpError(400, error.text) from error


def _measured(check: Callable[..., float], value: float | None, name: str) -> float | None:
    """A position or accuracy from the phone, checked by the edge parser: NaN, Infinity
    (``1e309`` arrives as Infinity) and values off the globe answer 400 with a message the
    phone shows, and nothing is stored. (Plain ``float`` fields rather than constrained ones,
    so the refusal is a sentence, not a list of validation details.)"""
    if value is None:
        return None
    try:
        return check(value, name=name)
    except EdgeError as error:
        raise HttpError(400, error.text) from error


def _flags(capture: Capture) -> list[str]:
    names = ("clock_skewed", "duplicate_photo", "impossible_travel", "mocked")
    return [name for name in names if getattr(capture, name)]


def _day(employee: Employee, day: date) -> CaptureDayOut:
    status = day_status(employee, day)
    return CaptureDayOut(
        date=status.day,
        check_in=status.check_in,
        check_out=status.check_out,
        waiting=status.waiting,
    )


def capture_out(
    capture: Capture, *, replay: bool = False, day: CaptureDayOut | None = None
) -> CaptureOut:
    fate = capture_fate(capture)
    return CaptureOut(
        client_id=str(capture.client_id),
        direction=capture.direction,
        captured_at=capture.captured_at,
        received_at=capture.received_at,
        outcome=capture.outcome,
        message=capture.message,
        request=capture.request_id,
        distance_m=capture.distance_m,
        accuracy_m=capture.accuracy_m,
        clock_skew_seconds=capture.clock_skew_seconds,
        flags=_flags(capture),
        replay=replay,
        day=day,
        fate=fate.fate.value,
        fate_label=fate.label,
        fate_note=fate.note,
    )


def _input(data: CaptureForm, photo: UploadedFile) -> CaptureIn:
    try:
        client_id = uuid.UUID(data.client_id)
    except ValueError as exc:
        raise HttpError(400, _(BAD_ID)) from exc
    if data.direction not in Direction.values:
        raise HttpError(400, _(BAD_DIRECTION))
    lat = _measured(latitude_value, data.lat, "lat")
    lon = _measured(longitude_value, data.lon, "lon")
    if lat is None or lon is None:  # half a position is no position (found by fuzzing)
        lat = lon = None
    return CaptureIn(
        client_id=client_id,
        direction=data.direction,
        captured_at=_aware(data.captured_at, "captured_at"),
        sent_at=_aware(data.sent_at, "sent_at") if data.sent_at else None,
        lat=lat,
        lon=lon,
        accuracy=_measured(accuracy_value, data.accuracy, "accuracy"),
        mocked=data.mocked,
        photo=photo,
        photo_name=photo.name or "selfie.jpg",
    )


@router.post("/captures", response={200: CaptureOut, 201: CaptureOut, 422: CaptureOut})
def capture_create(
    request: HttpRequest, data: Form[CaptureForm], photo: File[UploadedFile]
) -> Status[CaptureOut]:
    """A check-in or check-out from the phone: ``client_id`` (UUID made by the phone),
    ``direction`` (in/out), ``captured_at`` and ``sent_at`` (the phone's clock when taken and
    when sent, ISO with offset), ``lat``/``lon``/``accuracy`` (metres), ``mocked``, and the
    ``photo``. 201: new; 200: received before (its first outcome); 422: refused, with the
    reason in ``message``."""
    incoming = _input(data, photo)
    try:
        received = capture_receive(user=request.user, data=incoming, now=timezone.now())
    except PermissionDenied as exc:
        raise HttpError(403, str(exc) or "Forbidden") from exc
    except ValidationError as exc:
        raise HttpError(400, " ".join(exc.messages)) from exc
    capture = received.capture
    out = capture_out(
        capture, replay=received.replay, day=_day(capture.employee, capture.local_date)
    )
    if capture.outcome == Outcome.REFUSED:
        return Status(422, out)
    return Status(200 if received.replay else 201, out)


@router.get("/captures/mine", response=list[CaptureOut])
def capture_mine(request: HttpRequest, date: SupportedDate | None = None) -> list[CaptureOut]:
    """This account's own captures of ``date`` (default: today in the region's zone)."""
    employee_id = scope_for(request.user).employee_id
    if employee_id is None:
        raise HttpError(404, "Not Found")
    employee = Employee.objects.get(pk=employee_id)
    day = date or timezone.now().astimezone(region_timezone()).date()
    status = _day(employee, day)
    return [capture_out(c, day=status) for c in captures_of(employee, day)]


@router.get("/captures/{client_id}/photo")
def capture_photo(request: HttpRequest, client_id: uuid.UUID) -> FileResponse:
    """The selfie of one of this account's own captures (404 for anyone else's, and once
    the retention period has deleted it). Approvers see it with the request instead."""
    employee_id = scope_for(request.user).employee_id
    capture = (
        Capture.objects.filter(client_id=client_id, employee_id=employee_id or 0)
        .select_related("photo")
        .first()
    )
    path = evidence_file(capture.photo) if capture is not None and capture.photo else None
    if capture is None or capture.photo is None or path is None:
        raise HttpError(404, "Not Found")
    return evidence_response(
        path, content_type=capture.photo.content_type, filename=f"selfie-{client_id}.jpg"
    )
