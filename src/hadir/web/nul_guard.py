"""A NUL character in a submitted form field is refused before any view: no person types
one, PostgreSQL cannot store or even compare it in text (a NUL in a field a view reads raw
was a 500 there, found by ``tests/edge/test_form_crawler.py``), and SQLite would keep it.
The API (its own ``NUL_IN_TEXT`` answer) and the machines' ``/iclock/`` endpoints (raw
bodies, their own quarantine) are left to their own checks; uploaded files are not fields."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_noop

from hadir.web.errors import error_page

NUL_IN_FORM_PAGE = (
    gettext_noop("The form holds a character that is not text"),
    gettext_noop(
        "One of the fields holds a NUL character (often pasted from a damaged file). Go "
        "back, clear the field and type its value again, then send the form."
    ),
)
OWN_CHECKS = ("/api/", "/iclock/")


def _holds_nul(request: HttpRequest) -> bool:
    return any("\x00" in value for values in request.POST.lists() for value in values[1])


class NulInFormMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.method == "POST"
            and not request.path.startswith(OWN_CHECKS)
            and _holds_nul(request)
        ):
            return error_page(request, 400, NUL_IN_FORM_PAGE)
        return self.get_response(request)
