"""Writing to the audit trail."""

from __future__ import annotations

from typing import Any

from django.db import models

from hadir.audit.models import AuditEvent


def audit_record(
    *,
    actor: Any | None,
    action: str,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event. ``actor`` is a user, or None for the system (worker, demo, CLI)."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=user,
        actor_label=user.get_username() if user else "system",
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:200] if target is not None else "",
        data=data or {},
    )
