"""What must be settled before a unit's month can be submitted, and what deserves a look."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from hadir.attendance.models import DayRecord, DirtyDay
from hadir.org.models import Unit
from hadir.people.models import EmployeeAssignment
from hadir.punches.models import Punch
from hadir.reporting.deadlines import month_last_day
from hadir.reporting.pending import pending_request_count


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


def _assignments(unit: Unit, first: date, last: date) -> list[EmployeeAssignment]:
    return list(
        EmployeeAssignment.objects.filter(unit=unit, valid_from__lte=last).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=first)
        )
    )


def _expected_days(assignments: list[EmployeeAssignment], first: date, last: date) -> int:
    total = 0
    for a in assignments:
        start, end = max(a.valid_from, first), min(a.valid_to or last, last)
        total += (end - start).days + 1
    return total


def unmatched_punch_count(unit: Unit, first: date, last: date) -> int:
    """Punches on the unit's machines whose PIN belongs to no employee."""
    return Punch.objects.filter(
        employee__isnull=True, device__unit=unit, local_date__gte=first, local_date__lte=last
    ).count()


def month_readiness(unit: Unit, month: date) -> MonthReadiness:
    first, last = month, month_last_day(month)
    assignments = _assignments(unit, first, last)
    employee_ids = {a.employee_id for a in assignments}
    computed = DayRecord.objects.filter(unit=unit, day__gte=first, day__lte=last).count()
    dirty = DirtyDay.objects.filter(
        employee_id__in=employee_ids, day__gte=first, day__lte=last
    ).count()
    return MonthReadiness(
        missing_days=max(_expected_days(assignments, first, last) - computed, 0),
        dirty_days=dirty,
        unmatched_punches=unmatched_punch_count(unit, first, last),
        pending_requests=pending_request_count(unit, first, last),
        missing_punches=DayRecord.objects.filter(
            unit=unit, day__gte=first, day__lte=last, codes__contains="TA"
        ).count(),
    )
