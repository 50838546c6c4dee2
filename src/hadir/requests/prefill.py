"""A new request opened from a day (the grid, a calendar, a to-do list) comes prefilled:
``?employee=<pk>&date=YYYY-MM-DD&kind=<code>``.

Each value is checked on its own; a value that is malformed, unknown or names someone the
actor may not file for is dropped with a notice in words, and the rest still prefills the
form. Nothing here writes: the service checks everything again when the form is sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hadir.edge import EdgeError, date_value, id_value
from hadir.people.models import Employee
from hadir.requests.fix import FixLinks
from hadir.requests.models import RequestKind
from hadir.requests.permissions import RequestAccess

PREFILL_EMPLOYEE_REFUSED = gettext_noop(
    "The employee named in the link is not someone you can file a request for; choose the "
    "employee in the form."
)
PREFILL_DATE_REFUSED = gettext_noop(
    "The date in the link is not a date like 2026-12-04; fill in the date in the form."
)
PREFILL_KIND_REFUSED = gettext_noop(
    "The kind of request in the link is not one this form offers; choose the kind in the form."
)
PREFILL_WINDOW_CLOSED = gettext_noop(
    "Requests for %(day)s were accepted until %(deadline)s; this request would be refused. "
    "Ask BKD for a dispensation first: open the day in the month grid and follow its link."
)
PREFILLABLE_KINDS = frozenset(k.value for k in RequestKind if k != RequestKind.MANUAL_ATTENDANCE)


@dataclass
class Prefill:
    """What the link prefills. ``employee``: the person chosen by the link (the form then
    offers only that person); ``notices``: why a value of the link was dropped."""

    employee: Employee | None = None
    day: date | None = None
    kind: str | None = None
    notices: list[str] = field(default_factory=list)

    @property
    def initial(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        if self.kind:
            values["kind"] = self.kind
        if self.day:
            values["first_day"] = self.day
        return values


def _employee(access: RequestAccess, value: str) -> Employee | None:
    """The employee ``value`` names, if the actor may file for them (else None)."""
    try:
        pk = id_value(value, name="employee")
    except EdgeError:
        return None
    employee = Employee.objects.select_related("unit").filter(pk=pk).first()
    if employee is None or not access.can_submit_for(employee):
        return None
    return employee


def request_prefill(access: RequestAccess, params: Mapping[str, Any]) -> Prefill:
    """Read the link's ``employee``, ``date`` and ``kind``; refuse each bad one in words."""
    prefill = Prefill()
    employee_text = str(params.get("employee") or "").strip()
    if employee_text:
        prefill.employee = _employee(access, employee_text)
        if prefill.employee is None:
            prefill.notices.append(_(PREFILL_EMPLOYEE_REFUSED))
    day_text = str(params.get("date") or "").strip()
    if day_text:
        try:
            prefill.day = date_value(day_text)
        except EdgeError:
            prefill.notices.append(_(PREFILL_DATE_REFUSED))
    kind_text = str(params.get("kind") or "").strip()
    if kind_text:
        if kind_text in PREFILLABLE_KINDS:
            prefill.kind = kind_text
        else:
            prefill.notices.append(_(PREFILL_KIND_REFUSED))
    return prefill


def prefill_window_notice(prefill: Prefill, *, now: datetime) -> str | None:
    """Say so when the prefilled day's window has already closed (and no dispensation
    covers it): the request would be refused, BKD must open the day first."""
    if prefill.day is None or prefill.employee is None:
        return None
    links = FixLinks(unit=prefill.employee.unit, days=[prefill.day], now=now)
    deadline = links.deadlines.get(prefill.day)
    if deadline is None or links.is_open(prefill.employee.pk, prefill.day):
        return None
    return _(PREFILL_WINDOW_CLOSED) % {
        "day": date_format(prefill.day, "j F Y"),
        "deadline": date_format(deadline.last_date, "j F Y"),
    }
