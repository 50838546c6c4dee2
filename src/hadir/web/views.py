"""Pages: thin views that read through selectors, write through services, and render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from hadir.accounts.models import Role
from hadir.accounts.scope import scope_for
from hadir.devices.machine_user_unpair import may_unpair
from hadir.edge.pages import text_param
from hadir.faces.services import may_manage_faces
from hadir.imports.models import ImportBatch
from hadir.org.models import Unit
from hadir.org.selectors import region_timezone
from hadir.people.models import Employee
from hadir.people.selectors import employee_by_number
from hadir.punches.holds import held_punches_count
from hadir.requests.leave import leave_balance
from hadir.web.todo import todo_items


@login_required
def home(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    employees = scope.employees()
    context = {
        "scope": scope,
        "is_region_admin": scope.has_role(Role.BKD_ADMIN, Role.DISKOMINFO_ADMIN),
        "is_leadership": scope.has_role(Role.LEADERSHIP),
        "is_unit_staff": scope.has_role(Role.OPERATOR, Role.HEAD),
        "is_operator": scope.has_role(Role.OPERATOR),
        "unit_count": scope.units().count() if (scope.all_units or scope.unit_ids) else 0,
        "employee_count": employees.count() if (scope.all_units or scope.unit_ids) else 0,
        "employees_by_type": employees.values("employee_type")
        .annotate(n=Count("id"))
        .order_by("employee_type")
        if (scope.all_units or scope.unit_ids)
        else [],
        "my_units": Unit.objects.filter(role_grants__user_id=request.user.pk or 0).distinct(),
        "recent_imports": ImportBatch.objects.filter(uploaded_by_id=request.user.pk)[:5],
        "me": Employee.objects.select_related("unit").filter(pk=scope.employee_id or 0).first(),
        "held_waiting": held_punches_count(request.user),
        "is_bkd": request.user.is_superuser or scope.has_role(Role.BKD_ADMIN),
        "todo": todo_items(request.user, now=timezone.now()),
    }
    return render(request, "web/home.html", context)


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    units = scope.units().annotate(employee_count=Count("employees")).select_related("parent")
    query = text_param(request, "q")
    if query:
        units = units.filter(name__icontains=query) | units.filter(code__icontains=query.upper())
    return render(request, "web/unit_list.html", {"units": units, "q": query})


@login_required
def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    scope = scope_for(request.user)
    unit = scope.unit_or_404(code)
    employees = Paginator(
        Employee.objects.filter(unit=unit).select_related("schedule").order_by("name"), 50
    ).get_page(request.GET.get("page"))
    children = unit.children.annotate(employee_count=Count("employees")).order_by("name")
    return render(
        request,
        "web/unit_detail.html",
        {
            "unit": unit,
            "employees": employees,
            "children": children,
            "locations": unit.locations.all(),
        },
    )


@login_required
def employee_list(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    employees = scope.employees().select_related("unit").order_by("name")
    query = text_param(request, "q")
    if query:
        employees = employees.filter(name__icontains=query) | employees.filter(
            nip__startswith=query.replace(" ", "")
        )
    page = Paginator(employees, 50).get_page(request.GET.get("page"))
    return render(request, "web/employee_list.html", {"employees": page, "q": query})


@login_required
def employee_detail(request: HttpRequest, number: str) -> HttpResponse:
    employee = scope_for(request.user).employee_or_404(employee_by_number(number))
    return _employee_page(request, employee)


@login_required
def my_profile(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    employee = scope.employee_or_404(
        Employee.objects.select_related("unit").filter(pk=scope.employee_id or 0).first()
    )
    return _employee_page(request, employee)


def _employee_page(request: HttpRequest, employee: Employee) -> HttpResponse:
    assignments = employee.assignments.select_related("unit").order_by("-valid_from")
    year = timezone.now().astimezone(region_timezone()).year
    context = {
        "employee": employee,
        "assignments": assignments,
        "leave_balance": leave_balance(employee, year),
        "faces_url": _faces_url(request, employee),
        "pin_pairs": [
            (pair, may_unpair(request.user, pair))
            for pair in employee.scoped_pins.select_related("unit", "device__unit")
        ],
    }
    return render(request, "web/employee_detail.html", context)


def _faces_url(request: HttpRequest, employee: Employee) -> str:
    """Where this viewer sees the employee's reference faces, if anywhere."""
    if may_manage_faces(request.user, employee):
        return reverse("employee-faces", args=[employee.id_number])
    if scope_for(request.user).employee_id == employee.pk:
        return reverse("my-faces")
    return ""
