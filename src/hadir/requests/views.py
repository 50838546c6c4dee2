"""Request pages: lists and the to-do list, a new request, the manual sheet, one request with
its evidence and decisions, dispensations. Thin: forms check the input, one service acts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from hadir.edge.pages import text_param
from hadir.faces.selectors import checks_for_request
from hadir.faces.services import threshold as face_threshold
from hadir.org.models import Unit
from hadir.people.models import Employee
from hadir.people.selectors import employee_by_number
from hadir.requests import decisions
from hadir.requests.days_off import days_off_warning
from hadir.requests.dispensation_asks import dispensation_asks_open, dispensation_initial
from hadir.requests.evidence import evidence_file, evidence_response
from hadir.requests.forms import (
    UNKNOWN_EMPLOYEE,
    DecisionForm,
    DispensationForm,
    RequestForm,
    SheetForm,
    sheet_entries,
)
from hadir.requests.leave import leave_balance
from hadir.requests.models import ABSENCE_KINDS, Dispensation, RequestEvidence, RequestState
from hadir.requests.permissions import RequestAccess, request_access
from hadir.requests.prefill import prefill_window_notice, request_prefill
from hadir.requests.selectors import (
    dispensations_open,
    dispensations_recent,
    request_view,
    requests_visible,
    todo_for,
)
from hadir.requests.services import EntryIn, Upload, manual_sheet_submit, request_submit
from hadir.requests.sheet_input import sheet_entries_from_json, sheet_rows
from hadir.requests.window import (
    dispensation_grant,
    dispensation_revoke,
    earliest_open,
    local_today,
)

DONE: dict[str, str] = {
    "approve": gettext_noop("Approved."),
    "reject": gettext_noop("Rejected. The submitter sees your reason."),
    "verify": gettext_noop("Verified. The days are recomputed."),
    "cancel": gettext_noop("Cancelled."),
}
# A step of a configured approval chain that is not the last (hadir.requests.chains).
STEP_DONE = gettext_noop("Approved. The request now waits for the next step of its chain.")


def _uploads(files: list[Any]) -> list[Upload]:
    return [Upload(stream=f, name=f.name) for f in files]


@login_required
def request_list(request: HttpRequest) -> HttpResponse:
    access = request_access(request.user)
    state = text_param(request, "state")
    rows = Paginator(requests_visible(access, state), 50).get_page(request.GET.get("page"))
    context = {
        "rows": rows,
        "state": state,
        "states": [*RequestState.choices],
        "todo": list(todo_for(access)[:100]),
        "decides": bool(access.head_unit_ids or access.is_bkd),
        "can_file": _may_file(access),
        "can_sheet": access.sheet_units().exists(),
        "is_bkd": access.is_bkd,
    }
    return render(request, "requests/request_list.html", context)


def _may_file(access: RequestAccess) -> bool:
    """Whether the person files requests at all: for themselves (an employee's account) or
    for their units' or the region's people (unit staff, BKD). Leadership and Diskominfo
    do not, so they are never offered the form."""
    return _employees_for(access) is not None or access.scope.employee_id is not None


def _employees_for(access: RequestAccess) -> Any:
    """A list to choose from for unit staff; BKD (the whole region) types a number."""
    if access.is_bkd:
        return "number"
    if access.is_unit_staff:
        return access.scope.employees().order_by("name")
    return None


@login_required
def request_new(request: HttpRequest) -> HttpResponse:
    access = request_access(request.user)
    if not _may_file(access):
        raise Http404
    employees = _employees_for(access)
    prefill = request_prefill(access, request.GET)
    initial = prefill.initial
    if prefill.employee is not None and employees == "number":
        initial["employee"] = prefill.employee.id_number
    elif prefill.employee is not None and employees is not None:
        # Coming from a day: the person is known, not picked again among every name.
        employees = employees.filter(pk=prefill.employee.pk)
        initial["employee"] = prefill.employee.pk
    form = RequestForm(
        request.POST or None, request.FILES or None, employees=employees, initial=initial
    )
    if request.method == "GET":
        closed = prefill_window_notice(prefill, now=timezone.now())
        for notice in [*prefill.notices, *([closed] if closed else [])]:
            messages.warning(request, notice)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        employee = data.get("employee") or Employee.objects.select_related("unit").get(
            pk=access.scope.employee_id or 0
        )
        try:
            created = request_submit(
                actor=request.user,
                kind=data["kind"],
                employee=employee,
                first_day=data["first_day"],
                last_day=data["last_day"],
                leave_type=data["leave_type"] if data["kind"] == "cuti" else "",
                child_order=data["child_order"] if data["kind"] == "cuti" else None,
                reason=data["reason"],
                spt_number=data["spt_number"],
                check_in=data["check_in"],
                check_out=data["check_out"],
                files=_uploads(data["evidence"]),
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("Sent. The head of your unit decides; you can follow it here.")
            )
            if created.kind in ABSENCE_KINDS:
                warning = days_off_warning(employee, created.first_day, created.last_day)
                if warning:
                    messages.warning(request, warning)
            return redirect("request-detail", pk=created.pk)
    now = timezone.now()
    own = Employee.objects.filter(pk=access.scope.employee_id or 0).first()
    context = {
        "form": form,
        "open": earliest_open(now=now),
        "leave_balance": leave_balance(own, local_today(now).year) if own else None,
    }
    return render(request, "requests/request_new.html", context)


def _top_unit(units: QuerySet[Unit]) -> Unit | None:
    """The one unit all the others are under (an operator's own unit), if there is one."""
    ordered = list(units.order_by("depth", "code")[:1])
    if not ordered:
        return None
    top = ordered[0]
    below = units.filter(path__startswith=top.path).count()
    return top if below == units.count() else None


def _wants_json(request: HttpRequest) -> bool:
    """The sheet's script sends the form with fetch and reads the answer as JSON."""
    return "application/json" in request.headers.get("Accept", "")


def _form_errors(form: SheetForm) -> list[str]:
    return [str(message) for messages_ in form.errors.values() for message in messages_]


@login_required
def sheet_new(request: HttpRequest) -> HttpResponse:
    access = request_access(request.user)
    units = access.sheet_units().order_by("code")
    if not units.exists():
        raise Http404
    code = text_param(request, "unit", source="POST") or text_param(request, "unit")
    unit = units.filter(code=code).first() if code else _top_unit(units)
    employees = (
        list(
            Employee.objects.filter(unit__path__startswith=unit.path, is_active=True)
            .select_related("unit")
            .order_by("name")
        )
        if unit
        else []
    )
    form = SheetForm(request.POST or None, request.FILES or None)
    entries: list[EntryIn] = []
    if request.method == "POST" and unit is not None:
        if "entries" in request.POST:  # the page's script: one field, only the ticked rows
            entries, errors = sheet_entries_from_json(request.POST["entries"], employees)
        else:  # without JavaScript: three fields per employee
            entries, errors = sheet_entries(request.POST, employees)
        for error in errors:
            form.add_error(None, error)
        if form.is_valid():
            try:
                sheet = manual_sheet_submit(
                    actor=request.user,
                    unit=unit,
                    day=form.cleaned_data["day"],
                    entries=entries,
                    reason=form.cleaned_data["reason"],
                    files=_uploads(form.cleaned_data["evidence"]),
                )
            except PermissionDenied as exc:
                raise Http404 from exc
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The sheet was sent to the head of the unit."))
                if _wants_json(request):
                    return JsonResponse({"redirect": reverse("request-detail", args=[sheet.pk])})
                return redirect("request-detail", pk=sheet.pk)
        if _wants_json(request):
            return JsonResponse({"errors": _form_errors(form)}, status=400)
    context = {
        "units": units,
        "unit": unit,
        "rows": sheet_rows(employees, entries),
        "form": form,
        "open": earliest_open(now=timezone.now(), unit_code=unit.code if unit else None),
    }
    return render(request, "requests/sheet_new.html", context)


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    access = request_access(request.user)
    item = access.request_or_404(pk)
    context = {
        "view": request_view(item),
        "item": item,
        "can_decide": access.can_decide(item),
        "can_verify": access.can_verify(item),
        "can_cancel": access.can_cancel(item),
        "can_see_files": access.can_view_evidence(item),
        "form": DecisionForm(),
        "face_checks": checks_for_request(item) if access.can_view_evidence(item) else [],
        "needed": round((1 - face_threshold()) * 100),
        "days_off": (
            days_off_warning(item.employee, item.first_day, item.last_day)
            if item.employee is not None and item.kind in ABSENCE_KINDS
            else ""
        ),
    }
    return render(request, "requests/request_detail.html", context)


ACTIONS: dict[str, Callable[..., Any]] = {
    "approve": lambda item, user, reason: decisions.request_approve(request=item, actor=user),
    "reject": lambda item, user, reason: decisions.request_reject(
        request=item, actor=user, reason=reason
    ),
    "verify": lambda item, user, reason: decisions.request_verify(request=item, actor=user),
    "cancel": lambda item, user, reason: decisions.request_cancel(
        request=item, actor=user, reason=reason
    ),
}


@login_required
@require_POST
def request_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    access = request_access(request.user)
    item = access.request_or_404(pk)
    act = ACTIONS.get(action)
    if act is None:
        raise Http404
    form = DecisionForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        done = act(item, request.user, reason)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        partial = action == "verify" and getattr(done, "waiting_verification", False)
        messages.success(request, _(STEP_DONE if partial else DONE[action]))
    return redirect("request-detail", pk=item.pk)


@login_required
def evidence_view(request: HttpRequest, pk: int, link_pk: int) -> FileResponse:
    """A file of a request, only for those allowed to see it; never from a public folder."""
    access = request_access(request.user)
    item = access.request_or_404(pk)
    if not access.can_view_evidence(item):
        raise Http404
    link = RequestEvidence.objects.select_related("evidence").filter(pk=link_pk, request=item)
    found = link.first()
    path = evidence_file(found.evidence) if found else None
    if found is None or path is None:
        raise Http404
    return evidence_response(
        path,
        content_type=found.evidence.content_type,
        filename=found.filename,
        download=request.GET.get("download") == "1",
    )


@login_required
def dispensation_list(request: HttpRequest) -> HttpResponse:
    access = request_access(request.user)
    if not access.can_grant_dispensation:
        raise Http404
    form = DispensationForm(request.POST or None, initial=dispensation_initial(request.GET))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        number = data["employee_number"].strip()
        ask = dispensation_asks_open().filter(pk=data["ask"] or 0).first()
        employee = employee_by_number(number) if number else None
        if number and employee is None:
            form.add_error("employee_number", _(UNKNOWN_EMPLOYEE) % {"number": number})
        else:
            try:
                dispensation_grant(
                    actor=request.user,
                    unit=data["unit"],
                    employee=employee,
                    days_from=data["days_from"],
                    valid_until=data["valid_until"],
                    reason=data["reason"],
                    ask=ask,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Dispensation granted."))
                return redirect("dispensation-list")
    now = timezone.now()
    context = {
        "form": form,
        "open_ones": dispensations_open(now),
        "asks": dispensation_asks_open()[:100],
        "past": dispensations_recent(now),
    }
    return render(request, "requests/dispensations.html", context)


@login_required
@require_POST
def dispensation_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    if not request_access(request.user).can_grant_dispensation:
        raise Http404
    dispensation = Dispensation.objects.filter(pk=pk).first()
    if dispensation is None:
        raise Http404
    dispensation_revoke(dispensation=dispensation, actor=request.user)
    messages.success(request, _("Dispensation ended."))
    return redirect("dispensation-list")
