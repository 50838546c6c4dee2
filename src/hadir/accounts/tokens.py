"""API tokens: created once in plain text, stored as a digest, checked in constant time."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from hadir.accounts.models import ApiToken, User
from hadir.audit.services import audit_record
from hadir.bearer import bearer_matches, bearer_new, bearer_split
from hadir.org.selectors import region_timezone

TOKEN_PREFIX = "hdr_"  # noqa: S105  (a marker, not a secret)


DURATION = re.compile(r"^(\d{1,5})([dhw])$")
DURATION_UNITS = {"h": "hours", "d": "days", "w": "weeks"}


def token_expiry_parse(text: str, now: datetime) -> datetime:
    """When a token given ``--expires 30d`` (h, d, w) or ``--expires 2027-01-31`` expires:
    a date means the end of that day in the region's time zone. ValueError when unreadable
    or not in the future."""
    text = text.strip().lower()
    match = DURATION.match(text)
    if match:
        amount, unit = int(match.group(1)), DURATION_UNITS[match.group(2)]
        expires = now + timedelta(**{unit: amount})
    else:
        day = date.fromisoformat(text)
        expires = datetime.combine(day + timedelta(days=1), time(0), tzinfo=region_timezone())
    if expires <= now:
        raise ValueError(text)
    return expires


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


def api_token_find(plaintext: str) -> ApiToken | None:
    """The genuine, unrevoked token of an active user behind ``plaintext`` (expired or not),
    or None: lets the API tell "expired, ask for a new one" from "wrong token"."""
    parts = bearer_split(plaintext, TOKEN_PREFIX)
    if parts is None:
        return None
    prefix, secret = parts
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if token is None or token.revoked_at is not None or not token.user.is_active:
        return None
    if not bearer_matches(token.digest, secret):
        return None
    return token


def api_token_expired(token: ApiToken, now: datetime) -> bool:
    return token.expires_at is not None and token.expires_at <= now


def api_token_authenticate(plaintext: str) -> User | None:
    """The active user behind a valid, unexpired bearer token, or None."""
    token = api_token_find(plaintext)
    now = timezone.now()
    if token is None or api_token_expired(token, now):
        return None
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
