"""Reads of the reporting chain: a unit's month, late lists, what changed after a reopen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import QuerySet

from hadir.org.models import Unit
from hadir.reporting.deadlines import region_today, submission_deadline
from hadir.reporting.models import PeriodSubmission, SubmissionState
from hadir.reporting.snapshot import EmployeeChange, current_snapshot, snapshot_diff

DONE_STATES = (SubmissionState.VERIFIED,)
HANDED_IN = (SubmissionState.SUBMITTED, SubmissionState.SIGNED, SubmissionState.VERIFIED)


def submission_for(unit: Unit, month: date) -> PeriodSubmission | None:
    return (
        PeriodSubmission.objects.select_related(
            "submitted_by", "signed_by", "verified_by", "reopened_by"
        )
        .filter(unit=unit, month=month.replace(day=1))
        .first()
    )


def submission_diff(submission: PeriodSubmission) -> list[EmployeeChange]:
    """What changed since the last verified copy: after a reopen, that copy against the
    recap as it stands now; once verified again, the earlier copy against the new one."""
    if submission.state == SubmissionState.VERIFIED:
        if submission.previous_snapshot is None or submission.snapshot is None:
            return []
        return snapshot_diff(submission.previous_snapshot, submission.snapshot)
    if submission.snapshot is None:
        return []
    return snapshot_diff(submission.snapshot, current_snapshot(submission.unit, submission.month))


@dataclass(frozen=True, slots=True)
class LateUnit:
    """A unit whose month came in after the deadline, or has not come in and is overdue."""

    unit: Unit
    deadline: date
    submitted_at: datetime | None  # None: still not submitted


def late_submissions(month: date, units: QuerySet[Unit], *, now: datetime) -> list[LateUnit]:
    """Units of ``units`` late for ``month``: submitted late first (by date), then those
    still missing after the deadline (by code)."""
    month = month.replace(day=1)
    deadline = submission_deadline(month)
    rows = {
        s.unit_id: s
        for s in PeriodSubmission.objects.filter(month=month, unit__in=units).select_related("unit")
    }
    late = sorted(
        (
            LateUnit(s.unit, s.deadline, s.first_submitted_at)
            for s in rows.values()
            if s.late and s.first_submitted_at
        ),
        key=lambda row: row.submitted_at or now,
    )
    if region_today(now) > deadline:
        for unit in units.filter(is_active=True).order_by("code"):
            submission = rows.get(unit.pk)
            if submission is None or submission.first_submitted_at is None:
                late.append(LateUnit(unit, deadline, None))
    return late
