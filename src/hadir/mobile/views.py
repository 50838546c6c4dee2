"""The phone page, its service worker and its web app manifest. Thin: the page reads today's
status, the rest is the JavaScript in ``static/mobile/app.js`` talking to the API."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from hadir.accounts.scope import scope_for
from hadir.mobile.fate import capture_fate, next_direction
from hadir.mobile.selectors import captures_of, day_status
from hadir.org.selectors import region_get, region_timezone
from hadir.people.models import Employee


def _texts() -> dict[str, str]:
    """Words the script shows, translated here (the script holds no language)."""
    return {
        "queued": _("Saved on this phone: it will be sent when the network returns."),
        "sending": _("Sending…"),
        "no_camera": _("The camera could not be opened. Allow the camera for this page."),
        "no_location": _("The location could not be read. Turn on GPS and allow location."),
        "waiting_location": _("Reading the location…"),
        "accuracy": _("Location: within %(m)s m"),
        "offline": _("No network: check-ins are kept on this phone."),
        "online": _("Connected."),
        "never": _("never"),
        "login": _("Your session has ended: log in again to send the saved check-ins."),
        "error": _("The server could not be reached; the check-in stays on this phone."),
        "in": _("Check in"),
        "out": _("Check out"),
        "punch": _("Recorded"),
        "request": _("Waiting for approval"),
        "refused": _("Refused"),
        "queued_label": _("Not sent yet"),
        "photo": _("Selfie"),
        "choose": _("Choose: is this a check-in or a check-out?"),
    }


@never_cache
@login_required
def mobile_page(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    employee = Employee.objects.filter(pk=scope.employee_id or 0).select_related("unit").first()
    now = timezone.now()
    local_now = now.astimezone(region_timezone())
    today = local_now.date()
    region = region_get()
    get_token(request)  # the script sends the CSRF cookie back in X-CSRFToken
    captures = list(captures_of(employee, today)) if employee else []
    context = {
        "employee": employee,
        "today": today,
        "saved_at": local_now,  # said when the page is shown offline from the cache
        "status": day_status(employee, today) if employee else None,
        "captures": [(c, capture_fate(c)) for c in captures],
        "direction": next_direction(employee, now) if employee else None,
        "texts": _texts(),
        "region_name": region.name if region else "Hadir",
        "csrf_cookie_name": settings.CSRF_COOKIE_NAME,
    }
    return render(request, "mobile/app.html", context)


def service_worker(request: HttpRequest) -> HttpResponse:
    """Served from /m/ so its scope covers the page; lists the files to keep offline."""
    response = render(request, "mobile/sw.js", content_type="application/javascript")
    response["Service-Worker-Allowed"] = "/m/"
    response["Cache-Control"] = "no-cache"
    return response


def manifest(request: HttpRequest) -> HttpResponse:
    region = region_get()
    return render(
        request,
        "mobile/manifest.webmanifest",
        {"region_name": region.name if region else "Hadir"},
        content_type="application/manifest+json",
    )
