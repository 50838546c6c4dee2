"""Navigation links for the current user's roles."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from hadir.accounts.lockouts import lockout_may_manage
from hadir.accounts.models import Role
from hadir.accounts.scope import scope_for
from hadir.audit.views import may_read_audit
from hadir.org.selectors import region_get
from hadir.reporting.notifications import bell_count
from hadir.requests.permissions import request_access
from hadir.requests.selectors import todo_count
from hadir.schedules.views import may_manage_schedules
from hadir.web.panduan import guide_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"nav_links": []}
    scope = scope_for(request.user)
    links = [(reverse("home"), _("Home"))]
    if scope.all_units or scope.unit_ids:
        links.append((reverse("unit-list"), _("Units")))
        links.append((reverse("employee-list"), _("Employees")))
        links.append((reverse("device-list"), _("Devices")))
        links.append((reverse("events"), _("Apel and events")))
    # Diskominfo reads an import it is sent to, but the list is the operators' and BKD's.
    if scope.has_role(Role.OPERATOR, Role.BKD_ADMIN) or request.user.is_superuser:
        links.append((reverse("import-list"), _("Imports")))
    if may_manage_schedules(request.user):
        links.append((reverse("schedule-list"), _("Schedules and rosters")))
    if scope.all_units or request.user.is_superuser:
        links.append((reverse("policy"), _("Policy")))
        links.append((reverse("calendar"), _("Calendar")))
    if scope.employee_id or scope.all_units or scope.unit_ids:
        waiting = todo_count(request_access(request.user))
        label = format_lazy(_("Requests ({n} waiting)"), n=waiting) if waiting else _("Requests")
        links.append((reverse("request-list"), label))
    if scope.employee_id:
        links.append((reverse("my-attendance"), _("My attendance")))
        links.append((reverse("mobile"), _("Check in from the phone")))
        links.append((reverse("my-profile"), _("My data")))
    if scope.has_role(Role.BKD_ADMIN, Role.DISKOMINFO_ADMIN, Role.LEADERSHIP) or (
        request.user.is_superuser
    ):
        links.append((reverse("monitoring"), _("Monitoring")))
        links.append((reverse("dashboard"), _("Dashboard")))
    if lockout_may_manage(request.user):
        links.append((reverse("lockout-list"), _("Locked accounts")))
    if scope.has_role(Role.BKD_ADMIN, Role.DISKOMINFO_ADMIN) or request.user.is_superuser:
        links.append((reverse("parked-days"), _("Days not computed")))
    if may_read_audit(request.user):
        links.append((reverse("audit-trail"), _("Audit trail")))
    region = region_get()
    guide = guide_for(scope)
    return {
        "help_url": reverse("panduan-guide", args=[guide]) if guide else reverse("panduan"),
        "nav_links": links,
        "region_name": region.name if region else "Hadir",
        "bell_count": bell_count(request.user),
    }
