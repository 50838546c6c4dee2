"""Query parameters of pages. The rule, the same on every page: a bad value of a parameter
that only chooses what to show (month, year, page) falls back to the default and the page
says so in a notice (status 200); a bad value of a parameter that says what to produce (the
period of a download) answers 400 with the page layout and the message (``bad_request``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hadir.edge.errors import EdgeError
from hadir.edge.limits import PARAMETER_MAX_LENGTH
from hadir.edge.values import month_value, text_value, year_value

FELL_BACK = gettext_noop("%(problem)s Showing %(shown)s instead.")

T = TypeVar("T")


def _param_or_default(
    request: HttpRequest,
    name: str,
    parse: Callable[[object], T],
    default: T,
    label: Callable[[T], str],
    source: dict[str, str] | None = None,
) -> T:
    values = request.GET if source is None else source
    raw = values.get(name)
    if raw is None or raw == "":
        return default
    try:
        return parse(raw)
    except EdgeError as error:
        notice = _(FELL_BACK) % {"problem": error.text, "shown": label(default)}
        messages.warning(request, notice)
        return default


def month_param(request: HttpRequest, default: date, *, name: str = "month") -> date:
    """The month chosen in ``?month=YYYY-MM``, else ``default`` (with a notice if bad)."""
    return _param_or_default(request, name, month_value, default, lambda m: f"{m:%Y-%m}")


def year_param(request: HttpRequest, default: int, *, name: str = "year") -> int:
    return _param_or_default(request, name, year_value, default, str)


def text_param(request: HttpRequest, name: str, *, source: str = "GET") -> str:
    """A short text parameter (a search, a unit code): trimmed; too long or holding a NUL
    character (which PostgreSQL cannot compare) falls back to empty, with a notice."""
    raw = (request.POST if source == "POST" else request.GET).get(name, "")
    try:
        return text_value(raw, name=name, max_length=PARAMETER_MAX_LENGTH, required=False)
    except EdgeError as error:
        messages.warning(request, error.text)
        return ""


def bad_request(request: HttpRequest, error: EdgeError) -> HttpResponse:
    """The page layout with the refusal, status 400 (a download whose period is wrong)."""
    from hadir.web.errors import PAGES, error_page

    return error_page(request, 400, page=(PAGES[400][0], error.text))
