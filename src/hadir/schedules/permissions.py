"""Who may change working hours: the checks every schedule and roster service makes.

- ``actor=None`` is the system (imports applied by the worker, the demo, the command line);
- BKD (and a superuser) changes everything: the region's weekly schedules, shifts, Ramadan
  hours, and any unit's assignments and rosters;
- a head of unit or a unit operator assigns schedules and sets rosters in their own units
  (with sub-units) only;
- everyone else (Diskominfo, leadership, employees) reads at most.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hadir.accounts.models import Role
from hadir.accounts.scope import scope_for

BKD_ONLY = gettext_noop("Only BKD changes the region's schedules, shifts and Ramadan hours.")
NOT_YOUR_UNIT = gettext_noop(
    "Only BKD, or the head or operator of this unit, may change its schedules and rosters."
)


def is_region_editor(actor: Any | None) -> bool:
    """BKD or a superuser (the system, ``None``, counts too)."""
    if actor is None:
        return True
    if not getattr(actor, "is_authenticated", False):
        return False
    return bool(actor.is_superuser or scope_for(actor).has_role(Role.BKD_ADMIN))


def editable_unit_ids(actor: Any | None) -> frozenset[int] | None:
    """The units whose schedules and rosters ``actor`` may change; None means every unit."""
    if is_region_editor(actor):
        return None
    scope = scope_for(actor)
    if not scope.has_role(Role.HEAD, Role.OPERATOR):
        return frozenset()
    return scope.unit_ids


def check_region_editor(actor: Any | None) -> None:
    if not is_region_editor(actor):
        raise PermissionDenied(_(BKD_ONLY))


def check_unit_editor(actor: Any | None, unit_ids: Iterable[int]) -> None:
    """Refuse unless ``actor`` may change every unit in ``unit_ids``."""
    allowed = editable_unit_ids(actor)
    if allowed is None:
        return
    wanted = set(unit_ids)
    if not wanted or not wanted <= allowed:
        raise PermissionDenied(_(NOT_YOUR_UNIT))
