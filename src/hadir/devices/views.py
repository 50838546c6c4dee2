"""Machine pages: the fleet list, one machine's health and commands, approvals, problems, and
flashdisk imports. Thin: forms validate, one service or selector does the work."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hadir.agents.selectors import agent_reading
from hadir.devices import commands as device_commands
from hadir.devices import services, usb
from hadir.devices.forms import (
    ApproveForm,
    BindForm,
    EmployeeForm,
    MoveForm,
    PeriodForm,
    PinForm,
    RegisterForm,
    RenameForm,
    ReplaceForm,
    UsbUploadForm,
)
from hadir.devices.models import CommandKind, Device, DeviceState, UsbImport
from hadir.devices.permissions import DeviceAccess, device_access, usb_access
from hadir.devices.selectors import (
    alerts_for,
    device_detail,
    device_issues,
    devices_for_list,
    devices_pending,
    trust_panel,
)
from hadir.people.selectors import employee_by_number


def _manager_or_404(request: HttpRequest, sn: str) -> tuple[DeviceAccess, Device]:
    access = device_access(request.user)
    device = access.device_or_404(sn)
    if not access.can_manage(device):
        raise Http404
    return access, device


@login_required
def device_list(request: HttpRequest) -> HttpResponse:
    access = device_access(request.user)
    if not (access.scope.all_units or access.scope.unit_ids):
        raise Http404
    rows = devices_for_list(access, now=timezone.now())
    pending = devices_pending().count() if access.scope.all_units else 0
    context = {
        "rows": rows,
        "pending": pending,
        "can_register": access.can_manage_any,
        "alerts": len(alerts_for(access)) if access.manage_all else 0,
        "can_import_usb": usb_access(request.user).can_manage_any,
    }
    return render(request, "devices/device_list.html", context)


@login_required
def device_pending_list(request: HttpRequest) -> HttpResponse:
    access = device_access(request.user)
    if not access.scope.all_units:
        raise Http404
    forms_by_device = [
        (device, ApproveForm(units=access.manageable_units(), prefix=device.sn))
        for device in devices_pending()
    ]
    context = {"pending": forms_by_device, "can_approve": access.manage_all}
    return render(request, "devices/device_pending.html", context)


@login_required
def device_register(request: HttpRequest) -> HttpResponse:
    access = device_access(request.user)
    if not access.can_manage_any:
        raise Http404
    form = RegisterForm(request.POST or None, units=access.manageable_units())
    if request.method == "POST" and form.is_valid():
        try:
            device = services.device_register(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The machine is registered and in use."))
            return redirect("device-detail", sn=device.sn)
    return render(request, "devices/device_register.html", {"form": form})


@login_required
def device_detail_page(request: HttpRequest, sn: str) -> HttpResponse:
    access = device_access(request.user)
    device = access.device_or_404(sn)
    detail = device_detail(device, now=timezone.now())
    can_manage = access.can_manage(device)
    units = access.manageable_units()
    context = {
        "d": detail,
        "device": device,
        "can_manage": can_manage,
        "opens_usb": usb_access(request.user).can_manage_any,
        # The commands' text is for Diskominfo only (the people who read the protocol).
        "technical": access.manage_all,
        "is_active": device.state == DeviceState.ACTIVE,
        "approve_form": ApproveForm(units=units, prefix=device.sn) if access.manage_all else None,
        "move_form": MoveForm(units=units),
        "rename_form": RenameForm(initial={"name": device.name}),
        "replace_form": ReplaceForm(),
        "backfill_form": PeriodForm(prefix="backfill"),
        "reconcile_form": PeriodForm(prefix="reconcile"),
        "employee_form": EmployeeForm(),
        "pin_form": PinForm(),
        "agent_reading": agent_reading(device),
        "trust": trust_panel(device, now=timezone.now()) if access.manage_all else None,
        "bind_form": BindForm(initial={"networks": "\n".join(device.bound_networks or [])}),
    }
    return render(request, "devices/device_detail.html", context)


# --- actions on one machine: each validates one form and calls one service ------------------

Done = tuple[str, Device]  # what to tell the user, which machine's page to show next
Action = Callable[[HttpRequest, DeviceAccess, Device], Done]


def _valid(form: forms.Form) -> dict[str, Any]:
    if not form.is_valid():
        raise ValidationError([str(e) for errors in form.errors.values() for e in errors])
    return form.cleaned_data


def _approve(request: HttpRequest, access: DeviceAccess, device: Device) -> Done:
    if not access.manage_all:
        raise Http404
    data = _valid(ApproveForm(request.POST, units=access.manageable_units(), prefix=device.sn))
    services.device_approve(device=device, actor=request.user, **data)
    return (
        _("Approved: the machine's punches now count."),
        device,
    )


def _rename(request: HttpRequest, access: DeviceAccess, device: Device) -> Done:
    services.device_rename(device=device, actor=request.user, **_valid(RenameForm(request.POST)))
    return (
        _("Saved."),
        device,
    )


def _move(request: HttpRequest, access: DeviceAccess, device: Device) -> Done:
    data = _valid(MoveForm(request.POST, units=access.manageable_units()))
    services.device_move(device=device, unit=data["unit"], actor=request.user)
    return (
        _("Moved. Enrol the new unit's employees on it if they will use it."),
        device,
    )


def _retire(request: HttpRequest, access: DeviceAccess, device: Device) -> Done:
    services.device_retire(device=device, actor=request.user)
    return (
        _("Retired. Its data stays; what it still sends is kept but no longer counted."),
        device,
    )


def _replace(request: HttpRequest, access: DeviceAccess, device: Device) -> Done:
    data = _valid(ReplaceForm(request.POST))
    new = services.device_replace(old=device, new_sn=data["new_sn"], actor=request.user)
    return (  # show the new machine's page
        _(
            "Replaced. The new machine took over the unit; the employees are enrolled on it the "
            "next time it connects."
        ),
        new,
    )


def _enrol_unit(request: HttpRequest, access: DeviceAccess, device: Device) -> Done:
    queued = device_commands.commands_enrol_unit(device=device, actor=request.user)
    return (
        _("%(n)d employees will be enrolled when the machine connects.") % {"n": len(queued)},
        device,
    )


def _enrol(request: HttpRequest, access: DeviceAccess, device: Device) -> Done:
    number = _valid(EmployeeForm(request.POST))["number"]
    employee = employee_by_number(number)
    if employee is None or not access.scope.can_see_employee(employee):
        raise ValidationError(_("No employee with that number in your units."))
    device_commands.commands_enrol_employee(employee=employee, devices=[device], actor=request.user)
    return (
        _("%(name)s will be enrolled when the machine connects.") % {"name": employee.name},
        device,
    )


def _remove(request: HttpRequest, access: DeviceAccess, device: Device) -> Done:
    pin = _valid(PinForm(request.POST))["pin"]
    device_commands.commands_remove_pin(pin=pin, devices=[device], actor=request.user)
    return (
        _("PIN %(pin)s will be removed when the machine connects.") % {"pin": pin},
        device,
    )


def _backfill(request: HttpRequest, access: DeviceAccess, device: Device) -> Done:
    data = _valid(PeriodForm(request.POST, prefix="backfill"))
    device_commands.command_backfill(device=device, actor=request.user, **data)
    return (
        _("The machine will send that period again; punches already stored are skipped."),
        device,
    )


def _reconcile(request: HttpRequest, access: DeviceAccess, device: Device) -> Done:
    data = _valid(PeriodForm(request.POST, prefix="reconcile"))
    device_commands.command_reconcile(device=device, actor=request.user, **data)
    return (
        _("The machine will count its punches; the difference shows in the command list."),
        device,
    )


def _simple(kind: CommandKind) -> Action:
    def queue(request: HttpRequest, access: DeviceAccess, device: Device) -> Done:
        device_commands.command_simple(device=device, kind=kind, actor=request.user)
        return (
            _("Queued: the machine runs it when it next connects."),
            device,
        )

    return queue


ACTIONS: dict[str, Action] = {
    "approve": _approve,
    "rename": _rename,
    "move": _move,
    "retire": _retire,
    "replace": _replace,
    "enrol_unit": _enrol_unit,
    "enrol": _enrol,
    "remove": _remove,
    "backfill": _backfill,
    "reconcile": _reconcile,
    "info": _simple(CommandKind.INFO),
    "check": _simple(CommandKind.CHECK),
    "reboot": _simple(CommandKind.REBOOT),
}


@login_required
@require_POST
def device_action(request: HttpRequest, sn: str, action: str) -> HttpResponse:
    handler = ACTIONS.get(action)
    if handler is None:
        raise Http404
    access, device = _manager_or_404(request, sn)
    try:
        message, device = handler(request, access, device)
    except (ValidationError, ValueError) as error:
        text = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        messages.error(request, text)
    else:
        messages.success(request, message)
    return redirect("device-detail", sn=device.sn)


@login_required
def device_issues_page(request: HttpRequest) -> HttpResponse:
    access = device_access(request.user)
    if not (access.scope.all_units or access.scope.unit_ids):
        raise Http404
    return render(request, "devices/device_issues.html", {"issues": device_issues(access)})


# --- flashdisk files ---------------------------------------------------------------------------


def _usb_or_404(request: HttpRequest, pk: int) -> UsbImport:
    access = usb_access(request.user)
    usb_import = UsbImport.objects.select_related("device", "unit").filter(pk=pk).first()
    if usb_import is None:
        raise Http404
    unit_id = usb_import.device.unit_id if usb_import.device else usb_import.unit_id
    if unit_id is None or not access.can_manage_unit(unit_id):
        raise Http404
    return usb_import


@login_required
def usb_new(request: HttpRequest) -> HttpResponse:
    access = usb_access(request.user)
    if not access.can_manage_any:
        raise Http404
    devices = access.devices().exclude(state=DeviceState.PENDING)
    if not access.manage_all:
        devices = devices.filter(unit_id__in=access.manage_unit_ids)
    form = UsbUploadForm(
        request.POST or None,
        request.FILES or None,
        devices=devices.order_by("name", "sn"),
        units=access.manageable_units(),
        can_history=access.manage_all,
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        history = form.cleaned_data.get("history")
        try:
            usb_import = usb.usb_preview(
                filename=upload.name,
                content=upload,
                actor=request.user,
                device=form.cleaned_data["device"],
                sn=form.cleaned_data["new_sn"] or "",
                unit=form.cleaned_data["unit"],
                history_reason=form.cleaned_data.get("history_reason", "") if history else None,
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect("usb-detail", pk=usb_import.pk)
    return render(request, "devices/usb_new.html", {"form": form})


@login_required
def usb_detail(request: HttpRequest, pk: int) -> HttpResponse:
    usb_import = _usb_or_404(request, pk)
    context = {"u": usb_import, "can_decide": usb.usb_may_decide(request.user, usb_import)}
    return render(request, "devices/usb_detail.html", context)


@login_required
@require_POST
def usb_decide(request: HttpRequest, pk: int) -> HttpResponse:
    usb_import = _usb_or_404(request, pk)
    try:
        if request.POST.get("decision") == "confirm":
            usb.usb_confirm(usb_import=usb_import, actor=request.user)
            messages.success(request, _("Saved. The punches are in the ledger."))
        else:
            usb.usb_cancel(usb_import=usb_import, actor=request.user)
            messages.info(request, _("Cancelled. Nothing was written."))
    except ValidationError as error:
        messages.error(request, "; ".join(error.messages))
    return redirect("usb-detail", pk=usb_import.pk)
