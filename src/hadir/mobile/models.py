"""Captures: one check-in or check-out sent from the phone, with what it became.

A capture is kept whatever happens to it (a punch, a request waiting for the head of unit,
or refused with the reason), with the trust signals the approver sees: distance to the unit,
accuracy, the phone's clock skew, a photo used before, impossible travel, a mocked location.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    IN = "in", _("Check in")
    OUT = "out", _("Check out")


class Outcome(models.TextChoices):
    PUNCH = "punch", _("Recorded")
    REQUEST = "request", _("Waiting for approval")
    FACE_CHECK = "face_check", _("Checking the face")
    REFUSED = "refused", _("Refused")


class Capture(models.Model):
    client_id = models.UUIDField(unique=True)  # made by the phone: a resend is recognised
    employee = models.ForeignKey(
        "people.Employee", on_delete=models.PROTECT, related_name="captures"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    direction = models.CharField(_("direction"), max_length=3, choices=Direction.choices)
    captured_at = models.DateTimeField(_("taken at (phone clock)"))
    sent_at = models.DateTimeField(null=True, blank=True)  # the phone's clock when sending
    received_at = models.DateTimeField()
    local_date = models.DateField()
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    accuracy_m = models.FloatField(null=True, blank=True)
    mocked = models.BooleanField(null=True, blank=True)  # None: the browser does not say
    photo = models.ForeignKey(
        "requests.Evidence", on_delete=models.PROTECT, null=True, related_name="captures"
    )
    photo_sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    location = models.ForeignKey(
        "org.UnitLocation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    distance_m = models.FloatField(null=True, blank=True)
    clock_skew_seconds = models.IntegerField(null=True, blank=True)
    clock_skewed = models.BooleanField(default=False)
    duplicate_photo = models.BooleanField(default=False)
    impossible_travel = models.BooleanField(default=False)
    travel_speed_kmh = models.FloatField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    message = models.TextField(blank=True)  # shown to the employee, in Indonesian
    punch_key = models.CharField(max_length=64, blank=True)
    request = models.ForeignKey(
        "requests.Request",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="captures",
    )

    class Meta:
        ordering = ["-captured_at", "-id"]
        indexes = [models.Index(fields=["employee", "captured_at"])]

    def __str__(self) -> str:
        return (
            f"{self.employee_id} {self.direction} {self.captured_at:%Y-%m-%d %H:%M} {self.outcome}"
        )
