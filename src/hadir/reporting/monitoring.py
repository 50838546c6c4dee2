"""The monitoring table for BKD and Diskominfo: one row per unit, what needs action first.

A constant number of queries whatever the number of units: each column is one grouped query.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Count, Max, Q, QuerySet

from hadir.devices.models import Device, DeviceState
from hadir.devices.selectors import offline_after
from hadir.org.models import Unit
from hadir.punches.models import Punch
from hadir.reporting.deadlines import month_last_day, region_today, submission_deadline
from hadir.reporting.figures import figures_by_unit
from hadir.reporting.models import PeriodSubmission, SubmissionState
from hadir.reporting.pending import pending_requests_past_due_by_unit


def offline_cutoff(now: datetime) -> datetime:
    """Machines silent since before this are offline (``HADIR_DEVICE_OFFLINE_HOURS``)."""
    return now - offline_after()


@dataclass
class UnitStatus:
    unit: Unit
    state: str
    late: bool
    overdue: bool
    deadline: date
    last_punch_at: datetime | None
    offline_devices: int
    unmatched_pins: int
    pending_requests: int
    rate: Decimal | None
    actions: list[str] = field(default_factory=list)

    @property
    def done(self) -> bool:
        return self.state == SubmissionState.VERIFIED


def _offline(units: QuerySet[Unit], now: datetime) -> dict[int, int]:
    rows = (
        Device.objects.filter(unit__in=units, state=DeviceState.ACTIVE)
        .filter(Q(last_seen_at__isnull=True) | Q(last_seen_at__lt=offline_cutoff(now)))
        .values("unit_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["unit_id"]: row["n"] for row in rows}


def _last_punch(units: QuerySet[Unit]) -> dict[int, datetime]:
    rows = (
        Punch.objects.filter(device__unit__in=units)
        .values("device__unit_id")
        .annotate(last=Max("received_at"))
        .order_by()
    )
    return {row["device__unit_id"]: row["last"] for row in rows}


def _unmatched(units: QuerySet[Unit], since: date) -> dict[int, int]:
    rows = (
        Punch.objects.filter(employee__isnull=True, device__unit__in=units, local_date__gte=since)
        .values("device__unit_id")
        .annotate(n=Count("pin", distinct=True))
        .order_by()
    )
    return {row["device__unit_id"]: row["n"] for row in rows}


def unit_statuses(units: QuerySet[Unit], month: date, *, now: datetime) -> list[UnitStatus]:
    """Every active unit of ``units`` for ``month``: units with something to do first (the
    more, the higher), then by code. Unmatched PINs count from the month's first day on."""
    month = month.replace(day=1)
    units = units.filter(is_active=True)
    deadline = submission_deadline(month)
    past_deadline = region_today(now) > deadline
    submissions = {
        s.unit_id: s for s in PeriodSubmission.objects.filter(month=month, unit__in=units)
    }
    offline, last_punch = _offline(units, now), _last_punch(units)
    unmatched = _unmatched(units, month)
    pending = pending_requests_past_due_by_unit(units, now)
    figures = figures_by_unit(month, month_last_day(month))
    rows = []
    for unit in units.order_by("code"):
        submission = submissions.get(unit.pk)
        state = submission.state if submission else SubmissionState.OPEN
        handed_in = bool(submission and submission.first_submitted_at)
        unit_figures = figures.get(unit.pk)
        row = UnitStatus(
            unit=unit,
            state=state,
            late=bool(submission and submission.late),
            overdue=past_deadline and not handed_in,
            deadline=submission.deadline if submission else deadline,
            last_punch_at=last_punch.get(unit.pk),
            offline_devices=offline.get(unit.pk, 0),
            unmatched_pins=unmatched.get(unit.pk, 0),
            pending_requests=pending.get(unit.pk, 0),
            rate=unit_figures.rate if unit_figures else None,
        )
        row.actions = _actions(row)
        rows.append(row)
    rows.sort(key=lambda r: (-len(r.actions), r.done, r.unit.code))
    return rows


def _actions(row: UnitStatus) -> list[str]:
    """Short keys of what needs doing; the template words them."""
    actions = []
    if row.overdue:
        actions.append("overdue")
    if row.state == SubmissionState.SIGNED:
        actions.append("verify")
    if row.state == SubmissionState.REOPENED:
        actions.append("reopened")
    if row.offline_devices:
        actions.append("offline")
    if row.unmatched_pins:
        actions.append("unmatched")
    if row.pending_requests:
        actions.append("requests")
    return actions
