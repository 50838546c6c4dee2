"""Import workflow: upload -> preview (nothing written) -> confirm -> apply (in the worker).

Deciding (confirm or cancel) is for roles that may write every unit the import touches
(``import_may_decide``, checked here, not only in the view): BKD for any import, a unit
operator for an employee import whose rows all fall in their units. Leadership (read-only) and
Diskominfo (machines, not people) never decide. The audit event names the decider as actor
and the uploader in its data."""

from __future__ import annotations

import io
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hadir.accounts.models import Role
from hadir.accounts.scope import operated_unit_ids, scope_for
from hadir.audit.services import audit_record
from hadir.imports.employees import EMPLOYEE_COLUMNS, apply_employees, preview_employees
from hadir.imports.models import ImportBatch, ImportKind, ImportState
from hadir.imports.outcome import RowOutcome, RowStatus, count_by_status
from hadir.imports.readers import XLSX_MAGIC, UnreadableFile, read_table
from hadir.imports.units import UNIT_COLUMNS, apply_units, preview_units
from hadir.jobs.registry import job_handler
from hadir.jobs.services import job_enqueue
from hadir.org.models import Unit
from hadir.uploads import FILE_TOO_LARGE, UploadRefused, upload_store_stream

ALREADY_APPLIED = gettext_noop("This import was already applied or cancelled.")
APPLY_FAILED = gettext_noop(
    "The import could not be applied (%(error)s); nothing was written. The file and its "
    "preview are kept: try again later by uploading the file again, and if it fails again "
    "tell the Diskominfo administrator."
)
NOT_YOURS = gettext_noop(
    "Only BKD, or an operator of every unit this file changes, may save or cancel it. Ask BKD "
    "to decide it."
)

COLUMNS = {ImportKind.UNITS: UNIT_COLUMNS, ImportKind.EMPLOYEES: EMPLOYEE_COLUMNS}
# PositiveIntegerField's ceiling, for the size of a refused (and unstored) giant upload.
SIZE_CEILING = 2**31 - 1


def preview_rows(
    kind: str, filename: str, content: bytes | IO[bytes], allowed_unit_ids: set[int] | None
) -> list[RowOutcome]:
    """Validate a file's rows against the database; raises UnreadableFile for a bad file."""
    rows = read_table(filename, content, COLUMNS[ImportKind(kind)])
    if kind == ImportKind.UNITS:
        return preview_units(rows)
    return preview_employees(rows, allowed_unit_ids)


def _store(content: bytes | IO[bytes]) -> tuple[Path, str, int]:
    """Keep the upload (streamed to disk, never whole in memory) or refuse it for its size."""
    stream = io.BytesIO(content) if isinstance(content, bytes) else content
    limit = settings.HADIR_IMPORT_MAX_BYTES
    declared = len(content) if isinstance(content, bytes) else getattr(content, "size", None)
    if declared is not None and declared > limit:
        raise UploadRefused(_(FILE_TOO_LARGE) % {"limit": filesizeformat(limit)})
    stream.seek(0)
    suffix = ".xlsx" if stream.read(len(XLSX_MAGIC)) == XLSX_MAGIC else ".csv"
    stream.seek(0)
    return upload_store_stream(stream, folder="imports", suffix=suffix, max_bytes=limit)


def import_preview(
    *,
    kind: str,
    filename: str,
    content: bytes | IO[bytes],
    actor: Any | None,
    allowed_unit_ids: set[int] | None,
) -> ImportBatch:
    """Store the upload and its preview. Nothing else is written until ``import_confirm``.

    ``content`` is the file's bytes or a binary stream (an uploaded file): it is copied to disk
    in chunks and read back row by row. A refused file (too large, over a limit, not a table)
    is kept as a ``refused`` batch with its reason, then UnreadableFile is raised."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    batch = ImportBatch(
        kind=kind,
        filename=Path(filename).name[:255],
        uploaded_by=user,
        result={"allowed_unit_ids": None if allowed_unit_ids is None else sorted(allowed_unit_ids)},
    )
    try:
        path, digest, size = _store(content)
        batch.stored_path, batch.sha256, batch.size_bytes = str(path), digest, size
        with path.open("rb") as stored:
            outcomes = preview_rows(kind, filename, stored, allowed_unit_ids)
    except (UploadRefused, UnreadableFile) as exc:
        declared = len(content) if isinstance(content, bytes) else getattr(content, "size", 0)
        batch.size_bytes = min(batch.size_bytes or declared or 0, SIZE_CEILING)
        batch.state = ImportState.REFUSED
        batch.error = str(exc)
        batch.save()
        audit_record(actor=user, action="import.refuse", target=batch)
        raise UnreadableFile(str(exc)) from exc
    batch.counts = count_by_status(outcomes)
    batch.rows = [o.to_json() for o in outcomes]
    batch.save()
    return batch


def import_touched_unit_codes(batch: ImportBatch) -> set[str]:
    """The units an employee import would write: each new or changed row's unit, and the
    unit a moved employee leaves."""
    codes: set[str] = set()
    for row in batch.rows:
        if row.get("status") not in (RowStatus.NEW, RowStatus.CHANGED):
            continue
        codes.add(str(row.get("values", {}).get("unit_kode", "")))
        moved = row.get("changes", {}).get("unit_kode")
        if moved:
            codes.add(str(moved[0]))
    codes.discard("")
    return codes


def import_may_decide(actor: Any | None, batch: ImportBatch) -> bool:
    """BKD any import; an operator an employee import inside their units; ``None`` is the
    command line on the server. Nobody else."""
    if actor is None:
        return True
    if not getattr(actor, "is_authenticated", False):
        return False
    scope = scope_for(actor)
    if actor.is_superuser or scope.has_role(Role.BKD_ADMIN):
        return True
    if batch.kind != ImportKind.EMPLOYEES or scope.all_units or not scope.has_role(Role.OPERATOR):
        return False
    operated = operated_unit_ids(actor)
    touched = import_touched_unit_codes(batch)
    found = dict(Unit.objects.filter(code__in=touched).values_list("code", "id"))
    return len(found) == len(touched) and set(found.values()) <= operated


def _decision_data(batch: ImportBatch) -> dict[str, Any]:
    uploader = batch.uploaded_by
    return {
        "kind": batch.kind,
        "filename": batch.filename,
        "uploaded_by": uploader.get_username() if uploader is not None else None,
    }


@transaction.atomic
def import_confirm(*, batch: ImportBatch, actor: Any | None) -> ImportBatch:
    """Queue the batch for the worker to apply."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if not import_may_decide(actor, batch):
        raise PermissionDenied(_(NOT_YOURS))
    if batch.state != ImportState.PREVIEWED:
        raise ValueError(_(ALREADY_APPLIED))
    batch.state = ImportState.QUEUED
    batch.save(update_fields=["state"])
    job_enqueue(kind="imports.apply", payload={"batch_id": batch.pk})
    audit_record(actor=actor, action="import.confirm", target=batch, data=_decision_data(batch))
    return batch


@transaction.atomic
def import_cancel(*, batch: ImportBatch, actor: Any | None) -> None:
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if not import_may_decide(actor, batch):
        raise PermissionDenied(_(NOT_YOURS))
    if batch.state != ImportState.PREVIEWED:
        raise ValueError(_(ALREADY_APPLIED))
    batch.state = ImportState.CANCELLED
    batch.save(update_fields=["state"])
    audit_record(actor=actor, action="import.cancel", target=batch, data=_decision_data(batch))


def import_apply(*, batch: ImportBatch) -> dict[str, int]:
    """Re-check the stored file against today's data and write what is new or changed.

    The preview is computed again because the data may have changed since the upload;
    rows that became invalid are skipped and reported, never half-written.
    """
    scope = batch.result.get("allowed_unit_ids")
    with Path(batch.stored_path).open("rb") as stored:
        outcomes = preview_rows(
            batch.kind, batch.filename, stored, None if scope is None else set(scope)
        )
    actor = batch.uploaded_by
    with transaction.atomic():
        if batch.kind == ImportKind.UNITS:
            result = apply_units(outcomes, actor)
        else:
            result = apply_employees(outcomes, actor)
        result["invalid"] = sum(1 for o in outcomes if o.status == RowStatus.INVALID)
        result["unchanged"] = sum(1 for o in outcomes if o.status == RowStatus.UNCHANGED)
        batch.state = ImportState.APPLIED
        batch.applied_at = timezone.now()
        batch.counts = count_by_status(outcomes)
        batch.rows = [o.to_json() for o in outcomes]
        batch.result = {**batch.result, "applied": result}
        batch.save(update_fields=["state", "applied_at", "counts", "rows", "result"])
        audit_record(actor=actor, action="import.apply", target=batch, data=result)
    return result


@job_handler("imports.apply")
def run_import_job(payload: dict[str, Any]) -> dict[str, Any]:
    batch = ImportBatch.objects.get(pk=payload["batch_id"])
    if batch.state != ImportState.QUEUED:
        return {"skipped": batch.state}
    try:
        return import_apply(batch=batch)
    except Exception as exc:
        # Rows are applied one by one and a refused row is reported with its reason, so this
        # is a fault of the server (a lost file, the database gone); the page says so in
        # words, the traceback stays in the job table for the administrator.
        problem = _(APPLY_FAILED) % {"error": type(exc).__name__}
        ImportBatch.objects.filter(pk=batch.pk).update(state=ImportState.FAILED, error=problem)
        raise
