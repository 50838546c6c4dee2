"""Reads of requests: lists, the to-do list of each person, one request with its history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from hadir.audit.models import AuditEvent
from hadir.requests.models import Dispensation, ManualEntry, Request, RequestEvidence, RequestState
from hadir.requests.permissions import RequestAccess
from hadir.requests.window import Deadline, deadline_for, local_today


def requests_visible(access: RequestAccess, state: str = "") -> QuerySet[Request]:
    rows = access.requests()
    if state == "waiting_verification":
        return rows.filter(state=RequestState.APPROVED, needs_verification=True)
    if state in RequestState.values:
        rows = rows.filter(state=state)
    return rows


def todo_for(access: RequestAccess) -> QuerySet[Request]:
    """What waits for this person, step by step (``hadir.requests.chains``): pending
    requests of the units they head (not their own); for the head of an SKPD, the SKPD step
    of the units under it; for BKD, requests waiting for verification (BKD's step) and
    pending ones escalated to them."""
    wanted = Q(pk__in=[])
    if access.head_unit_ids:
        unit_step = Q(next_step="unit_head", unit_id__in=access.below_skpd_head_unit_ids)
        wanted |= Q(state=RequestState.PENDING) & (
            (~Q(next_step="unit_head") & Q(unit_id__in=access.head_unit_ids)) | unit_step
        )
    if access.skpd_head_unit_ids:
        wanted |= Q(
            state=RequestState.APPROVED,
            next_step="skpd_head",
            unit_id__in=access.skpd_head_unit_ids,
        )
    if access.is_bkd:
        wanted |= Q(state=RequestState.APPROVED, needs_verification=True) & ~Q(
            next_step="skpd_head"
        )
        wanted |= Q(state=RequestState.PENDING, escalated_at__isnull=False)
    rows = Request.objects.select_related("employee", "unit", "submitted_by__employee").filter(
        wanted
    )
    if access.scope.employee_id is not None:
        rows = rows.exclude(employee_id=access.scope.employee_id)
    return rows.order_by("submitted_at", "id")


def todo_count(access: RequestAccess) -> int:
    if not (access.head_unit_ids or access.is_bkd):
        return 0  # heads of an SKPD are heads too: skpd_head_unit_ids implies head_unit_ids
    return todo_for(access).count()


STEP_LABELS = {
    "request.submit": _("submitted"),
    "request.evidence": _("file attached"),
    "request.approve": _("approved"),
    "request.verify": _("verified by BKD"),
    "request.step": _("approved by the head of SKPD"),
    "request.reject": _("rejected"),
    "request.cancel": _("cancelled"),
    "request.escalate": _("escalated to BKD: not decided in time"),
}


@dataclass
class Step:
    event: AuditEvent
    label: str


@dataclass
class RequestView:
    request: Request
    entries: list[ManualEntry]
    files: list[RequestEvidence]
    history: list[Step]
    deadline: Deadline


def request_view(request: Request) -> RequestView:
    return RequestView(
        request=request,
        entries=list(request.entries.select_related("employee")),
        files=list(request.evidence.select_related("evidence", "uploaded_by__employee")),
        history=[
            Step(event, str(STEP_LABELS.get(event.action, event.action)))
            for event in AuditEvent.objects.filter(
                target_type=Request._meta.label_lower, target_id=str(request.pk)
            )
            .select_related("actor__employee")
            .order_by("at", "id")
        ],
        deadline=deadline_for(request.first_day, unit_code=request.unit.code),
    )


def dispensations_open(now: datetime) -> QuerySet[Dispensation]:
    return Dispensation.objects.select_related("unit", "employee", "granted_by__employee").filter(
        revoked_at__isnull=True, valid_until__gte=local_today(now)
    )


def dispensations_recent(now: datetime, limit: int = 50) -> list[Dispensation]:
    today: date = local_today(now)
    return list(
        Dispensation.objects.select_related("unit", "employee", "granted_by__employee")
        .filter(Q(revoked_at__isnull=False) | Q(valid_until__lt=today))
        .order_by("-granted_at")[:limit]
    )
