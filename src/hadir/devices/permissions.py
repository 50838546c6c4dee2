"""Who may see and who may change a machine.

- Seeing follows the unit scope (``scope_for``): a machine is visible with its unit; a machine
  without a unit (pending approval) only to region-wide roles. Anything else answers 404.
- Changing (approve, move, retire, replace, send commands) is for Diskominfo admins
  everywhere and unit operators in their own units (and sub-units). BKD admins, leadership
  and heads of unit only read.
- Flashdisk files are attendance data, not machines (``usb_access``): BKD admins import and
  decide them for every unit, unit operators for their own units; Diskominfo, leadership and
  heads of unit do not.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from hadir.accounts.models import Role, RoleGrant
from hadir.accounts.scope import Scope, operated_unit_ids, scope_for
from hadir.devices.models import Device
from hadir.org.models import Unit
from hadir.org.selectors import unit_subtree_ids


@dataclass(frozen=True)
class DeviceAccess:
    """What one user may do with machines."""

    scope: Scope
    manage_all: bool
    manage_unit_ids: frozenset[int]

    def can_see(self, device: Device) -> bool:
        if device.unit_id is None:
            return self.scope.all_units
        return self.scope.can_see_unit(device.unit_id)

    def can_manage(self, device: Device) -> bool:
        if self.manage_all:
            return True
        return device.unit_id is not None and device.unit_id in self.manage_unit_ids

    def can_manage_unit(self, unit_id: int) -> bool:
        return self.manage_all or unit_id in self.manage_unit_ids

    @property
    def can_manage_any(self) -> bool:
        return self.manage_all or bool(self.manage_unit_ids)

    def devices(self) -> QuerySet[Device]:
        """The machines this user may see."""
        devices = Device.objects.select_related("unit")
        if self.scope.all_units:
            return devices
        return devices.filter(unit_id__in=self.scope.unit_ids)

    def manageable_units(self) -> QuerySet[Unit]:
        units = Unit.objects.filter(is_active=True)
        return units if self.manage_all else units.filter(id__in=self.manage_unit_ids)

    def device_or_404(self, sn: str) -> Device:
        device = Device.objects.select_related("unit", "replaced_by").filter(sn=sn).first()
        if device is None or not self.can_see(device):
            raise Http404
        return device


def usb_access(user: object) -> DeviceAccess:
    """Who may import, see and decide flashdisk files: BKD everywhere, operators in their
    units. ``can_manage_unit`` answers "may decide a file of this unit's machine"."""
    scope = scope_for(user)
    manage_all = bool(getattr(user, "is_superuser", False)) or scope.has_role(Role.BKD_ADMIN)
    unit_ids = frozenset() if manage_all else operated_unit_ids(user)
    return DeviceAccess(scope=scope, manage_all=manage_all, manage_unit_ids=unit_ids)


def device_access(user: object) -> DeviceAccess:
    """Build (and cache on the user object) what ``user`` may do with machines."""
    cached: DeviceAccess | None = getattr(user, "_hadir_device_access", None)
    if cached is not None:
        return cached
    scope = scope_for(user)
    manage_all = bool(getattr(user, "is_superuser", False)) or scope.has_role(Role.DISKOMINFO_ADMIN)
    unit_ids: set[int] = set()
    user_id = getattr(user, "pk", None)
    if not manage_all and user_id is not None and scope.has_role(Role.OPERATOR):
        operated = set(
            RoleGrant.objects.filter(
                user_id=user_id, role=Role.OPERATOR, unit__isnull=False
            ).values_list("unit_id", flat=True)
        )
        unit_ids = unit_subtree_ids({u for u in operated if u is not None})
    access = DeviceAccess(scope=scope, manage_all=manage_all, manage_unit_ids=frozenset(unit_ids))
    if getattr(user, "is_authenticated", False):
        user._hadir_device_access = access  # type: ignore[attr-defined]
    return access
