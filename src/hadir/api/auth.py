"""API authentication: ``Authorization: Bearer <token>`` or the browser session."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from hadir.accounts.tokens import api_token_authenticate, api_token_expired, api_token_find
from hadir.api.errors import TokenExpired


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        user = api_token_authenticate(token)
        if user is None:
            found = api_token_find(token)
            if found is not None and api_token_expired(found, timezone.now()):
                raise TokenExpired  # 401 token_expired: say so, not just "unauthorized"
            return None
        request.user = user
        return user


API_AUTH = [BearerToken(), SessionAuth()]
