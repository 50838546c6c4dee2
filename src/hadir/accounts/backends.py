"""Login by NIP (or PPPK number / NIK) or by username, with lockout keyed per account."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from hadir.accounts.models import User
from hadir.people.nip import normalize_identifier


def resolve_login_name(login: str) -> str:
    """The username behind what was typed: a username, or an employee's number."""
    login = (login or "").strip()
    digits = normalize_identifier(login)
    if digits.isdigit() and len(digits) >= 16:
        user = (
            User.objects.filter(employee__nip=digits)
            .union(User.objects.filter(employee__pppk_number=digits))
            .union(User.objects.filter(employee__nik=digits))
            .first()
        )
        if user is not None:
            return user.get_username()
    return login


def lockout_key(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str:
    """Axes' key: the same account is locked whether it was typed as NIP or as username."""
    login = ""
    if credentials:
        login = credentials.get("username") or ""
    elif request is not None:
        login = request.POST.get("username", "")
    return resolve_login_name(login).lower()


class NipOrUsernameBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username is None or password is None:
            return None
        return super().authenticate(  # type: ignore[return-value,unused-ignore]
            request, username=resolve_login_name(username), password=password, **kwargs
        )
