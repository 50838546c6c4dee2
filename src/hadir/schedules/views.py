"""Pages of the region's working hours: weekly schedules and shifts (BKD), Ramadan hours
(BKD), and a unit's schedule assignments (BKD, the unit's head and operator). Thin: check
the role, read the form, call one service, render."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hadir.accounts.models import Role
from hadir.accounts.scope import scope_for
from hadir.org.models import Unit
from hadir.org.selectors import region_timezone
from hadir.people.models import Employee
from hadir.schedules.endings import region_today
from hadir.schedules.forms import AssignForm, OverrideForm, ShiftForm, WeeklyScheduleForm
from hadir.schedules.models import ScheduleAssignment, ScheduleOverride, Shift, WorkSchedule
from hadir.schedules.permissions import is_region_editor
from hadir.schedules.services import schedule_assign, schedule_override_create
from hadir.schedules.weekly import ScheduleRejected, shift_save, work_schedule_save


def _this_month() -> date:
    return timezone.now().astimezone(region_timezone()).date().replace(day=1)


def may_manage_schedules(user: Any) -> bool:
    """BKD, or a head or operator of some unit: who sees the schedule pages."""
    return is_region_editor(user) or scope_for(user).has_role(Role.HEAD, Role.OPERATOR)


def bkd_only(request: HttpRequest) -> None:
    if not request.user.is_authenticated or not is_region_editor(request.user):
        raise PermissionDenied


def editable_unit_or_404(request: HttpRequest, code: str) -> Unit:
    """The unit of the page for BKD or its own head/operator; others 403, another unit 404."""
    if not may_manage_schedules(request.user):
        raise PermissionDenied
    scope = scope_for(request.user)
    if is_region_editor(request.user):
        return get_object_or_404(Unit, code=code)
    return scope.unit_or_404(code)


@login_required
def schedule_list(request: HttpRequest) -> HttpResponse:
    if not may_manage_schedules(request.user):
        raise PermissionDenied
    scope = scope_for(request.user)
    units = Unit.objects.order_by("name") if is_region_editor(request.user) else scope.units()
    return render(
        request,
        "schedules/schedule_list.html",
        {
            "schedules": WorkSchedule.objects.all(),
            "shifts": Shift.objects.order_by("start", "code"),
            "overrides": ScheduleOverride.objects.order_by("-first_day")[:20],
            "units": units.order_by("name")[:500],
            "is_bkd": is_region_editor(request.user),
            "shift_form": ShiftForm(),
        },
    )


def _schedule_form(request: HttpRequest, schedule: WorkSchedule | None) -> HttpResponse:
    bkd_only(request)
    initial = WeeklyScheduleForm.initial_for(schedule) if schedule else {}
    form = WeeklyScheduleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = work_schedule_save(
                code=form.cleaned_data["code"],
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                hours=form.hours(),
                schedule=schedule,
                recompute_from=_this_month(),
                actor=request.user,
            )
        except ScheduleRejected as refused:
            for problem in refused.problems:
                form.add_error(None, problem)
        else:
            messages.success(request, _("Saved: %(code)s.") % {"code": saved.code})
            return redirect("schedule-list")
    return render(request, "schedules/schedule_form.html", {"form": form, "schedule": schedule})


@login_required
def schedule_new(request: HttpRequest) -> HttpResponse:
    return _schedule_form(request, None)


@login_required
def schedule_edit(request: HttpRequest, code: str) -> HttpResponse:
    bkd_only(request)
    schedule = get_object_or_404(WorkSchedule, code=code, is_roster=False)
    return _schedule_form(request, schedule)


@login_required
@require_POST
def shift_save_view(request: HttpRequest) -> HttpResponse:
    bkd_only(request)
    form = ShiftForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("schedule-list")
    try:
        shift_save(**form.cleaned_data, actor=request.user)
    except ScheduleRejected as refused:
        for problem in refused.problems:
            messages.error(request, problem)
    else:
        messages.success(request, _("Saved: %(code)s.") % {"code": form.cleaned_data["code"]})
    return redirect("schedule-list")


@login_required
def override_page(request: HttpRequest) -> HttpResponse:
    bkd_only(request)
    regular = list(WorkSchedule.objects.filter(is_roster=False))
    form = OverrideForm(request.POST or None, schedules=regular)
    if request.method == "POST" and form.is_valid():
        replacements = form.replacements()
        if not replacements:
            form.add_error(None, _("Choose at least one schedule to replace."))
        else:
            schedule_override_create(
                name=form.cleaned_data["name"],
                first_day=form.cleaned_data["first_day"],
                last_day=form.cleaned_data["last_day"],
                replacements=replacements,
                actor=request.user,
            )
            messages.success(request, _("Saved. The days it changes are recomputed."))
            return redirect("schedule-overrides")
    return render(
        request,
        "schedules/overrides.html",
        {
            "form": form,
            "overrides": ScheduleOverride.objects.order_by("-first_day"),
            "today": region_today(),
        },
    )


@login_required
def unit_schedules(request: HttpRequest, code: str) -> HttpResponse:
    unit = editable_unit_or_404(request, code)
    people = Employee.objects.filter(unit=unit, is_active=True).order_by("name")
    form = AssignForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        employee = form.cleaned_data["employee"]
        schedule_assign(
            schedule=form.cleaned_data["schedule"],
            valid_from=form.cleaned_data["valid_from"],
            valid_until=form.cleaned_data["valid_until"],
            unit=None if employee else unit,
            employee=employee,
            actor=request.user,
        )
        messages.success(request, _("Saved. The days it changes are recomputed."))
        return redirect(reverse("unit-schedules", args=[unit.code]))
    assignments = (
        ScheduleAssignment.objects.filter(Q(unit=unit) | Q(employee__unit=unit))
        .select_related("schedule", "employee")
        .order_by("employee__name", "-valid_from")
    )
    return render(
        request,
        "schedules/unit_schedules.html",
        {"unit": unit, "form": form, "assignments": assignments, "today": region_today()},
    )
