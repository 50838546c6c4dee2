"""Unit months of the demo along the reporting chain, through ``hadir.reporting.services``.

Last month of the demo's life units: the first is submitted by the operator, the second
also signed by its head, the third also verified by BKD (locked, its recap stored), and the
fourth (the unit of the printed logins) verified, reopened by BKD with a reason, one day
corrected (the operator asks BKD for a dispensation, BKD grants it, the operator files the
request, the head approves it) and submitted again, so its difference with the verified
copy shows. The steps are taken on the mornings of the current month's first days.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from hadir.attendance.models import DayRecord
from hadir.attendance.recompute import recompute_all_dirty
from hadir.demo.life_requests import TRIES, demo_file
from hadir.org.models import Unit
from hadir.org.selectors import region_timezone
from hadir.reporting import services
from hadir.requests.decisions import request_approve
from hadir.requests.dispensation_asks import dispensation_ask_create
from hadir.requests.models import Request, RequestKind
from hadir.requests.services import request_submit
from hadir.requests.window import dispensation_grant

if TYPE_CHECKING:
    from hadir.demo.life import Cast, DemoClock

ONE_DAY = timedelta(days=1)
REOPEN_REASON = "Surat keterangan sakit pegawai baru diterima setelah verifikasi"
ASK_REASON = "Surat dokter terlambat diserahkan ke operator"
OPEN_ASK_REASON = "Mesin rusak seminggu; daftar hadir manual baru ditemukan"


def _morning(month_start: date, step: int) -> datetime:
    """The ``step``-th moment of the reporting round: from 08:00 on the 1st, an hour apart."""
    return datetime.combine(month_start, time(8, 0), region_timezone()) + step * timedelta(hours=1)


def _correction_candidates(cast: Cast, unit: Unit, month: date) -> list[DayRecord]:
    """Absent days (TK) of the month first, then late arrivals; at most ``TRIES``."""
    last = (month + 32 * ONE_DAY).replace(day=1) - ONE_DAY
    days = DayRecord.objects.filter(unit=unit, day__gte=month, day__lte=last).exclude(
        employee_id__in=[u.employee_id for u in cast.heads.values()]
    )
    ordered = days.select_related("employee").order_by("day", "employee__pin")
    absent = list(ordered.filter(codes__contains="TK")[:TRIES])
    return absent + list(ordered.filter(codes__contains="TL")[: TRIES - len(absent)])


def _correct(cast: Cast, unit: Unit, record: DayRecord, now: datetime) -> Request:
    employee = record.employee
    ask = dispensation_ask_create(
        actor=cast.operator, unit=unit, employee=employee, days_from=record.day,
        reason=ASK_REASON, now=now,
    )  # fmt: skip
    today = now.astimezone(region_timezone()).date()
    dispensation_grant(
        actor=cast.bkd, reason=ASK_REASON, days_from=record.day, valid_until=today + 3 * ONE_DAY,
        employee=employee, now=now + timedelta(minutes=10), ask=ask,
    )  # fmt: skip
    filed = now + timedelta(minutes=20)
    if "TK" in record.codes.split():
        request = request_submit(
            actor=cast.operator, kind=RequestKind.SAKIT, employee=employee,
            first_day=record.day, files=[demo_file("surat-dokter-susulan", record.pk)], now=filed,
        )  # fmt: skip
    else:
        request = request_submit(
            actor=cast.operator, kind=RequestKind.PUNCH_CORRECTION, employee=employee,
            first_day=record.day, check_in=time(7, 15), reason=ASK_REASON, now=filed,
        )  # fmt: skip
    return request_approve(request=request, actor=cast.heads[unit.pk], now=filed + ONE_DAY / 24)


def _correct_a_day(cast: Cast, unit: Unit, month: date, now: datetime) -> Request | None:
    """One absent day (TK) of the month becomes a sick day; without one, a late arrival is
    corrected. The window is long closed: BKD's dispensation opens it. A day a rule
    refuses (an overlapping request) gives way to the next."""
    for record in _correction_candidates(cast, unit, month):
        try:
            with transaction.atomic():
                return _correct(cast, unit, record, now)
        except ValidationError:
            continue
    return None


def walk_reporting_chain(cast: Cast, clock: DemoClock) -> None:
    """Take last month of each life unit as far as its place in the list says (see above)."""
    this_month = clock.today.replace(day=1)
    month = (this_month - ONE_DAY).replace(day=1)
    units = cast.units[1:] + cast.units[:1]  # the walked unit is reopened: it goes last
    for place, unit in enumerate(units):
        reopened = place == len(units) - 1 and place > 0
        steps = 4 if reopened else place + 1
        head, now = cast.heads[unit.pk], _morning(this_month, place)
        services.submission_submit(actor=cast.operator, unit=unit, month=month, now=now)
        if steps >= 2:
            services.submission_sign(actor=head, unit=unit, month=month, now=now + ONE_DAY / 4)
        if steps >= 3:
            services.submission_verify(
                actor=cast.bkd, unit=unit, month=month, now=now + ONE_DAY / 3
            )
        if reopened:
            later = now + ONE_DAY / 2
            services.submission_reopen(
                actor=cast.bkd, unit=unit, month=month, reason=REOPEN_REASON, now=later
            )
            _correct_a_day(cast, unit, month, later + ONE_DAY / 24)
            recompute_all_dirty()
            services.submission_submit(
                actor=cast.operator, unit=unit, month=month, now=later + ONE_DAY / 6
            )
    if cast.units:
        # An ask BKD has not answered yet, for the dispensations page.
        dispensation_ask_create(
            actor=cast.operator, unit=cast.units[0], days_from=month + 2 * ONE_DAY,
            reason=OPEN_ASK_REASON, now=clock.latest,
        )  # fmt: skip
