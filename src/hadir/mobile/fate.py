"""What became of each capture, as the phone shows it, and which way the next one goes.

A capture is recorded (a punch), refused (with the reason), or sent to the head of unit as
a request: then it waits, is approved (its time counts), or is rejected with the head's
reason; a request the employee cancelled is cancelled. ``next_direction`` decides whether a
capture taken now is a check-in or a check-out by the schedule and the day's punches so far
(``hadir.rules.capture_direction``), or leaves the choice to the employee.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hadir.attendance.inputs import batch_inputs
from hadir.mobile.models import Capture, Outcome
from hadir.org.selectors import region_timezone
from hadir.people.models import Employee
from hadir.requests.models import RequestState
from hadir.rules import ExpectedShift, capture_direction, resolve_expected_shift

ONE_DAY = timedelta(days=1)
REJECTED_BY_HEAD = gettext_noop("Rejected by the head of unit. Reason: %(reason)s")
REJECTED_BY_BKD = gettext_noop("Rejected by BKD. Reason: %(reason)s")
APPROVED_NOTE = gettext_noop("Approved: this time counts for the day.")
VERIFYING_NOTE = gettext_noop("Approved by the head of unit; waiting for BKD verification.")
CANCELLED_NOTE = gettext_noop("The request was cancelled; this time does not count.")


class Fate(StrEnum):
    RECORDED = "recorded"
    CHECKING = "checking"  # the worker matches the selfie's face (hadir.faces)
    WAITING = "waiting"
    APPROVED = "approved"
    REJECTED = "rejected"
    CANCELLED = "cancelled"
    REFUSED = "refused"


FATE_LABELS = {
    Fate.RECORDED: gettext_noop("Recorded"),
    Fate.CHECKING: gettext_noop("Checking the face"),
    Fate.WAITING: gettext_noop("Waiting for approval"),
    Fate.APPROVED: gettext_noop("Approved"),
    Fate.REJECTED: gettext_noop("Rejected"),
    Fate.CANCELLED: gettext_noop("Cancelled"),
    Fate.REFUSED: gettext_noop("Refused"),
}


@dataclass(frozen=True, slots=True)
class CaptureFate:
    fate: Fate
    label: str  # in the active language
    note: str  # why: the head's reason for a rejection, what an approval means


def capture_fate(capture: Capture) -> CaptureFate:
    """The capture's fate now (its request's state is read through ``capture.request``)."""
    fate, note = _fate_and_note(capture)
    return CaptureFate(fate, _(FATE_LABELS[fate]), note)


def _fate_and_note(capture: Capture) -> tuple[Fate, str]:
    if capture.outcome == Outcome.PUNCH:
        return Fate.RECORDED, capture.message
    if capture.outcome == Outcome.FACE_CHECK:
        return Fate.CHECKING, capture.message
    if capture.outcome == Outcome.REFUSED or capture.request is None:
        return Fate.REFUSED, capture.message
    request = capture.request
    if request.state == RequestState.REJECTED:
        text = REJECTED_BY_BKD if request.verified_by_id else REJECTED_BY_HEAD
        return Fate.REJECTED, _(text) % {"reason": request.closed_reason}
    if request.state == RequestState.CANCELLED:
        return Fate.CANCELLED, _(CANCELLED_NOTE)
    if request.waiting_verification:
        return Fate.WAITING, _(VERIFYING_NOTE)
    if request.in_force:
        return Fate.APPROVED, _(APPROVED_NOTE)
    return Fate.WAITING, capture.message


def next_direction(employee: Employee, now: datetime) -> str | None:
    """``"in"`` or ``"out"`` for a capture taken at ``now`` (aware), or None when only the
    employee can say. Yesterday's night shift still going on is the day concerned."""
    local = now.astimezone(region_timezone()).replace(tzinfo=None)
    today = local.date()
    inputs = batch_inputs([employee.pk], today - ONE_DAY, today)
    person = inputs.employees.get(employee.pk)
    if person is None:
        return None
    for day in (today - ONE_DAY, today):
        span = next((s for s in person.spans if s.first <= day <= s.last), None)
        unit_code = inputs.unit_codes.get(span.unit_id) if span else None
        plan = resolve_expected_shift(day, person.schedule, inputs.calendar, unit_code)
        if day < today and (not isinstance(plan, ExpectedShift) or local >= plan.end):
            continue  # yesterday is over: the capture is today's
        so_far: list[datetime] = []
        if isinstance(plan, ExpectedShift):
            windows = inputs.policies.for_month(day.year, day.month).punch_windows
            opens, _midpoint, closes = windows.bounds(plan)
            so_far = [p.at for p in person.punches if opens <= p.at <= closes]
        direction = capture_direction(plan, so_far, local)
        return direction.value if direction is not None else None
    return None
