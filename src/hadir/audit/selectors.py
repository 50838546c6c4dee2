"""Reading the audit trail for the audit page (BKD and Diskominfo)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Q, QuerySet

from hadir.audit.chain import SHORT
from hadir.audit.models import AuditEvent
from hadir.org.models import Unit
from hadir.org.selectors import region_timezone, unit_subtree_ids

# Event details shown on the page: facts about the change, never free text people typed
# (reasons, notes, file names) or anything about a person the reader may not see elsewhere.
SHOWN_DATA_KEYS = frozenset(
    {
        "unit", "month", "code", "kind", "role", "from", "to", "day", "first_day", "last_day",
        "effective", "schedule", "shift", "stage", "automatic", "needs_verification",
        "withdrawn", "days", "late", "new", "direction", "outcome", "flags", "cmd_id", "moved",
        "punches_counted", "audit", "ledger", "released_days", "works_on_holidays", "before",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class AuditFilter:
    since: date | None = None
    until: date | None = None
    actor: str = ""
    action: str = ""
    target_type: str = ""
    target_id: str = ""
    unit: Unit | None = None


@dataclass(frozen=True, slots=True)
class AuditRow:
    event: AuditEvent
    details: list[tuple[str, str]]
    hidden: int

    @property
    def short_digest(self) -> str:
        return self.event.digest[:SHORT]


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=region_timezone())


def audit_events(chosen: AuditFilter) -> QuerySet[AuditEvent]:
    """The events matching the filter, newest first. A unit matches its own events, those
    of its sub-units, and events whose details name one of them (submissions, requests)."""
    events = AuditEvent.objects.select_related("actor__employee").order_by("-seq")
    if chosen.since:
        events = events.filter(at__gte=_local_midnight(chosen.since))
    if chosen.until:
        events = events.filter(at__lt=_local_midnight(chosen.until + timedelta(days=1)))
    if chosen.actor:
        events = events.filter(actor_label__icontains=chosen.actor)
    if chosen.action:
        events = events.filter(action__startswith=chosen.action)
    if chosen.target_type:
        events = events.filter(target_type=chosen.target_type)
    if chosen.target_id:
        events = events.filter(target_id=chosen.target_id)
    if chosen.unit is not None:
        ids = unit_subtree_ids({chosen.unit.pk})
        codes = list(Unit.objects.filter(id__in=ids).values_list("code", flat=True))
        events = events.filter(
            Q(target_type="org.unit", target_id__in=[str(i) for i in ids]) | Q(data__unit__in=codes)
        )
    return events


def audit_rows(events: list[AuditEvent]) -> list[AuditRow]:
    rows = []
    for event in events:
        data: dict[str, Any] = event.data if isinstance(event.data, dict) else {}
        details = [
            (key, ", ".join(map(str, value)) if isinstance(value, list) else str(value))
            for key, value in sorted(data.items())
            if key in SHOWN_DATA_KEYS
        ]
        rows.append(AuditRow(event, details, hidden=len(data) - len(details)))
    return rows


def audit_choices() -> tuple[list[str], list[str]]:
    """Action families (``reporting``, ``device``, ...) and target types that occur."""
    actions = AuditEvent.objects.order_by().values_list("action", flat=True).distinct()
    types = (
        AuditEvent.objects.exclude(target_type="").order_by().values_list("target_type", flat=True)
    )
    families = sorted({a.split(".")[0] for a in actions} | set(actions))
    return families, sorted(set(types.distinct()))
