"""Reference faces and face checks (``docs/faces.md``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hadir.rules.faces import FaceVerdict, similarity_percent


class ReferenceSource(models.TextChoices):
    CAPTURE = "capture", _("A phone capture")
    UPLOAD = "upload", _("A photo uploaded by the unit")


class FaceReference(models.Model):
    """One reference photo of an employee, enrolled with their consent. The photo is evidence
    (same access, retention and audit); only its sealed embedding is used for matching."""

    employee = models.ForeignKey(
        "people.Employee", on_delete=models.CASCADE, related_name="face_references"
    )
    photo = models.ForeignKey("requests.Evidence", on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=10, choices=ReferenceSource.choices)
    capture = models.ForeignKey(
        "mobile.Capture", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sealed_embedding = models.BinaryField()
    consent_note = models.CharField(max_length=200)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    enrolled_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        indexes = [models.Index(fields=["employee", "withdrawn_at"])]

    def __str__(self) -> str:
        return f"face reference {self.pk} of employee {self.employee_id}"


class FaceCheck(models.Model):
    """The face match of one phone capture, or of one evidence video of a request."""

    employee = models.ForeignKey("people.Employee", on_delete=models.CASCADE, related_name="+")
    capture = models.OneToOneField(
        "mobile.Capture",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="face_check",
    )
    request = models.ForeignKey(
        "requests.Request",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="face_checks",
    )
    video = models.ForeignKey(
        "requests.Evidence", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verdict = models.CharField(max_length=20, choices=[(v.value, v.value) for v in FaceVerdict])
    distance = models.FloatField(null=True, blank=True)
    faces = models.PositiveSmallIntegerField(default=0)
    # Video: [{"seconds": 1.5, "distance": 0.31, "faces": 1, "photo": <Evidence id>}], best first.
    frames = models.JSONField(default=list, blank=True)
    threshold = models.FloatField()
    model = models.CharField(max_length=60)
    seconds = models.FloatField()  # time the check took
    checked_at = models.DateTimeField()
    error = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["request", "video"], name="faces_one_check_per_video")
        ]

    def __str__(self) -> str:
        return f"face check {self.pk}: {self.verdict}"

    @property
    def similarity(self) -> int | None:
        return None if self.distance is None else similarity_percent(self.distance)
