"""The reporting chain: submit, sign, verify, reopen with a diff; roles; deadlines."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from hadir.attendance.models import DayRecord, DirtyDay, PeriodLock
from hadir.attendance.recompute import recompute_all_dirty
from hadir.audit.models import AuditEvent
from hadir.org.models import Unit
from hadir.punches.models import Punch, PunchHold
from hadir.reporting.checks import month_readiness
from hadir.reporting.models import PeriodSubmission, SubmissionState
from hadir.reporting.selectors import late_submissions, submission_diff
from hadir.reporting.services import (
    submission_reopen,
    submission_sign,
    submission_submit,
    submission_verify,
)

from .conftest import APRIL_2, MARCH, WIB


def refused(call, **kwargs) -> str:
    with translation.override("en"), pytest.raises(ValidationError) as error:
        call(**kwargs)
    return error.value.messages[0]


def walk_to_verified(unit, chain, now=APRIL_2) -> PeriodSubmission:
    submission_submit(actor=chain["operator"], unit=unit, month=MARCH, now=now)
    submission_sign(actor=chain["head"], unit=unit, month=MARCH, now=now)
    return submission_verify(actor=chain["bkd"], unit=unit, month=MARCH, now=now)


def test_the_chain_goes_submit_sign_verify_and_locks_the_month(dinkes, staff, chain):
    submitted = submission_submit(actor=chain["operator"], unit=dinkes, month=MARCH, now=APRIL_2)
    assert (submitted.state, submitted.late) == (SubmissionState.SUBMITTED, False)
    assert submitted.deadline == date(2026, 4, 5)
    signed = submission_sign(actor=chain["head"], unit=dinkes, month=MARCH, now=APRIL_2)
    assert signed.state == SubmissionState.SIGNED and signed.signed_by == chain["head"]
    verified = submission_verify(actor=chain["bkd"], unit=dinkes, month=MARCH, now=APRIL_2)
    assert verified.state == SubmissionState.VERIFIED
    assert PeriodLock.objects.filter(unit=dinkes, month=MARCH).exists()
    budi = next(e for e in verified.snapshot["employees"] if e["name"] == "Budi Santoso")
    assert budi["codes"][:3] == ["L", "H", "TL2"]  # 1 March is a Sunday
    assert budi["id_number"] == staff["budi"].nip
    assert budi["totals"]["TL2"] == 1
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions[-3:] == ["reporting.submitted", "reporting.signed", "reporting.verified"]


@pytest.mark.parametrize(
    ("step", "who", "message"),
    [
        ("submit", "head", "Only the unit's operator can submit its month."),
        ("submit", "bkd", "Only the unit's operator can submit its month."),
        ("submit", "other_operator", "Only the unit's operator can submit its month."),
        ("sign", "operator", "Only the head of the unit can sign its month."),
        ("verify", "head", "Only a BKD administrator can verify or reopen a month."),
    ],
)
def test_wrong_roles_are_refused(dinkes, staff, chain, step, who, message):
    if step != "submit":
        submission_submit(actor=chain["operator"], unit=dinkes, month=MARCH, now=APRIL_2)
    if step == "verify":
        submission_sign(actor=chain["head"], unit=dinkes, month=MARCH, now=APRIL_2)
    call = {"submit": submission_submit, "sign": submission_sign, "verify": submission_verify}
    assert refused(call[step], actor=chain[who], unit=dinkes, month=MARCH, now=APRIL_2) == message


def test_steps_out_of_order_are_refused(dinkes, staff, chain):
    args = {"unit": dinkes, "month": MARCH, "now": APRIL_2}
    assert refused(submission_sign, actor=chain["head"], **args) == (
        "Only a submitted month can be signed; it is open."
    )
    submission_submit(actor=chain["operator"], **args)
    assert refused(submission_submit, actor=chain["operator"], **args) == (
        "This month was already submitted; it is submitted by the operator."
    )
    assert refused(submission_verify, actor=chain["bkd"], **args) == (
        "Only a signed month can be verified; it is submitted by the operator."
    )
    assert refused(submission_reopen, actor=chain["bkd"], reason="x", **args) == (
        "Only a verified month can be reopened; it is submitted by the operator."
    )


def test_indonesian_refusal(dinkes, staff, chain):
    with translation.override("id"), pytest.raises(ValidationError) as error:
        submission_sign(actor=chain["operator"], unit=dinkes, month=MARCH, now=APRIL_2)
    assert error.value.messages[0] == "Hanya kepala unit yang dapat menandatangani bulannya."


def test_submission_waits_for_the_month_to_end(dinkes, staff, chain):
    message = refused(
        submission_submit,
        actor=chain["operator"],
        unit=dinkes,
        month=MARCH,
        now=datetime(2026, 3, 31, 23, 59, tzinfo=WIB),
    )
    assert message == "The month is not over yet; it can be submitted from 01-04-2026."


def test_submission_waits_for_marked_days(dinkes, staff, chain, punch):
    punch("101", "2026-03-10 07:10:00")
    message = refused(
        submission_submit, actor=chain["operator"], unit=dinkes, month=MARCH, now=APRIL_2
    )
    assert message.startswith("1 employee-days of this month are waiting to be recomputed.")
    recompute_all_dirty()
    submission_submit(actor=chain["operator"], unit=dinkes, month=MARCH, now=APRIL_2)


def test_submission_waits_for_days_without_result(dinkes, staff, chain):
    DayRecord.objects.filter(employee=staff["sari"], day__gte=date(2026, 3, 30)).delete()
    message = refused(
        submission_submit, actor=chain["operator"], unit=dinkes, month=MARCH, now=APRIL_2
    )
    assert message.startswith("2 employee-days of this month have no result yet.")


@pytest.mark.parametrize(
    ("moment", "late"),
    [
        (datetime(2026, 4, 5, 23, 59, 59, tzinfo=WIB), False),  # the deadline's last second
        (datetime(2026, 4, 6, 0, 0, 0, tzinfo=WIB), True),  # the next day, in the region
        (datetime(2026, 4, 5, 16, 59, tzinfo=UTC), False),  # 23:59 WIB
        (datetime(2026, 4, 5, 17, 0, tzinfo=UTC), True),  # 00:00 WIB on the 6th
    ],
)
def test_lateness_at_the_deadline_edges(dinkes, staff, chain, moment, late):
    submission = submission_submit(actor=chain["operator"], unit=dinkes, month=MARCH, now=moment)
    assert submission.late is late


def test_late_list_has_late_and_missing_units(dinkes, staff, chain, two_units):
    after = datetime(2026, 4, 7, 8, 0, tzinfo=WIB)
    assert late_submissions(MARCH, Unit.objects.all(), now=APRIL_2) == []
    submission_submit(actor=chain["operator"], unit=dinkes, month=MARCH, now=after)
    late = late_submissions(MARCH, Unit.objects.all(), now=after)
    assert [(row.unit.code, row.submitted_at is None) for row in late] == [
        ("DINKES", False),
        ("DISDIK", True),
        ("PKM-A", True),
        ("SDN-1", True),
    ]


def test_resubmission_after_reopen_keeps_the_first_lateness(dinkes, staff, chain):
    walk_to_verified(dinkes, chain)
    later = datetime(2026, 5, 20, 9, 0, tzinfo=WIB)
    submission_reopen(actor=chain["bkd"], unit=dinkes, month=MARCH, reason="koreksi", now=later)
    again = submission_submit(actor=chain["operator"], unit=dinkes, month=MARCH, now=later)
    assert again.late is False and again.submitted_at == later


def test_reopen_needs_bkd_and_a_reason(dinkes, staff, chain):
    walk_to_verified(dinkes, chain)
    args = {"unit": dinkes, "month": MARCH, "now": APRIL_2}
    assert refused(submission_reopen, actor=chain["head"], reason="x", **args) == (
        "Only a BKD administrator can verify or reopen a month."
    )
    assert refused(submission_reopen, actor=chain["bkd"], reason="  ", **args) == (
        "Say why the month is reopened; the reason is kept with it."
    )


def test_reopen_applies_held_changes_and_shows_the_difference(dinkes, staff, chain, punch):
    walk_to_verified(dinkes, chain)
    punch("102", "2026-03-10 07:10:00", "2026-03-10 16:05:00")  # Sari was TK on the 10th
    recompute_all_dirty()
    # the verified month does not change: the punches wait, held, with no mark
    late = Punch.objects.filter(local_date=date(2026, 3, 10), employee=staff["sari"])
    assert set(late.values_list("hold", "counted")) == {(PunchHold.PERIOD_CLOSED, False)}
    assert not DirtyDay.objects.exists()
    sari = DayRecord.objects.get(employee=staff["sari"], day=date(2026, 3, 10))
    assert sari.codes == "TK"

    reopened = submission_reopen(
        actor=chain["bkd"], unit=dinkes, month=MARCH, reason="Mesin rusak 10 Maret", now=APRIL_2
    )
    assert reopened.state == SubmissionState.REOPENED
    assert reopened.reopen_reason == "Mesin rusak 10 Maret"
    assert not PeriodLock.objects.filter(unit=dinkes, month=MARCH).exists()
    assert not DirtyDay.objects.exists()
    assert DayRecord.objects.get(employee=staff["sari"], day=date(2026, 3, 10)).codes == "H"
    assert set(late.values_list("hold", "counted")) == {("", True)}  # reopening released them
    releases = AuditEvent.objects.filter(action="punch.hold_release", actor=chain["bkd"])
    assert releases.count() == 2

    (change,) = submission_diff(reopened)
    assert change.name == "Sari Dewi"
    assert [(c.day, c.before, c.after) for c in change.days] == [(date(2026, 3, 10), "TK", "H")]
    assert change.deduction_before > change.deduction_after

    verified = walk_to_verified(dinkes, chain)
    assert verified.previous_snapshot is not None
    (change_after,) = submission_diff(verified)
    assert (change_after.deduction_before, change_after.deduction_after) == (
        change.deduction_before,
        change.deduction_after,
    )
    event = AuditEvent.objects.filter(action="reporting.reopened").get()
    assert event.data["reason"] == "Mesin rusak 10 Maret"


def test_readiness_warns_about_unmatched_pins_and_missing_punches(dinkes, staff, chain, punch):
    punch("777", "2026-03-12 07:00:00")  # nobody has PIN 777
    punch("101", "2026-03-13 07:20:00")  # Budi forgot to punch out
    recompute_all_dirty()
    readiness = month_readiness(dinkes, MARCH)
    assert (readiness.unmatched_punches, readiness.missing_punches) == (1, 1)
    assert not readiness.blocked
    submission_submit(actor=chain["operator"], unit=dinkes, month=MARCH, now=APRIL_2)
    event = AuditEvent.objects.get(action="reporting.submitted")
    assert event.data["unmatched_punches"] == 1
