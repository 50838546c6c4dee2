"""The "Machine users" page of a machine: its own user list, matched to employees."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hadir.accounts.scope import scope_for
from hadir.devices import machine_users
from hadir.devices.machine_user_unpair import machine_user_unpair, may_unpair, pairs_on_device
from hadir.devices.models import Device
from hadir.devices.permissions import device_access, usb_access
from hadir.edge.values import posted_ids
from hadir.people.models import Employee, EmployeePin
from hadir.people.selectors import employee_by_number


class UserFileForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("User file from the flashdisk (user.dat or CSV: PIN,Name,Card)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".dat,.csv,.txt"}),
    )


def _device_for_users(request: HttpRequest, sn: str) -> Device:
    """The machine, when the user may manage its users (BKD, the unit's operators)."""
    device = device_access(request.user).device_or_404(sn)
    if device.unit_id is None or not usb_access(request.user).can_manage_unit(device.unit_id):
        raise Http404
    return device


@login_required
def device_users_page(request: HttpRequest, sn: str) -> HttpResponse:
    device = _device_for_users(request, sn)
    rows = machine_users.machine_users_matched(actor=request.user, device=device)
    pairs: dict[str, list[tuple[EmployeePin, bool]]] = {}
    for pair in pairs_on_device(device):
        pairs.setdefault(pair.pin, []).append((pair, may_unpair(request.user, pair)))
    context = {
        "device": device,
        "rows": [(row, pairs.get(row.user.pin, [])) for row in rows],
        "unmatched": sum(1 for row in rows if row.owner is None),
        "file_form": UserFileForm(),
    }
    return render(request, "devices/device_users.html", context)


@login_required
@require_POST
def device_users_action(request: HttpRequest, sn: str, action: str) -> HttpResponse:
    device = _device_for_users(request, sn)
    try:
        if action == "upload":
            _upload(request, device)
        elif action == "confirm":
            _confirm(request, device)
        elif action == "unpair":
            _unpair(request, device)
        else:
            raise Http404
    except (ValidationError, PermissionDenied) as error:
        text = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        messages.error(request, text)
    return redirect("device-users", sn=device.sn)


def _upload(request: HttpRequest, device: Device) -> None:
    form = UserFileForm(request.POST, request.FILES)
    if not form.is_valid():
        raise ValidationError(_("Choose the user file to upload."))
    upload = form.cleaned_data["file"]
    if upload.size > machine_users.USER_FILE_MAX_BYTES:
        raise ValidationError(
            _("The user file is larger than 2 MB: this is not a machine's user list.")
        )
    records = machine_users.user_file_read(upload.read(), upload.name)
    count = machine_users.machine_users_store(
        actor=request.user, device=device, records=records, source="usb"
    )
    messages.success(request, _("%(count)d users of the machine read.") % {"count": count})


def _confirm(request: HttpRequest, device: Device) -> None:
    number = _number(request.POST.get("employee"))
    employee = Employee.objects.filter(pk=number).first() if number is not None else None
    if employee is None:
        raise ValidationError(_("Choose the employee this machine user is."))
    scope = request.POST.get("scope") or machine_users.Scope.UNIT
    if scope not in (machine_users.Scope.UNIT, machine_users.Scope.DEVICE):
        raise ValidationError(_("Choose the unit or this machine."))
    machine_users.machine_user_confirm(
        actor=request.user,
        device=device,
        pin=str(request.POST.get("pin", ""))[:24],
        employee=employee,
        scope=scope,
    )
    messages.success(
        request,
        _("Confirmed: PIN %(pin)s on this machine is %(name)s; no new enrolment needed.")
        % {"pin": request.POST.get("pin", ""), "name": employee.name},
    )


def _unpair(request: HttpRequest, device: Device) -> None:
    number = _number(request.POST.get("pair"))
    pair = pairs_on_device(device).filter(pk=number).first() if number is not None else None
    if pair is None:
        raise ValidationError(_("This pair is not on this machine (already removed?)."))
    _unpair_and_tell(request, pair)


@login_required
@require_POST
def employee_pin_remove(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    """The same, from the employee's page (a pair BKD or the pair's unit operator manages)."""
    employee = scope_for(request.user).employee_or_404(employee_by_number(number))
    pair = get_object_or_404(
        EmployeePin.objects.select_related("employee"), pk=pk, employee=employee
    )
    if not may_unpair(request.user, pair):
        raise Http404
    _unpair_and_tell(request, pair)
    return redirect("employee-detail", number=employee.id_number)


def _unpair_and_tell(request: HttpRequest, pair: EmployeePin) -> None:
    moved = machine_user_unpair(actor=request.user, pair=pair)
    messages.success(
        request,
        _(
            "Pair removed: PIN %(pin)s no longer means %(name)s here. %(count)d of their punches "
            "went back to unmatched PIN (nothing is deleted); their days are recomputed."
        )
        % {"pin": pair.pin, "name": pair.employee.name, "count": moved},
    )


def _number(raw: object) -> int | None:
    """A posted row id, or None when the value cannot be one (``²`` passes ``isdigit``)."""
    ids = posted_ids([str(raw or "")])
    return ids[0] if ids else None
