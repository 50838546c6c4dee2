"""Monitoring, dashboards and the bell: read-only pages, scoped like every other page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from hadir.accounts.models import Role
from hadir.accounts.scope import scope_for
from hadir.attendance.selectors import month_days
from hadir.devices.selectors import unit_machine_contacts
from hadir.edge import EdgeError, month_value
from hadir.edge.pages import bad_request
from hadir.exports import bar_chart_svg, line_chart_svg, ranking_svg
from hadir.org.selectors import region_timezone
from hadir.reporting.dashboards import region_dashboard, unit_month_chart
from hadir.reporting.documents import month_label
from hadir.reporting.downloads import Format, region_tpp_response
from hadir.reporting.monitoring import unit_statuses
from hadir.reporting.notifications import notifications_for
from hadir.reporting.selectors import late_submissions
from hadir.reporting.today import unit_today as today_of_unit
from hadir.reporting.views import _month_of

REGION_READERS = (Role.BKD_ADMIN, Role.DISKOMINFO_ADMIN, Role.LEADERSHIP)


def _region_reader(request: HttpRequest) -> None:
    scope = scope_for(request.user)
    if not (scope.has_role(*REGION_READERS) or request.user.is_superuser):
        raise Http404


@login_required
def monitoring(request: HttpRequest) -> HttpResponse:
    _region_reader(request)
    month = _month_of(request)
    units, now = scope_for(request.user).units(), timezone.now()
    rows = unit_statuses(units, month, now=now)
    return render(
        request,
        "reporting/monitoring.html",
        {
            "rows": rows,
            "month": month,
            "done": sum(r.done for r in rows),
            "late": late_submissions(month, units, now=now),
            "can_export_tpp": scope_for(request.user).has_role(Role.BKD_ADMIN)
            or request.user.is_superuser,
        },
    )


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    _region_reader(request)
    month = _month_of(request)
    data = region_dashboard(scope_for(request.user).units(), month)
    charts = [
        line_chart_svg(
            _("Attendance rate over the months (%)"),
            [month_label(m) for m in data.months],
            [(_("Region"), data.rate_by_month)],
        ),
        bar_chart_svg(
            _("Late arrivals by band"),
            [month_label(m) for m in data.months],
            [(band, [float(v) for v in values]) for band, values in data.late_by_month.items()],
            unit_suffix="",
            stacked=True,
        ),
        bar_chart_svg(
            _("TK days (absent without reason)"),
            [month_label(m) for m in data.months],
            [("TK", [float(v) for v in data.tk_by_month])],
            unit_suffix="",
        ),
    ]
    if data.lowest_over_months:
        charts.append(
            line_chart_svg(
                _("Attendance rate of the lowest units over the months (%)"),
                [month_label(m) for m in data.months],
                data.lowest_over_months,
            )
        )
    if data.ranking:
        charts.append(
            ranking_svg(
                _("Units ranked by attendance rate (%)"),
                [(unit.name, float(rate)) for unit, rate in data.ranking],
            )
        )
    return render(
        request,
        "reporting/dashboard.html",
        {"month": month, "data": data, "charts": [mark_safe(c) for c in charts]},  # noqa: S308
    )


@login_required
def unit_today_page(request: HttpRequest, code: str) -> HttpResponse:
    unit = scope_for(request.user).unit_or_404(code)
    now = timezone.now()
    today = now.astimezone(region_timezone()).date()
    month = today.replace(day=1)
    chart = unit_month_chart(unit, month_days(month)[0], today)
    return render(
        request,
        "reporting/unit_today.html",
        {
            "unit": unit,
            "today": today_of_unit(unit, today),
            "machines": unit_machine_contacts(unit.pk, now=now),
            "month": month,
            "chart": mark_safe(chart),  # noqa: S308  (our own SVG, texts escaped by the renderer)
        },
    )


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    items = notifications_for(
        scope_for(request.user),
        now=timezone.now(),
        is_superuser=request.user.is_superuser,
        user=request.user,
    )
    return render(request, "reporting/notifications.html", {"items": items})


@login_required
def region_tpp_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """Every unit's TPP deductions in one file, for BKD's payroll."""
    scope = scope_for(request.user)
    if not (scope.has_role(Role.BKD_ADMIN) or request.user.is_superuser):
        raise Http404
    try:
        file_format = Format(fmt)
    except ValueError as error:
        raise Http404 from error
    try:
        month = month_value(request.GET.get("month"))
    except EdgeError as error:
        return bad_request(request, error)
    return region_tpp_response(scope.units(), month, file_format)
