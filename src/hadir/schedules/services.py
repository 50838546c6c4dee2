"""Writes to schedules."""

from __future__ import annotations

from hadir.schedules.defaults import DEFAULT_SCHEDULES
from hadir.schedules.models import WorkSchedule


def schedules_ensure_defaults() -> None:
    """Create the default schedule codes that are missing (after a flush, or a new region)."""
    for code, name, description in DEFAULT_SCHEDULES:
        WorkSchedule.objects.get_or_create(
            code=code, defaults={"name": name, "description": description}
        )
