"""Background work of requests, run by the worker when idle: requests left pending too long
(escalated to BKD or rejected, per ``HADIR_REQUEST_PENDING_ACTION``) and evidence past its
retention period (deleted, the row kept)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hadir.audit.services import audit_record
from hadir.jobs.registry import idle_task
from hadir.requests.evidence import evidence_purge_expired
from hadir.requests.models import Request, RequestState

ESCALATE, REJECT = "escalate", "reject"
BATCH = 200
NOT_DECIDED = gettext_noop("Not decided within %(days)d days.")


@transaction.atomic
def requests_handle_overdue(*, now: datetime | None = None) -> int:
    """Pending requests older than ``HADIR_REQUEST_PENDING_DAYS`` (0: never) are escalated to
    BKD's to-do list, or rejected with the reason "not decided within N days"."""
    days = int(settings.HADIR_REQUEST_PENDING_DAYS)
    if days <= 0:
        return 0
    now = now or timezone.now()
    due = list(
        Request.objects.select_for_update()
        .filter(
            state=RequestState.PENDING,
            escalated_at__isnull=True,
            submitted_at__lt=now - timedelta(days=days),
        )
        .order_by("submitted_at")[:BATCH]
    )
    reject = settings.HADIR_REQUEST_PENDING_ACTION == REJECT
    with translation.override(settings.LANGUAGE_CODE):
        reason = _(NOT_DECIDED) % {"days": days}
    for request in due:
        if reject:
            request.state = RequestState.REJECTED
            request.closed_reason = reason
            request.decided_at = now
            request.save(update_fields=["state", "closed_reason", "decided_at"])
            audit_record(
                actor=None,
                action="request.reject",
                target=request,
                data={"reason": reason, "stage": "approval", "automatic": True},
            )
        else:
            request.escalated_at = now
            request.save(update_fields=["escalated_at"])
            audit_record(actor=None, action="request.escalate", target=request, data={"days": days})
    return len(due)


@idle_task
def handle_overdue_requests() -> bool:
    return requests_handle_overdue() > 0


@idle_task
def purge_expired_evidence() -> bool:
    return evidence_purge_expired() > 0
