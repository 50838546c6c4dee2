"""Days that could not be computed (parked), for Diskominfo and BKD, with retry buttons."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hadir.accounts.models import Role
from hadir.accounts.scope import scope_for
from hadir.attendance.parking import parked_day_list, parked_days_dismiss, parked_days_retry
from hadir.edge.values import posted_ids

SHOWN = 500


def _allowed(request: HttpRequest) -> bool:
    scope = scope_for(request.user)
    return request.user.is_superuser or scope.has_role(Role.DISKOMINFO_ADMIN, Role.BKD_ADMIN)


@login_required
def parked_list(request: HttpRequest) -> HttpResponse:
    if not _allowed(request):
        raise PermissionDenied
    rows = parked_day_list()
    return render(
        request,
        "web/parked_days.html",
        {"rows": rows[:SHOWN], "total": rows.count(), "shown": SHOWN},
    )


@login_required
@require_POST
def parked_retry(request: HttpRequest) -> HttpResponse:
    if not _allowed(request):
        raise PermissionDenied
    ids: list[int] | None = None
    if "all" not in request.POST:
        ids = posted_ids(request.POST.getlist("id"))
    count = parked_days_retry(actor=request.user, ids=ids) if ids != [] else 0
    if count:
        messages.success(
            request,
            _("Days to compute again: %(n)s. The worker does it within a minute.") % {"n": count},
        )
    else:
        messages.info(request, _("Nothing to retry: the day is no longer set aside."))
    return redirect("parked-days")


@login_required
@require_POST
def parked_dismiss(request: HttpRequest) -> HttpResponse:
    if not _allowed(request):
        raise PermissionDenied
    ids = posted_ids(request.POST.getlist("id"))
    if parked_days_dismiss(actor=request.user, ids=ids):
        messages.success(
            request,
            _(
                "Taken off the list. If new data marks the day again and it still fails, "
                "it returns."
            ),
        )
    else:
        messages.info(request, _("Nothing to retry: the day is no longer set aside."))
    return redirect("parked-days")
