"""Uploaded import files, their row-by-row preview, and what applying them did.

The file and every row's outcome (including refused rows and their reasons) are kept, so an
operator can always see what was sent and why a row was not taken.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    UNITS = "units", _("Units")
    EMPLOYEES = "employees", _("Employees")


class ImportState(models.TextChoices):
    PREVIEWED = "previewed", _("Waiting for confirmation")
    QUEUED = "queued", _("Being applied")
    APPLIED = "applied", _("Applied")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


class ImportBatch(models.Model):
    kind = models.CharField(max_length=20, choices=ImportKind.choices)
    state = models.CharField(
        max_length=20, choices=ImportState.choices, default=ImportState.PREVIEWED
    )
    filename = models.CharField(max_length=255)
    stored_path = models.CharField(max_length=500)
    sha256 = models.CharField(max_length=64, db_index=True)
    size_bytes = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    counts = models.JSONField(default=dict)
    rows = models.JSONField(default=list)
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.filename} ({self.state})"
