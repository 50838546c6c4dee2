"""The page that adds one new employee, and what to do next (machine, first login)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from hadir.accounts.models import Role
from hadir.accounts.scope import scope_for
from hadir.devices.models import Device, DeviceState
from hadir.imports.one_employee import EmployeeAdded, employee_add, employee_add_units
from hadir.org.models import Unit
from hadir.org.selectors import region_timezone
from hadir.people.selectors import pin_suggest_free
from hadir.schedules.models import WorkSchedule
from hadir.web.employee_form import EmployeeAddForm


def _next_steps(request: HttpRequest, added: EmployeeAdded) -> HttpResponse:
    employee = added.employee
    scope = scope_for(request.user)
    machines = Device.objects.filter(unit=employee.unit, state=DeviceState.ACTIVE).order_by("name")
    context = {
        "added": added,
        "employee": employee,
        "machines": machines,
        "may_enrol": scope.has_role(Role.OPERATOR, Role.DISKOMINFO_ADMIN),
    }
    return render(request, "web/employee_added.html", context)


@login_required
def employee_new(request: HttpRequest) -> HttpResponse:
    allowed = employee_add_units(request.user)  # PermissionDenied: 403 for the others
    units = Unit.objects.order_by("code")
    if allowed is not None:
        units = units.filter(id__in=allowed)
    today = timezone.now().astimezone(region_timezone()).date()
    wanted_unit = request.GET.get("unit", "")
    form = EmployeeAddForm(
        request.POST or None,
        units=list(units),
        schedules=list(WorkSchedule.objects.order_by("code")),
        suggested_pin=pin_suggest_free(),
        today=today,
        initial={"unit_kode": wanted_unit} if wanted_unit else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            added = employee_add(
                actor=request.user,
                values=form.import_values(),
                make_login=form.cleaned_data["make_login"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            return _next_steps(request, added)
    return render(
        request,
        "web/employee_new.html",
        {"form": form, "suggested_pin": form.fields["pin"].initial},
    )
