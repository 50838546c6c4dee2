"""Writes to accounts: create users and grant roles."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hadir.accounts.models import UNIT_ROLES, Role, RoleGrant, User
from hadir.audit.services import audit_record
from hadir.org.models import Unit
from hadir.people.models import Employee

ROLE_NEEDS_UNIT = gettext_noop("The role %(role)s is held for one unit: choose the unit.")
ROLE_NO_UNIT = gettext_noop("The role %(role)s covers the whole region: do not choose a unit.")


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    employee: Employee | None = None,
    full_name: str = "",
    actor: Any | None = None,
) -> User:
    user = User(username=username, employee=employee, first_name=full_name[:150])
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    audit_record(actor=actor, action="user.create", target=user)
    return user


@transaction.atomic
def role_grant(
    *, user: User, role: Role, unit: Unit | None = None, actor: Any | None = None
) -> RoleGrant:
    if role in UNIT_ROLES and unit is None:
        raise ValidationError(_(ROLE_NEEDS_UNIT) % {"role": role.label})
    if role not in UNIT_ROLES and unit is not None:
        raise ValidationError(_(ROLE_NO_UNIT) % {"role": role.label})
    grant, _created = RoleGrant.objects.get_or_create(user=user, role=role, unit=unit)
    audit_record(
        actor=actor,
        action="role.grant",
        target=user,
        data={"role": role.value, "unit": unit.code if unit else None},
    )
    return grant


@transaction.atomic
def user_password_change(*, user: User, new_password: str) -> User:
    """The user sets their own password (after the starting password they were given);
    the caller has checked the old one. Audited without the password."""
    user.set_password(new_password)
    user.save(update_fields=["password"])
    audit_record(actor=user, action="user.password_change", target=user)
    return user
