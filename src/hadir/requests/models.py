"""Requests (leave, sickness, duty, manual sheets, corrections), their evidence and the
exceptions BKD grants to the filing window.

- :class:`Request`: one request; a manual sheet is ONE request with one
  :class:`ManualEntry` per employee (one signed sheet, one scan, one decision); a correction
  and a phone attendance to check (made by ``hadir.mobile``) are requests with one entry.
  Other kinds cover ``first_day``-``last_day`` of one employee.
- :class:`Evidence`: one stored file per content (SHA-256); :class:`RequestEvidence` links a
  file to a request with who uploaded it, when and under which name. A purged file keeps its
  row (the tombstone: hash, size, dates).
- :class:`Dispensation`: BKD opens the window again for a unit or a person, until a date.

Only requests in force (approved with no verification level, or verified) reach the
attendance rules: ``Request.objects.in_force()``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class RequestKind(models.TextChoices):
    MANUAL_ATTENDANCE = "manual_attendance", _("Manual attendance sheet")
    PUNCH_CORRECTION = "punch_correction", _("Correction of a missing punch")
    IZIN = "izin", _("Permission (izin)")
    SAKIT = "sakit", _("Sick (sakit)")
    CUTI = "cuti", _("Leave (cuti)")
    DINAS_LUAR = "dinas_luar", _("Official duty outside (dinas luar)")
    TUGAS_BELAJAR = "tugas_belajar", _("Study assignment (tugas belajar)")
    DIKLAT = "diklat", _("Training (diklat)")
    FWA = "fwa", _("Flexible work / WFH")
    # Made only by the phone page: a capture the trust checks did not accept at once (out of
    # the unit's radius, no position, the phone's clock off...), for the head to confirm.
    PHONE_ATTENDANCE = "phone_attendance", _("Phone attendance to check")


ENTRY_KINDS = frozenset(
    {RequestKind.MANUAL_ATTENDANCE, RequestKind.PUNCH_CORRECTION, RequestKind.PHONE_ATTENDANCE}
)
# Kinds a service files on someone's behalf, never offered on a form or the API.
FILED_BY_HADIR = frozenset({RequestKind.PHONE_ATTENDANCE})
ABSENCE_KINDS = frozenset(set(RequestKind) - ENTRY_KINDS)


class RequestState(models.TextChoices):
    PENDING = "pending", _("Waiting for the head of unit")
    APPROVED = "approved", _("Approved")
    VERIFIED = "verified", _("Verified by BKD")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")


class LeaveChoice(models.TextChoices):
    """Leave types of PP 11/2017 jo. PP 17/2020 a person can ask for (``hadir.rules.LeaveType``
    values). Cuti bersama is not asked for: the calendar gives those days off to everyone."""

    TAHUNAN = "tahunan", _("Annual leave (cuti tahunan)")
    BESAR = "besar", _("Long leave (cuti besar)")
    SAKIT = "sakit", _("Sick leave (cuti sakit)")
    MELAHIRKAN = "melahirkan", _("Maternity leave (cuti melahirkan)")
    ALASAN_PENTING = "alasan_penting", _("Leave for important reasons (cuti alasan penting)")
    CLTN = "cltn", _("Unpaid leave (CLTN)")


class RequestQuerySet(models.QuerySet["Request"]):
    def in_force(self) -> RequestQuerySet:
        """Requests that count: verified, or approved where no BKD verification is needed."""
        return self.filter(
            Q(state=RequestState.VERIFIED)
            | Q(state=RequestState.APPROVED, needs_verification=False)
        )

    def open(self) -> RequestQuerySet:
        """Pending, in force, or approved and waiting for verification: everything that
        blocks an overlapping request."""
        return self.filter(
            state__in=[RequestState.PENDING, RequestState.APPROVED, RequestState.VERIFIED]
        )


class Request(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=RequestKind.choices)
    state = models.CharField(
        _("state"), max_length=10, choices=RequestState.choices, default=RequestState.PENDING
    )
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="requests", verbose_name=_("unit")
    )
    # None for a manual sheet: its employees are on the entries.
    employee = models.ForeignKey(
        "people.Employee",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("employee"),
    )
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    leave_type = models.CharField(
        _("leave type"), max_length=20, choices=LeaveChoice.choices, blank=True
    )
    # Maternity leave: which birth while an ASN (1 = first); the leave rules need it.
    child_order = models.PositiveSmallIntegerField(_("birth order"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    spt_number = models.CharField(_("assignment letter (SPT) number"), max_length=100, blank=True)
    # Fixed when submitted, so a later change of the levels does not change old requests.
    needs_verification = models.BooleanField(default=False)
    # A configured approval chain, fixed when submitted (``hadir.requests.chains``): the
    # steps after the head of unit's approval, e.g. ["skpd_head", "bkd"], how many were
    # taken, and whose step it is now (a ChainStep, "" once done). Empty ``next_step`` on a
    # pending request: no chain is configured, today's levels apply (``needs_verification``).
    later_steps = models.JSONField(default=list, blank=True)
    later_steps_done = models.PositiveSmallIntegerField(default=0)
    next_step = models.CharField(max_length=12, blank=True, db_index=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    closed_reason = models.TextField(_("reason for rejection or cancellation"), blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    objects = RequestQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["state", "submitted_at"]),
            models.Index(fields=["employee", "first_day"]),
            models.Index(fields=["unit", "state"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__gte=models.F("first_day")),
                name="request_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.kind} {self.first_day}"

    @property
    def in_force(self) -> bool:
        return self.state == RequestState.VERIFIED or (
            self.state == RequestState.APPROVED and not self.needs_verification
        )

    @property
    def waiting_verification(self) -> bool:
        return self.state == RequestState.APPROVED and self.needs_verification

    @property
    def is_sheet(self) -> bool:
        return self.kind == RequestKind.MANUAL_ATTENDANCE

    @property
    def state_label(self) -> str:
        if self.waiting_verification and self.next_step == "skpd_head":
            return str(_("Approved, waiting for the head of SKPD"))
        if self.waiting_verification:
            return str(_("Approved, waiting for BKD verification"))
        if self.state == RequestState.PENDING and self.escalated_at is not None:
            return str(_("Waiting, escalated to BKD"))
        return str(self.get_state_display())


class ManualEntry(models.Model):
    """Times of one employee on one day, from a signed sheet or a correction (local times).
    A ``check_out`` earlier than ``check_in`` ends the next day (a night shift)."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="entries")
    employee = models.ForeignKey("people.Employee", on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    check_in = models.TimeField(null=True, blank=True)
    check_out = models.TimeField(null=True, blank=True)

    class Meta:
        ordering = ["request", "employee__name", "day"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "employee", "day"], name="one_entry_per_employee_day"
            ),
            models.CheckConstraint(
                condition=Q(check_in__isnull=False) | Q(check_out__isnull=False),
                name="entry_has_a_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id}@{self.day} {self.check_in}-{self.check_out}"


class Evidence(models.Model):
    """A stored file, once per content. The file lives at ``evidence/<sha[:2]>/<sha>`` under
    ``HADIR_DATA_DIR``; after ``purge_after`` it is deleted and the row stays (tombstone)."""

    sha256 = models.CharField(max_length=64, unique=True)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=40)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField()
    purge_after = models.DateField(db_index=True)
    purged_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.sha256[:12]} {self.content_type}"

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")

    @property
    def is_video(self) -> bool:
        return self.content_type.startswith("video/")

    @property
    def is_pdf(self) -> bool:
        return self.content_type == "application/pdf"


class RequestEvidence(models.Model):
    """A file attached to a request: who uploaded it, when, and the name it had."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="evidence")
    evidence = models.ForeignKey(Evidence, on_delete=models.PROTECT, related_name="links")
    filename = models.CharField(max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["request", "id"]
        constraints = [
            models.UniqueConstraint(fields=["request", "evidence"], name="one_link_per_file"),
        ]

    def __str__(self) -> str:
        return f"{self.request_id}:{self.filename}"


class Dispensation(models.Model):
    """BKD accepts requests past the window for a unit (and its sub-units) or one employee,
    for dates from ``days_from``, until the end of ``valid_until`` (region's time zone)."""

    unit = models.ForeignKey(
        "org.Unit", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    employee = models.ForeignKey(
        "people.Employee", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    days_from = models.DateField(_("for dates from"))
    valid_until = models.DateField(_("open until"))
    reason = models.TextField(_("reason"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-granted_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=False, employee__isnull=True)
                | Q(unit__isnull=True, employee__isnull=False),
                name="dispensation_for_unit_or_employee",
            ),
        ]

    def __str__(self) -> str:
        who = f"unit {self.unit_id}" if self.unit_id else f"employee {self.employee_id}"
        return f"{who} until {self.valid_until}"


class DispensationAsk(models.Model):
    """Someone of a unit asks BKD to open the closed window: for one employee (or the whole
    unit) for dates from ``days_from``. BKD answers by granting a :class:`Dispensation`
    (``answered_by_grant``) or by closing the ask."""

    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, related_name="+")
    employee = models.ForeignKey(
        "people.Employee", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    days_from = models.DateField(_("for dates from"))
    reason = models.TextField(_("reason"))
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    asked_at = models.DateTimeField()
    answered_by_grant = models.ForeignKey(
        Dispensation, on_delete=models.SET_NULL, null=True, blank=True, related_name="asks"
    )
    answered_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["asked_at", "id"]

    def __str__(self) -> str:
        who = f"employee {self.employee_id}" if self.employee_id else f"unit {self.unit_id}"
        return f"ask for {who} from {self.days_from}"
