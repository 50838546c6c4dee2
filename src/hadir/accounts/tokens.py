"""API tokens: created once in plain text, stored as a digest, checked in constant time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from hadir.accounts.models import ApiToken, User
from hadir.audit.services import audit_record
from hadir.bearer import bearer_matches, bearer_new, bearer_split

TOKEN_PREFIX = "hdr_"  # noqa: S105  (a marker, not a secret)


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    plaintext: str


@transaction.atomic
def api_token_create(
    *, user: User, name: str, expires_at: datetime | None = None, actor: object | None = None
) -> IssuedToken:
    new = bearer_new(TOKEN_PREFIX)
    token = ApiToken.objects.create(
        user=user, name=name, prefix=new.prefix, digest=new.digest, expires_at=expires_at
    )
    audit_record(actor=actor, action="token.create", target=token, data={"user": user.username})
    return IssuedToken(token=token, plaintext=new.plaintext)


def api_token_revoke(*, token: ApiToken, actor: object | None = None) -> None:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(actor=actor, action="token.revoke", target=token)


def api_token_authenticate(plaintext: str) -> User | None:
    """The active user behind a bearer token, or None."""
    parts = bearer_split(plaintext, TOKEN_PREFIX)
    if parts is None:
        return None
    prefix, secret = parts
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if token is None or token.revoked_at is not None or not token.user.is_active:
        return None
    if not bearer_matches(token.digest, secret):
        return None
    now = timezone.now()
    if token.expires_at is not None and token.expires_at <= now:
        return None
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
