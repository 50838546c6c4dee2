"""Deciding requests: approve or reject (head of unit), verify (BKD, where the levels say so),
cancel (the submitter while pending; the head or BKD once approved, with a reason).

A request comes into force when approved with no verification level, or when verified. Only
then does it reach the day results: manual times become punches through the one ingestion
service (keyed per request, employee and time, so doing it twice stores nothing new); an
absence marks its employee-days for recompute. Cancelling a request in force withdraws the
same: its punches stop counting (they stay in the ledger) and its days are marked again.
Every step is audited.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hadir.attendance.dirty import mark_employees_between
from hadir.audit.services import audit_record
from hadir.punches.holds import sender_unit_ids
from hadir.punches.models import PunchSource
from hadir.punches.services import IncomingPunch, punches_ingest, punches_uncount_source
from hadir.requests.chains import advance_after, after_head_approval, current_later_step
from hadir.requests.kinds import kind_rule
from hadir.requests.models import Request, RequestState
from hadir.requests.permissions import request_access

ONE_DAY = timedelta(days=1)
CHECK_IN_STATUS, CHECK_OUT_STATUS = 0, 1

NOT_PENDING = gettext_noop("This request has already been decided (%(state)s).")
NOT_WAITING = gettext_noop("This request is not waiting for verification.")
REJECT_REASON_REQUIRED = gettext_noop("Write the reason for the rejection.")
CANCEL_REASON_REQUIRED = gettext_noop(
    "Write the reason: an approved request is withdrawn only with a reason."
)
CANNOT_CANCEL = gettext_noop("This request can no longer be cancelled (%(state)s).")


def source_ref(request: Request) -> str:
    return f"request:{request.pk}"


def _punches_of(request: Request) -> list[IncomingPunch]:
    punches = []
    for entry in request.entries.select_related("employee"):
        pin = entry.employee.pin or ""
        times = []
        if entry.check_in is not None:
            times.append((datetime.combine(entry.day, entry.check_in), CHECK_IN_STATUS, "in"))
        if entry.check_out is not None:
            out_day = entry.day
            if entry.check_in is not None and entry.check_out <= entry.check_in:
                out_day += ONE_DAY  # a night shift ends the next morning
            times.append((datetime.combine(out_day, entry.check_out), CHECK_OUT_STATUS, "out"))
        for local, status, side in times:
            stamp = local.isoformat(timespec="seconds")
            punches.append(
                IncomingPunch(
                    pin=pin,
                    local_time=local,
                    raw=f"request #{request.pk} {request.kind} {side} {stamp}",
                    status=status,
                    key=f"manual:{request.pk}:{entry.employee_id}:{stamp}",
                    employee_id=entry.employee_id,
                )
            )
    return punches


def _bring_into_force(request: Request, actor: Any) -> None:
    if kind_rule(request.kind).has_entries:
        # The decider vouches only for their own units: other units' punches are held.
        punches_ingest(
            source=PunchSource.MANUAL,
            source_ref=source_ref(request),
            punches=_punches_of(request),
            scope_unit_ids=sender_unit_ids(actor),
        )
    elif request.employee_id is not None:
        mark_employees_between([request.employee_id], request.first_day, request.last_day)


def _withdraw(request: Request) -> None:
    punches_uncount_source(source=PunchSource.MANUAL, source_ref=source_ref(request))
    if request.employee_id is not None:
        mark_employees_between([request.employee_id], request.first_day, request.last_day)


def _locked(request: Request) -> Request:
    return Request.objects.select_for_update().get(pk=request.pk)


@transaction.atomic
def request_approve(*, request: Request, actor: Any, now: datetime | None = None) -> Request:
    """The head of unit (or BKD) approves; in force at once unless BKD must verify it."""
    request = _locked(request)
    if request.state != RequestState.PENDING:
        raise ValidationError(_(NOT_PENDING) % {"state": request.get_state_display()})
    if not request_access(actor).can_decide(request):
        raise PermissionDenied
    request.state = RequestState.APPROVED
    request.decided_by = actor
    request.decided_at = now or timezone.now()
    after_head_approval(request)
    request.save(update_fields=["state", "decided_by", "decided_at", "next_step"])
    audit_record(
        actor=actor,
        action="request.approve",
        target=request,
        data={"needs_verification": request.needs_verification},
    )
    if request.in_force:
        _bring_into_force(request, actor)
    return request


@transaction.atomic
def request_verify(*, request: Request, actor: Any, now: datetime | None = None) -> Request:
    """Take the step an approved request waits for: BKD verifies (the default), or in a
    configured chain the SKPD head or BKD approves in turn. After the last step the request
    is verified and comes into force; each step is audited."""
    request = _locked(request)
    if not request.waiting_verification:
        raise ValidationError(_(NOT_WAITING))
    if not request_access(actor).can_verify(request):
        raise PermissionDenied
    step = current_later_step(request)
    last = advance_after(request)
    fields = ["later_steps_done", "next_step"]
    if last:
        request.state = RequestState.VERIFIED
        request.verified_by = actor
        request.verified_at = now or timezone.now()
        fields += ["state", "verified_by", "verified_at"]
    request.save(update_fields=fields)
    action = "request.verify" if last else "request.step"
    audit_record(actor=actor, action=action, target=request, data={"step": step})
    if last:
        _bring_into_force(request, actor)
    return request


@transaction.atomic
def request_reject(
    *, request: Request, actor: Any, reason: str, now: datetime | None = None
) -> Request:
    """The head (pending) or BKD (pending or waiting for verification) rejects, with a
    reason. Nothing was in force, so nothing else changes."""
    request = _locked(request)
    access = request_access(actor)
    if request.state != RequestState.PENDING and not request.waiting_verification:
        raise ValidationError(_(NOT_PENDING) % {"state": request.get_state_display()})
    if not (access.can_decide(request) or access.can_verify(request)):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError(_(REJECT_REASON_REQUIRED), code="reason")
    stage = "verification" if request.waiting_verification else "approval"
    step = current_later_step(request) if request.waiting_verification else "head"
    request.state = RequestState.REJECTED
    request.next_step = ""
    request.closed_reason = reason.strip()
    if stage == "approval":
        request.decided_by, request.decided_at = actor, now or timezone.now()
    else:
        request.verified_by, request.verified_at = actor, now or timezone.now()
    request.save(
        update_fields=[
            "state",
            "closed_reason",
            "decided_by",
            "decided_at",
            "verified_by",
            "verified_at",
            "next_step",
        ]
    )
    audit_record(
        actor=actor,
        action="request.reject",
        target=request,
        data={"reason": request.closed_reason, "stage": stage, "step": step},
    )
    return request


@transaction.atomic
def request_cancel(
    *, request: Request, actor: Any, reason: str = "", now: datetime | None = None
) -> Request:
    """Withdraw a pending request (its submitter or employee), or revoke an approved one
    (the head or BKD, with a reason): what it brought into force is withdrawn."""
    request = _locked(request)
    if request.state not in (RequestState.PENDING, RequestState.APPROVED, RequestState.VERIFIED):
        raise ValidationError(_(CANNOT_CANCEL) % {"state": request.get_state_display()})
    if not request_access(actor).can_cancel(request):
        raise PermissionDenied
    was_in_force = request.in_force
    if request.state != RequestState.PENDING and not reason.strip():
        raise ValidationError(_(CANCEL_REASON_REQUIRED), code="reason")
    previous = request.state
    request.state = RequestState.CANCELLED
    request.closed_reason = reason.strip()
    request.next_step = ""
    request.save(update_fields=["state", "closed_reason", "next_step"])
    audit_record(
        actor=actor,
        action="request.cancel",
        target=request,
        data={"from": previous, "reason": request.closed_reason, "withdrawn": was_in_force},
    )
    if was_in_force:
        _withdraw(request)
    return request
