"""Pages of the reporting chain: a unit's month (status, actions, downloads) and downloads."""

from __future__ import annotations

from datetime import date
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hadir.accounts.models import Role, User
from hadir.accounts.scope import scope_for
from hadir.edge import EdgeError, date_value, month_value, text_value, year_value
from hadir.edge.pages import bad_request, month_param
from hadir.org.selectors import region_timezone
from hadir.reporting import services
from hadir.reporting.checks import month_readiness
from hadir.reporting.deadlines import submission_deadline
from hadir.reporting.downloads import Format, Kind, export_file
from hadir.reporting.fix_window import missing_punch_window
from hadir.reporting.next_step import next_step
from hadir.reporting.roles import holds_role
from hadir.reporting.selectors import submission_diff, submission_for
from hadir.requests.permissions import request_access

ACTIONS = {
    "submit": services.submission_hand_in,
    "sign": services.submission_sign,
    "verify": services.submission_verify,
}


def last_month() -> date:
    """The month a unit reports by default: the one before this one."""
    today = timezone.now().astimezone(region_timezone()).date()
    return (today.replace(day=1) - date.resolution).replace(day=1)


def _month_of(request: HttpRequest) -> date:
    return month_param(request, last_month())


@login_required
def unit_report(request: HttpRequest, code: str) -> HttpResponse:
    unit = scope_for(request.user).unit_or_404(code)
    month = _month_of(request)
    submission = submission_for(unit, month)
    state = submission.state if submission else "open"
    user = request.user
    deadline = submission.deadline if submission else submission_deadline(month)
    step = next_step(unit=unit, state=state, deadline=deadline, viewer=user)
    can = {action: step.action == action for action in ACTIONS}
    can["reopen"] = state == "verified" and holds_role(user, Role.BKD_ADMIN, unit)
    today = timezone.now().astimezone(region_timezone()).date()
    return render(
        request,
        "reporting/unit_report.html",
        {
            "unit": unit,
            "month": month,
            "submission": submission,
            "state": state,
            "deadline": deadline,
            "step": step,
            "readiness": month_readiness(unit, month),
            "window": missing_punch_window(unit, month, now=timezone.now()),
            "asks_bkd": request_access(user).is_unit_staff,
            "changes": submission_diff(submission) if submission else [],
            "can": can,
            "yesterday": date.fromordinal(today.toordinal() - 1),
        },
    )


@login_required
@require_POST
def unit_report_action(request: HttpRequest, code: str, action: str) -> HttpResponse:
    unit = scope_for(request.user).unit_or_404(code)
    actor = cast(User, request.user)  # login_required
    try:
        month = month_value(request.POST.get("month"))
    except EdgeError as error:
        messages.error(request, error.text)
        return redirect(reverse("unit-report", args=[unit.code]))
    try:
        if action == "reopen":
            reason = text_value(request.POST.get("reason"), name="reason", required=False)
            services.submission_reopen(actor=actor, unit=unit, month=month, reason=reason)
        elif action in ACTIONS:
            result = ACTIONS[action](actor=actor, unit=unit, month=month)
            if action == "submit" and result.state == "signed":
                action = "submit_sign"
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        done = {
            "submit": _("Submitted. The head of unit can now sign the month."),
            "submit_sign": _("Submitted and signed. BKD can now verify the month."),
            "sign": _("Signed. BKD can now verify the month."),
            "verify": _("Verified: the month is locked and its recap is stored."),
            "reopen": _("Reopened: the operator can correct and submit the month again."),
        }
        messages.success(request, done[action])
    return redirect(f"{reverse('unit-report', args=[unit.code])}?month={month:%Y-%m}")


@login_required
def unit_export(request: HttpRequest, code: str, kind: str, fmt: str) -> HttpResponse:
    unit = scope_for(request.user).unit_or_404(code)
    try:
        document, file_format = Kind(kind), Format(fmt)
    except ValueError as error:
        raise Http404 from error
    try:
        if document is Kind.DISCIPLINE:
            period: dict[str, object] = {"year": year_value(request.GET.get("year"))}
        elif document is Kind.DAILY:
            period = {"day": date_value(request.GET.get("date"))}
        else:
            period = {"month": month_value(request.GET.get("month"))}
    except EdgeError as error:
        return bad_request(request, error)
    result = export_file(document, file_format, unit, **period)  # type: ignore[arg-type]
    response = HttpResponse(result.content, content_type=result.content_type)
    response["Content-Disposition"] = f'attachment; filename="{result.filename}"'
    return response
