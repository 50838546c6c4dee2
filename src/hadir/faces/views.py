"""Pages of reference faces: the unit's (enrol, withdraw) and the employee's own (see,
withdraw). Thin: every rule is in ``hadir.faces.services``."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hadir.accounts.scope import scope_for
from hadir.faces.models import FaceCheck, FaceReference
from hadir.faces.services import (
    active_references,
    capture_counted,
    may_manage_faces,
    may_see_faces,
    reference_enrol,
    reference_withdraw,
)
from hadir.mobile.models import Capture
from hadir.people.models import Employee
from hadir.people.selectors import employee_by_number
from hadir.requests.evidence import evidence_file, evidence_response, evidence_store

RECENT_CAPTURES = 12


class EnrolForm(forms.Form):
    photo = forms.FileField(label=gettext_lazy("Photo of the face"), required=False)
    capture = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    consent = forms.BooleanField(
        label=gettext_lazy("The employee agreed to this photo being kept as their reference face"),
        required=False,
    )


def _managed_employee(request: HttpRequest, number: str) -> Employee:
    employee = scope_for(request.user).employee_or_404(employee_by_number(number))
    if not may_manage_faces(request.user, employee):
        raise Http404
    return employee


def _recent_captures(employee: Employee) -> list[Capture]:
    usable = Capture.objects.filter(employee=employee, photo__isnull=False).select_related(
        "request"
    )
    recent = usable.order_by("-captured_at")[: RECENT_CAPTURES * 2]
    return [c for c in recent if capture_counted(c)][:RECENT_CAPTURES]


def _enrol(request: HttpRequest, employee: Employee, form: EnrolForm) -> bool:
    data = form.cleaned_data
    capture = None
    if data.get("capture"):
        capture = Capture.objects.filter(pk=data["capture"], employee=employee).first()
        if capture is None or capture.photo is None:
            raise ValidationError(_("Choose one of the captures listed below."))
        photo = capture.photo
    elif data.get("photo"):
        upload = data["photo"]
        photo = evidence_store(stream=upload, filename=upload.name, actor=request.user)
    else:
        raise ValidationError(_("Choose a photo to upload, or a capture below."))
    reference_enrol(
        actor=request.user,
        employee=employee,
        photo=photo,
        consent=bool(data.get("consent")),
        capture=capture,
    )
    return True


@login_required
def employee_faces(request: HttpRequest, number: str) -> HttpResponse:
    employee = _managed_employee(request, number)
    form = EnrolForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            _enrol(request, employee, form)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The reference face was saved."))
            return redirect("employee-faces", number=number)
    return render(
        request,
        "faces/employee_faces.html",
        {
            "employee": employee,
            "references": active_references(employee),
            "captures": _recent_captures(employee),
            "checks": FaceCheck.objects.filter(employee=employee).order_by("-checked_at")[:10],
            "form": form,
        },
    )


@login_required
def my_faces(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    employee = scope.employee_or_404(Employee.objects.filter(pk=scope.employee_id or 0).first())
    return render(
        request,
        "faces/my_faces.html",
        {"employee": employee, "references": active_references(employee)},
    )


def _reference_for(request: HttpRequest, pk: int) -> FaceReference:
    reference = get_object_or_404(
        FaceReference.objects.select_related("employee", "photo"), pk=pk, withdrawn_at__isnull=True
    )
    if not may_see_faces(request.user, reference.employee):
        raise Http404
    return reference


@login_required
def face_photo(request: HttpRequest, pk: int) -> HttpResponseBase:
    reference = _reference_for(request, pk)
    path = evidence_file(reference.photo)
    if path is None:
        raise Http404
    return evidence_response(
        path, content_type=reference.photo.content_type, filename=f"wajah-{reference.pk}.jpg"
    )


@login_required
@require_POST
def face_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    reference = _reference_for(request, pk)
    try:
        reference_withdraw(actor=request.user, reference=reference)
    except PermissionDenied as error:
        raise Http404 from error
    messages.success(
        request, _("The reference face was withdrawn; its data for matching is erased.")
    )
    if scope_for(request.user).employee_id == reference.employee_id:
        return redirect("my-faces")
    return redirect("employee-faces", number=reference.employee.id_number)
