"""Submitting requests: one employee's request (leave, sickness, duty, correction) or a
manual attendance sheet for many employees of a unit with one scan.

Every check that must hold whoever asks lives here (the window, overlaps, the leave quota,
PINs for manual times, the evidence); views and the API only validate the shape of the input.
Nothing changes day results until the request is approved (``hadir.requests.decisions``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hadir.audit.services import audit_record
from hadir.org.models import Unit
from hadir.people.models import Employee
from hadir.requests.chains import chain_fields
from hadir.requests.evidence import Readable, evidence_attach, evidence_store
from hadir.requests.kinds import kind_rule
from hadir.requests.leave import annual_leave_check
from hadir.requests.leave_check import izin_cap_check_for, leave_rules_check
from hadir.requests.models import (
    ABSENCE_KINDS,
    FILED_BY_HADIR,
    LeaveChoice,
    ManualEntry,
    Request,
    RequestKind,
    RequestState,
)
from hadir.requests.permissions import request_access
from hadir.requests.window import not_in_future_check, window_check
from hadir.words import day_long

OPEN_STATES = (RequestState.PENDING, RequestState.APPROVED, RequestState.VERIFIED)

DATES_REVERSED = gettext_noop("The last day must not be before the first day.")
REASON_REQUIRED = gettext_noop("Write the reason.")
SPT_REQUIRED = gettext_noop("Write the number of the assignment letter (SPT).")
LEAVE_TYPE_REQUIRED = gettext_noop("Choose the type of leave.")
LEAVE_TYPE_ONLY_FOR_CUTI = gettext_noop("A type of leave is only chosen for cuti.")
EVIDENCE_REQUIRED = gettext_noop(
    "Attach the evidence: the scan or photo of the signed sheet, or the doctor's letter."
)
TIMES_REQUIRED = gettext_noop("Enter the check-in time, the check-out time or both.")
ONE_DAY_ONLY = gettext_noop("A correction is for one day.")
USE_THE_SHEET = gettext_noop("Manual attendance is entered on the manual sheet page.")
FILED_BY_THE_PHONE = gettext_noop(
    "This kind of request is made by the phone attendance page, not by hand: use a "
    "correction of a missing punch instead."
)
OVERLAP = gettext_noop(
    "%(name)s already has request #%(number)s for %(first)s to %(last)s (%(state)s). Cancel "
    "it or wait for its decision."
)
ENTRY_OVERLAP = gettext_noop("%(name)s already has times for %(day)s in request #%(number)s.")
NO_ENTRIES = gettext_noop("Choose at least one employee and enter their times.")
NOT_IN_UNIT = gettext_noop("%(name)s is not in %(unit)s or its sub-units.")
TWICE_ON_SHEET = gettext_noop("%(name)s appears twice on the sheet.")


@dataclass(frozen=True, slots=True)
class Upload:
    stream: Readable
    name: str


@dataclass(frozen=True, slots=True)
class EntryIn:
    employee: Employee
    check_in: time | None = None
    check_out: time | None = None


def _check_times(check_in: time | None, check_out: time | None) -> None:
    if check_in is None and check_out is None:
        raise ValidationError(_(TIMES_REQUIRED), code="times")


def _check_absence_overlap(employee: Employee, first: date, last: date) -> None:
    clash = (
        Request.objects.filter(
            employee=employee,
            kind__in=sorted(ABSENCE_KINDS),
            state__in=OPEN_STATES,
            first_day__lte=last,
            last_day__gte=first,
        )
        .order_by("first_day")
        .first()
    )
    if clash is not None:
        raise ValidationError(
            _(OVERLAP)
            % {
                "name": employee.name,
                "number": clash.pk,
                "first": day_long(clash.first_day),
                "last": day_long(clash.last_day),
                "state": clash.get_state_display(),
            },
            code="overlap",
        )


def _check_entry_overlap(employees: Sequence[Employee], day: date) -> None:
    clash = (
        ManualEntry.objects.filter(
            employee__in=[e.pk for e in employees], day=day, request__state__in=OPEN_STATES
        )
        .select_related("employee")
        .first()
    )
    if clash is not None:
        raise ValidationError(
            _(ENTRY_OVERLAP)
            % {"name": clash.employee.name, "day": day_long(day), "number": clash.request_id},
            code="overlap",
        )


def _store_files(request: Request, files: Sequence[Upload], actor: Any, now: datetime) -> None:
    for upload in files:
        evidence = evidence_store(stream=upload.stream, filename=upload.name, actor=actor, now=now)
        evidence_attach(
            request=request, evidence=evidence, filename=upload.name, actor=actor, now=now
        )


def _audit_submit(request: Request, actor: Any, **data: Any) -> None:
    audit_record(
        actor=actor,
        action="request.submit",
        target=request,
        data={
            "kind": request.kind,
            "unit": request.unit.code,
            "first_day": request.first_day.isoformat(),
            "last_day": request.last_day.isoformat(),
            **data,
        },
    )


@transaction.atomic
def request_submit(
    *,
    actor: Any,
    kind: str,
    employee: Employee,
    first_day: date,
    last_day: date | None = None,
    leave_type: str = "",
    child_order: int | None = None,
    reason: str = "",
    spt_number: str = "",
    check_in: time | None = None,
    check_out: time | None = None,
    files: Sequence[Upload] = (),
    now: datetime | None = None,
    filed_by_hadir: bool = False,
) -> Request:
    """One employee's request. Raises PermissionDenied when ``actor`` may not submit for the
    employee, ValidationError (in words) when the request cannot be accepted. A kind that
    only Hadir files (a phone attendance to check, made by ``hadir.mobile.services`` with
    ``filed_by_hadir=True``) is refused from anyone else: forms and the API never set it."""
    now = now or timezone.now()
    if kind == RequestKind.MANUAL_ATTENDANCE:
        raise ValidationError(_(USE_THE_SHEET), code="kind")
    if kind in FILED_BY_HADIR and not filed_by_hadir:
        raise ValidationError(_(FILED_BY_THE_PHONE), code="kind")
    rule = kind_rule(kind)
    if not request_access(actor).can_submit_for(employee):
        raise PermissionDenied
    last_day = last_day or first_day
    reason, spt_number = reason.strip(), spt_number.strip()
    if last_day < first_day:
        raise ValidationError(_(DATES_REVERSED), code="dates")
    if rule.reason and not reason:
        raise ValidationError(_(REASON_REQUIRED), code="reason")
    if rule.spt and not spt_number:
        raise ValidationError(_(SPT_REQUIRED), code="spt")
    if kind == RequestKind.CUTI and leave_type not in LeaveChoice.values:
        raise ValidationError(_(LEAVE_TYPE_REQUIRED), code="leave_type")
    if kind != RequestKind.CUTI and leave_type:
        raise ValidationError(_(LEAVE_TYPE_ONLY_FOR_CUTI), code="leave_type")
    if rule.has_entries:
        if last_day != first_day:
            raise ValidationError(_(ONE_DAY_ONLY), code="dates")
        _check_times(check_in, check_out)
        not_in_future_check(day=first_day, now=now)
    if rule.evidence and not files:
        raise ValidationError(_(EVIDENCE_REQUIRED), code="evidence")
    window_check(day=first_day, unit=employee.unit, employees=[employee], now=now)
    if rule.has_entries:
        _check_entry_overlap([employee], first_day)
    else:
        _check_absence_overlap(employee, first_day, last_day)
    if kind == RequestKind.CUTI:
        leave_rules_check(
            employee=employee,
            leave_type=leave_type,
            first=first_day,
            last=last_day,
            child_order=child_order,
            has_letter=bool(files),
        )
    if kind == RequestKind.CUTI and leave_type == LeaveChoice.TAHUNAN:
        annual_leave_check(employee, first_day, last_day)
    if kind == RequestKind.IZIN:
        izin_cap_check_for(employee, first_day)
    request = Request.objects.create(
        kind=kind,
        unit=employee.unit,
        employee=employee,
        first_day=first_day,
        last_day=last_day,
        leave_type=leave_type,
        child_order=child_order if leave_type == LeaveChoice.MELAHIRKAN else None,
        reason=reason,
        spt_number=spt_number,
        **chain_fields(kind, employee.unit, first_day),
        submitted_by=actor,
        submitted_at=now,
    )
    if rule.has_entries:
        ManualEntry.objects.create(
            request=request,
            employee=employee,
            day=first_day,
            check_in=check_in,
            check_out=check_out,
        )
    _audit_submit(request, actor, employee=employee.id_number)
    _store_files(request, files, actor, now)
    return request


def _check_sheet_entries(unit: Unit, entries: Sequence[EntryIn]) -> None:
    if not entries:
        raise ValidationError(_(NO_ENTRIES), code="entries")
    seen: set[int] = set()
    for entry in entries:
        employee = entry.employee
        if employee.pk in seen:
            raise ValidationError(_(TWICE_ON_SHEET) % {"name": employee.name}, code="entries")
        seen.add(employee.pk)
        if not employee.unit.path.startswith(unit.path):
            raise ValidationError(
                _(NOT_IN_UNIT) % {"name": employee.name, "unit": unit.name}, code="entries"
            )
        _check_times(entry.check_in, entry.check_out)


@transaction.atomic
def manual_sheet_submit(
    *,
    actor: Any,
    unit: Unit,
    day: date,
    entries: Sequence[EntryIn],
    reason: str,
    files: Sequence[Upload],
    now: datetime | None = None,
) -> Request:
    """A signed attendance sheet: the times of many employees of ``unit`` on ``day``, with
    one scan or photo for all. One request, decided once by the head of unit."""
    now = now or timezone.now()
    access = request_access(actor)
    if not access.can_submit_sheet(unit):
        raise PermissionDenied
    employees = [e.employee for e in entries]
    if any(not access.can_submit_for(e) for e in employees):
        raise PermissionDenied
    reason = reason.strip()
    _check_sheet_entries(unit, entries)
    if not reason:
        raise ValidationError(_(REASON_REQUIRED), code="reason")
    if not files:
        raise ValidationError(_(EVIDENCE_REQUIRED), code="evidence")
    not_in_future_check(day=day, now=now)
    window_check(day=day, unit=unit, employees=employees, now=now)
    _check_entry_overlap(employees, day)
    request = Request.objects.create(
        kind=RequestKind.MANUAL_ATTENDANCE,
        unit=unit,
        employee=None,
        first_day=day,
        last_day=day,
        reason=reason,
        **chain_fields(RequestKind.MANUAL_ATTENDANCE, unit, day),
        submitted_by=actor,
        submitted_at=now,
    )
    ManualEntry.objects.bulk_create(
        [
            ManualEntry(
                request=request,
                employee=e.employee,
                day=day,
                check_in=e.check_in,
                check_out=e.check_out,
            )
            for e in entries
        ]
    )
    _audit_submit(request, actor, employees=[e.id_number for e in employees])
    _store_files(request, files, actor, now)
    return request
