"""Writing to the audit trail."""

from __future__ import annotations

import json
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from hadir.audit.chain import AUDIT, audit_content, chain_advance, chain_seal, link_digest
from hadir.audit.models import AuditEvent


@transaction.atomic
def audit_record(
    *,
    actor: Any | None,
    action: str,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event. ``actor`` is a user, or None for the system (worker, demo, CLI).

    The event joins the audit hash chain; the chain's head stays locked until the caller's
    transaction commits, so services record their event as their last write."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    event = AuditEvent(
        at=timezone.now(),
        actor=user,
        actor_label=user.get_username() if user else "system",
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:200] if target is not None else "",
        # What the JSON column gives back (tuples become lists, keys text): what is hashed.
        data=json.loads(json.dumps(data or {})),
    )
    event.seq, event.prev_digest = chain_advance(AUDIT)
    values = {"actor_id": user.pk if user else None, **event.__dict__}
    event.digest = link_digest(event.prev_digest, audit_content(values))
    event.save(force_insert=True)
    chain_seal(AUDIT, event.digest)
    return event
