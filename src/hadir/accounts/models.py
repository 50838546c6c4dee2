"""Accounts, the roles people hold, and API tokens."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A login. Linked to an employee when the person is staff (then they may log in by NIP)."""

    employee = models.OneToOneField(
        "people.Employee",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="account",
    )


class Role(models.TextChoices):
    HEAD = "head", _("Head of unit")
    OPERATOR = "operator", _("Unit operator")
    BKD_ADMIN = "bkd_admin", _("BKD administrator")
    DISKOMINFO_ADMIN = "diskominfo_admin", _("Diskominfo administrator")
    LEADERSHIP = "leadership", _("Leadership (read-only)")


UNIT_ROLES = frozenset({Role.HEAD, Role.OPERATOR})
REGION_ROLES = frozenset({Role.BKD_ADMIN, Role.DISKOMINFO_ADMIN, Role.LEADERSHIP})


class RoleGrant(models.Model):
    """A role held by a user; head and operator roles are for one unit (and its sub-units).

    Every account linked to an employee is implicitly in the employee role (own data only).
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.CASCADE, null=True, blank=True, related_name="role_grants"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="unique_role_grant"),
            models.CheckConstraint(
                condition=(
                    Q(role__in=sorted(r.value for r in UNIT_ROLES), unit__isnull=False)
                    | Q(role__in=sorted(r.value for r in REGION_ROLES), unit__isnull=True)
                ),
                name="role_grant_unit_matches_role",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.role}@{self.unit_id or '*'}"


class ApiToken(models.Model):
    """A bearer token for the API. Only a SHA-256 digest of the secret is stored.

    Tokens are 256-bit random secrets, so a fast digest is enough (nothing to brute-force);
    ``prefix`` lets the server find the row without scanning.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, unique=True)
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"
