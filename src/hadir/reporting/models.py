"""A unit's month on its way to BKD: submitted, signed, verified (frozen), maybe reopened."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SubmissionState(models.TextChoices):
    OPEN = "open", _("Open")
    SUBMITTED = "submitted", _("Submitted by the operator")
    SIGNED = "signed", _("Signed by the head of unit")
    VERIFIED = "verified", _("Verified by BKD")
    REOPENED = "reopened", _("Reopened by BKD")


class PeriodSubmission(models.Model):
    """One unit's month in the reporting chain; services in ``reporting.services`` move it.

    ``snapshot`` is the recap as BKD verified it (kept when the month is reopened, so the
    difference can be shown); ``previous_snapshot`` is the one before the last verification.
    ``late`` is decided once, at the first submission, against ``deadline`` (a date in the
    region's time zone; the whole day counts).
    """

    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, related_name="+")
    month = models.DateField(help_text="first day of the month")
    state = models.CharField(
        max_length=10, choices=SubmissionState.choices, default=SubmissionState.OPEN
    )
    deadline = models.DateField()
    late = models.BooleanField(default=False)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    first_submitted_at = models.DateTimeField(null=True, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    snapshot = models.JSONField(null=True, blank=True)
    previous_snapshot = models.JSONField(null=True, blank=True)
    reopen_reason = models.TextField(blank=True)
    reopened_at = models.DateTimeField(null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The heads of the audit and ledger hash chains when BKD verified (``hadir.audit.chain``),
    # printed on the month's documents so that a later change shows against the paper.
    audit_seq = models.PositiveBigIntegerField(null=True, blank=True)
    audit_digest = models.CharField(max_length=64, blank=True)
    ledger_seq = models.PositiveBigIntegerField(null=True, blank=True)
    ledger_digest = models.CharField(max_length=64, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "month"], name="one_submission_per_unit_month")
        ]
        indexes = [models.Index(fields=["month", "state"])]

    def __str__(self) -> str:
        return f"{self.unit_id}:{self.month:%Y-%m} {self.state}"
