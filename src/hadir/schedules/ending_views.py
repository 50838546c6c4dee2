"""The End and Delete buttons of a unit's schedule assignments and of the Ramadan periods.
Thin: check who may see the object, read the form, call one service (which checks the role
and unit again), tell the outcome."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hadir.edge.forms import SupportedDateField
from hadir.schedules.endings import (
    schedule_assignment_delete,
    schedule_assignment_end,
    schedule_override_delete,
    schedule_override_end,
)
from hadir.schedules.models import ScheduleAssignment, ScheduleOverride
from hadir.schedules.views import bkd_only, editable_unit_or_404

ACTIONS = ("end", "delete")


class EndForm(forms.Form):
    last_day = SupportedDateField(label=gettext_lazy("Last day"))


def _act(request: HttpRequest, action: str, end: object, delete: object) -> None:
    """Call ``end(last_day)`` or ``delete()``; refusals become messages."""
    try:
        if action == "delete":
            delete()  # type: ignore[operator]
        else:
            form = EndForm(request.POST)
            if not form.is_valid():
                for errors in form.errors.values():
                    for error in errors:
                        messages.error(request, str(error))
                return
            end(form.cleaned_data["last_day"])  # type: ignore[operator]
    except ValidationError as refused:
        for problem in refused.messages:
            messages.error(request, problem)
    else:
        messages.success(request, _("Saved. The days it changes are recomputed."))


@login_required
@require_POST
def assignment_action(request: HttpRequest, code: str, pk: int, action: str) -> HttpResponse:
    unit = editable_unit_or_404(request, code)
    if action not in ACTIONS:
        raise Http404
    assignment = get_object_or_404(
        ScheduleAssignment.objects.filter(Q(unit=unit) | Q(employee__unit=unit)), pk=pk
    )
    _act(
        request,
        action,
        lambda day: schedule_assignment_end(assignment, day, actor=request.user),
        lambda: schedule_assignment_delete(assignment, actor=request.user),
    )
    return redirect(reverse("unit-schedules", args=[unit.code]))


@login_required
@require_POST
def override_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    bkd_only(request)
    if action not in ACTIONS:
        raise Http404
    override = get_object_or_404(ScheduleOverride, pk=pk)
    _act(
        request,
        action,
        lambda day: schedule_override_end(override, day, actor=request.user),
        lambda: schedule_override_delete(override, actor=request.user),
    )
    return redirect("schedule-overrides")
