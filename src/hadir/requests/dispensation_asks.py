"""Asking BKD for a dispensation: once the filing window of a day has closed, the operator,
the head of the unit or the employee asks BKD to open it again (for one employee, or for the
whole unit), with the reason. BKD sees the open asks on its dispensations page and answers
by granting one (``dispensation_grant(ask=...)``)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hadir.audit.services import audit_record
from hadir.edge import EdgeError, date_value, id_value
from hadir.org.models import Unit
from hadir.people.models import Employee
from hadir.requests.models import DispensationAsk
from hadir.requests.permissions import request_access
from hadir.requests.window import (
    deadline_for,
    dispensation_covers,
    local_today,
    not_in_future_check,
)

ASK_GRANT_DAYS = 3  # a granted ask stays open this many days after today, unless BKD says else
ASK_NO_REASON = gettext_noop("Write why the day could not be explained in time.")
ASK_STILL_OPEN = gettext_noop(
    "Requests for %(day)s are still accepted until %(deadline)s: file the request itself, "
    "no dispensation is needed."
)
ASK_ALREADY_COVERED = gettext_noop(
    "A dispensation of BKD already covers %(day)s: file the request itself."
)


@transaction.atomic
def dispensation_ask_create(
    *,
    actor: Any,
    unit: Unit,
    days_from: date,
    reason: str,
    employee: Employee | None = None,
    now: datetime | None = None,
) -> DispensationAsk:
    """Ask BKD to open the window for ``employee`` (or the whole ``unit``) from
    ``days_from``. Refused when the actor may not file for them, and when no dispensation is
    needed (the window is still open, or one already covers the day). Audited."""
    now = now or timezone.now()
    access = request_access(actor)
    if employee is not None:
        unit = employee.unit
        allowed = access.can_submit_for(employee) and not access.is_bkd
    else:
        allowed = access.is_unit_staff and access.scope.can_see_unit(unit.pk)
    if not allowed:
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ValidationError(_(ASK_NO_REASON))
    not_in_future_check(day=days_from, now=now)
    shown_day = date_format(days_from, "j F Y")
    deadline = deadline_for(days_from, unit_code=unit.code)
    if deadline.is_open(now):
        raise ValidationError(
            _(ASK_STILL_OPEN)
            % {"day": shown_day, "deadline": date_format(deadline.last_date, "j F Y")}
        )
    employees = [employee] if employee is not None else []
    if dispensation_covers(day=days_from, unit=unit, employees=employees, now=now):
        raise ValidationError(_(ASK_ALREADY_COVERED) % {"day": shown_day})
    ask = DispensationAsk.objects.create(
        unit=unit,
        employee=employee,
        days_from=days_from,
        reason=reason,
        asked_by=actor,
        asked_at=now,
    )
    audit_record(
        actor=actor,
        action="dispensation.ask",
        target=ask,
        data={
            "unit": unit.code,
            "employee": employee.id_number if employee else None,
            "days_from": days_from.isoformat(),
            "reason": reason,
        },
    )
    return ask


def dispensation_asks_open() -> QuerySet[DispensationAsk]:
    """Asks BKD has not answered yet, oldest first."""
    return DispensationAsk.objects.filter(answered_at__isnull=True).select_related(
        "unit", "employee", "asked_by"
    )


def dispensation_initial(params: Mapping[str, Any]) -> dict[str, Any]:
    """BKD's grant form prefilled from an ask (``?ask=<pk>``) or from a day
    (``?employee=<pk>&date=YYYY-MM-DD``): the person or unit, the first date, open for
    three more days. Bad values are simply not prefilled (BKD fills the form)."""
    initial: dict[str, Any] = {}
    try:
        if params.get("ask"):
            ask = dispensation_asks_open().filter(pk=id_value(params["ask"])).first()
            if ask is not None:
                initial["ask"] = ask.pk
                initial["days_from"] = ask.days_from
                initial["reason"] = ask.reason
                if ask.employee is not None:
                    initial["employee_number"] = ask.employee.id_number
                else:
                    initial["unit"] = ask.unit.pk
        if params.get("employee"):
            employee = Employee.objects.filter(pk=id_value(params["employee"])).first()
            if employee is not None:
                initial["employee_number"] = employee.id_number
        if params.get("date"):
            initial["days_from"] = date_value(params["date"])
    except EdgeError:
        return {}
    if initial:
        initial.setdefault(
            "valid_until", local_today(timezone.now()) + timedelta(days=ASK_GRANT_DAYS)
        )
    return initial
