"""Who may do what with a request: one policy object per user, asked by views, the API and
the services alike.

- Everyone sees their own requests (as the employee or as the submitter).
- Heads and operators see the requests of their units and sub-units; region-wide roles see
  all (leadership read-only).
- A head of unit decides (approve/reject) the pending requests of their units, except their
  own; BKD administrators may decide any pending request (escalated ones wait for them) and
  verify approved requests where a verification level applies.
- Evidence (doctor's letters, face videos) is shown to the employee, the submitter, the heads
  and operators of the unit and BKD, not to other region-wide roles.
- Operators and heads submit for the employees of their units (manual sheets included); an
  employee submits for themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from hadir.accounts.models import Role
from hadir.accounts.scope import Scope, scope_for
from hadir.org.models import Unit
from hadir.org.selectors import unit_subtree_ids
from hadir.people.models import Employee
from hadir.requests.models import Request, RequestState


@dataclass
class RequestAccess:
    user: Any
    scope: Scope = field(init=False)

    def __post_init__(self) -> None:
        self.scope = scope_for(self.user)

    @property
    def user_id(self) -> int | None:
        return getattr(self.user, "pk", None)

    @cached_property
    def is_bkd(self) -> bool:
        return bool(getattr(self.user, "is_superuser", False)) or self.scope.has_role(
            Role.BKD_ADMIN
        )

    @cached_property
    def head_unit_ids(self) -> frozenset[int]:
        if self.user_id is None or not self.scope.has_role(Role.HEAD):
            return frozenset()
        grants = self.user.role_grants.filter(role=Role.HEAD).values_list("unit_id", flat=True)
        return frozenset(unit_subtree_ids({u for u in grants if u}))

    def _head_grants(self) -> list[Unit]:
        if self.user_id is None or not self.scope.has_role(Role.HEAD):
            return []
        ids = self.user.role_grants.filter(role=Role.HEAD).values_list("unit_id", flat=True)
        return list(Unit.objects.filter(pk__in=[u for u in ids if u]))

    @cached_property
    def skpd_head_unit_ids(self) -> frozenset[int]:
        """Units under the SKPD (top-level units) this user heads: their SKPD-head step."""
        tops = {unit.pk for unit in self._head_grants() if unit.parent_id is None}
        return frozenset(unit_subtree_ids(tops)) if tops else frozenset()

    @cached_property
    def below_skpd_head_unit_ids(self) -> frozenset[int]:
        """Units this user heads through a grant below the SKPD level."""
        below = {unit.pk for unit in self._head_grants() if unit.parent_id is not None}
        return frozenset(unit_subtree_ids(below)) if below else frozenset()

    def _is_employee(self, request: Request) -> bool:
        return self.scope.employee_id is not None and request.employee_id == self.scope.employee_id

    @property
    def is_unit_staff(self) -> bool:
        return self.scope.has_role(Role.HEAD, Role.OPERATOR)

    def _is_own(self, request: Request) -> bool:
        return request.submitted_by_id == self.user_id or (
            self.scope.employee_id is not None and request.employee_id == self.scope.employee_id
        )

    def requests(self) -> QuerySet[Request]:
        """Every request this user may see."""
        rows = Request.objects.select_related("employee", "unit", "submitted_by__employee")
        if self.scope.all_units:
            return rows
        mine = Q(submitted_by_id=self.user_id or 0)
        if self.scope.employee_id:
            mine |= Q(employee_id=self.scope.employee_id)
        if self.scope.unit_ids:
            mine |= Q(unit_id__in=self.scope.unit_ids)
        return rows.filter(mine)

    def can_view(self, request: Request) -> bool:
        return self._is_own(request) or self.scope.can_see_unit(request.unit_id)

    def request_or_404(self, pk: int) -> Request:
        request = self.requests().filter(pk=pk).first()
        if request is None:
            raise Http404
        return request

    def can_view_evidence(self, request: Request) -> bool:
        if self._is_own(request) or self.is_bkd:
            return True
        return (
            not self.scope.all_units
            and self.is_unit_staff
            and self.scope.can_see_unit(request.unit_id)
        )

    def can_decide(self, request: Request) -> bool:
        """Approve or reject at the head-of-unit level. Under a configured chain with an
        SKPD step, only heads below the SKPD take this step; BKD only once escalated."""
        if request.state != RequestState.PENDING or self._is_employee(request):
            return False
        if request.next_step == "unit_head":
            heads = self.below_skpd_head_unit_ids
        else:
            heads = self.head_unit_ids
        if self.is_bkd and (not request.later_steps or request.escalated_at is not None):
            return True
        return request.unit_id in heads

    def can_verify(self, request: Request) -> bool:
        """Take the step an approved request waits for: BKD's verification by default; in
        a configured chain the SKPD head's step or BKD's, each in its turn."""
        if not request.waiting_verification or self._is_employee(request):
            return False
        step = request.next_step if request.later_steps else "bkd"
        if step == "skpd_head":
            return request.unit_id in self.skpd_head_unit_ids
        return step == "bkd" and self.is_bkd

    def can_cancel(self, request: Request) -> bool:
        """Withdraw while pending (the submitter or the employee); revoke once approved (the
        head of the unit or BKD, with a reason)."""
        if request.state == RequestState.PENDING:
            return self._is_own(request)
        if request.state in (RequestState.APPROVED, RequestState.VERIFIED):
            return self.is_bkd or request.unit_id in self.head_unit_ids
        return False

    def can_submit_for(self, employee: Employee) -> bool:
        if self.scope.employee_id == employee.pk:
            return True
        if getattr(self.user, "is_superuser", False) or self.is_bkd:
            return True
        return self.is_unit_staff and self.scope.can_see_unit(employee.unit_id)

    def can_submit_sheet(self, unit: Unit) -> bool:
        return self.is_bkd or (self.is_unit_staff and self.scope.can_see_unit(unit.pk))

    def sheet_units(self) -> QuerySet[Unit]:
        if self.is_bkd:
            return Unit.objects.all()
        if not self.is_unit_staff:
            return Unit.objects.none()
        return self.scope.units()

    @property
    def can_grant_dispensation(self) -> bool:
        return self.is_bkd


def request_access(user: Any) -> RequestAccess:
    return RequestAccess(user)
