"""Diskominfo's trust actions on a machine's page: bind it to addresses, release the
punches held because they came from elsewhere, let it register (security PUSH), resolve
alerts. Only Diskominfo (region-wide machine managers) may; anyone else gets 404."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hadir.devices.alerts import device_alerts_resolve
from hadir.devices.forms import BindForm
from hadir.devices.models import Device
from hadir.devices.permissions import device_access
from hadir.devices.secure_push import device_registry_open
from hadir.devices.trust_services import device_bind, device_release_untrusted
from hadir.edge.values import posted_ids

TrustAction = Callable[[HttpRequest, Device], str]


def _ids(request: HttpRequest, name: str) -> list[int]:
    return posted_ids(request.POST.getlist(name))


def _bind(request: HttpRequest, device: Device) -> str:
    form = BindForm(request.POST)
    if not form.is_valid():
        raise ValidationError([str(e) for errors in form.errors.values() for e in errors])
    device = device_bind(device=device, networks=form.cleaned_data["networks"], actor=request.user)
    if not device.bound_networks:
        return _("Saved. The machine's address is no longer checked.")
    return _("Saved. The machine is trusted only from these addresses.")


def _release(request: HttpRequest, device: Device) -> str:
    ids = None if request.POST.get("all") == "1" else _ids(request, "punch")
    if ids == []:
        raise ValidationError(_("Choose the punches to release, or release all."))
    released = device_release_untrusted(device=device, punch_ids=ids, actor=request.user)
    return _("%(n)d punches released: they now count.") % {"n": released}


def _registry(request: HttpRequest, device: Device) -> str:
    device_registry_open(device=device, actor=request.user, now=timezone.now())
    return _(
        "The machine may register now. Restart it or wait for its next connection; the "
        "registration closes after its first success."
    )


def _resolve(request: HttpRequest, device: Device) -> str:
    ids = list(device.alerts.filter(pk__in=_ids(request, "alert")).values_list("pk", flat=True))
    done = device_alerts_resolve(alert_ids=ids, actor=request.user, now=timezone.now())
    return _("%(n)d alerts marked as handled.") % {"n": done}


TRUST_ACTIONS: dict[str, TrustAction] = {
    "bind": _bind,
    "release": _release,
    "registry": _registry,
    "resolve": _resolve,
}


@login_required
@require_POST
def device_trust_action(request: HttpRequest, sn: str, action: str) -> HttpResponse:
    handler = TRUST_ACTIONS.get(action)
    access = device_access(request.user)
    device = access.device_or_404(sn)
    if handler is None or not access.manage_all:
        raise Http404
    try:
        message = handler(request, device)
    except ValidationError as error:
        messages.error(request, "; ".join(error.messages))
    else:
        messages.success(request, message)
    return redirect("device-detail", sn=device.sn)
