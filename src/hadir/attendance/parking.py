"""Parked days: employee-days the recompute could not evaluate, kept aside with their error.

One bad day (a legacy punch dated 1970, a broken time in the ledger) must never stop the
others: ``recompute`` retries a failing batch in smaller pieces down to the single
employee-day and hands that day here. Parking removes its mark, so the worker moves on; a new
mark (its inputs changed) or a retry tries it again, and a successful compute removes it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils import timezone

from hadir.attendance.dirty import days_mark_dirty
from hadir.attendance.models import DirtyDay, ParkedDay

logger = logging.getLogger(__name__)
# NIP (18 digits) and NIK (16 digits) never reach the stored message, whatever raised.
LONG_NUMBER = re.compile(r"\d{8,}")


def error_text(exc: BaseException) -> tuple[str, str]:
    """(type, message) of an exception as stored: short, long numbers blanked out."""
    message = LONG_NUMBER.sub("…", str(exc).splitlines()[0] if str(exc) else "")
    return type(exc).__name__[:100], message[:500]


def parked_day_record(*, employee_id: int, day: date, exc: BaseException) -> None:
    """Park one employee-day with its error (again: one more attempt) and drop its mark."""
    now = timezone.now()
    error_type, message = error_text(exc)
    updated = ParkedDay.objects.filter(employee_id=employee_id, day=day).update(
        error_type=error_type,
        error_message=message,
        attempts=F("attempts") + 1,
        last_failed_at=now,
    )
    if not updated:
        ParkedDay.objects.create(
            employee_id=employee_id,
            day=day,
            error_type=error_type,
            error_message=message,
            first_failed_at=now,
            last_failed_at=now,
        )
    DirtyDay.objects.filter(employee_id=employee_id, day=day).delete()
    # Ids and the exception type only: the message may quote ledger data.
    logger.warning("employee-day %s@%s parked after %s", employee_id, day, error_type)


def parked_days_clear(pairs: Iterable[tuple[int, date]]) -> int:
    """Computed days are no longer parked."""
    wanted = set(pairs)
    if not wanted or not ParkedDay.objects.exists():
        return 0
    days = [d for _, d in wanted]
    candidates = ParkedDay.objects.filter(
        employee_id__in={e for e, _ in wanted}, day__gte=min(days), day__lte=max(days)
    ).values_list("pk", "employee_id", "day")
    ids = [pk for pk, e, d in candidates if (e, d) in wanted]
    if ids:
        ParkedDay.objects.filter(pk__in=ids).delete()
    return len(ids)


def parked_days_clear_range(employee_ids: Sequence[int], first: date, last: date) -> int:
    if not ParkedDay.objects.exists():
        return 0
    deleted, _ = ParkedDay.objects.filter(
        employee_id__in=employee_ids, day__gte=first, day__lte=last
    ).delete()
    return deleted


def parked_day_list() -> QuerySet[ParkedDay]:
    """Parked days, oldest day first, with ``queued``: a retry (a mark) is waiting."""
    marked = DirtyDay.objects.filter(employee_id=OuterRef("employee_id"), day=OuterRef("day"))
    return (
        ParkedDay.objects.select_related("employee", "employee__unit")
        .annotate(queued=Exists(marked))
        .order_by("day", "employee_id")
    )


@transaction.atomic
def parked_days_retry(*, actor: Any | None, ids: Sequence[int] | None = None) -> int:
    """Mark parked days (the given ids, or all) for the worker to try again; audited."""
    from hadir.audit.services import audit_record

    rows = ParkedDay.objects.all()
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    pairs = list(rows.values_list("employee_id", "day"))
    days_mark_dirty(pairs)
    audit_record(
        actor=actor,
        action="attendance.parked_retry",
        data={"count": len(pairs), "all": ids is None, "ids": sorted(ids or [])[:100]},
    )
    return len(pairs)


@transaction.atomic
def parked_days_dismiss(*, actor: Any | None, ids: Sequence[int]) -> int:
    """Take days off the list that can never be computed (e.g. dated before any policy) once
    the row that marked them is dealt with; audited. A new mark brings a day back if it
    still fails."""
    from hadir.audit.services import audit_record

    rows = ParkedDay.objects.filter(pk__in=list(ids))
    dismissed = [
        {"employee_id": e, "day": d.isoformat(), "error_type": t}
        for e, d, t in rows.values_list("employee_id", "day", "error_type")
    ]
    rows.delete()
    if dismissed:
        audit_record(actor=actor, action="attendance.parked_dismiss", data={"days": dismissed})
    return len(dismissed)
