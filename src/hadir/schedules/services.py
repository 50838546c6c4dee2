"""Writes to schedules, the calendar and the policy."""

from __future__ import annotations

from datetime import time
from typing import Any

from django.db import transaction

from hadir.audit.services import audit_record
from hadir.rules import load_policy_file
from hadir.rules.policy_file import PolicyFileError
from hadir.schedules.defaults import DEFAULT_SCHEDULES, DEFAULT_SHIFTS
from hadir.schedules.models import PolicyDocument, Shift, WorkSchedule


def schedules_ensure_defaults() -> None:
    """Create the default schedules and shifts that are missing (new region, after a flush)."""
    for code, name, description, hours, is_roster in DEFAULT_SCHEDULES:
        WorkSchedule.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "description": description,
                "hours": hours,
                "is_roster": is_roster,
            },
        )
    for code, label, start, end in DEFAULT_SHIFTS:
        Shift.objects.get_or_create(
            code=code,
            defaults={
                "label": label,
                "start": time.fromisoformat(start),
                "end": time.fromisoformat(end),
            },
        )


class PolicyRejected(ValueError):
    def __init__(self, errors: tuple[PolicyFileError, ...]) -> None:
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors))


@transaction.atomic
def policy_save(*, text: str, note: str = "", actor: Any | None = None) -> PolicyDocument:
    """Validate a policy file and make it the one in force; refuse it with every error."""
    result = load_policy_file(text)
    if not result.ok:
        raise PolicyRejected(result.errors)
    from hadir.attendance.dirty import policy_changed
    from hadir.attendance.inputs import policy_set

    old = policy_set()
    user = actor if getattr(actor, "is_authenticated", False) else None
    document = PolicyDocument.objects.create(text=text, note=note[:200], created_by=user)
    audit_record(actor=actor, action="policy.save", target=document, data={"note": note})
    policy_changed(old, result.policy_set)
    return document
