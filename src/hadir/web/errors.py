"""Hadir's own error pages (400, 403, 404, 405, 429, 500, CSRF failure), in the normal layout.

Each says what happened, what to do next and links home. Under ``/api/`` the same errors
answer the API's JSON instead (``hadir.api.errors``). The 500 page is rendered without the
request's context processors and without the database: either may be what failed.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hadir.api.errors import error_json, log_server_error, new_reference, server_error_json

API_PREFIX = "/api/"
# When even the layout cannot be rendered: the same words, no template, no link but home.
FALLBACK_500 = (
    '<!doctype html><html lang="id"><meta charset="utf-8"><title>%(title)s</title>'
    '<h1>%(title)s</h1><p>%(text)s</p><p><strong>%(ref)s</strong></p><p><a href="/">Hadir</a></p>'
)

PAGES: dict[int, tuple[str, str]] = {
    400: (
        gettext_noop("The request could not be understood"),
        gettext_noop(
            "What the browser sent was incomplete or damaged. Go back, reload the page and try "
            "again."
        ),
    ),
    403: (
        gettext_noop("You may not open this page"),
        gettext_noop(
            "This account does not have the role for this page. If you need it, ask your unit "
            "operator or BKD for access."
        ),
    ),
    404: (
        gettext_noop("Page not found"),
        gettext_noop(
            "The address is wrong, the page has been removed, or it belongs to a unit your "
            "account may not see. Check the address or start again from the home page."
        ),
    ),
    405: (
        gettext_noop("This action is not possible here"),
        gettext_noop(
            "The page was opened in a way it does not accept (for example a form sent from an "
            "old tab). Go back to the page and use its buttons."
        ),
    ),
    429: (
        gettext_noop("Too many attempts"),
        gettext_noop("Too many requests came from this account. Wait a few minutes and try again."),
    ),
    500: (
        gettext_noop("Something went wrong on the server"),
        gettext_noop(
            "Nothing was changed by this error. Try again in a few minutes. If it happens again, "
            "tell Diskominfo the reference number below."
        ),
    ),
}
TOO_MANY_FIELDS_PAGE = (
    gettext_noop("The form is too large to send"),
    gettext_noop(
        "This form sent more fields than the server takes at once. On the manual attendance "
        "sheet: choose a smaller unit (one school or health centre), or turn JavaScript on in "
        "the browser, then fill it in again."
    ),
)
CSRF_PAGE = (
    gettext_noop("The form has expired"),
    gettext_noop(
        "The security check of the form failed: the page was open too long, or cookies are "
        "blocked. Go back, reload the page (allow cookies for this site) and send it again."
    ),
)


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def error_page(
    request: HttpRequest, status: int, page: tuple[str, str] | None = None
) -> HttpResponse:
    """The page for ``status`` in the normal layout, with the request's context."""
    title, text = page or PAGES[status]
    context = {"status": status, "title": _(title), "text": _(text)}
    return render(request, "web/errors/error.html", context, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        if isinstance(exception, RequestDataTooBig):
            return error_json(413, "payload_too_large")
        return error_json(400, "bad_request")
    if isinstance(exception, TooManyFieldsSent):  # reloading would not help: say what does
        return error_page(request, 400, TOO_MANY_FIELDS_PAGE)
    return error_page(request, 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return error_json(403, "forbidden")
    return error_page(request, 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return error_json(404, "not_found")
    return error_page(request, 404)


def method_not_allowed(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return error_json(405, "method_not_allowed")
    return error_page(request, 405)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    if _is_api(request):
        return error_json(403, "csrf_failed")
    return error_page(request, 403, CSRF_PAGE)


def server_error(request: HttpRequest) -> HttpResponse:
    """Log the exception with a short reference and show the reference to the user.

    Plain template context: no context processors (they read the database and the session),
    no user, no region name."""
    if _is_api(request):
        return server_error_json(request)
    reference = new_reference()
    log_server_error(request, reference)
    title, text = PAGES[500]
    context: dict[str, Any] = {
        "status": 500,
        "title": _(title),
        "text": _(text),
        "reference": reference,
    }
    try:
        html = loader.get_template("web/errors/error.html").render(context)
    except Exception:  # the layout itself may be what is broken
        html = FALLBACK_500 % {"title": context["title"], "text": context["text"], "ref": reference}
    return HttpResponse(html, status=500)
