"""The page to ask BKD for a dispensation, opened from a day whose window has closed
(``?employee=<pk>&date=YYYY-MM-DD``) or from a unit's month (``?unit=<code>&date=...``)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hadir.edge.pages import text_param
from hadir.org.models import Unit
from hadir.people.models import Employee
from hadir.requests.dispensation_asks import dispensation_ask_create
from hadir.requests.forms import DispensationAskForm
from hadir.requests.permissions import RequestAccess, request_access
from hadir.requests.prefill import PREFILL_EMPLOYEE_REFUSED, request_prefill

UNIT_REFUSED = gettext_noop("The unit named in the link is not one of your units.")
ASK_FOR_WHOM = gettext_noop(
    "Open this page from a day in the month grid or from the unit's month report."
)


def _target(
    access: RequestAccess, employee_value: Any, unit_code: str
) -> tuple[Employee | None, Unit | None, str]:
    """Whom the ask is for: the employee (if the actor may file for them), else the unit
    (unit staff only); an employee-only account always asks for themselves."""
    if not access.is_unit_staff:
        own = Employee.objects.select_related("unit").get(pk=access.scope.employee_id or 0)
        return own, own.unit, ""
    if employee_value:
        employee = request_prefill(access, {"employee": employee_value}).employee
        if employee is None:
            return None, None, _(PREFILL_EMPLOYEE_REFUSED)
        return employee, employee.unit, ""
    unit = access.sheet_units().filter(code=unit_code).first() if unit_code else None
    if unit is None:
        return None, None, _(UNIT_REFUSED) if unit_code else _(ASK_FOR_WHOM)
    return None, unit, ""


@login_required
def dispensation_ask(request: HttpRequest) -> HttpResponse:
    access = request_access(request.user)
    if access.is_bkd or not (access.is_unit_staff or access.scope.employee_id):
        raise Http404
    source = request.POST if request.method == "POST" else request.GET
    employee, unit, problem = _target(
        access, source.get("employee"), text_param(request, "unit", source=request.method or "GET")
    )
    prefill = request_prefill(access, {"date": request.GET.get("date", "")})
    form = DispensationAskForm(
        request.POST or None,
        initial={
            "employee": employee.pk if employee else None,
            "unit": unit.code if unit else "",
            "days_from": prefill.day,
        },
    )
    if request.method == "GET":
        for notice in prefill.notices:
            messages.warning(request, notice)
    if problem and not form.is_bound:
        messages.warning(request, problem)
    elif problem:
        form.is_valid()
        form.add_error(None, problem)
    elif request.method == "POST" and form.is_valid() and unit is not None:
        try:
            dispensation_ask_create(
                actor=request.user,
                unit=unit,
                employee=employee,
                days_from=form.cleaned_data["days_from"],
                reason=form.cleaned_data["reason"],
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("Sent to BKD. Once BKD grants the dispensation, file the request.")
            )
            return redirect("request-list")
    context = {"form": form, "employee": employee, "unit": unit}
    return render(request, "requests/dispensation_ask.html", context)
