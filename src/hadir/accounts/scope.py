"""What a user may see: the unit-scoping rule applied by every view and API call.

- BKD admin, Diskominfo admin and leadership see every unit.
- A head of unit or unit operator sees their unit and its sub-units, nothing else.
- Everyone linked to an employee sees their own data.
Anything outside the scope answers 404, so that its existence is not revealed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from hadir.accounts.models import REGION_ROLES, Role, RoleGrant, User
from hadir.org.models import Unit
from hadir.org.selectors import unit_subtree_ids
from hadir.people.models import Employee


@dataclass(frozen=True)
class Scope:
    roles: frozenset[str]
    all_units: bool
    unit_ids: frozenset[int]
    employee_id: int | None

    def has_role(self, *roles: Role) -> bool:
        return any(r.value in self.roles for r in roles)

    def can_see_unit(self, unit_id: int) -> bool:
        return self.all_units or unit_id in self.unit_ids

    def can_see_employee(self, employee: Employee) -> bool:
        return self.can_see_unit(employee.unit_id) or employee.pk == self.employee_id

    def units(self) -> QuerySet[Unit]:
        units = Unit.objects.all()
        return units if self.all_units else units.filter(id__in=self.unit_ids)

    def employees(self) -> QuerySet[Employee]:
        employees = Employee.objects.select_related("unit")
        if self.all_units:
            return employees
        if self.unit_ids:
            return employees.filter(unit_id__in=self.unit_ids)
        return employees.filter(pk=self.employee_id or 0)

    def unit_or_404(self, code: str) -> Unit:
        unit = Unit.objects.filter(code=code).first()
        if unit is None or not self.can_see_unit(unit.pk):
            raise Http404
        return unit

    def employee_or_404(self, employee: Employee | None) -> Employee:
        if employee is None or not self.can_see_employee(employee):
            raise Http404
        return employee


EMPTY_SCOPE = Scope(roles=frozenset(), all_units=False, unit_ids=frozenset(), employee_id=None)


def scope_for(user: User | object) -> Scope:
    """Build the scope of ``user`` from their role grants (cached on the user object)."""
    if not getattr(user, "is_authenticated", False) or not isinstance(user, User):
        return EMPTY_SCOPE
    cached: Scope | None = getattr(user, "_hadir_scope", None)
    if cached is not None:
        return cached
    grants = list(user.role_grants.values_list("role", "unit_id"))
    roles = {role for role, _ in grants}
    if user.employee_id:
        roles.add("employee")
    all_units = user.is_superuser or bool(roles & {r.value for r in REGION_ROLES})
    unit_ids: set[int] = set()
    if not all_units:
        unit_ids = unit_subtree_ids({unit_id for _, unit_id in grants if unit_id})
    scope = Scope(
        roles=frozenset(roles),
        all_units=all_units,
        unit_ids=frozenset(unit_ids),
        employee_id=user.employee_id,
    )
    user._hadir_scope = scope  # type: ignore[attr-defined]
    return scope


def operated_unit_ids(user: User | object) -> frozenset[int]:
    """The units (with sub-units) ``user`` holds the operator role for: where they may write
    (a head of unit in the same units reads and approves, but does not import)."""
    user_id = getattr(user, "pk", None)
    if user_id is None or not getattr(user, "is_authenticated", False):
        return frozenset()
    operated = set(
        RoleGrant.objects.filter(
            user_id=user_id, role=Role.OPERATOR, unit__isnull=False
        ).values_list("unit_id", flat=True)
    )
    return frozenset(unit_subtree_ids({u for u in operated if u is not None}))
