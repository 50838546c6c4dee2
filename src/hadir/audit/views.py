"""The audit page: BKD and Diskominfo read the audit trail; anyone else gets 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from hadir.accounts.models import Role
from hadir.accounts.scope import scope_for
from hadir.audit.forms import AuditFilterForm
from hadir.audit.selectors import AuditFilter, audit_events, audit_rows

PAGE_SIZE = 50
AUDIT_READERS = (Role.BKD_ADMIN, Role.DISKOMINFO_ADMIN)


def may_read_audit(user: object) -> bool:
    return getattr(user, "is_superuser", False) or scope_for(user).has_role(*AUDIT_READERS)


@login_required
def audit_trail(request: HttpRequest) -> HttpResponse:
    if not may_read_audit(request.user):
        raise Http404
    form = AuditFilterForm(request.GET or None)
    chosen = form.chosen() if form.is_valid() else AuditFilter()
    if form.is_bound and not form.is_valid():
        events = audit_events(chosen).none()
    else:
        events = audit_events(chosen)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/trail.html",
        {
            "form": form,
            "page": page,
            "rows": audit_rows(list(page.object_list)),
            "query": query.urlencode(),
        },
    )
