"""Problem days: working days with a missing punch (TAM, TAP) or no reason at all (TK), each
with the deadline of its filing window, whether it can still be explained, and the request
that already explains it (if any).

A day can still be explained while its window is open (``requests.window``) or an open
dispensation covers it; after that its code stands as recorded unless BKD opens the window.
A day with an open request (waiting, approved or verified) is explained: the decision is
someone else's now.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Q
from django.utils.translation import gettext as _

from hadir.attendance.models import DayRecord
from hadir.org.models import Unit
from hadir.people.models import Employee
from hadir.requests.models import Dispensation, ManualEntry, Request, RequestKind
from hadir.requests.window import Deadline, deadlines_for, local_today

PROBLEM_CODES = ("TAM", "TAP", "TK")
# The request that explains each problem (codes of ``RequestKind``): a missing punch is
# corrected with its time; a day without any punch is most often a permission (izin), the
# form lets the person choose another kind.
REQUEST_KIND = {
    "TAM": RequestKind.PUNCH_CORRECTION.value,
    "TAP": RequestKind.PUNCH_CORRECTION.value,
    "TK": RequestKind.IZIN.value,
}


def problem_text(code: str) -> str:
    return {
        "TAM": _("No check-in punch (TAM)"),
        "TAP": _("No check-out punch (TAP)"),
        "TK": _("Absent without a reason (TK)"),
    }[code]


@dataclass(frozen=True, slots=True)
class ProblemDay:
    employee: Employee
    unit: Unit
    day: date
    code: str  # TAM, TAP or TK
    deadline: Deadline
    explainable: bool  # the window is open, or a dispensation covers the day
    request_id: int | None  # the open request that already explains the day

    @property
    def text(self) -> str:
        return problem_text(self.code)

    @property
    def request_kind(self) -> str:
        return REQUEST_KIND[self.code]

    @property
    def to_explain(self) -> bool:
        """Still someone's job: explainable and not explained yet."""
        return self.explainable and self.request_id is None


def _problem_code(codes: list[str]) -> str | None:
    return next((code for code in PROBLEM_CODES if code in codes), None)


@dataclass(frozen=True, slots=True)
class _Dispensations:
    """Open dispensations, read once: unit paths and employees with their first days."""

    units: list[tuple[str, date]]
    employees: dict[int, date]

    def cover(self, unit: Unit, employee_id: int, day: date) -> bool:
        if any(unit.path.startswith(path) and start <= day for path, start in self.units):
            return True
        start = self.employees.get(employee_id)
        return start is not None and start <= day


def _dispensations(now: datetime) -> _Dispensations:
    rows = Dispensation.objects.filter(revoked_at__isnull=True, valid_until__gte=local_today(now))
    units: list[tuple[str, date]] = []
    employees: dict[int, date] = {}
    for path, employee_id, start in rows.values_list("unit__path", "employee_id", "days_from"):
        if path:
            units.append((path, start))
        elif employee_id is not None:
            employees[employee_id] = min(start, employees.get(employee_id, start))
    return _Dispensations(units, employees)


def _explaining_requests(
    employee_ids: Collection[int], first: date, last: date
) -> dict[tuple[int, date], int]:
    """(employee, day) -> the open request that covers it: absences by their dates, a
    correction or a manual sheet by its entries."""
    found: dict[tuple[int, date], int] = {}
    absences = Request.objects.open().filter(
        employee_id__in=employee_ids, first_day__lte=last, last_day__gte=first
    )
    for pk, employee_id, start, end in absences.values_list(
        "pk", "employee_id", "first_day", "last_day"
    ):
        day = max(start, first)
        while day <= min(end, last):
            found[(employee_id, day)] = pk
            day += timedelta(days=1)
    entries = ManualEntry.objects.filter(
        request__in=Request.objects.open(), employee_id__in=employee_ids, day__range=(first, last)
    )
    for pk, employee_id, day in entries.values_list("request_id", "employee_id", "day"):
        found[(employee_id, day)] = pk
    return found


def problem_days(
    *,
    first: date,
    last: date,
    now: datetime,
    unit_ids: Collection[int] | None = None,
    employee_id: int | None = None,
    codes: Collection[str] = PROBLEM_CODES,
) -> list[ProblemDay]:
    """Problem days from ``first`` to ``last`` of the people in ``unit_ids`` (their unit on
    the day) or of one employee, by day, unit and name. Today's missing check-out is left
    out: the day is not over."""
    wanted = Q()
    for wanted_code in codes:
        wanted |= Q(codes__contains=wanted_code)
    records = DayRecord.objects.filter(wanted, working_day=True, day__range=(first, last))
    if unit_ids is not None:
        records = records.filter(unit_id__in=unit_ids)
    if employee_id is not None:
        records = records.filter(employee_id=employee_id)
    rows: list[tuple[DayRecord, Unit, str]] = []
    today = local_today(now)
    for record in records.select_related("employee", "unit").order_by(
        "day", "unit__name", "employee__name"
    ):
        code = _problem_code(record.code_list)
        if code is None or code not in codes or record.unit is None:
            continue
        if code == "TAP" and record.day >= today:
            continue
        rows.append((record, record.unit, code))
    if not rows:
        return []
    deadlines = deadlines_for([(record.day, unit.code) for record, unit, _code in rows])
    explained = _explaining_requests({record.employee_id for record, *_rest in rows}, first, last)
    dispensations = _dispensations(now)
    return [
        ProblemDay(
            employee=record.employee,
            unit=unit,
            day=record.day,
            code=code,
            deadline=deadline,
            explainable=deadline.is_open(now)
            or dispensations.cover(unit, record.employee_id, record.day),
            request_id=explained.get((record.employee_id, record.day)),
        )
        for (record, unit, code), deadline in zip(rows, deadlines, strict=True)
    ]
