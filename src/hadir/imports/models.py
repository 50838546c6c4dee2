"""Uploaded import files, their row-by-row preview, and what applying them did.

The file and every row's outcome (including refused rows and their reasons) are kept, so an
operator can always see what was sent and why a row was not taken.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from hadir.uploads import StoredUpload


class ImportKind(models.TextChoices):
    UNITS = "units", _("Units")
    EMPLOYEES = "employees", _("Employees")


class ImportState(models.TextChoices):
    PREVIEWED = "previewed", _("Waiting for confirmation")
    QUEUED = "queued", _("Being applied")
    APPLIED = "applied", _("Applied")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")
    REFUSED = "refused", _("Refused")


class ImportBatch(StoredUpload):
    kind = models.CharField(max_length=20, choices=ImportKind.choices)
    state = models.CharField(
        max_length=20, choices=ImportState.choices, default=ImportState.PREVIEWED
    )
    rows = models.JSONField(default=list)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.filename} ({self.state})"
