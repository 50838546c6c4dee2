"""Marking employee-days for recompute. Cheap, idempotent, safe to call from any service."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from hadir.attendance.models import DirtyDay


def days_mark_dirty(pairs: Iterable[tuple[int, date]]) -> int:
    """Mark (employee_id, day) pairs; already-marked pairs are left as they are."""
    unique = set(pairs)
    if not unique:
        return 0
    DirtyDay.objects.bulk_create(
        [DirtyDay(employee_id=e, day=d) for e, d in unique],
        ignore_conflicts=True,
        batch_size=1000,
    )
    return len(unique)
