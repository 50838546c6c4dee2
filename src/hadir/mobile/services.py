"""Receiving a capture from the phone: ``capture_receive`` is the one service the API calls.

Order of the checks, and why:
1. a capture already received (same ``client_id``) returns its first outcome and stores
   nothing: the phone resends whatever it has not seen answered;
2. the photo is stored as evidence (same access and retention as other evidence);
3. the filing window of requests (``hadir.requests.window``): a capture queued on the phone
   for longer than the window is refused, stating the deadline and who grants exceptions;
4. the trust checks (``hadir.mobile.trust``): none failed → a punch through the one
   ingestion service (source ``app``); any failed → a request "phone attendance to check"
   waiting for the head of unit, worded for them, with the photo; the request service may
   still refuse it (e.g. a request for that day already waits), and then the capture is
   refused with its words.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hadir import words
from hadir.accounts.scope import scope_for
from hadir.audit.services import audit_record
from hadir.faces.services import face_check_applies
from hadir.jobs.services import job_enqueue
from hadir.mobile.models import Capture, Direction, Outcome
from hadir.mobile.trust import TrustReport, trust_check, unit_on
from hadir.org.selectors import region_timezone
from hadir.people.models import Employee
from hadir.punches.gate import punch_gate
from hadir.punches.models import PunchSource
from hadir.punches.services import IncomingPunch, IncomingRejected, punches_ingest
from hadir.requests.decisions import request_cancel
from hadir.requests.evidence import Readable, evidence_attach, evidence_store
from hadir.requests.models import Request, RequestKind, RequestState
from hadir.requests.services import request_submit
from hadir.requests.window import window_check

CHECK_IN_STATUS, CHECK_OUT_STATUS = 0, 1

NOT_AN_EMPLOYEE = gettext_noop(
    "This account is not linked to an employee: phone attendance is for employees."
)
NOT_YOURS = gettext_noop("This capture was sent from another account.")
RECORDED_IN = gettext_noop("Check-in recorded at %(time)s.")
RECORDED_OUT = gettext_noop("Check-out recorded at %(time)s.")
NEEDS_APPROVAL = gettext_noop(
    "Your %(what)s at %(time)s was sent to the head of unit for approval (request "
    "#%(number)s) because %(reasons)s."
)
FACE_PENDING = gettext_noop(
    "Received at %(time)s; your face is being matched with your reference photo. This page "
    "shows the result in a moment."
)
FACE_CHECK_JOB = "faces.check_capture"
WHAT = {Direction.IN: gettext_noop("check-in"), Direction.OUT: gettext_noop("check-out")}
# The request's reason, written for the head of unit who decides it.
FOR_APPROVER = gettext_noop(
    "%(name)s %(done)s by phone at %(time)s%(where)s%(checks)s; selfie attached."
)
DONE = {Direction.IN: gettext_noop("checked in"), Direction.OUT: gettext_noop("checked out")}
AWAY = gettext_noop(" %(distance)s from %(place)s (outside its radius of %(radius)s)")
NEAR = gettext_noop(" %(distance)s from %(place)s")
NOWHERE = gettext_noop(" without a location")


@dataclass(frozen=True, slots=True)
class CaptureIn:
    """One capture as the phone sent it. Times are aware (the phone's clock, with offset)."""

    client_id: uuid.UUID
    direction: str
    captured_at: datetime
    sent_at: datetime | None
    lat: float | None
    lon: float | None
    accuracy: float | None
    mocked: bool | None
    photo: Readable
    photo_name: str = "selfie.jpg"


@dataclass(frozen=True, slots=True)
class Received:
    capture: Capture
    replay: bool  # True: this client_id was received before; nothing new was stored


def _employee_of(user: Any) -> Employee:
    employee_id = scope_for(user).employee_id
    if employee_id is None:
        raise PermissionDenied(_(NOT_AN_EMPLOYEE))
    return Employee.objects.select_related("unit").get(pk=employee_id)


def _replay(client_id: uuid.UUID, employee: Employee) -> Received | None:
    found = Capture.objects.filter(client_id=client_id).first()
    if found is None:
        return None
    if found.employee_id != employee.pk:
        raise PermissionDenied(_(NOT_YOURS))
    return Received(found, replay=True)


def _punch(capture: Capture, local: datetime) -> str:
    key = f"app:{capture.client_id}"
    status = CHECK_IN_STATUS if capture.direction == Direction.IN else CHECK_OUT_STATUS
    raw = (
        f"app {capture.direction} {capture.captured_at.isoformat()} "
        f"{capture.lat},{capture.lon} ±{capture.accuracy_m}m"
    )
    punches_ingest(
        source=PunchSource.APP,
        source_ref=f"app:{capture.client_id}",
        punches=[
            IncomingPunch(
                pin=capture.employee.pin or "",
                local_time=local,
                raw=raw,
                status=status,
                key=key,
                employee_id=capture.employee_id,
            )
        ],
    )
    return key


def _waiting_request(capture: Capture) -> Request | None:
    """The pending request made from this employee's captures of the same day, if any."""
    earlier = (
        Capture.objects.filter(
            employee=capture.employee,
            local_date=capture.local_date,
            request__state=RequestState.PENDING,
        )
        .select_related("request")
        .order_by("-captured_at")
        .first()
    )
    return earlier.request if earlier is not None else None


def _times(capture: Capture, at: time, pending: Request | None) -> tuple[time | None, ...]:
    """Check-in and check-out of the day's request: this capture's time, merged with the
    pending request's (the earliest check-in, the latest check-out)."""
    entry = pending.entries.first() if pending is not None else None
    check_in = entry.check_in if entry else None
    check_out = entry.check_out if entry else None
    if capture.direction == Direction.IN:
        check_in = min(at, check_in) if check_in else at
    else:
        check_out = max(at, check_out) if check_out else at
    return check_in, check_out


def _where(capture: Capture) -> str:
    if capture.lat is None or capture.lon is None:
        return _(NOWHERE)
    if capture.distance_m is None or capture.location is None:
        return ""  # the unit has no site: the checks say so
    location = capture.location
    values = {
        "distance": words.distance(capture.distance_m),
        "place": location.label or location.unit.name,
        "radius": words.distance(location.radius_m),
    }
    return _(AWAY if capture.distance_m > location.radius_m else NEAR) % values


def approver_text(capture: Capture, local: datetime, report: TrustReport) -> str:
    """The capture in one sentence for the head of unit: "Budi absen masuk lewat ponsel pukul
    07:12 618 km dari Kantor (di luar radius 100 m); selfie terlampir." (the other failed
    checks, if any, before the selfie)."""
    checks = "".join(f"; {seen}" for seen in report.seen)
    return _(FOR_APPROVER) % {
        "name": capture.employee.name,
        "done": _(DONE[Direction(capture.direction)]),
        "time": f"{local:%H:%M}",
        "where": _where(capture),
        "checks": checks,
    }


def _to_request(
    capture: Capture, local: datetime, report: TrustReport, user: Any, now: datetime
) -> None:
    """One request to check per employee-day: a second flagged capture of the day replaces
    the pending request of the first one by a request with both times, reasons and photos."""
    what = _(WHAT[Direction(capture.direction)])
    reason = approver_text(capture, local, report)
    pending = _waiting_request(capture)
    check_in, check_out = _times(capture, local.time(), pending)
    if pending is not None:
        reason = f"{pending.reason}\n{reason}"
        request_cancel(request=pending, actor=user, now=now)
    request = request_submit(
        actor=user,
        kind=RequestKind.PHONE_ATTENDANCE,
        employee=capture.employee,
        first_day=local.date(),
        check_in=check_in,
        check_out=check_out,
        reason=reason,
        now=now,
        filed_by_hadir=True,
    )
    earlier = list(Capture.objects.filter(request=pending)) if pending is not None else []
    for shown in [*earlier, capture]:
        if shown.photo is not None:
            evidence_attach(
                request=request,
                evidence=shown.photo,
                filename=f"selfie-{shown.client_id}.jpg",
                actor=user,
                now=now,
            )
    if earlier:
        Capture.objects.filter(pk__in=[c.pk for c in earlier]).update(request=request)
    capture.request = request
    capture.message = _(NEEDS_APPROVAL) % {
        "what": what,
        "time": f"{local:%H:%M}",
        "number": request.pk,
        "reasons": "; ".join(report.reasons),
    }


def _decide(capture: Capture, report: TrustReport, user: Any, now: datetime) -> None:
    """Fill in the capture's outcome: refused (window), punch or request."""
    local = capture.captured_at.astimezone(region_timezone()).replace(tzinfo=None, microsecond=0)
    unit = unit_on(capture.employee, capture.local_date)
    try:
        window_check(day=capture.local_date, unit=unit, employees=[capture.employee], now=now)
        if not report.reasons and face_check_applies(capture.employee):
            capture.outcome = Outcome.FACE_CHECK
            capture.message = _(FACE_PENDING) % {"time": f"{local:%H:%M}"}
            return
        if not report.reasons:
            capture.punch_key = _punch(capture, local)
            capture.outcome = Outcome.PUNCH
            message = RECORDED_IN if capture.direction == Direction.IN else RECORDED_OUT
            capture.message = _(message) % {"time": f"{local:%H:%M}"}
            return
        with transaction.atomic():
            _to_request(capture, local, report, user, now)
        capture.outcome = Outcome.REQUEST
    except ValidationError as exc:
        capture.outcome = Outcome.REFUSED
        capture.message = " ".join(exc.messages)


def _store(data: CaptureIn, employee: Employee, user: Any, now: datetime) -> Capture:
    photo = evidence_store(stream=data.photo, filename=data.photo_name, actor=user, now=now)
    local_date = data.captured_at.astimezone(region_timezone()).date()
    report = trust_check(
        employee=employee,
        unit=unit_on(employee, local_date),
        captured_at=data.captured_at,
        sent_at=data.sent_at,
        lat=data.lat,
        lon=data.lon,
        accuracy=data.accuracy,
        mocked=data.mocked,
        photo_sha256=photo.sha256,
        now=now,
    )
    capture = Capture(
        client_id=data.client_id,
        employee=employee,
        sent_by=user,
        direction=data.direction,
        captured_at=data.captured_at,
        sent_at=data.sent_at,
        received_at=now,
        local_date=local_date,
        lat=data.lat,
        lon=data.lon,
        accuracy_m=data.accuracy,
        mocked=data.mocked,
        photo=photo,
        photo_sha256=photo.sha256,
        location=report.nearest.location,
        distance_m=report.nearest.distance_m,
        clock_skew_seconds=report.clock_skew_seconds,
        clock_skewed=report.clock_skewed,
        duplicate_photo=report.duplicate_photo,
        impossible_travel=report.impossible_travel,
        travel_speed_kmh=report.travel_speed_kmh,
    )
    _decide(capture, report, user, now)
    capture.full_clean(exclude=["photo", "request", "location"])
    capture.save()
    if capture.outcome == Outcome.FACE_CHECK:  # in the same transaction: never forgotten
        job_enqueue(kind=FACE_CHECK_JOB, payload={"capture": capture.pk})
    audit_record(
        actor=user,
        action="capture.receive",
        target=capture,
        data={
            "client_id": str(capture.client_id),
            "direction": capture.direction,
            "outcome": capture.outcome,
            "request": capture.request_id,
            "distance_m": capture.distance_m,
            "clock_skew_seconds": capture.clock_skew_seconds,
            "flags": [
                name
                for name in ("clock_skewed", "duplicate_photo", "impossible_travel", "mocked")
                if getattr(capture, name)
            ],
        },
    )
    return capture


def _refuse_implausible(data: CaptureIn, now: datetime) -> None:
    """A capture dated before the region's start of records or in the future (a phone whose
    clock is wrong, or a forged request) is kept in quarantine and refused, before anything
    is stored. An absurd year that cannot even be put in the region's zone is in the future
    or the past all the same."""
    tz = region_timezone()
    gate = punch_gate(now=now, tz=tz)
    try:
        local = data.captured_at.astimezone(tz).replace(tzinfo=None)
    except OverflowError:
        # naive on purpose: the gate compares naive local times
        local = data.captured_at.replace(tzinfo=None)
    reason = gate.refusal(local)
    if reason is None:
        return
    message = gate.message(reason, local)
    raw = f"app {data.direction} {data.captured_at.isoformat()} client_id={data.client_id}"
    punches_ingest(
        source=PunchSource.APP,
        source_ref=f"app:{data.client_id}",
        punches=[],
        rejected=[IncomingRejected(0, raw, reason, message)],
    )
    raise ValidationError(message)


def capture_receive(*, user: Any, data: CaptureIn, now: datetime) -> Received:
    """Receive one capture from ``user``'s phone; idempotent by ``data.client_id``. Raises
    PermissionDenied (not an employee, or another account's client_id) and ValidationError
    (the photo is not a photo). Messages are in the region's language (Indonesian)."""
    with translation.override(settings.LANGUAGE_CODE):
        employee = _employee_of(user)
        seen = _replay(data.client_id, employee)
        if seen is not None:
            return seen
        _refuse_implausible(data, now)
        try:
            with transaction.atomic():
                return Received(_store(data, employee, user, now), replay=False)
        except IntegrityError:  # the same capture arrived twice at once: the first one won
            seen = _replay(data.client_id, employee)
            if seen is None:
                raise
            return seen
