"""The reporting chain: operator submits, head of unit signs, BKD verifies (and may reopen).

open -> submitted -> signed -> verified; verified -> reopened -> submitted -> ... Every
transition checks the actor's role for the unit, is atomic and is audited. Verification
locks the month (``PeriodLock``) and stores the recap as it stands (``snapshot``).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hadir.accounts.models import Role, User
from hadir.attendance.models import DirtyDay, PeriodLock
from hadir.attendance.recompute import recompute_all_dirty
from hadir.audit.chain import AUDIT, LEDGER, chain_head, ledger_links
from hadir.audit.services import audit_record
from hadir.org.models import Unit
from hadir.people.models import EmployeeAssignment
from hadir.punches.holds import held_punches_release_month
from hadir.reporting.checks import month_readiness
from hadir.reporting.deadlines import is_late, month_last_day, region_today, submission_deadline
from hadir.reporting.documents import chain_links
from hadir.reporting.models import PeriodSubmission, SubmissionState
from hadir.reporting.notifications import bell_refresh
from hadir.reporting.roles import has_operator, holds_role
from hadir.reporting.snapshot import current_snapshot

NOT_OPERATOR = gettext_noop("Only the unit's operator can submit its month.")
NOT_HEAD = gettext_noop("Only the head of the unit can sign its month.")
HAS_OPERATOR = gettext_noop(
    "This unit has an operator: the operator submits the month, then the head of unit signs it."
)
NOT_BKD = gettext_noop("Only a BKD administrator can verify or reopen a month.")
MONTH_NOT_OVER = gettext_noop("The month is not over yet; it can be submitted from %(day)s.")
DAYS_NOT_COMPUTED = gettext_noop(
    "%(count)s employee-days of this month have no result yet. Wait for the recompute to "
    "finish (or run it), then submit."
)
DAYS_DIRTY = gettext_noop(
    "%(count)s employee-days of this month are waiting to be recomputed. Wait a moment and "
    "reload the page, then submit."
)
CANNOT_SUBMIT = gettext_noop("This month was already submitted; it is %(state)s.")
CANNOT_SIGN = gettext_noop("Only a submitted month can be signed; it is %(state)s.")
CANNOT_VERIFY = gettext_noop("Only a signed month can be verified; it is %(state)s.")
CANNOT_REOPEN = gettext_noop("Only a verified month can be reopened; it is %(state)s.")
REASON_REQUIRED = gettext_noop("Say why the month is reopened; the reason is kept with it.")

ONE_DAY = timedelta(days=1)
SUBMITTABLE = (SubmissionState.OPEN, SubmissionState.REOPENED)


def submission_get_or_open(*, unit: Unit, month: date) -> PeriodSubmission:
    """The unit's month in the chain (created open, with its deadline, on first sight)."""
    month = month.replace(day=1)
    submission, _created = PeriodSubmission.objects.get_or_create(
        unit=unit, month=month, defaults={"deadline": submission_deadline(month)}
    )
    return submission


def _locked(unit: Unit, month: date) -> PeriodSubmission:
    submission_get_or_open(unit=unit, month=month)
    return PeriodSubmission.objects.select_for_update().get(unit=unit, month=month.replace(day=1))


def _state_label(submission: PeriodSubmission) -> str:
    return str(SubmissionState(submission.state).label).lower()


def _audit(actor: User, action: str, submission: PeriodSubmission, **data: object) -> None:
    """Record the step; the bells of everyone concerned are recounted once it is committed."""
    transaction.on_commit(bell_refresh)
    audit_record(
        actor=actor,
        action=action,
        target=submission,
        data={"unit": submission.unit.code, "month": f"{submission.month:%Y-%m}", **data},
    )


def _submit(actor: User, unit: Unit, month: date, now: datetime) -> PeriodSubmission:
    """Hand the month over (the caller has checked the actor's role). Refused before the
    month ends, and while days of it have no result or wait for a recompute. The first
    submission decides ``late``."""
    submission = _locked(unit, month)
    if submission.state not in SUBMITTABLE:
        raise ValidationError(_(CANNOT_SUBMIT) % {"state": _state_label(submission)})
    last = month_last_day(submission.month)
    if region_today(now) <= last:
        raise ValidationError(_(MONTH_NOT_OVER) % {"day": f"{last + ONE_DAY:%d-%m-%Y}"})
    readiness = month_readiness(unit, submission.month)
    if readiness.dirty_days:
        raise ValidationError(_(DAYS_DIRTY) % {"count": readiness.dirty_days})
    if readiness.missing_days:
        raise ValidationError(_(DAYS_NOT_COMPUTED) % {"count": readiness.missing_days})
    if submission.first_submitted_at is None:
        submission.first_submitted_at = now
        submission.late = is_late(now, submission.deadline)
    submission.state = SubmissionState.SUBMITTED
    submission.submitted_at, submission.submitted_by = now, actor
    submission.save()
    _audit(
        actor,
        "reporting.submitted",
        submission,
        late=submission.late,
        unmatched_punches=readiness.unmatched_punches,
        pending_requests=readiness.pending_requests,
        missing_punches=readiness.missing_punches,
    )
    return submission


@transaction.atomic
def submission_submit(
    *, actor: User, unit: Unit, month: date, now: datetime | None = None
) -> PeriodSubmission:
    """The operator hands the month over to the head of unit."""
    if not holds_role(actor, Role.OPERATOR, unit):
        raise ValidationError(_(NOT_OPERATOR))
    return _submit(actor, unit, month, now or timezone.now())


@transaction.atomic
def submission_submit_and_sign(
    *, actor: User, unit: Unit, month: date, now: datetime | None = None
) -> PeriodSubmission:
    """The head of a unit without an operator submits and signs the month in one step: both
    steps are checked and audited as if taken one after the other."""
    if not holds_role(actor, Role.HEAD, unit):
        raise ValidationError(_(NOT_HEAD))
    if has_operator(unit):
        raise ValidationError(_(HAS_OPERATOR))
    now = now or timezone.now()
    _submit(actor, unit, month, now)
    return submission_sign(actor=actor, unit=unit, month=month, now=now)


def submission_hand_in(
    *, actor: User, unit: Unit, month: date, now: datetime | None = None
) -> PeriodSubmission:
    """The page's one "submit" button: the operator submits; the head of a unit without an
    operator submits and signs."""
    if not has_operator(unit) and holds_role(actor, Role.HEAD, unit):
        return submission_submit_and_sign(actor=actor, unit=unit, month=month, now=now)
    if holds_role(actor, Role.HEAD, unit) and not holds_role(actor, Role.OPERATOR, unit):
        raise ValidationError(_(HAS_OPERATOR))
    return submission_submit(actor=actor, unit=unit, month=month, now=now)


@transaction.atomic
def submission_sign(
    *, actor: User, unit: Unit, month: date, now: datetime | None = None
) -> PeriodSubmission:
    """The head of unit signs the submitted month."""
    if not holds_role(actor, Role.HEAD, unit):
        raise ValidationError(_(NOT_HEAD))
    submission = _locked(unit, month)
    if submission.state != SubmissionState.SUBMITTED:
        raise ValidationError(_(CANNOT_SIGN) % {"state": _state_label(submission)})
    submission.state = SubmissionState.SIGNED
    submission.signed_at, submission.signed_by = now or timezone.now(), actor
    submission.save()
    _audit(actor, "reporting.signed", submission)
    return submission


@transaction.atomic
def submission_verify(
    *, actor: User, unit: Unit, month: date, now: datetime | None = None
) -> PeriodSubmission:
    """BKD verifies the signed month: it is locked and its recap is stored as it stands."""
    if not holds_role(actor, Role.BKD_ADMIN, unit):
        raise ValidationError(_(NOT_BKD))
    submission = _locked(unit, month)
    if submission.state != SubmissionState.SIGNED:
        raise ValidationError(_(CANNOT_VERIFY) % {"state": _state_label(submission)})
    PeriodLock.objects.get_or_create(unit=unit, month=submission.month)
    if submission.snapshot is not None:
        submission.previous_snapshot = submission.snapshot
    submission.snapshot = current_snapshot(unit, submission.month)
    submission.state = SubmissionState.VERIFIED
    submission.verified_at, submission.verified_by = now or timezone.now(), actor
    submission.audit_seq, submission.audit_digest = chain_head(AUDIT)
    submission.ledger_seq, submission.ledger_digest = chain_head(LEDGER)
    submission.save()
    # Documents print shard 0's head; the heads of every shard go into the audit trail,
    # which the printed audit link pins down (docs/reporting.md).
    _audit(
        actor,
        "reporting.verified",
        submission,
        **chain_links(submission),
        ledger_shards=ledger_links(),
    )
    return submission


def _release_held_days(unit: Unit, month: date) -> tuple[int, bool]:
    """Un-hold the marks of the unit's people for the month so the recompute applies them;
    also says whether any mark (held or fresh) waits for that month."""
    last = month_last_day(month)
    employee_ids = EmployeeAssignment.objects.filter(unit=unit, valid_from__lte=last).values(
        "employee_id"
    )
    marks = DirtyDay.objects.filter(employee_id__in=employee_ids, day__gte=month, day__lte=last)
    return marks.filter(held=True).update(held=False), marks.exists()


@transaction.atomic
def submission_reopen(
    *, actor: User, unit: Unit, month: date, reason: str, now: datetime | None = None
) -> PeriodSubmission:
    """BKD reopens a verified month, with a reason: the lock goes, the held marks are
    recomputed, and the verified copy is kept to show what changed."""
    if not holds_role(actor, Role.BKD_ADMIN, unit):
        raise ValidationError(_(NOT_BKD))
    reason = reason.strip()
    if not reason:
        raise ValidationError(_(REASON_REQUIRED))
    submission = _locked(unit, month)
    if submission.state != SubmissionState.VERIFIED:
        raise ValidationError(_(CANNOT_REOPEN) % {"state": _state_label(submission)})
    PeriodLock.objects.filter(unit=unit, month=submission.month).delete()
    # Reopening is BKD's decision that the month may change: the punches held because it was
    # closed count now (each release audited), and the difference is shown.
    held_punches_release_month(actor=actor, unit=unit, month=submission.month, reason=reason)
    released, waiting = _release_held_days(unit, submission.month)
    submission.state = SubmissionState.REOPENED
    submission.reopen_reason = reason
    submission.reopened_at, submission.reopened_by = now or timezone.now(), actor
    submission.save()
    _audit(actor, "reporting.reopened", submission, reason=reason, released_days=released)
    if waiting:
        recompute_all_dirty()
    return submission
