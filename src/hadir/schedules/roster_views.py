"""The monthly roster of a shift unit: the grid (people x days, one select per cell), copy
last month, swap two people, and the Excel file in and out. BKD for every unit, a head or
operator for their own; the services check again and mark the days for recompute."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hadir.edge import EdgeError, month_value
from hadir.edge.pages import bad_request, month_param
from hadir.imports.readers import UnreadableFile
from hadir.org.models import Unit
from hadir.org.selectors import region_timezone
from hadir.reporting.documents import month_label
from hadir.schedules.forms import DAYS_BAD, SwapForm, parse_days
from hadir.schedules.roster import (
    RosterRejected,
    month_days,
    roster_cells_save,
    roster_copy_month,
    roster_swap,
)
from hadir.schedules.roster_grid import (
    PEOPLE_PER_PAGE,
    grid_rows,
    posted_cells,
    rostered_people,
    shift_legend,
)
from hadir.schedules.roster_xlsx import roster_file_read, roster_workbook
from hadir.schedules.views import editable_unit_or_404
from hadir.schedules.weekly import DAY_OFF_CODE
from hadir.uploads import UploadRefused, upload_store

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _next_month() -> date:
    today = timezone.now().astimezone(region_timezone()).date()
    return (today.replace(day=1) + timedelta(days=32)).replace(day=1)


def _posted_month(request: HttpRequest) -> date:
    return month_value(request.POST.get("month", ""))


def _page(request: HttpRequest, unit: Unit, month: date) -> Any:
    people = Paginator(rostered_people(unit, month), PEOPLE_PER_PAGE)
    return people.get_page(request.GET.get("page") or request.POST.get("page"))


def _back(unit: Unit, month: date, page: Any = 1) -> HttpResponse:
    return redirect(f"/units/{unit.code}/roster/?month={month:%Y-%m}&page={page}")


def _render(request: HttpRequest, unit: Unit, month: date, **extra: Any) -> HttpResponse:
    page = _page(request, unit, month)
    people = list(page.object_list)
    shifts = shift_legend()
    return render(
        request,
        "schedules/roster.html",
        {
            "unit": unit,
            "month": month,
            "month_name": month_label(month),
            "previous": (month - timedelta(days=1)).replace(day=1),
            "following": (month + timedelta(days=32)).replace(day=1),
            "days": month_days(month),
            "rows": grid_rows(people, month),
            "page": page,
            "shifts": shifts,
            "codes": [s.code for s in shifts] + [DAY_OFF_CODE],
            "swap_form": extra.pop("swap_form", None) or SwapForm(people=page.object_list),
            **extra,
        },
    )


@login_required
def roster_page(request: HttpRequest, code: str) -> HttpResponse:
    unit = editable_unit_or_404(request, code)
    if request.method != "POST":
        return _render(request, unit, month_param(request, _next_month()))
    try:
        month = _posted_month(request)
    except EdgeError as error:
        return bad_request(request, error)
    page = _page(request, unit, month)
    cells = posted_cells(request.POST.dict(), list(page.object_list), month)
    try:
        changed = roster_cells_save(unit=unit, cells=cells, actor=request.user)
    except RosterRejected as refused:
        for problem in refused.problems:
            messages.error(request, problem)
        return _render(request, unit, month)
    messages.success(request, _("Saved: %(n)s cell(s) changed.") % {"n": changed})
    return _back(unit, month, page.number)


@login_required
@require_POST
def roster_action(request: HttpRequest, code: str, action: str) -> HttpResponse:
    unit = editable_unit_or_404(request, code)
    try:
        month = _posted_month(request)
    except EdgeError as error:
        return bad_request(request, error)
    handlers = {"copy": _copy, "swap": _swap, "import": _import}
    if action not in handlers:
        raise Http404
    return handlers[action](request, unit, month)


def _copy(request: HttpRequest, unit: Unit, month: date) -> HttpResponse:
    people = rostered_people(unit, month).values_list("pk", flat=True)
    changed = roster_copy_month(unit=unit, month=month, employee_ids=people, actor=request.user)
    messages.success(
        request,
        _("Copied from last month, weekday by weekday: %(n)s cell(s) changed.") % {"n": changed},
    )
    return _back(unit, month)


def _swap(request: HttpRequest, unit: Unit, month: date) -> HttpResponse:
    form = SwapForm(request.POST, people=rostered_people(unit, month))
    days = month_days(month)
    numbers = parse_days(request.POST.get("days", ""), len(days))
    if not form.is_valid() or numbers is None:
        if numbers is None:
            form.add_error("days", DAYS_BAD)
        return _render(request, unit, month, swap_form=form)
    changed = roster_swap(
        unit=unit,
        first=form.cleaned_data["first"],
        second=form.cleaned_data["second"],
        days=[days[n - 1] for n in numbers],
        actor=request.user,
    )
    messages.success(request, _("Swapped: %(n)s cell(s) changed.") % {"n": changed})
    return _back(unit, month)


def _import(request: HttpRequest, unit: Unit, month: date) -> HttpResponse:
    upload = request.FILES.get("file")
    from django.conf import settings

    limit = int(settings.HADIR_IMPORT_MAX_BYTES)
    if upload is None or upload.size is None or upload.size > limit:
        messages.error(request, _("Choose an Excel or CSV file of at most %(mb)s MB.") % {
            "mb": limit // (1024 * 1024)})  # fmt: skip
        return _back(unit, month)
    content = upload.read(limit + 1)
    people = list(rostered_people(unit, month))
    try:
        upload_store(content, folder="rosters", suffix=".upload")  # the file as it came
        read = roster_file_read(
            filename=upload.name or "", content=content, month=month, people=people,
            shift_codes=[s.code for s in shift_legend()],
        )  # fmt: skip
        changed = roster_cells_save(
            unit=unit, cells=read.cells, actor=request.user, action="roster.import"
        )
    except (UnreadableFile, UploadRefused, RosterRejected) as refused:
        messages.error(request, str(refused))
        return _back(unit, month)
    messages.success(request, _("Imported: %(n)s cell(s) changed.") % {"n": changed})
    if read.bad:
        messages.warning(
            request, _("%(n)s cell(s) were refused; they are listed below.") % {"n": len(read.bad)}
        )
    return _render(request, unit, month, bad_cells=read.bad)


@login_required
def roster_export(request: HttpRequest, code: str) -> HttpResponse:
    unit = editable_unit_or_404(request, code)
    month = month_param(request, _next_month())
    rows = grid_rows(list(rostered_people(unit, month)), month)
    title = f"{unit.name} · {month_label(month)}"
    response = HttpResponse(roster_workbook(rows, month, title), content_type=XLSX)
    filename = f"jadwal-{unit.code}-{month:%Y-%m}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
