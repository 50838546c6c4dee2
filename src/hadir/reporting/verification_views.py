"""BKD's monthly weak-verification report: a page and its Excel file. Read-only."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from hadir.accounts.models import Role
from hadir.accounts.scope import scope_for
from hadir.edge import EdgeError, month_value
from hadir.edge.pages import bad_request
from hadir.org.models import Unit
from hadir.reporting.verification import verification_report
from hadir.reporting.verification_xlsx import XLSX_TYPE, verification_xlsx
from hadir.reporting.views import _month_of
from hadir.rules.verification import (
    BUDDY_MIN_DAYS,
    BUDDY_WINDOW_SECONDS,
    CLOCK_JUMP_SECONDS,
)


def _bkd_units(request: HttpRequest) -> list[Unit]:
    """Who may see it: BKD (the report names people and suspicions), nobody else."""
    scope = scope_for(request.user)
    if not (scope.has_role(Role.BKD_ADMIN) or request.user.is_superuser):
        raise Http404
    return list(scope.units())


@login_required
def verification_page(request: HttpRequest) -> HttpResponse:
    units = _bkd_units(request)
    report = verification_report(units, _month_of(request))
    return render(
        request,
        "reporting/verification.html",
        {
            "report": report,
            "month": report.month,
            "window": BUDDY_WINDOW_SECONDS,
            "min_days": BUDDY_MIN_DAYS,
            "jump_minutes": CLOCK_JUMP_SECONDS // 60,
        },
    )


@login_required
def verification_export(request: HttpRequest) -> HttpResponse:
    units = _bkd_units(request)
    try:
        month = month_value(request.GET.get("month"))
    except EdgeError as error:
        return bad_request(request, error)
    report = verification_report(units, month)
    response = HttpResponse(verification_xlsx(report), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="verifikasi-mesin-{month:%Y-%m}.xlsx"'
    return response
