"""The to-do pages: one problem list across all of a person's units, and submitting every
clean unit in one action. Thin: selectors read (``web.todo``, ``reporting.problems``,
``reporting.bulk_submit``), one service writes (``submissions_submit_clean``)."""

from __future__ import annotations

from collections.abc import Collection
from typing import cast
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hadir.accounts.models import User
from hadir.accounts.scope import operated_unit_ids, scope_for
from hadir.edge import EdgeError, month_value
from hadir.edge.errors import shown
from hadir.edge.pages import month_param, text_param
from hadir.edge.values import posted_codes
from hadir.org.models import Unit
from hadir.reporting.bulk_submit import month_is_over, submissions_submit_clean, unit_months
from hadir.reporting.problems import PROBLEM_CODES, problem_days, problem_text
from hadir.reporting.views import last_month
from hadir.web.todo import PERIODS, correction_url, period_label, period_range

ROWS_PER_PAGE = 100
UNKNOWN_CHOICE = gettext_noop("Unknown choice “%(value)s”; showing the default.")


def _choice(request: HttpRequest, name: str, allowed: tuple[str, ...], default: str) -> str:
    value = text_param(request, name)
    if value and value not in allowed:
        messages.warning(request, _(UNKNOWN_CHOICE) % {"value": value})
        return default
    return value or default


@login_required
def problem_list(request: HttpRequest) -> HttpResponse:
    """Every problem day of the person's units (or their own days), by period and kind."""
    scope = scope_for(request.user)
    if scope.all_units:
        raise Http404  # the region's roles have their own lists
    unit_code = text_param(request, "unit")
    if not (scope.unit_ids or scope.employee_id):
        raise Http404
    unit_ids: Collection[int] | None = scope.unit_ids or None
    if unit_ids and unit_code:
        unit_ids = [scope.unit_or_404(unit_code).pk]
    own = None if unit_ids else scope.employee_id
    period = _choice(request, "period", PERIODS, "open")
    code = _choice(request, "problem", PROBLEM_CODES, "")
    now = timezone.now()
    first, last = period_range(period, now)
    problems = problem_days(
        first=first,
        last=last,
        now=now,
        codes=[code] if code else PROBLEM_CODES,
        unit_ids=unit_ids,
        employee_id=own,
    )
    if period == "open":
        problems = [p for p in problems if p.to_explain]
    rows = [(p, correction_url(p)) for p in problems]
    page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/todo_problems.html",
        {
            "page": page,
            "count": len(rows),
            "to_explain": sum(p.to_explain for p in problems),
            "units": len({p.unit.pk for p in problems}),
            "period": period,
            "periods": [(key, period_label(key)) for key in PERIODS],
            "code": code,
            "keep": f"&{urlencode({'unit': unit_code})}" if unit_code else "",
            "codes": [(c, problem_text(c)) for c in PROBLEM_CODES],
            "first": first,
            "last": last,
        },
    )


def _operated(request: HttpRequest) -> QuerySet[Unit]:
    """The units the user operates (with sub-units); 404 for everyone else."""
    units = scope_for(request.user).units().filter(id__in=operated_unit_ids(request.user))
    if not units.exists():
        raise Http404
    return units


@login_required
def submit_clean(request: HttpRequest) -> HttpResponse:
    """GET: the operator's units for the month, clean ones first, with what is submitted.
    POST: submit the units listed on the page the operator confirmed."""
    units = _operated(request)
    if request.method == "POST":
        return _submit_clean_post(request, units)
    month = month_param(request, last_month())
    now = timezone.now()
    months = unit_months(units, month, now=now)
    return render(
        request,
        "web/todo_submit.html",
        {
            "month": month,
            "month_over": month_is_over(month, now),
            "clean": [m for m in months if m.clean],
            "with_problems": [m for m in months if m.submittable and not m.clean],
            "done": [m for m in months if not m.submittable],
        },
    )


def _submit_clean_post(request: HttpRequest, units: QuerySet[Unit]) -> HttpResponse:
    try:
        month = month_value(request.POST.get("month"))
    except EdgeError as error:
        messages.error(request, error.text)
        return redirect("todo-submit")
    back = f"{reverse('todo-submit')}?month={month:%Y-%m}"
    codes = request.POST.getlist("unit")[:1000]  # the unknown ones are named back
    readable = posted_codes(codes)
    chosen = list(units.filter(code__in=readable))
    unknown = set(codes) - {u.code for u in chosen}
    if unknown:
        messages.error(
            request,
            _("Not your unit(s): %(codes)s. Nothing was submitted; open the list again.")
            % {"codes": ", ".join(c if c in readable else shown(c) for c in sorted(unknown)[:10])},
        )
        return redirect(back)
    try:
        result = submissions_submit_clean(actor=cast(User, request.user), units=chosen, month=month)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    if result.submitted:
        messages.success(
            request,
            _("%(count)s unit(s) submitted. The head of each unit can now sign its month.")
            % {"count": len(result.submitted)},
        )
    for refusal in result.refused:
        messages.error(request, refusal)
    return redirect(back)
