"""The region's calendar: national holidays (read-only) and BKD's own days off / working days."""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hadir.accounts.models import Role
from hadir.accounts.scope import scope_for
from hadir.edge import EdgeError, date_value
from hadir.edge.forms import SupportedDateField
from hadir.edge.pages import year_param
from hadir.org.selectors import region_timezone
from hadir.rules import national_holidays
from hadir.schedules.models import CalendarEntry, CalendarEntryKind
from hadir.schedules.services import calendar_entry_remove, calendar_entry_set


class CalendarEntryForm(forms.Form):
    day = SupportedDateField(
        label=gettext_lazy("Date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=CalendarEntryKind.choices)
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100)


def _can_edit(request: HttpRequest) -> bool:
    return request.user.is_superuser or scope_for(request.user).has_role(Role.BKD_ADMIN)


@login_required
def calendar_page(request: HttpRequest) -> HttpResponse:
    if not (scope_for(request.user).all_units or request.user.is_superuser):
        raise PermissionDenied
    today = timezone.now().astimezone(region_timezone()).date()
    year = year_param(request, today.year)
    form = CalendarEntryForm(request.POST or None)
    if request.method == "POST":
        if not _can_edit(request):
            raise PermissionDenied
        if form.is_valid():
            calendar_entry_set(
                day=form.cleaned_data["day"],
                kind=form.cleaned_data["kind"],
                name=form.cleaned_data["name"],
                actor=request.user,
            )
            messages.success(request, _("Saved. The days it changes are recomputed."))
            return redirect(f"{request.path}?year={form.cleaned_data['day'].year}")
    return render(
        request,
        "web/calendar.html",
        {
            "year": year,
            "form": form,
            "can_edit": _can_edit(request),
            "national": national_holidays([year]),
            "entries": CalendarEntry.objects.filter(
                day__gte=date(year, 1, 1), day__lte=date(year, 12, 31)
            ).order_by("day"),
        },
    )


@login_required
@require_POST
def calendar_remove(request: HttpRequest, day: str) -> HttpResponse:
    if not _can_edit(request):
        raise PermissionDenied
    try:
        removed = date_value(day)
    except EdgeError as exc:
        raise Http404 from exc
    calendar_entry_remove(day=removed, actor=request.user)
    messages.info(request, _("Removed. The day is recomputed."))
    return redirect(f"/calendar/?year={removed.year}")
