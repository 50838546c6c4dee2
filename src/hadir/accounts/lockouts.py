"""Locked logins: who sees them and who may unlock them.

A login is locked for one account from one address after too many wrong passwords
(settings.AXES_*, docs/decisions.md). Unit operators unlock the accounts of their units'
employees; Diskominfo administrators (and superusers) unlock any account. Anyone else sees
nothing, and an account outside the actor's reach answers 404 like everything out of scope.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from axes.models import AccessAttempt
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.http import Http404
from django.utils import timezone

from hadir.accounts.models import Role, User
from hadir.accounts.scope import scope_for
from hadir.audit.services import audit_record


@dataclass(frozen=True)
class LockedAccount:
    user: User
    addresses: list[str]
    failures: int
    last_attempt: datetime


def lockout_may_manage(actor: Any) -> bool:
    scope = scope_for(actor)
    return bool(actor.is_superuser) or scope.has_role(Role.OPERATOR, Role.DISKOMINFO_ADMIN)


def _reachable_users(actor: Any) -> Q | None:
    """Which accounts the actor may unlock, as a filter (None: none at all)."""
    scope = scope_for(actor)
    if actor.is_superuser or scope.has_role(Role.DISKOMINFO_ADMIN):
        return Q()
    if scope.has_role(Role.OPERATOR) and scope.unit_ids:
        return Q(employee__unit_id__in=scope.unit_ids)
    return None


def _locked_attempts(now: datetime) -> list[AccessAttempt]:
    since = now - settings.AXES_COOLOFF_TIME
    return list(
        AccessAttempt.objects.filter(
            failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=since
        ).order_by("-attempt_time")
    )


def locked_accounts(actor: Any, *, now: datetime | None = None) -> list[LockedAccount]:
    """Accounts locked right now that ``actor`` may unlock, most recent first."""
    reach = _reachable_users(actor)
    if reach is None:
        return []
    attempts = _locked_attempts(now or timezone.now())
    names = {a.username.lower() for a in attempts if a.username}
    # Lock records hold the lower-cased name (backends.lockout_key); usernames may not be.
    candidates = User.objects.annotate(lower_name=Lower("username")).filter(reach)
    users = {
        u.username.lower(): u
        for u in candidates.filter(lower_name__in=names).select_related("employee")
    }
    found: dict[str, LockedAccount] = {}
    for attempt in attempts:
        user = users.get((attempt.username or "").lower())
        if user is None:
            continue
        key = user.username.lower()
        address = attempt.ip_address or "?"
        if key in found:
            found[key].addresses.append(address)
            continue
        found[key] = LockedAccount(
            user, [address], attempt.failures_since_start, attempt.attempt_time
        )
    return list(found.values())


@transaction.atomic
def account_unlock(*, actor: Any, username: str) -> int:
    """Clear every lock of ``username`` (from any address); 404 outside the actor's reach.
    Returns how many lock records were cleared."""
    reach = _reachable_users(actor)
    user = User.objects.filter(reach, username=username).first() if reach is not None else None
    if user is None:
        raise Http404
    cleared, _ = AccessAttempt.objects.filter(username__iexact=user.username).delete()
    audit_record(actor=actor, action="account.unlock", target=user, data={"cleared": cleared})
    return int(cleared)
