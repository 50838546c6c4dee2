"""Held punches (accept or reject, ``punches.holds``) and BKD's start of records
(``punches.gate``)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hadir.accounts.models import Role
from hadir.accounts.scope import scope_for
from hadir.edge.values import posted_ids
from hadir.org.selectors import region_get, region_records_start, region_timezone
from hadir.org.services import region_records_start_set
from hadir.punches.holds import (
    held_punches_reject,
    held_punches_release,
    held_punches_waiting,
    hold_access,
)

HELD_SHOWN = 300


@login_required
def held_punches_page(request: HttpRequest) -> HttpResponse:
    """Who sees: BKD (every unit), heads and operators (their units), Diskominfo (machine
    addresses). Anyone else: 404."""
    access = hold_access(request.user)
    if not access.any:
        raise Http404
    if request.method == "POST":
        ids = posted_ids(request.POST.getlist("punch"))
        try:
            if request.POST.get("decision") == "release":
                n = held_punches_release(actor=request.user, punch_ids=ids)
                messages.success(request, _("Accepted: %(n)d punches now count.") % {"n": n})
            else:
                reason = request.POST.get("reason", "")
                n = held_punches_reject(actor=request.user, punch_ids=ids, reason=reason)
                messages.info(
                    request, _("Rejected: %(n)d punches stay recorded, not counted.") % {"n": n}
                )
        except (ValidationError, PermissionDenied) as error:
            text = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            messages.error(request, text)
        return redirect("held-punches")
    waiting = held_punches_waiting(access)
    rows = [(p, access.can_decide(p)) for p in waiting[:HELD_SHOWN]]
    context = {
        "rows": rows,
        "total": waiting.count(),
        "can_decide_any": any(decide for _, decide in rows),
    }
    return render(request, "web/held_punches.html", context)


class RecordsStartForm(forms.Form):
    start = forms.DateField(
        label=gettext_lazy("Start of records"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("Empty: two years before today."),
    )
    reason = forms.CharField(label=gettext_lazy("Why it changes"), max_length=300)


def _is_bkd(request: HttpRequest) -> bool:
    return request.user.is_superuser or scope_for(request.user).has_role(Role.BKD_ADMIN)


@login_required
def records_start_page(request: HttpRequest) -> HttpResponse:
    """BKD only: the day the region's records start (punches before it are quarantined)."""
    if not _is_bkd(request):
        raise Http404
    region = region_get()
    if region is None:
        raise Http404
    form = RecordsStartForm(request.POST or None, initial={"start": region.records_start})
    if request.method == "POST" and form.is_valid():
        try:
            region_records_start_set(
                start=form.cleaned_data["start"],
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved. Punches dated before this day are quarantined."))
            return redirect("records-start")
    today = timezone.now().astimezone(region_timezone()).date()
    context = {"form": form, "region": region, "effective": region_records_start(today)}
    return render(request, "web/records_start.html", context)
