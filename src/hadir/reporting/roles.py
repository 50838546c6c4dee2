"""Who may move a unit's month along the chain: a role held for that unit (or above it)."""

from __future__ import annotations

from django.db.models import Q

from hadir.accounts.models import REGION_ROLES, Role, RoleGrant, User
from hadir.org.models import Unit


def unit_and_ancestor_ids(unit: Unit) -> list[int]:
    """``path`` holds the ids from the root down to the unit itself (``/3/17/``)."""
    return [int(part) for part in unit.path.strip("/").split("/") if part]


def holds_role(user: User | object, role: Role, unit: Unit) -> bool:
    """True when ``user`` holds ``role`` for ``unit``: a unit role granted on the unit or one
    of its parents, or a region role. Superusers may do everything."""
    if not isinstance(user, User) or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    grants = RoleGrant.objects.filter(user=user, role=role.value)
    if role in REGION_ROLES:
        return grants.exists()
    return grants.filter(Q(unit_id__in=unit_and_ancestor_ids(unit))).exists()


def unit_role_holders(unit: Unit, role: Role) -> list[User]:
    """Users holding ``role`` on the unit itself first, then on its nearest parent."""
    ids = unit_and_ancestor_ids(unit)
    grants = RoleGrant.objects.filter(role=role.value, unit_id__in=ids).select_related(
        "user__employee"
    )
    return [g.user for g in sorted(grants, key=lambda g: -ids.index(g.unit_id or 0))]


def operator_unit_ids() -> set[int]:
    """Units an operator role is granted on (each also covers the units below it)."""
    return set(
        RoleGrant.objects.filter(role=Role.OPERATOR.value, unit__isnull=False).values_list(
            "unit_id", flat=True
        )
    )


def has_operator(unit: Unit, granted: set[int] | None = None) -> bool:
    """Someone holds the operator role for ``unit`` (on it or on a unit above it); pass
    ``granted`` (``operator_unit_ids()``) to ask for many units with one query."""
    granted = operator_unit_ids() if granted is None else granted
    return not granted.isdisjoint(unit_and_ancestor_ids(unit))
