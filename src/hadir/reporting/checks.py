"""What must be settled before a unit's month can be submitted, and what deserves a look."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet

from hadir.attendance.models import DayRecord, DirtyDay
from hadir.org.models import Unit
from hadir.people.models import EmployeeAssignment
from hadir.punches.models import Punch
from hadir.reporting.deadlines import month_last_day
from hadir.reporting.pending import pending_request_counts


@dataclass(frozen=True, slots=True)
class MonthReadiness:
    """``missing_days``: employee-days of the unit without a result; ``dirty_days``: results
    waiting to be recomputed. Both block submission. The rest are warnings: punches whose PIN
    belongs to nobody, requests waiting for a decision, days with a missing punch (TAM/TAP)
    that a correction request may still explain."""

    missing_days: int
    dirty_days: int
    unmatched_punches: int
    pending_requests: int
    missing_punches: int = 0

    @property
    def blocked(self) -> bool:
        return bool(self.missing_days or self.dirty_days)


def unmatched_punch_counts(unit_ids: Collection[int], first: date, last: date) -> dict[int, int]:
    """Punches on each unit's machines whose PIN belongs to no employee, per unit id."""
    rows = (
        Punch.objects.filter(
            employee__isnull=True,
            device__unit_id__in=unit_ids,
            local_date__gte=first,
            local_date__lte=last,
        )
        .values("device__unit_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("device__unit_id", "n")
    )
    return dict(rows)


def month_readiness(unit: Unit, month: date) -> MonthReadiness:
    return months_readiness([unit], month)[unit.pk]


def months_readiness(units: Sequence[Unit], month: date) -> dict[int, MonthReadiness]:
    """Each unit's readiness for ``month`` (by unit id) in six grouped reads however many
    units (an operator of every school of the region opens one page of them)."""
    first, last = month, month_last_day(month)
    unit_ids = [unit.pk for unit in units]
    if not unit_ids:
        return {}
    assigned = EmployeeAssignment.objects.filter(unit_id__in=unit_ids, valid_from__lte=last).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=first)
    )
    expected: dict[int, int] = defaultdict(int)
    people: dict[int, set[int]] = defaultdict(set)
    for unit_id, employee_id, start, end in assigned.values_list(
        "unit_id", "employee_id", "valid_from", "valid_to"
    ):
        expected[unit_id] += (min(end or last, last) - max(start, first)).days + 1
        people[unit_id].add(employee_id)
    month_rows = DayRecord.objects.filter(unit_id__in=unit_ids, day__gte=first, day__lte=last)
    computed = _per_unit(month_rows)
    missing_punches = _per_unit(month_rows.filter(codes__contains="TA"))
    dirty_by_employee = dict(
        DirtyDay.objects.filter(
            employee_id__in=assigned.values("employee_id"), day__gte=first, day__lte=last
        )
        .values("employee_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("employee_id", "n")
    )
    unmatched = unmatched_punch_counts(unit_ids, first, last)
    pending = pending_request_counts(unit_ids, first, last)
    return {
        unit_id: MonthReadiness(
            missing_days=max(expected[unit_id] - computed.get(unit_id, 0), 0),
            dirty_days=sum(dirty_by_employee.get(e, 0) for e in people[unit_id]),
            unmatched_punches=unmatched.get(unit_id, 0),
            pending_requests=pending.get(unit_id, 0),
            missing_punches=missing_punches.get(unit_id, 0),
        )
        for unit_id in unit_ids
    }


def _per_unit(records: QuerySet[DayRecord]) -> dict[int, int]:
    rows = records.values("unit_id").annotate(n=Count("id")).order_by().values_list("unit_id", "n")
    return dict(rows)
