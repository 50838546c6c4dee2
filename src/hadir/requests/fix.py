"""From a day's problem to the request that explains it, in one click.

A day with a missing punch (TAM, TAP) is explained by a correction of the missing punch; a
day absent without a reason (TK) by a permission (izin), which the form lets the person
change to sick leave, leave or duty. While the day's filing window is open (or a dispensation
of BKD covers it) the day links to the new-request form, prefilled; once it has closed, to
asking BKD for a dispensation, prefilled. Whoever cannot file for the person gets no link.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlencode

from django.urls import reverse

from hadir.org.models import Unit
from hadir.requests.models import Dispensation, RequestKind
from hadir.requests.window import Deadline, deadlines_for, local_today

FIX_KINDS: dict[str, str] = {
    "TAM": RequestKind.PUNCH_CORRECTION.value,
    "TAP": RequestKind.PUNCH_CORRECTION.value,
    "TK": RequestKind.IZIN.value,
}


def fix_kind(codes: Iterable[str]) -> str | None:
    """The kind of request that explains a day with these codes; None: nothing to fix."""
    for code in codes:
        if code in FIX_KINDS:
            return FIX_KINDS[code]
    return None


def request_new_url(*, employee_id: int, day: date, kind: str) -> str:
    query = urlencode({"employee": employee_id, "date": day.isoformat(), "kind": kind})
    return f"{reverse('request-new')}?{query}"


def dispensation_ask_url(*, day: date, employee_id: int | None = None, unit_code: str = "") -> str:
    params: dict[str, str | int] = {"date": day.isoformat()}
    if employee_id is not None:
        params["employee"] = employee_id
    else:
        params["unit"] = unit_code
    return f"{reverse('dispensation-ask')}?{urlencode(params)}"


@dataclass(frozen=True, slots=True)
class DayFix:
    """Where a day's problem is fixed: ``closed`` when the window has closed and the link
    asks BKD for a dispensation; ``deadline``: the last date requests were (are) accepted."""

    url: str
    kind: str
    closed: bool
    deadline: date


class FixLinks:
    """The fix links of one page (a unit's grid, an employee's month): the deadline of each
    day and BKD's open dispensations are read once, not once per cell."""

    def __init__(
        self, *, unit: Unit, days: Sequence[date], now: datetime, grants: bool = False
    ) -> None:
        """``grants``: the viewer is BKD, who grants a dispensation instead of asking."""
        self.unit, self.grants = unit, grants
        self.today = local_today(now)
        wanted = [(day, unit.code) for day in days if day <= self.today]
        self.deadlines: dict[date, Deadline] = {d.day: d for d in deadlines_for(wanted)}
        self.now = now
        open_ones = Dispensation.objects.filter(
            revoked_at__isnull=True, valid_until__gte=self.today
        )
        self._unit_spans = [
            (days_from, until)
            for path, days_from, until in open_ones.filter(unit__isnull=False).values_list(
                "unit__path", "days_from", "valid_until"
            )
            if unit.path.startswith(path)
        ]
        self._employee_spans: dict[int, list[tuple[date, date]]] = {}
        for employee_id, days_from, until in open_ones.filter(employee__isnull=False).values_list(
            "employee_id", "days_from", "valid_until"
        ):
            self._employee_spans.setdefault(employee_id, []).append((days_from, until))

    def open_until(self, employee_id: int, day: date) -> date | None:
        """The last date a request for ``day`` is accepted: its deadline while the window is
        open, else the end of the dispensation that covers it; None once it has closed."""
        deadline = self.deadlines.get(day)
        if deadline is None:
            return None
        if deadline.is_open(self.now):
            return deadline.last_date
        spans = self._unit_spans + self._employee_spans.get(employee_id, [])
        return max((until for start, until in spans if start <= day), default=None)

    def is_open(self, employee_id: int, day: date) -> bool:
        return self.open_until(employee_id, day) is not None

    def for_day(self, employee_id: int, day: date, codes: Iterable[str]) -> DayFix | None:
        kind = fix_kind(codes)
        deadline = self.deadlines.get(day)
        if kind is None or deadline is None:
            return None
        if self.is_open(employee_id, day):
            url = request_new_url(employee_id=employee_id, day=day, kind=kind)
            return DayFix(url=url, kind=kind, closed=False, deadline=deadline.last_date)
        if self.grants:
            query = urlencode({"employee": employee_id, "date": day.isoformat()})
            url = f"{reverse('dispensation-list')}?{query}"
        else:
            url = dispensation_ask_url(employee_id=employee_id, day=day)
        return DayFix(url=url, kind=kind, closed=True, deadline=deadline.last_date)
