"""Requests of every kind in every state they can reach, filed and decided by the demo's
accounts through the request services (audit, evidence, day marks as in real life).

Each kind walks every path its approval chain allows: left waiting for the head, approved
and waiting at each later step, in force, rejected (by the head or at a later step, with a
reason), withdrawn while waiting, and revoked once in force. Decided requests are spread
over the two demo months; waiting ones are recent (days still open, or leave to come).
The people are taken in turn from the units where life happens; one refused by a rule (a
quota, an overlap, too short a service) gives way to the next, a bounded number of times.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from hadir.people.models import Employee
from hadir.requests.chains import current_later_step
from hadir.requests.decisions import (
    request_approve,
    request_cancel,
    request_reject,
    request_verify,
)
from hadir.requests.models import LeaveChoice, Request, RequestKind
from hadir.requests.services import EntryIn, Upload, manual_sheet_submit, request_submit

if TYPE_CHECKING:
    from hadir.accounts.models import User
    from hadir.demo.life import Cast, DemoClock

ONE_DAY = timedelta(days=1)
TRIES = 12  # people tried for one request before it is left out
APPROVE, LATER, REJECT, CANCEL, REVOKE = "approve", "later", "reject", "cancel", "revoke"

# How many steps follow the head's approval (the demo policy's chains, see ``life``).
LATER_STEPS: dict[str, int] = {RequestKind.CUTI.value: 2, RequestKind.DINAS_LUAR.value: 1}
KINDS_IN_TURN: tuple[tuple[str, str], ...] = (
    *((RequestKind.CUTI.value, leave.value) for leave in LeaveChoice),
    (RequestKind.IZIN.value, ""),
    (RequestKind.SAKIT.value, ""),
    (RequestKind.DINAS_LUAR.value, ""),
    (RequestKind.TUGAS_BELAJAR.value, ""),
    (RequestKind.DIKLAT.value, ""),
    (RequestKind.FWA.value, ""),
    (RequestKind.PUNCH_CORRECTION.value, ""),
    (RequestKind.PHONE_ATTENDANCE.value, ""),
    (RequestKind.MANUAL_ATTENDANCE.value, ""),
)
ENTRY_KINDS = {RequestKind.PUNCH_CORRECTION, RequestKind.PHONE_ATTENDANCE}
# Kinds filed after the day (its times, the sick day): a waiting one is for a recent day.
AFTER_THE_DAY = {*ENTRY_KINDS, RequestKind.MANUAL_ATTENDANCE, RequestKind.SAKIT}
REASONS = {
    RequestKind.IZIN: "Mengantar orang tua berobat",
    RequestKind.FWA: "Bekerja dari rumah menyusun laporan",
    RequestKind.PUNCH_CORRECTION: "Jari tidak terbaca di mesin",
    RequestKind.PHONE_ATTENDANCE: "Absen lewat ponsel di posyandu, di luar radius kantor",
    RequestKind.MANUAL_ATTENDANCE: "Mesin mati karena listrik padam",
    RequestKind.CUTI: "Keperluan keluarga",
}
SPT_KINDS = {RequestKind.DINAS_LUAR, RequestKind.TUGAS_BELAJAR, RequestKind.DIKLAT}
LETTER_KINDS = {RequestKind.SAKIT, RequestKind.MANUAL_ATTENDANCE}
LENGTHS = {"besar": 5, "melahirkan": 5, "cltn": 5, "tahunan": 3, "tugas_belajar": 5}


def paths_for(kind: str, leave_type: str = "") -> list[tuple[str, ...]]:
    """Every state a request of ``kind`` can end in, as the steps that lead there. Annual
    leave walks every step of the chain; the other leave types reach each state once (so
    the demo stays quick to build)."""
    later = LATER_STEPS.get(kind, 0)
    if leave_type and leave_type != LeaveChoice.TAHUNAN:
        last = (APPROVE, *(LATER,) * later)
        return [(), (APPROVE,), last, (REJECT,), (*last, REVOKE)]
    paths: list[tuple[str, ...]] = [()]
    paths += [(APPROVE, *(LATER,) * done) for done in range(later + 1)]
    paths.append((REJECT,))
    paths += [(APPROVE, *(LATER,) * done, REJECT) for done in range(later)]
    paths.append((CANCEL,))
    paths.append((APPROVE, *(LATER,) * later, REVOKE))
    return paths


def demo_file(kind: str, number: int) -> Upload:
    """A small generated PDF: the doctor's letter or the scanned sheet."""
    body = f"%PDF-1.4\n% Hadir demo: {kind} {number}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    return Upload(io.BytesIO(body.encode()), f"{kind}-{number}.pdf")


@dataclass(frozen=True)
class Plan:
    number: int
    kind: str
    leave_type: str
    path: tuple[str, ...]

    @property
    def waiting(self) -> bool:
        """Still waiting for someone: kept recent, so the window and the to-do are real."""
        return not self.path or (self.path[-1] in (APPROVE, LATER) and not self.final)

    @property
    def final(self) -> bool:
        return self.path.count(LATER) == LATER_STEPS.get(self.kind, 0) and bool(self.path)


def first_day_for(plan: Plan, clock: DemoClock, span_days: int) -> date:
    """Waiting entries: a day still open; waiting absences: days to come; decided ones:
    spread over the demo months (``span_days`` days back from yesterday)."""
    yesterday = clock.today - ONE_DAY
    if plan.waiting:
        if plan.kind in AFTER_THE_DAY:
            return yesterday - (plan.number % 2) * ONE_DAY
        return clock.today + (2 + plan.number % 9) * ONE_DAY
    return yesterday - (3 + (plan.number * 7) % max(span_days - 8, 1)) * ONE_DAY


def filed_at(plan: Plan, day: date, clock: DemoClock) -> datetime:
    if plan.kind in ENTRY_KINDS or plan.kind == RequestKind.MANUAL_ATTENDANCE:
        return clock.at(day + ONE_DAY, 9)
    if plan.kind == RequestKind.SAKIT:
        return clock.at(day, 7, 30)
    return min(clock.at(day - 2 * ONE_DAY, 14), clock.latest - timedelta(hours=plan.number % 9))


def _submit(
    plan: Plan, cast: Cast, people: Sequence[Employee], day: date, now: datetime
) -> Request:
    employee = people[0]
    reason = REASONS.get(RequestKind(plan.kind), "")
    files = [demo_file(plan.kind, plan.number)] if plan.kind in LETTER_KINDS else []
    if plan.leave_type == LeaveChoice.SAKIT:
        files = [demo_file("surat-dokter", plan.number)]
    if plan.kind == RequestKind.MANUAL_ATTENDANCE:
        entries = [EntryIn(e, time(7, 25), time(16, 5)) for e in people[:3]]
        return manual_sheet_submit(
            actor=cast.operator, unit=employee.unit, day=day, entries=entries,
            reason=reason, files=files, now=now,
        )  # fmt: skip
    has_times = plan.kind in ENTRY_KINDS
    length = LENGTHS.get(plan.leave_type or plan.kind, 1 + plan.number % 2)
    return request_submit(
        actor=cast.users_by_employee.get(employee.pk, cast.operator),
        kind=plan.kind,
        employee=employee,
        first_day=day,
        last_day=day if has_times else day + (length - 1) * ONE_DAY,
        leave_type=plan.leave_type,
        child_order=1 if plan.leave_type == LeaveChoice.MELAHIRKAN else None,
        reason=reason,
        spt_number=f"800/{plan.number:03d}/SPT/2026" if plan.kind in SPT_KINDS else "",
        check_in=time(7, 20) if has_times else None,
        check_out=time(16, 10) if plan.kind == RequestKind.PUNCH_CORRECTION else None,
        files=files,
        now=now,
        filed_by_hadir=plan.kind == RequestKind.PHONE_ATTENDANCE,
    )


def _step_taker(request: Request, cast: Cast) -> User:
    step = current_later_step(request)
    return cast.skpd_head if step == "skpd_head" else cast.bkd


def _walk(plan: Plan, request: Request, cast: Cast, now: datetime, clock: DemoClock) -> None:
    head = cast.heads[request.unit_id]
    for number, step in enumerate(plan.path, start=1):
        when = min(now + number * timedelta(hours=3), clock.latest)
        if step == APPROVE:
            request = request_approve(request=request, actor=head, now=when)
        elif step == LATER:
            request = request_verify(request=request, actor=_step_taker(request, cast), now=when)
        elif step == REJECT:
            actor = _step_taker(request, cast) if request.waiting_verification else head
            reason = "Kuota dan jadwal pelayanan tidak memungkinkan; ajukan tanggal lain"
            request = request_reject(request=request, actor=actor, reason=reason, now=when)
        elif step == CANCEL:
            request = request_cancel(request=request, actor=request.submitted_by, now=when)
        elif step == REVOKE:
            reason = "Pegawai tetap masuk kerja; permohonan dibatalkan"
            request = request_cancel(request=request, actor=head, reason=reason, now=when)


def _people_in_turn(cast: Cast) -> list[Employee]:
    """The staff of the life units but their heads (who decide), by unit and PIN."""
    heads = [u.employee_id for u in [*cast.heads.values(), cast.skpd_head] if u.employee_id]
    staff = Employee.objects.filter(unit__in=cast.units).exclude(pk__in=heads)
    return sorted(
        staff.select_related("unit"), key=lambda e: (e.unit.code, e.pin or "", e.id_number)
    )


def _file_one(
    plan: Plan, cast: Cast, clock: DemoClock, people: list[Employee], span: int
) -> Request | None:
    day = first_day_for(plan, clock, span)
    now = filed_at(plan, day, clock)
    for attempt in range(TRIES):
        start = (plan.number * 5 + attempt * 3) % len(people)
        group = [people[(start + k) % len(people)] for k in range(3)]
        if plan.kind == RequestKind.MANUAL_ATTENDANCE:
            group = [e for e in group if e.unit_id == group[0].unit_id]
        try:
            with transaction.atomic():
                request = _submit(plan, cast, group, day, now)
                _walk(plan, request, cast, now, clock)
                return request
        except (ValidationError, PermissionDenied):  # a rule, or a tiny demo's cast
            continue
    return None


def file_requests(cast: Cast, clock: DemoClock) -> list[Request]:
    """File and walk one request per (kind, leave type, path); returns those filed."""
    people = _people_in_turn(cast)
    if not people:
        return []
    first_month = (clock.today.replace(day=1) - ONE_DAY).replace(day=1)
    span = (clock.today - first_month).days
    plans = [
        Plan(number, kind, leave_type, path)
        for number, (kind, leave_type, path) in enumerate(
            (kind, leave_type, path)
            for kind, leave_type in KINDS_IN_TURN
            for path in paths_for(kind, leave_type)
        )
    ]
    filed = []
    for plan in plans:
        request = _file_one(plan, cast, clock, people, span)
        if request is not None:
            filed.append(request)
    return filed
