"""TPP in rupiah: one person's base with its history (BKD sets it), a unit's TPP list on
screen with its totals, and the payroll file keyed by NIP (``docs/exports.md``)."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hadir.accounts.scope import scope_for
from hadir.edge import EdgeError, month_value
from hadir.edge.pages import bad_request, month_param
from hadir.exports.tpp_totals import tpp_lines
from hadir.org.models import Unit
from hadir.org.selectors import region_timezone
from hadir.people.models import Employee
from hadir.people.selectors import employee_by_number
from hadir.people.tpp import may_set_tpp_base, tpp_base_for, tpp_base_set, tpp_history
from hadir.reporting.documents import tpp_deduction_document
from hadir.reporting.payroll import payroll_file


def _this_month() -> date:
    return timezone.now().astimezone(region_timezone()).date().replace(day=1)


@login_required
def employee_tpp(request: HttpRequest, number: str) -> HttpResponse:
    """The base in force this month and every dated base; BKD adds or corrects one here.
    Heads and operators read their units' people, an employee their own page."""
    employee: Employee = scope_for(request.user).employee_or_404(employee_by_number(number))
    may_write = may_set_tpp_base(request.user)
    errors: list[str] = []
    form = {"month": f"{_this_month():%Y-%m}", "amount": "", "note": ""}
    if request.method == "POST":
        if not may_write:
            raise Http404
        form = {key: request.POST.get(key, "")[:200] for key in form}
        try:
            month = month_value(form["month"])
            tpp_base_set(
                employee=employee,
                valid_from=month,
                amount=form["amount"],
                actor=request.user,
                note=form["note"],
            )
        except EdgeError as error:
            errors.append(error.text)
        else:
            messages.success(request, _("The TPP base was saved."))
            return redirect(reverse("employee-tpp", args=[employee.id_number]))
    month = _this_month()
    context = {
        "employee": employee,
        "month": month,
        "current": tpp_base_for(employee, month),
        "history": tpp_history(employee),
        "fallback": employee.tpp_base,
        "may_write": may_write,
        "form": form,
        "errors": errors,
    }
    return render(request, "web/employee_tpp.html", context, status=400 if errors else 200)


@login_required
def unit_tpp(request: HttpRequest, code: str) -> HttpResponse:
    """A unit's TPP list for a month as payroll reads it, with its total and warnings."""
    unit = scope_for(request.user).unit_or_404(code)
    default = (_this_month() - timedelta(days=1)).replace(day=1)
    month = month_param(request, default)
    doc = tpp_deduction_document(unit, month)
    context = {
        "unit": unit,
        "month": month,
        "doc": doc,
        "lines": list(tpp_lines(doc.rows, per_unit=False)),
    }
    return render(request, "web/unit_tpp.html", context)


@login_required
def payroll_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """``/tpp/payroll.csv?month=2026-03[&unit=CODE]``: the caller's units (heads and
    operators theirs, region roles every unit; an employee alone has none: 404), one unit
    with ``unit``."""
    scope = scope_for(request.user)
    if not (scope.all_units or scope.unit_ids):
        raise Http404
    if fmt not in ("csv", "xlsx"):
        raise Http404
    try:
        month = month_value(request.GET.get("month"))
    except EdgeError as error:
        return bad_request(request, error)
    units = scope.units()
    code = request.GET.get("unit", "")
    if code:
        units = Unit.objects.filter(pk=scope.unit_or_404(code[:64]).pk)
    result = payroll_file(units, month, fmt)
    response = HttpResponse(result.content, content_type=result.content_type)
    response["Content-Disposition"] = f'attachment; filename="{result.filename}"'
    return response
