"""Import pages: upload, preview (nothing written), confirm, and the result."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hadir.accounts.models import Role
from hadir.accounts.scope import Scope, scope_for
from hadir.imports.columns import column_guides
from hadir.imports.models import ImportBatch, ImportKind
from hadir.imports.outcome import RowOutcome
from hadir.imports.readers import UnreadableFile
from hadir.imports.services import (
    import_cancel,
    import_confirm,
    import_may_decide,
    import_preview,
)
from hadir.imports.template_files import template_csv, template_xlsx
from hadir.org.selectors import region_timezone
from hadir.web.forms import ImportUploadForm

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _can_import(scope: Scope, user: object) -> bool:
    """People and units are BKD's data (operators: their units' staff); Diskominfo runs the
    machines and leadership reads, so neither uploads what they could not confirm."""
    return getattr(user, "is_superuser", False) or scope.has_role(Role.OPERATOR, Role.BKD_ADMIN)


def _can_import_units(scope: Scope, user: object) -> bool:
    return getattr(user, "is_superuser", False) or scope.has_role(Role.BKD_ADMIN)


def _batch_or_404(request: HttpRequest, pk: int) -> ImportBatch:
    batch = ImportBatch.objects.filter(pk=pk).first()
    scope = scope_for(request.user)
    if batch is None or not (scope.all_units or batch.uploaded_by_id == request.user.pk):
        raise Http404
    return batch


@login_required
def import_list(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    if not _can_import(scope, request.user):
        raise PermissionDenied
    batches = ImportBatch.objects.select_related("uploaded_by__employee")
    if not scope.all_units:
        batches = batches.filter(uploaded_by_id=request.user.pk)
    return render(request, "web/import_list.html", {"batches": batches[:50]})


@login_required
def import_new(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    if not _can_import(scope, request.user):
        raise PermissionDenied
    can_units = _can_import_units(scope, request.user)
    form = ImportUploadForm(request.POST or None, request.FILES or None, can_import_units=can_units)
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        if kind == ImportKind.UNITS and not can_units:
            raise PermissionDenied
        upload = form.cleaned_data["file"]
        try:
            batch = import_preview(
                kind=kind,
                filename=upload.name,
                content=upload,
                actor=request.user,
                allowed_unit_ids=None if scope.all_units else set(scope.unit_ids),
            )
        except UnreadableFile as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("import-detail", pk=batch.pk)
    unit_ids = None if scope.all_units else set(scope.unit_ids)
    kinds = [ImportKind.EMPLOYEES, *([ImportKind.UNITS] if can_units else [])]
    guides = [(kind, kind.label, column_guides(kind, unit_ids)) for kind in kinds]
    context = {"form": form, "can_import_units": can_units, "guides": guides}
    return render(request, "web/import_new.html", context)


@login_required
def import_template(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    """A template for ``kind`` (CSV or XLSX) built from the columns and the region's data."""
    scope = scope_for(request.user)
    if not _can_import(scope, request.user):
        raise PermissionDenied
    if kind not in ImportKind.values or fmt not in ("csv", "xlsx"):
        raise Http404
    if kind == ImportKind.UNITS and not _can_import_units(scope, request.user):
        raise PermissionDenied
    unit_ids = None if scope.all_units else set(scope.unit_ids)
    today = timezone.now().astimezone(region_timezone()).date()
    if fmt == "csv":
        body, content_type = template_csv(kind, unit_ids, today), "text/csv; charset=utf-8"
    else:
        body, content_type = template_xlsx(kind, unit_ids, today), XLSX_TYPE
    response = HttpResponse(body, content_type=content_type)
    filename = f"templat-{'pegawai' if kind == ImportKind.EMPLOYEES else 'unit'}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch_or_404(request, pk)
    rows = [RowOutcome.from_json(r) for r in batch.rows]
    show = request.GET.get("show", "")
    if show:
        rows = [r for r in rows if r.status == show]
    context = {
        "batch": batch,
        "rows": rows,
        "show": show,
        "can_decide": import_may_decide(request.user, batch),
    }
    return render(request, "web/import_detail.html", context)


@login_required
@require_POST
def import_decide(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch_or_404(request, pk)
    try:
        if request.POST.get("decision") == "confirm":
            import_confirm(batch=batch, actor=request.user)
            messages.success(
                request, _("Confirmed. The changes are being written; this page updates itself.")
            )
        else:
            import_cancel(batch=batch, actor=request.user)
            messages.info(request, _("Cancelled. Nothing was written."))
    except ValueError as exc:
        messages.error(request, str(exc))
    return redirect("import-detail", pk=batch.pk)
